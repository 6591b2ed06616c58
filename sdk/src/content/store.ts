/** Result of storing bytes: their CID (as IPFS computes it) and length. */
export interface PutResult {
  cid: string;
  size: number;
}

/** Options of {@link ContentStore.get}. */
export interface GetOptions {
  /** Reject content larger than this many bytes (checked while streaming, before buffering it all). */
  maxBytes?: number;
  signal?: AbortSignal;
}

/** Options of {@link ContentStore.put} and {@link ContentStore.has}: an abort signal. */
export interface CallOptions {
  signal?: AbortSignal;
}

/**
 * Content-addressed storage for bundles, inputs and outputs. Every implementation verifies fetched bytes
 * against the requested CID and throws `ContentMismatchError` (never retryable) when they differ, so a
 * caller can trust whatever `get` returns.
 */
export interface ContentStore {
  /** Stores `bytes`; resolves their CID (as `ipfs add --cid-version=1 --raw-leaves` computes it) and length. */
  put(bytes: Uint8Array, options?: CallOptions): Promise<PutResult>;
  /**
   * Fetches the content of `cid`, verified against it; throws `ContentNotFoundError`, `ContentTooLargeError` or
   * `ContentMismatchError` instead of returning other bytes.
   */
  get(cid: string, options?: GetOptions): Promise<Uint8Array>;
  /** Whether the store holds `cid` itself (without fetching it from elsewhere). */
  has(cid: string, options?: CallOptions): Promise<boolean>;
}

/** Default cap of `get` when the caller gives none. */
export const DEFAULT_MAX_GET_BYTES = 256 * 1024 * 1024; // bytes
