/** One part of a multipart/form-data body. */
export interface MultipartPart {
  /** The form field name. */
  name: string | undefined;
  filename: string | undefined;
  contentType: string | undefined;
  data: Uint8Array;
}

export class MultipartError extends Error {
  override name = "MultipartError";
}

/** The boundary parameter of a `multipart/form-data` Content-Type, or undefined. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  // RFC 2046: 1 to 70 characters.
  return boundary && boundary.length <= 70 ? boundary : undefined;
}

/**
 * Parses a complete multipart body (RFC 7578). The body is already size-capped by the caller, so a simple
 * in-memory scan is enough; part data are views into `body`, not copies.
 */
export function parseMultipart(body: Uint8Array, boundary: string): MultipartPart[] {
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];

  let position = buffer.indexOf(delimiter);
  if (position < 0) throw new MultipartError("no boundary found");
  for (;;) {
    position += delimiter.length;
    // "--" after a delimiter closes the body.
    if (buffer[position] === 0x2d && buffer[position + 1] === 0x2d) return parts;
    position = skipLineEnd(buffer, position);
    const headerEnd = buffer.indexOf("\r\n\r\n", position);
    if (headerEnd < 0) throw new MultipartError("unterminated part headers");
    const headers = parseHeaders(buffer.subarray(position, headerEnd).toString("utf8"));
    const dataStart = headerEnd + 4;
    const next = buffer.indexOf(Buffer.concat([Buffer.from("\r\n"), delimiter]), dataStart);
    if (next < 0) throw new MultipartError("missing closing boundary");
    const disposition = headers.get("content-disposition") ?? "";
    parts.push({
      name: dispositionParam(disposition, "name"),
      filename: dispositionParam(disposition, "filename"),
      contentType: headers.get("content-type"),
      data: new Uint8Array(buffer.buffer, buffer.byteOffset + dataStart, next - dataStart),
    });
    position = next + 2;
  }
}

function skipLineEnd(buffer: Buffer, position: number): number {
  // Transport padding (spaces/tabs) may follow a delimiter before its CRLF.
  while (buffer[position] === 0x20 || buffer[position] === 0x09) position++;
  if (buffer[position] !== 0x0d || buffer[position + 1] !== 0x0a) throw new MultipartError("malformed delimiter");
  return position + 2;
}

function parseHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function dispositionParam(disposition: string, key: string): string | undefined {
  const match = new RegExp(`;\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, "i").exec(disposition);
  if (match) return match[1]!.replace(/\\(.)/g, "$1");
  const bare = new RegExp(`;\\s*${key}=([^;\\s]+)`, "i").exec(disposition);
  return bare?.[1];
}
