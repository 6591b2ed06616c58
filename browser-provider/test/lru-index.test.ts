// The content cache's bookkeeping (src/engine/lru-index.ts): a byte bound kept by dropping the least recently used
// entries, reads counting as use, recency surviving a reopen (the entries IndexedDB gives back).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LruIndex } from "../src/engine/lru-index.js";

describe("LruIndex: the content cache's byte bound and eviction order", () => {
  it("keeps the total within the bound, dropping the least recently used first", () => {
    const index = new LruIndex(100);
    assert.deepEqual(index.add("a", 40).evicted, []);
    assert.deepEqual(index.add("b", 40).evicted, []);
    assert.deepEqual(index.add("c", 40).evicted, ["a"]);
    assert.equal(index.sizeBytes, 80);
    assert.deepEqual(index.add("d", 100).evicted, ["b", "c"]);
    assert.equal(index.count, 1);
    assert.equal(index.fits(101), false, "larger than the whole bound is never kept");
  });

  it("a read makes an entry the most recently used", () => {
    const index = new LruIndex(100);
    index.add("a", 40);
    index.add("b", 40);
    index.touch("a");
    assert.deepEqual(index.add("c", 40).evicted, ["b"]);
    assert.equal(index.touch("b"), undefined);
    assert.ok(index.get("a") && index.get("c"));
  });

  it("adding a key again replaces its size and refreshes it", () => {
    const index = new LruIndex(100);
    index.add("a", 30);
    index.add("b", 30);
    index.add("a", 30);
    assert.equal(index.sizeBytes, 60);
    assert.deepEqual(index.add("c", 40).evicted, []);
    assert.deepEqual(index.add("d", 30).evicted, ["b"]);
  });

  it("reopened from saved entries, it continues their recency", () => {
    const first = new LruIndex(100);
    first.add("a", 50);
    first.add("b", 50);
    first.touch("a");
    const saved = ["a", "b"].map((k) => [k, { ...first.get(k)! }] as [string, { size: number; usedAt: number }]);
    const reopened = new LruIndex(100, saved);
    assert.equal(reopened.sizeBytes, 100);
    assert.deepEqual(reopened.add("c", 10).evicted, ["b"], "b was the least recently used before the reopen");
  });
});
