/** Per key: its size and when it was last added or read (a counter that only grows, so ties cannot happen). */
export interface LruEntry {
  size: number;
  usedAt: number;
}

/**
 * The content cache's bookkeeping, in memory: which keys it holds, their sizes and recency, and which to drop so the
 * total stays within `maxBytes`. Pure (no storage): the cache mirrors what this decides into IndexedDB.
 */
export class LruIndex {
  private readonly entries: Map<string, LruEntry>;
  private clock = 0;

  constructor(
    readonly maxBytes: number,
    saved: Iterable<[string, LruEntry]> = [],
  ) {
    this.entries = new Map(saved);
    for (const e of this.entries.values()) this.clock = Math.max(this.clock, e.usedAt);
  }

  get count(): number {
    return this.entries.size;
  }

  get sizeBytes(): number {
    let total = 0;
    for (const e of this.entries.values()) total += e.size;
    return total;
  }

  get(key: string): LruEntry | undefined {
    return this.entries.get(key);
  }

  /** Whether `size` bytes can be kept at all (no larger than the whole bound). */
  fits(size: number): boolean {
    return size <= this.maxBytes;
  }

  /**
   * Adds (or refreshes) `key` as the most recently used and drops the least recently used others until the total is
   * within the bound. Returns the new entry and the keys dropped. `key` must fit.
   */
  add(key: string, size: number): { entry: LruEntry; evicted: string[] } {
    const entry = { size, usedAt: ++this.clock };
    this.entries.set(key, entry);
    let total = this.sizeBytes;
    const evicted: string[] = [];
    for (const [old, e] of [...this.entries].sort(([, a], [, b]) => a.usedAt - b.usedAt)) {
      if (total <= this.maxBytes) break;
      this.entries.delete(old);
      total -= e.size;
      evicted.push(old);
    }
    return { entry, evicted };
  }

  /** Marks `key` as the most recently used; returns its entry (undefined if not held). */
  touch(key: string): LruEntry | undefined {
    const entry = this.entries.get(key);
    if (entry) entry.usedAt = ++this.clock;
    return entry;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
