import assert from "node:assert/strict";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { CHUNK_SIZE, computeCid } from "../src/cid/index.js";
import { LocalStore } from "../src/content/index.js";
import {
  AbortedError,
  ContentMismatchError,
  ContentNotFoundError,
  ContentTooLargeError,
  InvalidCidError,
} from "../src/errors/index.js";
import { pseudoRandom, tempDir } from "./helpers/tmp.js";

describe("LocalStore", () => {
  it("stores under the IPFS CID and reads back verified bytes", async () => {
    const store = new LocalStore(await tempDir());
    const bytes = new TextEncoder().encode("hello world");
    const { cid, size } = await store.put(bytes);
    assert.equal(cid, "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
    assert.equal(size, 11);
    assert.equal(await store.has(cid), true);
    assert.deepEqual(await store.get(cid), bytes);
  });

  it("handles multi-chunk and empty files", async () => {
    const store = new LocalStore(await tempDir());
    for (const bytes of [pseudoRandom(CHUNK_SIZE * 2 + 7, 3), new Uint8Array(0)]) {
      const { cid } = await store.put(bytes);
      assert.equal(cid, computeCid(bytes));
      assert.deepEqual(await store.get(cid), bytes);
    }
  });

  it("is idempotent and leaves no temporary files behind", async () => {
    const dir = await tempDir();
    const store = new LocalStore(dir);
    const bytes = pseudoRandom(1000);
    const results = await Promise.all([store.put(bytes), store.put(bytes), store.put(bytes)]);
    assert.equal(new Set(results.map((r) => r.cid)).size, 1);
    assert.deepEqual(await readdir(join(dir, "tmp")), []);
  });

  it("reports missing content", async () => {
    const store = new LocalStore(await tempDir());
    const cid = computeCid(new TextEncoder().encode("absent"));
    assert.equal(await store.has(cid), false);
    await assert.rejects(store.get(cid), ContentNotFoundError);
  });

  it("detects a corrupted file with ContentMismatchError", async () => {
    const store = new LocalStore(await tempDir());
    const { cid } = await store.put(new TextEncoder().encode("original"));
    await writeFile(store.path(cid), "tampered");
    await assert.rejects(store.get(cid), (e: unknown) => e instanceof ContentMismatchError && !e.retryable);
  });

  it("enforces maxBytes before reading", async () => {
    const store = new LocalStore(await tempDir());
    const { cid } = await store.put(pseudoRandom(100));
    await assert.rejects(store.get(cid, { maxBytes: 99 }), ContentTooLargeError);
    assert.equal((await store.get(cid, { maxBytes: 100 })).length, 100);
  });

  it("rejects invalid CIDs and never builds paths from them", async () => {
    const store = new LocalStore(await tempDir());
    for (const bad of ["../../etc/passwd", "bafy/../../x", ""]) {
      await assert.rejects(store.get(bad), InvalidCidError);
      await assert.rejects(store.has(bad), InvalidCidError);
    }
  });

  it("honours an aborted signal", async () => {
    const store = new LocalStore(await tempDir());
    await assert.rejects(store.put(new Uint8Array(1), { signal: AbortSignal.abort() }), AbortedError);
  });

  it("returns the root block of a stored file", async () => {
    const store = new LocalStore(await tempDir());
    const small = new TextEncoder().encode("tiny");
    const { cid: smallCid } = await store.put(small);
    assert.deepEqual((await store.rootBlock(smallCid))?.bytes, small);

    const big = pseudoRandom(CHUNK_SIZE + 1, 5);
    const { cid } = await store.put(big);
    const root = await store.rootBlock(cid);
    assert.equal(root?.cid.toString(), cid);
    assert.ok(root && root.bytes.length < 200, "a dag-pb node with two links");
    assert.equal(await store.rootBlock(computeCid(new Uint8Array(3))), undefined);
    assert.equal((await readFile(store.path(cid))).length, big.length);
  });
});
