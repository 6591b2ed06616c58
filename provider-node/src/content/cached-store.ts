import { ContentNotFoundError, type CallOptions, type ContentStore, type GetOptions, type PutResult } from "../sdk.js";

/**
 * The remote content store (Kubo or the devnet's local store) with a local, CID-verified cache in front (the SDK's
 * `LocalStore` on disk in the node; the tab's own in a browser): a bundle's module and input are fetched once, before
 * the claim, and read back from the cache by the execution step — including after a restart.
 */
export class CachedStore implements ContentStore {
  constructor(
    private readonly remote: ContentStore,
    private readonly cache: ContentStore,
  ) {}

  async get(cid: string, options: GetOptions = {}): Promise<Uint8Array> {
    try {
      return await this.cache.get(cid, options);
    } catch (error) {
      if (!(error instanceof ContentNotFoundError)) throw error;
    }
    const bytes = await this.remote.get(cid, options);
    await this.cache.put(bytes, { signal: options.signal });
    return bytes;
  }

  /** Whether the bytes are already in the local cache (no network). */
  async cached(cid: string): Promise<boolean> {
    return this.cache.has(cid);
  }

  async put(bytes: Uint8Array, options: CallOptions = {}): Promise<PutResult> {
    const result = await this.remote.put(bytes, options);
    await this.cache.put(bytes, options);
    return result;
  }

  async has(cid: string, options: CallOptions = {}): Promise<boolean> {
    return (await this.cache.has(cid, options)) || this.remote.has(cid, options);
  }
}
