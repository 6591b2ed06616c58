import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { toUtf8Bytes } from "ethers";
import { Outcome } from "../src/sdk.js";
import { SettleBatch } from "../src/jobs/settle-batch.js";
import { checkConservation, postJob, settlement } from "./helpers/market.js";
import type { NodeProcess } from "./helpers/nodes.js";
import { waitFor } from "./helpers/ports.js";
import { createWorld, type World } from "./helpers/suite.js";
import { UPPERCASE, wat } from "./helpers/wasm.js";

describe("SettleBatch", () => {
  it("holds a job until the batch is full or its moment comes, then takes it first", () => {
    const batch = new SettleBatch(3);
    batch.join(1n, 10_000);
    assert.deepEqual(batch.take(1n, 0), [], "alone and not due: wait");
    assert.equal(batch.msUntilDue(4_000), 6_000);
    batch.join(2n, 20_000);
    assert.deepEqual(batch.take(2n, 0), []);
    batch.join(3n, 30_000);
    assert.deepEqual(batch.take(3n, 0), [3n, 1n, 2n], "full: all three, the caller's job first");
    assert.ok(batch.isSending(1n) && batch.isSending(2n) && batch.isSending(3n));
    assert.deepEqual(batch.take(1n, 0), [], "a job being sent is not taken again");
    batch.finish([3n, 1n, 2n]);
    assert.ok(!batch.isSending(1n));
  });

  it("sends what is due at its most urgent job's moment, at most maxJobs", () => {
    const batch = new SettleBatch(2);
    batch.join(1n, 5_000);
    batch.join(1n, 9_000); // a later join keeps the earlier moment
    assert.deepEqual(batch.take(1n, 4_999), []);
    assert.deepEqual(batch.take(1n, 5_000), [1n]);
    const many = new SettleBatch(2);
    for (const id of [4n, 5n, 6n]) many.join(id, 0);
    assert.deepEqual(many.take(6n, 0), [6n, 4n], "capped at maxJobs");
    assert.deepEqual(many.take(5n, 0), [5n]);
  });

  it("settles each job of a refused batch alone from then on, and forgets jobs that left", () => {
    const batch = new SettleBatch(8);
    batch.join(1n, 0);
    batch.join(2n, 0);
    const refused = batch.take(1n, 0);
    assert.deepEqual(refused, [1n, 2n]);
    batch.finish(refused, true);
    batch.join(1n, 60_000);
    batch.join(2n, 60_000);
    assert.deepEqual(batch.take(2n, 0), [2n], "alone, without waiting for company");
    batch.finish([2n]);
    batch.leave(1n);
    assert.deepEqual(batch.take(1n, 0), [], "a job that left is not taken");
    assert.equal(batch.msUntilDue(0), 0, "nothing waits");
  });
});

describe("provider node: settling its jobs together", { timeout: 600_000 }, () => {
  let world: World;
  let node: NodeProcess;
  let module: Uint8Array;

  before(async () => {
    world = await createWorld("settle-batch");
    module = await wat(UPPERCASE);
    // Three jobs' settlements go out as one transaction: the first two due wait (up to two minutes) for the third.
    node = await world.addNode("dana", 3, { config: { jobs: { settleBatchMax: 3, settleWaitSec: 120 } } });
    await node.start();
  });
  after(async () => world?.teardown());

  it("three k = 1 jobs due together settle in one settleMany, each paid as settle pays it", async () => {
    const { sys } = world;
    const jobIds: bigint[] = [];
    for (const text of ["one", "two", "three"]) {
      jobIds.push(await postJob(sys, world.store.store, { module, input: toUtf8Bytes(text), replicas: 1 }));
    }
    // Left alone, the node would reveal and settle each k = 1 job in one transaction after its window; a requester
    // who wants to see the answers first takes their audit decisions, and the node reveals them at once.
    await world.revealNow(jobIds);
    await world.passChallengeWindow(jobIds, 1);
    const settled = [];
    for (const jobId of jobIds)
      settled.push(await waitFor(`job ${jobId} settled`, () => settlement(sys, jobId), 180_000));
    for (const s of settled) assert.equal(s.outcome, Outcome.Completed);

    const logs = await Promise.all(jobIds.map((id) => sys.market.queryFilter(sys.market.filters.JobSettled(id))));
    const hashes = new Set(logs.map((l) => l[0].transactionHash));
    assert.equal(hashes.size, 1, "one transaction settled all three");
    const tx = await sys.market.runner!.provider!.getTransaction([...hashes][0]);
    assert.equal(tx!.from, node.address, "the node sent it");
    const call = sys.market.interface.parseTransaction({ data: tx!.data });
    assert.equal(call?.name, "settleMany");
    assert.deepEqual([...call!.args[0]].sort(), [...jobIds].sort());

    for (const jobId of jobIds) {
      const row = await waitFor(
        `job ${jobId} recorded as settled and paid`,
        () => {
          const r = node.job(jobId);
          return r?.state === "settled" && r.earned !== null ? r : undefined;
        },
        30_000,
      );
      assert.equal(Number(row.outcome), Outcome.Completed);
    }
    const sends = jobIds.flatMap((id) => node.txs(id)).filter((t) => t.kind === "settle" && t.status === "mined");
    assert.equal(sends.length, 1, "one settle transaction in the node's records");
    await checkConservation(sys);
  });
});
