import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { toUtf8Bytes } from "ethers";
import { Outcome } from "../src/sdk.js";
import { checkConservation, commitmentsOf, payouts, postJob, settlement } from "./helpers/market.js";
import type { NodeProcess } from "./helpers/nodes.js";
import { waitFor } from "./helpers/ports.js";
import { createWorld, type World } from "./helpers/suite.js";
import { SLOW_UPPERCASE, UPPERCASE, wat } from "./helpers/wasm.js";

describe("provider nodes: crash and restart", { timeout: 400_000 }, () => {
  let world: World;
  let steady: NodeProcess[];
  let crashy: NodeProcess;
  let module: Uint8Array;

  before(async () => {
    world = await createWorld("restart");
    module = await wat(UPPERCASE);
    steady = [await world.addNode("steady-1", 3), await world.addNode("steady-2", 4)];
    // crashy claims first and commits in a second transaction (a node's way for a long job) until the last test,
    // which crashes it in a claim that commits (a short job it ran first).
    // keepOutputsSec 0: each start's output sweep deletes the outputs of the jobs settled before it.
    crashy = await world.addNode("crashy", 5, { config: { jobs: { runFirstMaxSec: 0, keepOutputsSec: 0 } } });
    await Promise.all(steady.map((n) => n.start()));
  });
  after(async () => world?.teardown());

  /** The last job a crash test saw crashy settle, and its output file (deleted by crashy's next start). */
  let settledBefore: { jobId: bigint; outputPath: string } | undefined;

  async function crashAndRecover(failpoint: string, text: string, committedBy: "claim" | "commit" = "commit") {
    const { sys } = world;
    await crashy.start({ env: { HASHWORK_NODE_FAILPOINTS: failpoint } });
    const jobId = await postJob(sys, world.store.store, { module, input: toUtf8Bytes(text), replicas: 3 });
    const exit = await crashy.exited(120_000);
    assert.equal(exit, "SIGKILL", `crashed at ${failpoint}`);
    const before = crashy.job(jobId);
    assert.ok(before?.salt, "salt was durable before the commit");
    assert.ok(before?.output_hash, "the answer was durable before the commit");

    await crashy.start(); // no failpoint: recover from the database
    if (settledBefore) {
      const { jobId: earlier, outputPath } = settledBefore;
      await waitFor("the earlier job's output deleted", () =>
        crashy.job(earlier)?.output_path === null ? true : undefined,
      );
      assert.equal(existsSync(outputPath), false, "the start's sweep deleted the settled job's output");
    }
    await world.passChallengeWindow(jobId, 3);
    const settled = await waitFor("JobSettled", () => settlement(sys, jobId), 120_000);
    assert.equal(settled.outcome, Outcome.Completed);
    const { paid, slashed } = await payouts(sys, jobId);
    assert.equal(slashed.size, 0, "nobody slashed");
    assert.ok((paid.get(crashy.address) ?? 0n) > 0n, "the restarted node revealed in time and was paid");
    const commits = await commitmentsOf(sys, jobId, crashy.address);
    assert.equal(commits.separate, committedBy === "commit" ? 1 : 0);
    assert.equal(commits.inClaim !== undefined, committedBy === "claim", `committed by its ${committedBy}`);
    const txs = crashy.txs(jobId);
    const sent = txs.filter((t) => t.kind === committedBy).length;
    assert.equal(sent, 1, `one ${committedBy} transaction, never re-sent`);
    if (committedBy === "claim") assert.equal(txs.filter((t) => t.kind === "commit").length, 0, "and no commit");
    assert.equal(txs.filter((t) => t.kind === "reveal").length, 1);
    assert.equal(crashy.job(jobId)?.salt, before.salt, "the same salt was revealed");
    assert.equal(crashy.job(jobId)?.output_hash, before.output_hash, "and the same answer");
    await waitFor("crashy settled", () => (crashy.job(jobId)?.state === "settled" ? true : undefined), 30_000);
    const outputPath = crashy.job(jobId)?.output_path;
    assert.ok(typeof outputPath === "string" && existsSync(outputPath), "kept until the next sweep");
    settledBefore = { jobId, outputPath };
    await crashy.stop();
    await checkConservation(sys);
  }

  it("killed right after its commit is recorded, it restarts and reveals", async () => {
    await crashAndRecover("after-commit", "crash after commit");
  });

  it("killed after broadcasting the commit but before its receipt, it re-awaits the same transaction", async () => {
    await crashAndRecover("commit:after-broadcast", "crash in flight");
  });

  it("on SIGTERM mid-execution it parks the job, exits cleanly, and finishes the job after a restart", async () => {
    const { sys } = world;
    crashy.configure({ shutdownGraceMs: 500 });
    await crashy.start();
    const slow = await wat(SLOW_UPPERCASE);
    const jobId = await postJob(sys, world.store.store, {
      module: slow,
      input: toUtf8Bytes("parked"),
      replicas: 3,
      limits: { fuel: 50_000_000_000 }, // SLOW_UPPERCASE uses 4.3e10
      commitWindow: 240,
    });
    await waitFor("crashy executing", () => (crashy.job(jobId)?.state === "fetched" ? true : undefined), 90_000, 100);
    const code = await crashy.stop("SIGTERM", 20_000);
    assert.equal(code, 0, "graceful exit");
    assert.equal(crashy.job(jobId)?.state, "fetched", "parked where it was");
    assert.match(crashy.logs(), /parking in-flight jobs/);

    await crashy.start();
    await world.passChallengeWindow(jobId, 3);
    const settled = await waitFor("JobSettled", () => settlement(sys, jobId), 240_000);
    assert.equal(settled.outcome, Outcome.Completed);
    const { paid, slashed } = await payouts(sys, jobId);
    assert.equal(slashed.size, 0);
    assert.ok((paid.get(crashy.address) ?? 0n) > 0n, "the parked job was finished and paid");
    await crashy.stop();
  });

  it("killed after broadcasting a claim that commits (a short job it ran first), it re-awaits it and reveals", async () => {
    crashy.configure({ shutdownGraceMs: 20_000, jobs: { runFirstMaxSec: 10 } });
    await crashAndRecover("claim:after-broadcast", "crash in a committing claim", "claim");
  });
});
