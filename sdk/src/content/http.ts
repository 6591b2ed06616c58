import { AbortedError, ContentTooLargeError, StoreHttpError, StoreUnavailableError } from "../errors/index.js";

export interface RequestOptions {
  /** Per-request deadline; on expiry the request fails with a retryable `StoreUnavailableError`. */
  timeoutMs: number;
  signal?: AbortSignal;
  body?: RequestInit["body"];
  headers?: Record<string, string>;
  fetch: typeof fetch;
}

export interface StoreResponse {
  response: Response;
  /** The combined caller + timeout signal; keep using it while reading the body. */
  signal: AbortSignal;
  /** Classifies an error thrown while reading the body the same way as the request itself. */
  classify: (error: unknown) => unknown;
}

/**
 * One HTTP request to a store, with every failure mapped to a typed error: the caller's abort →
 * `AbortedError`; timeout or network failure → `StoreUnavailableError` (retryable); HTTP error →
 * `StoreHttpError` (retryable for 5xx/408/429) carrying Kubo's error message.
 */
export async function storeRequest(url: string, method: string, options: RequestOptions): Promise<StoreResponse> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const classify = (error: unknown): unknown => {
    if (options.signal?.aborted) return new AbortedError({ cause: options.signal.reason });
    if (timeout.aborted) {
      return new StoreUnavailableError(origin(url), { details: `no answer within ${options.timeoutMs} ms` });
    }
    if (error instanceof StoreHttpError || error instanceof ContentTooLargeError) return error;
    return new StoreUnavailableError(origin(url), { cause: error });
  };

  let response: Response;
  try {
    response = await options.fetch(url, { method, body: options.body, headers: options.headers, signal });
  } catch (error) {
    throw classify(error);
  }
  if (!response.ok) {
    const message = await errorMessage(response).catch(() => "");
    throw new StoreHttpError(redact(url), response.status, { details: message || response.statusText });
  }
  return { response, signal, classify };
}

/** Reads a response body, failing with `ContentTooLargeError` as soon as it passes `maxBytes`. */
export async function readCapped(store: StoreResponse, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(store.response.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) {
    await store.response.body?.cancel().catch(() => undefined);
    throw new ContentTooLargeError(maxBytes, { details: `the store announced ${declared} bytes` });
  }
  const reader = store.response.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new ContentTooLargeError(maxBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    throw store.classify(error);
  }
  return concat(chunks, total);
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

// Kubo reports failures as JSON `{ Message, Code, Type: "error" }`; fall back to the text.
async function errorMessage(response: Response): Promise<string> {
  const text = (await response.text()).slice(0, 2000);
  try {
    const parsed = JSON.parse(text) as { Message?: unknown };
    if (typeof parsed.Message === "string") return parsed.Message;
  } catch {
    // not JSON
  }
  return text.trim();
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "<invalid url>";
  }
}

// API URLs may carry credentials (basic auth in the authority); never put them in error messages.
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    return parsed.toString();
  } catch {
    return "<invalid url>";
  }
}
