import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { keccak256, toUtf8Bytes } from "ethers";
import { payouts, postJob, settlement } from "./helpers/market.js";
import type { NodeProcess } from "./helpers/nodes.js";
import { waitFor } from "./helpers/ports.js";
import { createWorld, type World } from "./helpers/suite.js";
import { UPPERCASE, wat } from "./helpers/wasm.js";

const COMPLETED = 0;
const DISSENT = 1;

describe("provider nodes: a faulty replica", { timeout: 300_000 }, () => {
  let world: World;
  let honest: NodeProcess[];
  let faulty: NodeProcess;

  before(async () => {
    world = await createWorld("faulty");
    honest = [await world.addNode("honest-1", 3), await world.addNode("honest-2", 4)];
    faulty = await world.addNode("faulty", 5);
    await Promise.all([...honest.map((n) => n.start()), faulty.start({ faulty: true })]);
  });
  after(async () => world?.teardown());

  it("k = 3: the faulty node is slashed for dissent, the honest ones are paid with a bonus", async () => {
    const { sys } = world;
    const module = await wat(UPPERCASE);
    const jobId = await postJob(sys, world.store.store, { module, input: toUtf8Bytes("consensus"), replicas: 3 });

    const settled = await waitFor("JobSettled", () => settlement(sys, jobId), 120_000);
    assert.equal(settled.outcome, COMPLETED);
    assert.equal(settled.resultHash, keccak256(toUtf8Bytes("CONSENSUS")));
    const { paid, slashed } = await payouts(sys, jobId);
    assert.equal(slashed.size, 1);
    assert.equal(slashed.get(faulty.address)?.reason, DISSENT);
    assert.ok(!paid.has(faulty.address));
    for (const node of honest) {
      const amount = paid.get(node.address) ?? 0n;
      assert.ok(amount > 0n, `${node.name} paid`);
    }
    const row = await waitFor("faulty node recorded the slash", () => {
      const r = faulty.job(jobId);
      return r?.slashed ? r : undefined;
    });
    assert.equal(BigInt(row.slashed as string), slashed.get(faulty.address)?.amount);
    assert.notEqual(row.result_hash, settled.resultHash);
    await waitFor("slash metric", async () =>
      (await faulty.metrics()).match(/hashwork_node_slashes_total\{reason="dissent"\} 1/) ? true : undefined,
    );
    const r1 = await waitFor("honest earnings recorded", () =>
      honest[0]!.job(jobId)?.earned ? honest[0]!.job(jobId) : undefined,
    );
    assert.equal(BigInt(r1.earned as string), paid.get(honest[0]!.address));
  });
});
