import { assertCid, computeCid, parseCid } from "../cid/cid.js";
import { CHUNK_SIZE } from "../cid/unixfs.js";
import { ContentMismatchError, ContentNotFoundError, StoreHttpError, withRetry } from "../errors/index.js";
import type { RetryOptions } from "../errors/retry.js";
import { readCapped, storeRequest, type StoreResponse } from "./http.js";
import type { KuboVersion } from "./kubo-version.js";
import {
  DEFAULT_MAX_GET_BYTES,
  type CallOptions,
  type ContentStore,
  type GetOptions,
  type PutResult,
} from "./store.js";

/** Options of {@link KuboStore}: request deadline, retries, headers. */
export interface KuboStoreOptions {
  /** Deadline of each HTTP request. Default 60 s. */
  timeoutMs?: number;
  /** Retry policy for retryable failures (network, timeouts, 5xx); `false` disables retries. */
  retry?: Omit<RetryOptions, "signal"> | false;
  /** Extra headers, e.g. `Authorization` for a protected RPC endpoint. */
  headers?: Record<string, string>;
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

// Pin every importer parameter that determines the CID instead of trusting the node's config
// (Kubo's `Import.*` settings and profiles can change chunker, leaves and CID version).
const ADD_PARAMS = "cid-version=1&raw-leaves=true&chunker=size-262144&hash=sha2-256&pin=true&progress=false";

/**
 * `ContentStore` over the Kubo RPC API (`/api/v0/*`, always POST). Every download is verified against the
 * CID; every upload's CID is checked against the one computed locally, which catches a node configured
 * with different importer settings (e.g. `Import.UnixFSFileMaxLinks`).
 */
export class KuboStore implements ContentStore {
  readonly apiUrl: string;
  private readonly timeoutMs: number;
  private readonly retry: Omit<RetryOptions, "signal"> | false;
  private readonly headers: Record<string, string>;
  private readonly fetch: typeof fetch;

  constructor(apiUrl: string, options: KuboStoreOptions = {}) {
    // fetch refuses URLs with credentials (and would echo them in its error); Kubo's
    // API.Authorizations expects them as a Basic Authorization header instead.
    const url = new URL(apiUrl);
    const credentials =
      url.username || url.password ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : "";
    url.username = "";
    url.password = "";
    this.apiUrl = url.toString().replace(/\/+$/, "");
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.retry = options.retry ?? {};
    this.headers = {
      ...(credentials ? { authorization: `Basic ${Buffer.from(credentials).toString("base64")}` } : {}),
      ...options.headers,
    };
    // Bound: a browser's fetch throws "Illegal invocation" when called as another object's method.
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** `/api/v0/version`: a cheap liveness check. */
  async version(options: CallOptions = {}): Promise<KuboVersion> {
    return this.withRetry(options.signal, async (signal) => {
      const res = await this.post("version", "", signal);
      return (await res.response.json()) as KuboVersion;
    });
  }

  async put(bytes: Uint8Array, options: CallOptions = {}): Promise<PutResult> {
    const expected = computeCid(bytes);
    return this.withRetry(options.signal, async (signal) => {
      const form = new FormData();
      form.append("file", new Blob([bytes]), "data");
      const res = await this.post("add", ADD_PARAMS, signal, form);
      const text = new TextDecoder().decode(await readCapped(res, 1024 * 1024));
      // One NDJSON line per added entry; with a single file and no progress there is exactly one.
      const lines = text.split("\n").filter((line) => line.trim() !== "");
      const last = lines.length > 0 ? (JSON.parse(lines[lines.length - 1]!) as { Hash?: unknown }) : {};
      const actual = typeof last.Hash === "string" ? last.Hash : "<none>";
      if (actual !== expected) {
        throw new ContentMismatchError(expected, actual, {
          details: "the node computed a different CID; check its Import.* settings (chunker, raw leaves, max links)",
        });
      }
      return { cid: expected, size: bytes.length };
    });
  }

  async get(cid: string, options: GetOptions = {}): Promise<Uint8Array> {
    const parsed = parseCid(cid);
    // A raw CID is one block, so its content can never exceed one chunk: cap the read accordingly.
    const cap = Math.min(options.maxBytes ?? DEFAULT_MAX_GET_BYTES, parsed.code === 0x55 ? CHUNK_SIZE : Infinity);
    return this.withRetry(options.signal, async (signal) => {
      // Kubo's own `timeout` stops it searching the network after our deadline; `length` stops it
      // streaming more than one byte past the cap.
      const query = `arg=${parsed.toString()}&length=${cap + 1}&timeout=${this.timeoutMs}ms`;
      const res = await this.post("cat", query, signal).catch((error: unknown) => {
        throw notFound(error, cid) ?? error;
      });
      const bytes = await readCapped(res, cap);
      assertCid(bytes, parsed);
      return bytes;
    });
  }

  async has(cid: string, options: CallOptions = {}): Promise<boolean> {
    const parsed = parseCid(cid);
    return this.withRetry(options.signal, async (signal) => {
      try {
        // offline: answer from the local blockstore instead of searching the network.
        const res = await this.post("block/stat", `arg=${parsed.toString()}&offline=true`, signal);
        await res.response.body?.cancel();
        return true;
      } catch (error) {
        if (notFound(error, cid)) return false;
        throw error;
      }
    });
  }

  private async post(
    command: string,
    query: string,
    signal?: AbortSignal,
    body?: RequestInit["body"],
  ): Promise<StoreResponse> {
    const url = `${this.apiUrl}/api/v0/${command}${query ? `?${query}` : ""}`;
    return storeRequest(url, "POST", {
      timeoutMs: this.timeoutMs,
      signal,
      body,
      headers: this.headers,
      fetch: this.fetch,
    });
  }

  private withRetry<T>(signal: AbortSignal | undefined, fn: (signal?: AbortSignal) => Promise<T>): Promise<T> {
    if (this.retry === false) return fn(signal);
    return withRetry(() => fn(signal), { ...this.retry, signal });
  }
}

// Kubo answers a missing block (offline, or after its timeout) with HTTP 500 and a "not found" message.
function notFound(error: unknown, cid: string): ContentNotFoundError | undefined {
  if (error instanceof StoreHttpError && /not found|could not find/i.test(error.details ?? "")) {
    return new ContentNotFoundError(cid, { cause: error });
  }
  return undefined;
}
