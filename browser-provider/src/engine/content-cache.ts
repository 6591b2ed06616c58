import {
  ContentNotFoundError,
  computeCid,
  type CallOptions,
  type ContentStore,
  type GetOptions,
  type PutResult,
} from "@hashwork/sdk";
import { requestResult, transactionDone } from "./idb.js";
import { LruIndex, type LruEntry } from "./lru-index.js";

/** The content cache's default bound: a few bundles' modules and inputs, small beside a browser's storage quota. */
export const CONTENT_CACHE_MAX_BYTES = 64 * 2 ** 20;

const BYTES = "bytes";
const ENTRIES = "entries";

/**
 * The tab's content cache: bundles' modules and inputs in IndexedDB by CID, so a reload (or a closed lid) does not
 * fetch them again. Bounded in bytes: a put beyond the bound evicts the least recently used entries. The bytes and
 * their bookkeeping are apart, so marking an entry used does not rewrite its bytes; the bookkeeping is mirrored in
 * memory (`LruIndex`, read once at open), which makes the size and eviction decisions. Reads are checked against
 * their CID, as the node's `LocalStore` checks its files: what comes back is what was fetched and verified.
 */
export class IdbContentCache implements ContentStore {
  private constructor(
    private readonly db: IDBDatabase,
    private readonly index: LruIndex,
  ) {}

  static async open(maxBytes = CONTENT_CACHE_MAX_BYTES, name = "hashwork-content-cache"): Promise<IdbContentCache> {
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore(BYTES);
      req.result.createObjectStore(ENTRIES);
    };
    const db = await requestResult(req);
    const tx = db.transaction(ENTRIES, "readonly");
    const store = tx.objectStore(ENTRIES);
    const [keys, values] = await Promise.all([
      requestResult(store.getAllKeys()),
      requestResult(store.getAll() as IDBRequest<LruEntry[]>),
    ]);
    return new IdbContentCache(
      db,
      new LruIndex(
        maxBytes,
        keys.map((k, i) => [String(k), values[i]!]),
      ),
    );
  }

  get maxBytes(): number {
    return this.index.maxBytes;
  }

  /** Bytes held now. */
  get sizeBytes(): number {
    return this.index.sizeBytes;
  }

  get count(): number {
    return this.index.count;
  }

  async put(bytes: Uint8Array, _options?: CallOptions): Promise<PutResult> {
    const cid = computeCid(bytes);
    // Larger than the whole cache: not kept (the engine fetches it again when it needs it).
    if (!this.index.fits(bytes.length)) return { cid, size: bytes.length };
    const { entry, evicted } = this.index.add(cid, bytes.length);
    const tx = this.db.transaction([BYTES, ENTRIES], "readwrite");
    tx.objectStore(BYTES).put(bytes, cid);
    tx.objectStore(ENTRIES).put(entry, cid);
    for (const old of evicted) {
      tx.objectStore(BYTES).delete(old);
      tx.objectStore(ENTRIES).delete(old);
    }
    await transactionDone(tx);
    return { cid, size: bytes.length };
  }

  async get(cid: string, options: GetOptions = {}): Promise<Uint8Array> {
    const held = this.index.get(cid);
    if (held === undefined || (options.maxBytes !== undefined && held.size > options.maxBytes))
      throw new ContentNotFoundError(cid);
    const tx = this.db.transaction([BYTES, ENTRIES], "readwrite");
    const read = requestResult(tx.objectStore(BYTES).get(cid) as IDBRequest<Uint8Array | undefined>);
    tx.objectStore(ENTRIES).put(this.index.touch(cid)!, cid);
    const [bytes] = await Promise.all([read, transactionDone(tx)]);
    if (bytes === undefined || computeCid(bytes) !== cid) {
      // Lost or damaged (storage cleared under us): forget it, so the engine fetches it again.
      await this.forget(cid);
      throw new ContentNotFoundError(cid);
    }
    return bytes;
  }

  async has(cid: string, _options?: CallOptions): Promise<boolean> {
    return this.index.get(cid) !== undefined;
  }

  private async forget(cid: string): Promise<void> {
    this.index.delete(cid);
    const tx = this.db.transaction([BYTES, ENTRIES], "readwrite");
    tx.objectStore(BYTES).delete(cid);
    tx.objectStore(ENTRIES).delete(cid);
    await transactionDone(tx);
  }
}
