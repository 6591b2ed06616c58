import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { after, before, describe, it } from "node:test";
import { pino } from "pino";
import { Shutdown, type Common } from "../src/common.js";
import type { NodeConfig } from "../src/config/types.js";
import type { OutputStore } from "../src/content/output-store.js";
import { OutputFiles } from "../src/content/outputs.js";
import { OutputSweeper } from "../src/content/output-sweeper.js";
import { Database } from "../src/db/database.js";
import { JobStore } from "../src/db/jobs.js";
import { MIGRATIONS } from "../src/db/migrations.js";
import { VerificationStore } from "../src/db/verifications.js";
import type { JobState } from "../src/jobs/state.js";
import { createMetrics, type Metrics } from "../src/metrics.js";
import { openedRound, postedJob } from "./helpers/records.js";

const HOUR_MS = 3_600_000;
const T0 = 1_700_000_000_000; // a wall clock (ms) the records become final at
const OUTPUT = new Uint8Array(1234).fill(7);

/** The path of a claimed replica job: seen → claimed → fetched → executed (its output written) and on to `to`. */
const REPLICA_PATH: JobState[] = ["seen", "claimed", "fetched", "executed", "committed", "revealed"];

/** A node's database, output directories and sweeper in a temp directory, with the sweeper's info logs recorded. */
class Node {
  db: Database;
  jobs: JobStore;
  verifications: VerificationStore;
  readonly outputs: OutputFiles;
  readonly verifyOutputs: OutputFiles;
  readonly metrics: Metrics = createMetrics();
  readonly logs: { msg: string; replica?: number; verifier?: number; bytes?: number }[] = [];

  constructor(
    readonly dir: string,
    public keepOutputsSec: number,
  ) {
    this.db = new Database(join(dir, "node.sqlite"));
    this.jobs = new JobStore(this.db);
    this.verifications = new VerificationStore(this.db);
    this.outputs = new OutputFiles(join(dir, "outputs"));
    this.verifyOutputs = new OutputFiles(join(dir, "verifier-outputs"));
  }

  sweeper(outputs: { replica?: OutputStore } = {}): OutputSweeper {
    const logger = pino({ level: "info" }, { write: (line: string) => void this.logs.push(JSON.parse(line)) });
    const config = { jobs: { keepOutputsSec: this.keepOutputsSec } } as NodeConfig;
    const common: Common = { config, logger, metrics: this.metrics, shutdown: new Shutdown() };
    return new OutputSweeper(common, this.db, {
      replica: outputs.replica ?? this.outputs,
      verifier: this.verifyOutputs,
    });
  }

  sweep(nowMs: number): ReturnType<OutputSweeper["sweep"]> {
    return this.sweeper().sweep(nowMs);
  }

  /** A replica job taken along REPLICA_PATH up to `state`, its output written at `executed`; `atMs` for every step. */
  async job(id: bigint, state: JobState, atMs: number, extra: { outputStored?: boolean } = {}): Promise<string> {
    this.jobs.insertSeen(postedJob(id), atMs);
    const path = await this.outputs.write(id, OUTPUT);
    const upTo = REPLICA_PATH.indexOf(state);
    const steps = upTo === -1 ? REPLICA_PATH : REPLICA_PATH.slice(0, upTo + 1);
    for (let i = 1; i < steps.length; i++) {
      const patch =
        steps[i] === "claimed" ? { slot: 0 } : steps[i] === "executed" ? { outputPath: path, ...extra } : {};
      assert.ok(this.jobs.transition(id, steps[i - 1]!, steps[i]!, patch, atMs));
    }
    if (upTo === -1) assert.ok(this.jobs.transition(id, steps.at(-1)!, state, {}, atMs));
    return path;
  }

  /** A verifier round taken seen → claimed → executed (output written) → committed, then to `to` if given. */
  async seat(jobId: bigint, r: number, atMs: number, to?: "resolved" | "failed"): Promise<string> {
    const key = { jobId, round: r };
    this.verifications.insertSeen(openedRound(jobId, r), atMs);
    const path = await this.verifyOutputs.write(jobId, OUTPUT);
    assert.ok(this.verifications.transition(key, "seen", "claimed", { seat: 0 }, atMs));
    assert.ok(this.verifications.transition(key, "claimed", "executed", { outputPath: path }, atMs));
    assert.ok(this.verifications.transition(key, "executed", "committed", {}, atMs));
    if (to) assert.ok(this.verifications.transition(key, "committed", to, {}, atMs));
    return path;
  }

  reopen(): void {
    this.db.close();
    this.db = new Database(join(this.dir, "node.sqlite"));
    this.jobs = new JobStore(this.db);
    this.verifications = new VerificationStore(this.db);
  }

  async pruned(role: "replica" | "verifier"): Promise<{ outputs: number; bytes: number }> {
    const value = async (m: Metrics["outputsPruned"]) =>
      (await m.get()).values.find((v) => v.labels.role === role)?.value ?? 0;
    return { outputs: await value(this.metrics.outputsPruned), bytes: await value(this.metrics.outputsPrunedBytes) };
  }
}

describe("output retention (the sweeper on a real database and real files)", () => {
  let root: string;
  let n = 0;
  before(() => (root = mkdtempSync(join(tmpdir(), "hashwork-node-sweep-"))));
  after(() => rmSync(root, { recursive: true, force: true }));
  const node = (keepOutputsSec: number) => new Node(mkdtempSync(join(root, `${++n}-`)), keepOutputsSec);

  it("deletes a settled job's output once the retention is over, clears its column, counts and logs it once", async () => {
    const x = node(3_600);
    const old = await x.job(1n, "settled", T0);
    const recent = await x.job(2n, "settled", T0 + HOUR_MS / 2);

    assert.deepEqual(await x.sweep(T0 + HOUR_MS - 1), { replica: 0, verifier: 0, bytes: 0 }, "not yet: 1 ms early");
    assert.ok(existsSync(old));

    assert.deepEqual(await x.sweep(T0 + HOUR_MS), { replica: 1, verifier: 0, bytes: OUTPUT.length });
    assert.equal(existsSync(old), false, "the file is gone");
    assert.equal(x.jobs.get(1n)?.outputPath, null, "and the record no longer points at it");
    assert.equal(x.jobs.get(1n)?.state, "settled", "the record itself stays");
    assert.ok(existsSync(recent), "a job settled within the retention keeps its output");
    assert.equal(x.jobs.get(2n)?.outputPath, recent);
    assert.deepEqual(await x.pruned("replica"), { outputs: 1, bytes: OUTPUT.length });
    assert.equal(x.logs.length, 1, "one info line for the sweep that deleted something");
    assert.deepEqual([x.logs[0]?.replica, x.logs[0]?.verifier, x.logs[0]?.bytes], [1, 0, OUTPUT.length]);

    assert.deepEqual(await x.sweep(T0 + HOUR_MS), { replica: 0, verifier: 0, bytes: 0 }, "never swept twice");
    assert.equal(x.logs.length, 1, "a sweep that deleted nothing says nothing");
    x.db.close();
  });

  it("never deletes the output of a job that is not final, however old, even with a retention of 0", async () => {
    const x = node(0);
    const live = [
      await x.job(1n, "executed", T0), // its output is not published yet (outputStored false)
      await x.job(2n, "committed", T0),
      await x.job(3n, "revealed", T0, { outputStored: true }),
      await x.job(4n, "verifying", T0),
      await x.job(5n, "failed", T0), // failed holding slot 0: still driven to its settlement
    ];
    const later = T0 + 1_000 * HOUR_MS;
    assert.deepEqual(await x.sweep(later), { replica: 0, verifier: 0, bytes: 0 });
    for (const path of live) assert.ok(existsSync(path), path);
    for (let id = 1n; id <= 5n; id++) assert.notEqual(x.jobs.get(id)?.outputPath, null);

    // The failed job's settlement is recorded (JobSettled): from then on it is final.
    x.jobs.patch(5n, { outcome: 2 }, later);
    assert.deepEqual(await x.sweep(later), { replica: 1, verifier: 0, bytes: OUTPUT.length });
    assert.equal(existsSync(live[4]!), false);
    assert.ok(
      live.slice(0, 4).every((p) => existsSync(p)),
      "the live ones stay",
    );
    x.db.close();
  });

  it("a failed job's retention counts from its settlement, not from its failure", async () => {
    const x = node(3_600);
    const path = await x.job(1n, "failed", T0);
    x.jobs.patch(1n, { outcome: 2 }, T0 + 10 * HOUR_MS);
    assert.equal((await x.sweep(T0 + 11 * HOUR_MS - 1)).replica, 0);
    assert.ok(existsSync(path));
    assert.equal((await x.sweep(T0 + 11 * HOUR_MS)).replica, 1);
    assert.equal(existsSync(path), false);
    x.db.close();
  });

  it("deletes the output of a short job run before its claim that lost the race (skipped)", async () => {
    const x = node(0);
    x.jobs.insertSeen(postedJob(7n), T0);
    const path = await x.outputs.write(7n, OUTPUT); // what runFirst records before sending its claim
    x.jobs.patch(7n, { resultKind: "output", outputHash: "0x11", fuelUsed: 5n, salt: "0x22", outputPath: path }, T0);
    assert.deepEqual(await x.sweep(T0), { replica: 0, verifier: 0, bytes: 0 }, "seen, its claim pending: kept");
    assert.ok(x.jobs.transition(7n, "seen", "skipped", { reason: "slots taken" }, T0 + 5));
    assert.deepEqual(await x.sweep(T0 + 5), { replica: 1, verifier: 0, bytes: OUTPUT.length }, "0: at the next sweep");
    assert.equal(existsSync(path), false);
    assert.equal(x.jobs.get(7n)?.outputPath, null);
    x.db.close();
  });

  it("verifier outputs: deleted once final, but a file a live round of the same job shares is kept", async () => {
    const x = node(0);
    const audit = await x.seat(9n, 0, T0, "resolved");
    const panel = await x.seat(9n, 1, T0); // the same job's panel: outputs are named by job id
    assert.equal(panel, audit);
    assert.deepEqual(await x.sweep(T0 + HOUR_MS), { replica: 0, verifier: 0, bytes: 0 }, "the panel still needs it");
    assert.ok(existsSync(panel));
    assert.equal(x.verifications.get({ jobId: 9n, round: 0 })?.outputPath, audit);

    assert.ok(x.verifications.transition({ jobId: 9n, round: 1 }, "committed", "revealed", {}, T0 + HOUR_MS));
    assert.ok(x.verifications.transition({ jobId: 9n, round: 1 }, "revealed", "resolved", {}, T0 + HOUR_MS));
    const lone = await x.seat(10n, 0, T0, "failed");
    assert.deepEqual(await x.sweep(T0 + HOUR_MS), { replica: 0, verifier: 3, bytes: 2 * OUTPUT.length });
    assert.equal(existsSync(panel), false);
    assert.equal(existsSync(lone), false);
    for (const key of [
      { jobId: 9n, round: 0 },
      { jobId: 9n, round: 1 },
      { jobId: 10n, round: 0 },
    ])
      assert.equal(x.verifications.get(key)?.outputPath, null);
    assert.deepEqual(await x.pruned("verifier"), { outputs: 3, bytes: 2 * OUTPUT.length });
    x.db.close();
  });

  it("a verifier file shared with a round final more recently waits for that round's retention too", async () => {
    const x = node(3_600);
    const path = await x.seat(11n, 0, T0, "resolved");
    await x.seat(11n, 1, T0 + HOUR_MS / 2, "resolved"); // rewrote the same file half an hour later
    assert.deepEqual(await x.sweep(T0 + HOUR_MS), { replica: 0, verifier: 0, bytes: 0 });
    assert.ok(existsSync(path));
    assert.deepEqual(await x.sweep(T0 + 1.5 * HOUR_MS), { replica: 0, verifier: 2, bytes: OUTPUT.length });
    assert.equal(existsSync(path), false);
    x.db.close();
  });

  it("a sweep cut short after deleting a file (a crash) is finished after a restart, the missing file is fine", async () => {
    const x = node(3_600);
    const first = await x.job(1n, "settled", T0);
    const second = await x.job(2n, "settled", T0);
    const third = await x.job(3n, "settled", T0);
    // The first delete completes; the process dies right after unlinking the second file.
    let deletes = 0;
    const dying: OutputStore = {
      write: () => Promise.reject(new Error("unused")),
      read: () => Promise.reject(new Error("unused")),
      delete: async (path) => {
        if (++deletes === 1) return x.outputs.delete(path);
        unlinkSync(path);
        throw new Error("killed");
      },
    };
    const cut = await x.sweeper({ replica: dying }).sweep(T0 + HOUR_MS);
    assert.deepEqual(cut, { replica: 1, verifier: 0, bytes: OUTPUT.length });
    assert.equal(existsSync(first), false);
    assert.equal(x.jobs.get(1n)?.outputPath, null, "what was deleted before the failure is forgotten");
    assert.equal(existsSync(second), false);
    assert.equal(x.jobs.get(2n)?.outputPath, second, "the record still points at the file deleted as it died");
    assert.ok(existsSync(third));

    x.reopen();
    assert.deepEqual(await x.sweep(T0 + HOUR_MS), { replica: 2, verifier: 0, bytes: OUTPUT.length });
    for (const id of [1n, 2n, 3n]) assert.equal(x.jobs.get(id)?.outputPath, null);
    assert.equal(existsSync(third), false);
    x.db.close();
  });

  it("a job that failed before its claim was recorded is driven again: not final until its settlement", async () => {
    const x = node(0);
    x.jobs.insertSeen(postedJob(4n), T0);
    const path = await x.outputs.write(4n, OUTPUT); // ran first, then failed with its claim pending
    x.jobs.patch(4n, { outputPath: path, outputHash: "0x11" }, T0);
    assert.ok(x.jobs.transition(4n, "seen", "failed", { reason: "deadline" }, T0));
    x.jobs.patch(4n, { slot: 0 }, T0 + 1); // the claim is mined after all: a slot to settle
    assert.deepEqual(await x.sweep(T0 + HOUR_MS), { replica: 0, verifier: 0, bytes: 0 });
    assert.ok(existsSync(path));
    x.jobs.patch(4n, { outcome: 1 }, T0 + HOUR_MS);
    assert.deepEqual(await x.sweep(T0 + HOUR_MS), { replica: 1, verifier: 0, bytes: OUTPUT.length });
    assert.equal(existsSync(path), false);
    x.db.close();
  });

  it("OutputFiles.delete frees the file's bytes once, then 0", async () => {
    const files = new OutputFiles(mkdtempSync(join(root, "files-")));
    const path = await files.write(3n, OUTPUT);
    assert.equal(await files.delete(path), OUTPUT.length);
    assert.equal(existsSync(path), false);
    assert.equal(await files.delete(path), 0);
  });

  it("upgrading: records already final count from their last update, a failed one awaiting settlement does not", () => {
    const dir = mkdtempSync(join(root, "upgrade-"));
    const file = join(dir, "node.sqlite");
    const old = new DatabaseSync(file);
    for (const m of MIGRATIONS.slice(0, 4)) old.exec(m);
    old.exec("PRAGMA user_version = 4");
    const insert = old.prepare(
      `INSERT INTO jobs (job_id, state, slot, outcome, output_path, posted_block, posted_block_hash, requester,
         resource_class, replicas, max_fuel, max_price_per_mfuel, budget, collateral, min_reputation, claim_deadline,
         commit_deadline, bundle_hash, bundle_uri, seen_ms, updated_ms)
       VALUES (?, ?, ?, ?, '/x.out', 1, '0x', '0x', 0, 1, '1', '1', '1', '1', 0, 1, 1, '0x', 'ipfs://', 0, ?)`,
    );
    insert.run("1", "settled", 0, 0, 111);
    insert.run("2", "failed", 0, null, 222);
    insert.run("3", "committed", 0, null, 333);
    old.close();

    const db = new Database(file);
    const finalMs = (id: string) =>
      (db.sql.prepare("SELECT final_ms FROM jobs WHERE job_id = ?").get(id) as { final_ms: number | null }).final_ms;
    assert.deepEqual([finalMs("1"), finalMs("2"), finalMs("3")], [111, null, null]);
    new JobStore(db).patch(2n, { outcome: 1 }, 444);
    assert.equal(finalMs("2"), 444, "the settlement recorded after the upgrade starts its retention");
    db.close();
  });
});
