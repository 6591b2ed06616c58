import { createReadStream } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pipeline } from "node:stream/promises";
import { MIMEType } from "node:util";
import type { Logger } from "pino";
import { parseCid } from "../cid/cid.js";
import { buildFileDag } from "../cid/unixfs.js";
import { BaseError } from "../errors/index.js";
import type { KuboVersion } from "./kubo-version.js";
import { LocalStore } from "./local-store.js";

/** Options of {@link startLocalStoreServer}: the store's directory, where to listen, and limits. */
export interface LocalStoreServerOptions {
  dir: string;
  /** Loopback by default: the store has no authentication. */
  host?: string;
  /** 0 (default) picks a free port; read it from the result. */
  port?: number;
  /** Largest accepted upload body, multipart framing included. Default 256 MiB + 64 KiB. */
  maxUploadBytes?: number;
  /** How long `close()` lets in-flight requests finish before cutting connections. Default 5 s. */
  closeGraceMs?: number;
  logger?: Logger;
}

/** A running local store server, as {@link startLocalStoreServer} resolves it. */
export interface LocalStoreServer {
  /** Base URL, e.g. `http://127.0.0.1:5001`; use it as a Kubo API URL or gateway. */
  url: string;
  host: string;
  port: number;
  store: LocalStore;
  /** Stops accepting, lets in-flight requests finish (up to the grace period), then resolves. */
  close(): Promise<void>;
}

/** What `/api/v0/version` reports: Kubo's shape, with a version string that says what this is. */
export const LOCAL_STORE_VERSION: KuboVersion = {
  Version: "0.36.0-hashwork-local",
  Commit: "",
  Repo: "16",
  // Read through globalThis: the SDK's index (hence this module) also loads in a browser tab, which has no `process`.
  System: `${globalThis.process?.arch}/${globalThis.process?.platform}`,
  Golang: "none",
};

const DEFAULT_MAX_UPLOAD = 256 * 1024 * 1024 + 64 * 1024; // bytes

/**
 * Serves a `LocalStore` over the subset of the Kubo RPC API and gateway that Hashwork uses, on the same
 * paths, so `KuboStore`, graph-node and curl scripts work against it unchanged:
 * `POST /api/v0/{add,cat,version,block/get,block/stat}` and `GET|HEAD /ipfs/<cid>`.
 *
 * `add` takes a multipart/form-data body of file parts, parsed by Node's own `Response.formData()`: what fetch's
 * `FormData`, browsers, curl `-F` and Go's mime/multipart send. Bodies over `maxUploadBytes` get 413 as soon as they
 * pass the limit (or at once, by their Content-Length); a malformed body gets 400.
 */
export async function startLocalStoreServer(options: LocalStoreServerOptions): Promise<LocalStoreServer> {
  const store = new LocalStore(options.dir);
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD;
  const log = options.logger;

  const server = createServer((req, res) => {
    handle(req, res, store, maxUploadBytes).catch((error: unknown) => {
      log?.error({ err: error, url: req.url }, "local store request failed");
      if (!res.headersSent) sendError(res, 500, "internal error");
      else res.destroy();
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  log?.info({ url, dir: options.dir }, "local content store listening");
  return { url, host, port, store, close: () => closeServer(server, options.closeGraceMs ?? 5000) };
}

async function handle(req: IncomingMessage, res: ServerResponse, store: LocalStore, maxUpload: number): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const path = url.pathname;

  if (path.startsWith("/ipfs/")) return gateway(req, res, store, path.slice("/ipfs/".length).replace(/\/$/, ""));
  if (!path.startsWith("/api/v0/")) return sendError(res, 404, "404 page not found");
  // Kubo's RPC accepts POST only (a CSRF defence browsers cannot bypass with simple GETs).
  if (req.method !== "POST") return sendError(res, 405, `${req.method} not allowed; the RPC API requires POST`);

  switch (path.slice("/api/v0/".length)) {
    case "version":
      return sendJson(res, 200, LOCAL_STORE_VERSION);
    case "add":
      return add(req, res, store, url.searchParams, maxUpload);
    case "cat":
      return cat(res, store, url.searchParams);
    case "block/get":
      return blockGet(res, store, url.searchParams, false);
    case "block/stat":
      return blockGet(res, store, url.searchParams, true);
    default:
      return sendError(res, 404, `unknown command "${path.slice("/api/v0/".length)}"`);
  }
}

async function add(
  req: IncomingMessage,
  res: ServerResponse,
  store: LocalStore,
  params: URLSearchParams,
  maxUpload: number,
): Promise<void> {
  // Only the importer settings that reproduce our CIDs are accepted; anything else would be a lie.
  const unsupported = unsupportedAddParams(params);
  if (unsupported) return sendError(res, 400, unsupported);
  const contentType = req.headers["content-type"];
  if (!hasMultipartBoundary(contentType)) {
    return sendError(res, 400, "expected a multipart/form-data body with a boundary");
  }

  const declared = Number(req.headers["content-length"] ?? NaN);
  if (declared > maxUpload) return rejectUpload(req, res, maxUpload);
  let form: FormData;
  try {
    // Node's fetch (undici) parses the body; the stream is capped so an oversized body is never buffered whole.
    const body = ReadableStream.from(capped(req, maxUpload));
    form = await new Response(body, { headers: { "content-type": contentType! } }).formData();
  } catch (error) {
    if (error instanceof UploadTooLarge) return rejectUpload(req, res, maxUpload);
    if (!(error instanceof TypeError)) throw error;
    return sendError(res, 400, `malformed multipart body: ${MALFORMED_HINT}`);
  }
  const parts = [...form.values()];
  const files = parts.filter(
    // The entry type, not the global File: which File that is depends on the program's type packages (undici's or Node's).
    (part): part is Exclude<typeof part, string> => typeof part !== "string" && part.type !== "application/x-directory",
  );
  if (files.length === 0 || files.length !== parts.length) {
    return sendError(res, 400, "expected one or more file parts with a filename (directories are not supported)");
  }

  const onlyHash = params.get("only-hash") === "true";
  const lines: string[] = [];
  for (const file of files) {
    const data = new Uint8Array(await file.arrayBuffer());
    let cid: string;
    let tsize: number;
    if (onlyHash) {
      const dag = buildFileDag(data);
      [cid, tsize] = [dag.cid.toString(), dag.tsize];
    } else {
      ({ cid, tsize } = await store.add(data));
    }
    // Kubo's shape: Size is the cumulative DAG size as a decimal string.
    lines.push(JSON.stringify({ Name: file.name || cid, Hash: cid, Size: String(tsize) }));
  }
  res.writeHead(200, { "content-type": "application/json", "x-chunked-output": "1" });
  res.end(`${lines.join("\n")}\n`);
}

/**
 * What Node's multipart parser (undici's, per the WHATWG fetch spec) insists on beyond RFC 7578. Every
 * `FormData` encoder (fetch, browsers, curl -F, Go's mime/multipart) already meets it.
 */
const MALFORMED_HINT =
  'expected "--boundary" delimited parts, each with a `Content-Disposition: form-data; name="..."; ' +
  'filename="..."` header (quoted parameters) and content that does not contain the boundary string';

class UploadTooLarge extends Error {}

function hasMultipartBoundary(contentType: string | undefined): boolean {
  try {
    const mime = new MIMEType(contentType ?? "");
    return mime.essence === "multipart/form-data" && !!mime.params.get("boundary");
  } catch {
    return false; // not a MIME type at all
  }
}

/** Passes the body through, throwing `UploadTooLarge` as soon as it exceeds `max` bytes. */
async function* capped(body: AsyncIterable<Buffer>, max: number): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of body) {
    total += chunk.length;
    if (total > max) throw new UploadTooLarge();
    yield chunk;
  }
}

function unsupportedAddParams(params: URLSearchParams): string | undefined {
  const expect: Record<string, string[]> = {
    "cid-version": ["1"],
    "raw-leaves": ["true"],
    chunker: ["size-262144"],
    hash: ["sha2-256"],
    trickle: ["false"],
    "wrap-with-directory": ["false"],
    inline: ["false"],
    nocopy: ["false"],
  };
  for (const [key, allowed] of Object.entries(expect)) {
    const value = params.get(key);
    if (value !== null && !allowed.includes(value)) {
      return `${key}=${value} is not supported by the local store (supported: ${allowed.join(", ")})`;
    }
  }
  return undefined;
}

async function cat(res: ServerResponse, store: LocalStore, params: URLSearchParams): Promise<void> {
  const cid = cidArg(res, params.get("arg"));
  if (!cid) return;
  const size = await store.size(cid);
  if (size === undefined) return sendError(res, 500, notFoundMessage(cid));
  const offset = nonNegative(params.get("offset")) ?? 0;
  const length = nonNegative(params.get("length"));
  const start = Math.min(offset, size);
  const end = length === undefined ? size : Math.min(size, start + length);
  res.writeHead(200, {
    "content-type": "text/plain",
    "content-length": String(end - start),
    "x-content-length": String(size),
    "x-stream-output": "1",
  });
  if (end === start) return void res.end();
  await pipeline(createReadStream(store.path(cid), { start, end: end - 1 }), res);
}

async function blockGet(res: ServerResponse, store: LocalStore, params: URLSearchParams, statOnly: boolean) {
  const cid = cidArg(res, params.get("arg"));
  if (!cid) return;
  const block = await store.rootBlock(cid);
  if (!block) return sendError(res, 500, notFoundMessage(cid));
  if (statOnly) return sendJson(res, 200, { Key: cid, Size: block.bytes.length });
  res.writeHead(200, { "content-type": "text/plain", "content-length": String(block.bytes.length) });
  res.end(block.bytes);
}

async function gateway(req: IncomingMessage, res: ServerResponse, store: LocalStore, arg: string): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") return sendError(res, 405, "method not allowed");
  const cid = cidArg(res, arg);
  if (!cid) return;
  const size = await store.size(cid);
  if (size === undefined) return sendError(res, 404, `${cid} not found`);
  res.writeHead(200, {
    "content-type": "application/octet-stream",
    "content-length": String(size),
    etag: `"${cid}"`,
    // Content-addressed: the bytes under a CID can never change.
    "cache-control": "public, max-age=29030400, immutable",
    "x-ipfs-path": `/ipfs/${cid}`,
  });
  if (req.method === "HEAD" || size === 0) return void res.end();
  await pipeline(createReadStream(store.path(cid)), res);
}

// Accepts `<cid>` or `/ipfs/<cid>` as Kubo does; answers 400 itself and returns undefined when invalid.
function cidArg(res: ServerResponse, arg: string | null): string | undefined {
  const value = (arg ?? "").replace(/^\/ipfs\//, "");
  try {
    return parseCid(value).toString();
  } catch (error) {
    sendError(res, 400, error instanceof BaseError ? error.message : "invalid CID");
    return undefined;
  }
}

function notFoundMessage(cid: string): string {
  // Kubo's wording for a block missing from an offline node; clients match on "not found".
  return `block was not found locally (offline): ipld: could not find ${cid}`;
}

function nonNegative(value: string | null): number | undefined {
  if (value === null) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function rejectUpload(req: IncomingMessage, res: ServerResponse, maxUpload: number): void {
  // Close the connection rather than drain an oversized body we will never use.
  res.setHeader("connection", "close");
  sendError(res, 413, `upload exceeds the limit of ${maxUpload} bytes`);
  res.on("finish", () => req.destroy());
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

// Kubo's error body: `{ Message, Code, Type: "error" }` (Code 1 = client error, 0 = normal error).
function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { Message: message, Code: status >= 400 && status < 500 ? 1 : 0, Type: "error" });
}

async function closeServer(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  try {
    await closed;
  } finally {
    clearTimeout(timer);
  }
}
