import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { toUtf8Bytes } from "ethers";
import { payouts, postJob, settlement } from "./helpers/market.js";
import type { NodeProcess } from "./helpers/nodes.js";
import { waitFor } from "./helpers/ports.js";
import { createWorld, type World } from "./helpers/suite.js";
import { SLOW_UPPERCASE, UPPERCASE, wat } from "./helpers/wasm.js";

const COMPLETED = 0;

describe("provider nodes: crash and restart", { timeout: 400_000 }, () => {
  let world: World;
  let steady: NodeProcess[];
  let crashy: NodeProcess;
  let module: Uint8Array;

  before(async () => {
    world = await createWorld("restart");
    module = await wat(UPPERCASE);
    steady = [await world.addNode("steady-1", 3), await world.addNode("steady-2", 4)];
    crashy = await world.addNode("crashy", 5);
    await Promise.all(steady.map((n) => n.start()));
  });
  after(async () => world?.teardown());

  async function crashAndRecover(failpoint: string, text: string) {
    const { sys } = world;
    await crashy.start({ env: { HASHWORK_NODE_FAILPOINTS: failpoint } });
    const jobId = await postJob(sys, world.store.store, { module, input: toUtf8Bytes(text), replicas: 3 });
    const exit = await crashy.exited(120_000);
    assert.equal(exit, "SIGKILL", `crashed at ${failpoint}`);
    const before = crashy.job(jobId);
    assert.ok(before?.salt, "salt was durable before the commit");
    assert.ok(before?.result_hash);

    await crashy.start(); // no failpoint: recover from the database
    const settled = await waitFor("JobSettled", () => settlement(sys, jobId), 120_000);
    assert.equal(settled.outcome, COMPLETED);
    const { paid, slashed } = await payouts(sys, jobId);
    assert.equal(slashed.size, 0, "nobody slashed");
    assert.ok((paid.get(crashy.address) ?? 0n) > 0n, "the restarted node revealed in time and was paid");
    const commits = await sys.market.queryFilter(sys.market.filters.ResultCommitted(jobId, crashy.address));
    assert.equal(commits.length, 1);
    const txs = crashy.txs(jobId);
    assert.equal(txs.filter((t) => t.kind === "commit").length, 1, "one commit transaction, never re-sent");
    assert.equal(txs.filter((t) => t.kind === "reveal").length, 1);
    assert.equal(crashy.job(jobId)?.salt, before.salt, "the same salt was revealed");
    await waitFor("crashy settled", () => (crashy.job(jobId)?.state === "settled" ? true : undefined), 30_000);
    await crashy.stop();
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
    const settled = await waitFor("JobSettled", () => settlement(sys, jobId), 240_000);
    assert.equal(settled.outcome, COMPLETED);
    const { paid, slashed } = await payouts(sys, jobId);
    assert.equal(slashed.size, 0);
    assert.ok((paid.get(crashy.address) ?? 0n) > 0n, "the parked job was finished and paid");
    await crashy.stop();
  });
});
