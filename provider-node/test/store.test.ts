import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CursorStore, WHOLE_BLOCK } from "../src/db/cursor.js";
import { Database } from "../src/db/database.js";
import { JobStore, type PostedJob } from "../src/db/jobs.js";
import { MIGRATIONS } from "../src/db/migrations.js";
import { TxStore } from "../src/db/txs.js";
import { canTransition, JOB_STATES, type JobState } from "../src/jobs/state.js";

const TERMINAL: JobState[] = ["settled", "failed", "skipped"];

const posted = (id: bigint, blockHash = "0xaa"): PostedJob => ({
  jobId: id,
  postedBlock: 10,
  postedBlockHash: blockHash,
  requester: "0x0000000000000000000000000000000000000001",
  resourceClass: 0,
  replicas: 3,
  maxPrice: 2n,
  collateral: 4n,
  minReputation: 0,
  claimDeadline: 100,
  commitDeadline: 200,
  revealDeadline: 300,
  bundleHash: "0x01",
  bundleUri: "ipfs://b",
});

describe("database", () => {
  it("migrates to the latest schema version", () => {
    const db = new Database(":memory:");
    assert.equal(db.version, MIGRATIONS.length);
    db.close();
  });

  it("job transitions are compare-and-set and follow the state machine", () => {
    const db = new Database(":memory:");
    const jobs = new JobStore(db);
    assert.equal(jobs.insertSeen(posted(1n), 0), true);
    assert.equal(jobs.insertSeen(posted(1n), 0), false, "a replayed log changes nothing");
    assert.equal(jobs.transition(1n, "seen", "claimed", { slot: 2 }), true);
    assert.equal(jobs.transition(1n, "seen", "claimed"), false, "stale `from` state");
    assert.throws(() => jobs.transition(1n, "claimed", "revealed"), /illegal/);
    assert.equal(jobs.get(1n)?.slot, 2);
    assert.equal(jobs.setAmount(1n, "earned", 5n), true);
    assert.equal(jobs.setAmount(1n, "earned", 5n), false, "idempotent");
    assert.equal(jobs.totals().earned, 5n);
    db.close();
  });

  it("a posting reorged into another block with other terms replaces the job and detaches its transactions", () => {
    const db = new Database(":memory:");
    const jobs = new JobStore(db);
    const txs = new TxStore(db);
    jobs.insertSeen(posted(7n, "0xaa"), 0);
    txs.insert({ jobId: 7n, kind: "claim", nonce: 0, to: "0x1", data: "0x", gasLimit: 1n, attempts: [], createdMs: 0 });
    assert.equal(jobs.insertSeen({ ...posted(7n, "0xbb"), bundleHash: "0x02" }, 0), true);
    assert.equal(jobs.get(7n)?.bundleHash, "0x02");
    assert.equal(txs.latest(7n, "claim"), undefined, "old incarnation's claim is not this job's");
    assert.equal(txs.maxNonce(), 0, "but its nonce still counts");
    db.close();
  });

  it("cursor and block hashes round-trip and prune", () => {
    const db = new Database(":memory:");
    const c = new CursorStore(db);
    assert.equal(c.get(), undefined);
    c.set({ block: 5, logIndex: WHOLE_BLOCK });
    for (let n = 1; n <= 5; n++) c.putBlock({ number: n, hash: `0x${n}`, parentHash: `0x${n - 1}` });
    c.pruneBlocks(4, 2);
    assert.deepEqual(
      c.blocksDescending(10).map((b) => b.number),
      [4, 3, 2],
    );
    assert.deepEqual(c.get(), { block: 5, logIndex: WHOLE_BLOCK });
    db.close();
  });

  it("every state can reach a terminal state", () => {
    for (const s of JOB_STATES) {
      const seen = new Set<JobState>([s]);
      const queue: JobState[] = [s];
      for (let cur = queue.pop(); cur !== undefined; cur = queue.pop()) {
        for (const t of JOB_STATES) {
          if (canTransition(cur, t) && !seen.has(t)) {
            seen.add(t);
            queue.push(t);
          }
        }
      }
      assert.ok(
        TERMINAL.some((t) => seen.has(t)),
        s,
      );
    }
  });
});
