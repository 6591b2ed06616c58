import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pino } from "pino";
import { Shutdown, type Common } from "../src/common.js";
import type { NodeConfig } from "../src/config/types.js";
import { CachedStore } from "../src/content/cached-store.js";
import { CacheSweeper, LEFTOVER_AGE_MS } from "../src/content/cache-sweeper.js";
import { ContentCache } from "../src/content/content-cache.js";
import { Database } from "../src/db/database.js";
import { JobStore } from "../src/db/jobs.js";
import { VerificationStore } from "../src/db/verifications.js";
import { WatchStore } from "../src/db/watches.js";
import { createMetrics, type Metrics } from "../src/metrics.js";
import {
  ContentNotFoundError,
  canonicalBundleBytes,
  computeCid,
  createBundle,
  type ContentStore,
  type GetOptions,
} from "../src/sdk.js";
import { openedRound, postedJob } from "./helpers/records.js";

const T0 = 1_700_000_000_000; // a wall clock (ms) for the cache's "last used" times
const SIZE = 1000;
const blob = (tag: number, size = SIZE) => new Uint8Array(size).fill(tag);
const NONE = { files: 0, bytes: 0 }; // no leftovers of interrupted puts

/** A job's content as the cache holds it once fetched: its bundle, module and input, and the bundle's URI. */
interface JobContent {
  uri: string;
  cids: { bundle: string; module: string; input: string };
}

/** A node's database and content cache in a temp directory, its clock in the test's hands, its logs recorded. */
class Node {
  db: Database;
  cache: ContentCache;
  private sweeperOfThisRun: CacheSweeper;
  nowMs = T0;
  readonly metrics: Metrics = createMetrics();
  readonly logs: { level: number; msg: string; evicted?: number; bytes?: number; sizeBytes?: number }[] = [];

  constructor(
    readonly dir: string,
    readonly maxBytes: number,
  ) {
    this.db = new Database(join(dir, "node.sqlite"));
    this.cache = new ContentCache(join(dir, "content"), maxBytes, () => this.nowMs);
    this.sweeperOfThisRun = this.newSweeper();
  }

  sweep(): ReturnType<CacheSweeper["sweep"]> {
    return this.sweeperOfThisRun.sweep();
  }

  /** Puts bytes into the cache at `atMs`; their CID. */
  async hold(bytes: Uint8Array, atMs: number): Promise<string> {
    this.nowMs = atMs;
    return (await this.cache.put(bytes)).cid;
  }

  /** Reads a CID from the cache at `atMs` (what the execution step does). */
  async use(cid: string, atMs: number): Promise<void> {
    this.nowMs = atMs;
    await this.cache.get(cid);
  }

  /** A job's bundle, module and input, fetched into the cache at `atMs`. */
  async fetched(tag: number, atMs: number): Promise<JobContent> {
    const module = blob(tag);
    const input = blob(tag + 100);
    const bundle = canonicalBundleBytes(
      createBundle({ module, input, limits: { memoryMiB: 1, fuel: 1_000, maxOutputBytes: 10 } }),
    );
    const cids = {
      bundle: await this.hold(bundle, atMs),
      module: await this.hold(module, atMs),
      input: await this.hold(input, atMs),
    };
    return { uri: `ipfs://${cids.bundle}`, cids };
  }

  async held(): Promise<Set<string>> {
    return new Set((await this.cache.list()).map((f) => f.cid));
  }

  /** The process stops and starts again: a new database connection, cache and sweeper on the same directory. */
  restart(): void {
    this.db.close();
    this.db = new Database(join(this.dir, "node.sqlite"));
    this.cache = new ContentCache(join(this.dir, "content"), this.maxBytes, () => this.nowMs);
    this.sweeperOfThisRun = this.newSweeper();
  }

  async evicted(): Promise<{ files: number; bytes: number; sizeBytes: number }> {
    const value = async (m: { get(): Promise<{ values: { value: number }[] }> }) => (await m.get()).values[0]?.value;
    return {
      files: (await value(this.metrics.contentCacheEvictions)) ?? 0,
      bytes: (await value(this.metrics.contentCacheEvictedBytes)) ?? 0,
      sizeBytes: (await value(this.metrics.contentCacheBytes)) ?? 0,
    };
  }

  private newSweeper(): CacheSweeper {
    const logger = pino({ level: "info" }, { write: (line: string) => void this.logs.push(JSON.parse(line)) });
    const common: Common = { config: {} as NodeConfig, logger, metrics: this.metrics, shutdown: new Shutdown() };
    return new CacheSweeper(common, this.db, this.cache);
  }
}

/** A remote content store in memory that counts its gets. */
class FakeRemote implements ContentStore {
  readonly bytes = new Map<string, Uint8Array>();
  gets = 0;

  async put(bytes: Uint8Array) {
    const cid = computeCid(bytes);
    this.bytes.set(cid, bytes);
    return { cid, size: bytes.length };
  }

  async get(cid: string, _options?: GetOptions) {
    this.gets += 1;
    const bytes = this.bytes.get(cid);
    if (bytes === undefined) throw new ContentNotFoundError(cid);
    return bytes;
  }

  async has(cid: string) {
    return this.bytes.has(cid);
  }
}

describe("the content cache's bound (the sweeper on a real database and real files)", () => {
  let root: string;
  let n = 0;
  before(() => (root = mkdtempSync(join(tmpdir(), "hashwork-node-cache-"))));
  after(() => rmSync(root, { recursive: true, force: true }));
  const node = (maxBytes: number) => new Node(mkdtempSync(join(root, `${++n}-`)), maxBytes);
  const closed: Node[] = [];
  after(() => closed.forEach((x) => x.db.isOpen && x.db.close()));

  it("evicts the least recently used files down to the bound, counts and logs it once", async () => {
    const x = node(3 * SIZE);
    closed.push(x);
    const [a, b, c, d, e] = [
      await x.hold(blob(1), T0 + 1),
      await x.hold(blob(2), T0 + 2),
      await x.hold(blob(3), T0 + 3),
      await x.hold(blob(4), T0 + 4),
      await x.hold(blob(5), T0 + 5),
    ];
    await x.use(b, T0 + 6); // read (the execution step): used now
    assert.equal(await x.hold(blob(3), T0 + 7), c); // put again (an output published twice): used now too

    assert.deepEqual(await x.sweep(), {
      evicted: 2,
      bytes: 2 * SIZE,
      sizeBytes: 3 * SIZE,
      overBound: false,
      leftovers: NONE,
    });
    assert.deepEqual(await x.held(), new Set([b, c, e]), "a and d were the least recently used");
    for (const gone of [a, d]) assert.equal(await x.cache.has(gone), false);
    assert.deepEqual(await x.evicted(), { files: 2, bytes: 2 * SIZE, sizeBytes: 3 * SIZE });
    assert.equal(x.logs.length, 1, "one info line for the sweep that evicted");
    assert.deepEqual([x.logs[0]?.evicted, x.logs[0]?.bytes, x.logs[0]?.sizeBytes], [2, 2 * SIZE, 3 * SIZE]);

    assert.deepEqual(await x.sweep(), { evicted: 0, bytes: 0, sizeBytes: 3 * SIZE, overBound: false, leftovers: NONE });
    assert.equal(x.logs.length, 1, "a cache within its bound is left alone, silently");
  });

  it("a file used after the sweep listed it is not evicted by that listing", async () => {
    const x = node(SIZE);
    closed.push(x);
    const a = await x.hold(blob(1), T0);
    const [listed] = await x.cache.list();
    await x.use(a, T0 + 1);
    assert.equal(await x.cache.evict(listed!), false);
    assert.deepEqual(await x.held(), new Set([a]));
    assert.equal(await x.cache.evict((await x.cache.list())[0]!), true);
    assert.deepEqual(await x.held(), new Set());
  });

  it("never evicts content a live job, verifier round or watch still needs; says once that it stays over", async () => {
    const x = node(1); // below anything: only what is pinned survives
    closed.push(x);
    const replica = await x.fetched(1, T0);
    const verifier = await x.fetched(2, T0);
    const watched = await x.fetched(3, T0);
    const skipped = await x.fetched(4, T0 + 10); // more recently used than every live one, and still evicted
    const output = await x.hold(blob(9), T0 + 10); // a published output: nothing reads it back from the cache
    const jobs = new JobStore(x.db);
    jobs.insertSeen({ ...postedJob(1n), bundleUri: replica.uri }, T0);
    jobs.insertSeen({ ...postedJob(4n), bundleUri: skipped.uri }, T0);
    assert.ok(jobs.transition(4n, "seen", "skipped", { reason: "slots taken" }, T0));
    const verifications = new VerificationStore(x.db);
    const key = { jobId: 2n, round: 0 };
    verifications.insertSeen(openedRound(key.jobId, key.round), T0);
    verifications.patch(key, { bundleUri: verifier.uri, bundleHash: "0x01" }, T0);
    const watches = new WatchStore(x.db);
    watches.insertSeen({ jobId: 3n, requester: "0x01", bundleHash: "0x01", bundleUri: watched.uri, budget: 1n }, T0);

    const live = [replica, verifier, watched].flatMap((j) => Object.values(j.cids));
    const result = await x.sweep();
    assert.equal(result.evicted, 4, "the skipped job's bundle, module and input, and the output");
    assert.equal(result.overBound, true);
    assert.deepEqual(await x.held(), new Set(live));
    assert.equal((await x.evicted()).sizeBytes, result.sizeBytes);
    const warnings = () => x.logs.filter((l) => l.level === 40);
    assert.equal(warnings().length, 1, "it says it cannot get under the bound");
    assert.equal(await x.cache.has(output), false);

    assert.deepEqual(await x.sweep(), {
      evicted: 0,
      bytes: 0,
      sizeBytes: result.sizeBytes,
      overBound: true,
      leftovers: NONE,
    });
    assert.equal(warnings().length, 1, "once, not at every sweep");

    // The replica job is over: its content goes, the rest stays pinned.
    assert.ok(jobs.transition(1n, "seen", "skipped", { reason: "not drawn" }, T0));
    assert.equal((await x.sweep()).evicted, 3);
    assert.deepEqual(await x.held(), new Set([...Object.values(verifier.cids), ...Object.values(watched.cids)]));
    assert.equal(warnings().length, 1);
  });

  it("a restart keeps the recency order (it is in the files' mtimes)", async () => {
    const x = node(2 * SIZE);
    closed.push(x);
    const a = await x.hold(blob(1), T0 + 1);
    const b = await x.hold(blob(2), T0 + 2);
    const c = await x.hold(blob(3), T0 + 3);
    await x.use(a, T0 + 4);
    x.restart();
    x.nowMs = T0 + 5;
    assert.equal((await x.sweep()).evicted, 1);
    assert.deepEqual(await x.held(), new Set([a, c]), "b, the least recently used before the restart, went");
    assert.equal(await x.cache.has(b), false);
  });

  it("content evicted and then needed again is fetched again through CachedStore", async () => {
    const x = node(SIZE);
    closed.push(x);
    const remote = new FakeRemote();
    const store = new CachedStore(remote, x.cache);
    const input = blob(7);
    const { cid } = await remote.put(input);
    assert.deepEqual(await store.get(cid), input);
    assert.deepEqual(await store.get(cid), input);
    assert.equal(remote.gets, 1, "the second read came from the cache");

    await x.hold(blob(8), T0 + 1); // newer: the input is now the least recently used
    assert.equal((await x.sweep()).evicted, 1);
    assert.equal(await store.cached(cid), false);

    assert.deepEqual(await store.get(cid), input);
    assert.equal(remote.gets, 2, "fetched from the remote again");
    assert.equal(await store.cached(cid), true, "and cached again");
  });

  it("removes the temporary files of puts a crash interrupted, never one a put may still be writing", async () => {
    const x = node(10 * SIZE);
    closed.push(x);
    await x.hold(blob(1), T0); // creates the cache's directories
    const tmp = join(x.dir, "content", "tmp");
    mkdirSync(tmp, { recursive: true });
    const crashed = join(tmp, "bafy-crashed.0011223344556677");
    const writing = join(tmp, "bafy-writing.8899aabbccddeeff");
    writeFileSync(crashed, blob(2, 300));
    writeFileSync(writing, blob(3, 400));
    const old = new Date(Date.now() - LEFTOVER_AGE_MS - 60_000);
    utimesSync(crashed, old, old);

    const result = await x.sweep();
    assert.deepEqual(result.leftovers, { files: 1, bytes: 300 });
    assert.equal(existsSync(crashed), false, "the crashed put's file is gone");
    assert.equal(existsSync(writing), true, "a recent one may be a put in progress");
    assert.equal(result.evicted, 0, "under the bound: nothing held is evicted");
    assert.equal((await x.sweep()).leftovers.files, 0, "nothing left for the next sweep");
  });
});
