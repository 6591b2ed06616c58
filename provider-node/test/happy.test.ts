import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { keccak256, toUtf8Bytes } from "ethers";
import { cidOfUri } from "../src/content/bundle.js";
import { postJob, payouts, settlement } from "./helpers/market.js";
import type { NodeProcess } from "./helpers/nodes.js";
import { waitFor } from "./helpers/ports.js";
import { createWorld, type World } from "./helpers/suite.js";
import { UPPERCASE, wat } from "./helpers/wasm.js";

const COMPLETED = 0;

describe("provider nodes: happy paths", { timeout: 300_000 }, () => {
  let world: World;
  let nodes: NodeProcess[];
  let module: Uint8Array;

  before(async () => {
    world = await createWorld("happy");
    module = await wat(UPPERCASE);
    // alice withdraws her earnings as soon as 0.5 token is claimable (a job pays 0.975); the others never do.
    const withdraws = { earnings: { withdrawThreshold: "500000000000000000", checkIntervalMs: 500 } };
    nodes = [
      await world.addNode("alice", 3, { config: withdraws }),
      await world.addNode("bob", 4),
      await world.addNode("carol", 5),
    ];
    await Promise.all(nodes.map((n) => n.start()));
  });
  after(async () => world?.teardown());

  it("k = 1: one node claims, executes, submits, and settles after the challenge window", async () => {
    const { sys } = world;
    const input = toUtf8Bytes("hello hashwork");
    const jobId = await postJob(sys, world.store.store, { module, input, replicas: 1 });

    const submitted = await waitFor(
      "ResultSubmitted",
      async () => (await sys.market.queryFilter(sys.market.filters.ResultSubmitted(jobId)))[0],
      90_000,
    );
    assert.equal(submitted.args.resultHash, keccak256(toUtf8Bytes("HELLO HASHWORK")));
    const output = await world.store.store.get(cidOfUri(submitted.args.resultURI));
    assert.equal(new TextDecoder().decode(output), "HELLO HASHWORK");

    await world.advance(61); // the challenge window
    const settled = await waitFor("JobSettled", () => settlement(sys, jobId), 60_000);
    assert.equal(settled.outcome, COMPLETED);
    const winner = nodes.find((n) => n.address === submitted.args.provider) as NodeProcess;
    const row = await waitFor(
      "winner's row settled and paid",
      () => {
        const r = winner.job(jobId);
        return r?.state === "settled" && r.earned !== null ? r : undefined;
      },
      30_000,
    );
    assert.ok(BigInt(row.earned as string) > 0n);
    for (const other of nodes.filter((n) => n !== winner)) {
      const r = await waitFor(
        `${other.name} skipped`,
        () => (other.job(jobId)?.state === "skipped" ? other.job(jobId) : undefined),
        30_000,
      );
      assert.equal(r.state, "skipped");
    }
    assert.equal(winner.txs(jobId).filter((t) => t.kind === "submit").length, 1, "one submit transaction");
  });

  it("k = 3: three nodes commit, reveal, settle and are all paid", async () => {
    const { sys } = world;
    const input = toUtf8Bytes("replicated compute");
    const jobId = await postJob(sys, world.store.store, { module, input, replicas: 3 });

    const settled = await waitFor("JobSettled", () => settlement(sys, jobId), 120_000);
    assert.equal(settled.outcome, COMPLETED);
    assert.equal(settled.resultHash, keccak256(toUtf8Bytes("REPLICATED COMPUTE")));
    const { paid, slashed } = await payouts(sys, jobId);
    assert.equal(paid.size, 3);
    assert.equal(slashed.size, 0);
    for (const node of nodes) {
      assert.ok((paid.get(node.address) ?? 0n) > 0n, `${node.name} paid`);
      const row = await waitFor(
        `${node.name} settled`,
        () => (node.job(jobId)?.state === "settled" ? node.job(jobId) : undefined),
        30_000,
      );
      assert.equal(row.result_hash, settled.resultHash);
      const kinds = node.txs(jobId).map((t) => t.kind);
      assert.equal(kinds.filter((k) => k === "commit").length, 1, `${node.name}: one commit`);
      assert.equal(kinds.filter((k) => k === "reveal").length, 1, `${node.name}: one reveal`);
    }
    const alice = nodes[0]!;
    await waitFor(
      "alice withdraws her earnings",
      async () => ((await sys.market.claimable(alice.address)) === 0n ? true : undefined),
      30_000,
    );
    const withdrawn = await sys.market.queryFilter(sys.market.filters.Withdrawn(alice.address));
    assert.ok(withdrawn.length >= 1, "Withdrawn emitted for alice");
    assert.ok((await sys.market.claimable(nodes[1]!.address)) > 0n, "bob's policy is off: his earnings stay claimable");
    const metrics = await nodes[0]!.metrics();
    assert.match(metrics, /hashwork_node_jobs\{state="settled"\} [1-9]/);
    const health = await nodes[0]!.health();
    assert.equal(health.status, 200, JSON.stringify(health.body));
  });
});
