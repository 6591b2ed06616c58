import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { describe, it } from "node:test";
import { CursorStore, WHOLE_BLOCK } from "../src/db/cursor.js";
import { Database } from "../src/db/database.js";
import { JobStore } from "../src/db/jobs.js";
import { MIGRATIONS } from "../src/db/migrations.js";
import { TxStore } from "../src/db/txs.js";
import { VerificationStore } from "../src/db/verifications.js";
import { WatchStore } from "../src/db/watches.js";
import { canTransition, JOB_STATES, type JobState } from "../src/jobs/state.js";
import { postedJob } from "./helpers/records.js";

const TERMINAL: JobState[] = ["settled", "failed", "skipped"];

describe("database", () => {
  it("migrates to the latest schema version", () => {
    const db = new Database(":memory:");
    assert.equal(db.version, MIGRATIONS.length);
    db.close();
  });

  it("prepares a statement once per SQL text, and a reused one reads what was written since", () => {
    const db = new Database(":memory:");
    const sql = "SELECT COUNT(*) AS n FROM jobs";
    assert.equal(db.prepare(sql), db.prepare(sql));
    assert.equal((db.prepare(sql).get() as { n: number }).n, 0);
    new JobStore(db).insertSeen(postedJob(1n), 0);
    assert.equal((db.prepare(sql).get() as { n: number }).n, 1);
    db.close();
  });

  it("job transitions are compare-and-set and follow the state machine", () => {
    const db = new Database(":memory:");
    const jobs = new JobStore(db);
    assert.equal(jobs.insertSeen(postedJob(1n), 0), true);
    assert.equal(jobs.insertSeen(postedJob(1n), 0), false, "a replayed log changes nothing");
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
    jobs.insertSeen(postedJob(7n, "0xaa"), 0);
    txs.insert({ jobId: 7n, kind: "claim", nonce: 0, to: "0x1", data: "0x", gasLimit: 1n, attempts: [], createdMs: 0 });
    assert.equal(jobs.insertSeen({ ...postedJob(7n, "0xbb"), bundleHash: "0x02" }, 0), true);
    assert.equal(jobs.get(7n)?.bundleHash, "0x02");
    assert.equal(txs.latest(7n, "claim"), undefined, "old incarnation's claim is not this job's");
    assert.equal(txs.maxNonce(), 0, "but its nonce still counts");
    db.close();
  });

  it("verifier records are keyed by job and round; a re-announced round follows its new block and redraws", () => {
    const db = new Database(":memory:");
    const v = new VerificationStore(db);
    const round = (r: number, hash = "0xaa") => ({
      jobId: 3n,
      round: r,
      openedBlock: 20 + r,
      openedBlockHash: hash,
      openedAt: 0,
      seats: r === 0 ? 1 : 3,
      drawEndsAt: 100,
      commitEndsAt: 200,
      revealEndsAt: 300,
    });
    assert.equal(v.insertSeen(round(0), 0), true);
    assert.equal(v.insertSeen(round(1), 0), true, "the panel is another record of the same job");
    assert.equal(v.insertSeen(round(1), 0), false, "a replayed log changes nothing");
    assert.equal(v.transition({ jobId: 3n, round: 1 }, "seen", "claimed", { seat: 2, claimAt: 50 }), true);
    assert.equal(v.get({ jobId: 3n, round: 0 })?.state, "seen", "round 0 untouched");
    assert.equal(v.insertSeen({ ...round(1, "0xbb"), openedBlock: 40 }, 0), false);
    assert.equal(v.get({ jobId: 3n, round: 1 })?.openedBlock, 40);
    assert.equal(v.get({ jobId: 3n, round: 1 })?.claimAt, null, "the draw is redone with the new seed");
    assert.equal(v.setAmount({ jobId: 3n, round: 1 }, "earned", 7n), true);
    assert.deepEqual(
      v.ofJob(3n).map((r) => [r.round, r.state, r.earned]),
      [
        [0, "seen", 0n],
        [1, "claimed", 7n],
      ],
    );
    db.close();
  });

  it("watches count the bonds of open challenges only", () => {
    const db = new Database(":memory:");
    const w = new WatchStore(db);
    const watched = (id: bigint) => ({
      jobId: id,
      requester: "0x1",
      bundleHash: "0x01",
      bundleUri: "ipfs://b",
      budget: 10n,
    });
    w.insertSeen(watched(1n), 0);
    w.insertSeen(watched(2n), 0);
    assert.equal(w.insertSeen(watched(2n), 0), false);
    w.transition(1n, "seen", "executed", { outputHash: "0x02", fuelUsed: 0n });
    w.transition(1n, "executed", "challenged", { bond: 40n });
    w.transition(2n, "seen", "executed");
    w.transition(2n, "executed", "challenged", { bond: 5n });
    assert.equal(w.openBonds(), 45n);
    w.transition(2n, "challenged", "settled");
    assert.equal(w.openBonds(), 40n, "a settled challenge's bond is no longer open");
    assert.throws(() => w.transition(1n, "challenged", "matched"), /illegal/);
    assert.equal(w.insertSeen({ ...watched(2n), bundleHash: "0x09" }, 0), true, "another job took the id (a reorg)");
    assert.equal(w.get(2n)?.state, "seen");
    db.close();
  });

  it("upgrading a dispute-era database rebuilds the job tables, restarts the cursor and archives old transactions", () => {
    const dir = mkdtempSync(join(tmpdir(), "hashwork-node-store-"));
    try {
      const file = join(dir, "node.sqlite");
      const old = new DatabaseSync(file);
      for (const m of MIGRATIONS.slice(0, 3)) old.exec(m);
      old.exec("PRAGMA user_version = 3");
      old.exec("INSERT INTO cursor (id, block, log_index) VALUES (1, 77, -1)");
      old.exec(
        `INSERT INTO txs (job_id, kind, nonce, to_address, data, gas_limit, status, attempts, created_ms, updated_ms)
         VALUES ('5', 'submit', 4, '0x1', '0x', '1', 'mined', '[]', 0, 0)`,
      );
      old.close();

      const db = new Database(file);
      assert.equal(db.version, MIGRATIONS.length);
      assert.equal(new CursorStore(db).get(), undefined, "the cursor restarts from the configured start block");
      const txs = new TxStore(db);
      assert.equal(txs.latest(5n, "claim"), undefined);
      assert.equal(txs.maxNonce(), 4, "the old nonce still counts");
      const row = db.sql.prepare("SELECT job_id FROM txs").get() as { job_id: string };
      assert.equal(row.job_id, "5@dispute-era", "detached from the job id a new market reuses");
      assert.equal(new JobStore(db).insertSeen(postedJob(5n), 0), true, "the new tables take the new market's jobs");
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
