import {
  ContentNotFoundError,
  computeCid,
  type CallOptions,
  type ContentStore,
  type GetOptions,
  type PutResult,
} from "@hashwork/sdk";
import { requestResult, transactionDone } from "./idb.js";

/** The content cache's default bound: a few bundles' modules and inputs, small beside a browser's storage quota. */
export const CONTENT_CACHE_MAX_BYTES = 64 * 2 ** 20;

/** Per CID: its size and when it was last put or read (a counter that only grows, so ties cannot happen). */
interface Entry {
  size: number;
  usedAt: number;
}

const BYTES = "bytes";
const ENTRIES = "entries";

/**
 * The tab's content cache: bundles' modules and inputs in IndexedDB by CID, so a reload (or a closed lid) does not
 * fetch them again. Bounded in bytes: a put beyond the bound evicts the least recently used entries. The bytes and
 * their bookkeeping are apart, so marking an entry used does not rewrite its bytes; the bookkeeping is mirrored in
 * memory (read once at open) for the size and eviction decisions. Reads are checked against their CID, as the node's
 * `LocalStore` checks its files: what comes back is what was fetched and verified.
 */
export class IdbContentCache implements ContentStore {
  private clock = 0;

  private constructor(
    private readonly db: IDBDatabase,
    private readonly entries: Map<string, Entry>,
    readonly maxBytes: number,
  ) {
    for (const e of entries.values()) this.clock = Math.max(this.clock, e.usedAt);
  }

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
      requestResult(store.getAll() as IDBRequest<Entry[]>),
    ]);
    const entries = new Map(keys.map((k, i) => [String(k), values[i]!]));
    return new IdbContentCache(db, entries, maxBytes);
  }

  /** Bytes held now. */
  get sizeBytes(): number {
    let total = 0;
    for (const e of this.entries.values()) total += e.size;
    return total;
  }

  get count(): number {
    return this.entries.size;
  }

  async put(bytes: Uint8Array, _options?: CallOptions): Promise<PutResult> {
    const cid = computeCid(bytes);
    // Larger than the whole cache: not kept (the engine fetches it again when it needs it).
    if (bytes.length > this.maxBytes) return { cid, size: bytes.length };
    const entry = { size: bytes.length, usedAt: ++this.clock };
    this.entries.set(cid, entry);
    const evicted = this.evictFor();
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
    const entry = this.entries.get(cid);
    if (entry === undefined || (options.maxBytes !== undefined && entry.size > options.maxBytes))
      throw new ContentNotFoundError(cid);
    const tx = this.db.transaction([BYTES, ENTRIES], "readwrite");
    const read = requestResult(tx.objectStore(BYTES).get(cid) as IDBRequest<Uint8Array | undefined>);
    entry.usedAt = ++this.clock;
    tx.objectStore(ENTRIES).put(entry, cid);
    const [bytes] = await Promise.all([read, transactionDone(tx)]);
    if (bytes === undefined || computeCid(bytes) !== cid) {
      // Lost or damaged (storage cleared under us): forget it, so the engine fetches it again.
      await this.forget(cid);
      throw new ContentNotFoundError(cid);
    }
    return bytes;
  }

  async has(cid: string, _options?: CallOptions): Promise<boolean> {
    return this.entries.has(cid);
  }

  /** Drops least recently used entries until the cache is within its bound; returns their CIDs. */
  private evictFor(): string[] {
    let total = this.sizeBytes;
    const byAge = [...this.entries].sort(([, a], [, b]) => a.usedAt - b.usedAt);
    const evicted: string[] = [];
    for (const [cid, e] of byAge) {
      if (total <= this.maxBytes) break;
      this.entries.delete(cid);
      total -= e.size;
      evicted.push(cid);
    }
    return evicted;
  }

  private async forget(cid: string): Promise<void> {
    this.entries.delete(cid);
    const tx = this.db.transaction([BYTES, ENTRIES], "readwrite");
    tx.objectStore(BYTES).delete(cid);
    tx.objectStore(ENTRIES).delete(cid);
    await transactionDone(tx);
  }
}
