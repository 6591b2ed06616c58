/** Result of storing bytes: their CID (as IPFS computes it) and length. */
export interface PutResult {
  cid: string;
  size: number;
}

export interface GetOptions {
  /** Reject content larger than this many bytes (checked while streaming, before buffering it all). */
  maxBytes?: number;
  signal?: AbortSignal;
}

export interface CallOptions {
  signal?: AbortSignal;
}

/**
 * Content-addressed storage for bundles, inputs and outputs. Every implementation verifies fetched bytes
 * against the requested CID and throws `ContentMismatchError` (never retryable) when they differ, so a
 * caller can trust whatever `get` returns.
 */
export interface ContentStore {
  put(bytes: Uint8Array, options?: CallOptions): Promise<PutResult>;
  get(cid: string, options?: GetOptions): Promise<Uint8Array>;
  has(cid: string, options?: CallOptions): Promise<boolean>;
}

/** Default cap of `get` when the caller gives none. */
export const DEFAULT_MAX_GET_BYTES = 256 * 1024 * 1024; // bytes
