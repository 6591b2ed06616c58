import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { keccak256, toUtf8Bytes } from "ethers";
import { errorOutput } from "../src/sdk.js";
import { INPUT_UNAVAILABLE } from "../src/sdk.js";
import { payouts, postJob, settlement } from "./helpers/market.js";
import type { NodeProcess } from "./helpers/nodes.js";
import { waitFor } from "./helpers/ports.js";
import { createWorld, type World } from "./helpers/suite.js";
import { HUGE_OUTPUT, INFINITE_LOOP, MEMORY_BOMB, UPPERCASE, wat } from "./helpers/wasm.js";

const Outcome = { Completed: 0, InputUnavailable: 1, NoConsensus: 2, NoClaims: 3, NoResult: 4 };

describe("provider nodes: hostile bundles", { timeout: 400_000 }, () => {
  let world: World;
  let nodes: NodeProcess[];

  before(async () => {
    world = await createWorld("hostile");
    const config = { provider: { maxConcurrent: 4 } };
    nodes = [
      await world.addNode("p1", 3, { config }),
      await world.addNode("p2", 4, { config }),
      await world.addNode("p3", 5, { config }),
    ];
    await Promise.all(nodes.map((n) => n.start()));
  });
  after(async () => world?.teardown());

  async function expectNoSlash(jobId: bigint) {
    const { slashed } = await payouts(world.sys, jobId);
    assert.equal(slashed.size, 0, "nobody slashed");
  }

  it("runs limit-breaking modules to a deterministic error result that all replicas agree on", async () => {
    const { sys } = world;
    const store = world.store.store;
    const limits = { fuel: 50_000_000, memoryMiB: 32, maxOutputBytes: 256 * 1024 };
    const cases = [
      { name: "infinite loop", module: await wat(INFINITE_LOOP), code: "OUT_OF_FUEL" },
      { name: "memory bomb", module: await wat(MEMORY_BOMB), code: "TRAP" },
      { name: "huge output", module: await wat(HUGE_OUTPUT), code: "OUTPUT_TOO_LARGE" },
    ];
    const jobs = [];
    for (const c of cases)
      jobs.push({ ...c, jobId: await postJob(sys, store, { module: c.module, replicas: 3, limits }) });
    for (const job of jobs) {
      const settled = await waitFor(`${job.name} settled`, () => settlement(sys, job.jobId), 150_000);
      assert.equal(settled.outcome, Outcome.Completed, job.name);
      assert.equal(settled.resultHash, keccak256(errorOutput(job.code)), `${job.name}: ${job.code}`);
      await expectNoSlash(job.jobId);
      const { paid } = await payouts(sys, job.jobId);
      assert.equal(paid.size, 3, `${job.name}: every replica paid for the work`);
    }
  });

  it("posts the input-unavailable hash when the input is missing: refund, no slash", async () => {
    const { sys } = world;
    const module = await wat(UPPERCASE);
    const jobId = await postJob(sys, world.store.store, {
      module,
      input: toUtf8Bytes("never stored"),
      storeInput: false,
      replicas: 3,
    });
    const settled = await waitFor("settled", () => settlement(sys, jobId), 150_000);
    assert.equal(settled.outcome, Outcome.InputUnavailable);
    assert.equal(settled.resultHash, INPUT_UNAVAILABLE);
    assert.equal(settled.paid, 0n);
    await expectNoSlash(jobId);
    const row = nodes[0]!.job(jobId);
    assert.equal(row?.result_kind, "input-unavailable");
  });

  it("does not claim a bundle whose module hash is wrong: the job expires unclaimed, no slash", async () => {
    const { sys } = world;
    const module = await wat(UPPERCASE);
    const wrong = keccak256(toUtf8Bytes("some other module"));
    const jobId = await postJob(sys, world.store.store, {
      module,
      input: toUtf8Bytes("x"),
      replicas: 3,
      moduleHash: wrong,
      claimWindow: 40, // MIN_PHASE (30 s) plus slack: the chain clock may run a few seconds ahead
    });
    for (const node of nodes) {
      const row = await waitFor(
        `${node.name} skips`,
        () => (node.job(jobId)?.state === "skipped" ? node.job(jobId) : undefined),
        60_000,
      );
      assert.match(String(row.reason), /module hash mismatch/);
    }
    await world.advance(41);
    await (await sys.market.connect(sys.requester).settle(jobId)).wait();
    const settled = await settlement(sys, jobId);
    assert.equal(settled?.outcome, Outcome.NoClaims);
    await expectNoSlash(jobId);
  });
});
