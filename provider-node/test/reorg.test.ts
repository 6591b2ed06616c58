import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { toUtf8Bytes } from "ethers";
import { postJob } from "./helpers/market.js";
import type { NodeProcess } from "./helpers/nodes.js";
import { waitFor } from "./helpers/ports.js";
import { createWorld, type World } from "./helpers/suite.js";
import { UPPERCASE, wat } from "./helpers/wasm.js";

describe("provider node: chain reorganisation", { timeout: 300_000 }, () => {
  let world: World;
  let node: NodeProcess;

  before(async () => {
    world = await createWorld("reorg");
    // Tiny log chunks: the node's backfill from the deployment block runs through many eth_getLogs calls.
    node = await world.addNode("solo", 3, { config: { chain: { logChunkSize: 3 } } });
    await node.start();
  });
  after(async () => world?.teardown());

  it("rewinds by parent hash when blocks it handled disappear, drops the vanished job and keeps working", async () => {
    const { sys, chain } = world;
    const module = await wat(UPPERCASE);
    const snapshot = await chain.rpc("evm_snapshot");
    const vanished = await postJob(sys, world.store.store, { module, input: toUtf8Bytes("gone"), replicas: 1 });
    await waitFor("node handles the job", () => node.job(vanished), 60_000);
    await waitFor("node sends its claim", () => (node.txs(vanished).length > 0 ? true : undefined), 60_000);

    // Replace every block since the snapshot with a different history (more blocks, other hashes).
    assert.equal(await chain.rpc("evm_revert", [snapshot]), true);
    for (let i = 0; i < 5; i++) await chain.rpc("evm_mine");
    sys.deployer.reset(); // the test's own accounts went back in time too
    sys.requester.reset();

    await waitFor(
      "reorg detected",
      async () => ((await node.metrics()).match(/hashwork_node_reorgs_total [1-9]/) ? true : undefined),
      60_000,
    );
    const row = await waitFor(
      "vanished job ends",
      () => {
        const r = node.job(vanished);
        return r && (r.state === "skipped" || r.state === "failed") ? r : undefined;
      },
      120_000,
    );
    // Dropped because the chain no longer has the job or our slot (a claim re-sent after the reorg finds no open
    // job), not for a deadline or a fault of the node's.
    assert.match(
      String(row.reason),
      /^(posting block was reorged out|job is None before we committed|our assignment is gone \(reorg\?\)|claim rejected: JobMarketJobNotOpen)$/,
    );

    // The same id is posted again on the new chain (different terms): the node treats it as a new job.
    const again = await postJob(sys, world.store.store, { module, input: toUtf8Bytes("after the reorg"), replicas: 1 });
    const committed = await waitFor(
      "ResultCommitted after the reorg",
      async () => (await sys.market.queryFilter(sys.market.filters.ResultCommitted(again)))[0],
      120_000,
    );
    assert.equal(committed.args.provider, node.address);
    assert.equal(
      node.job(again)?.bundle_hash,
      (await sys.market.queryFilter(sys.market.filters.JobPosted(again)))[0]?.args.bundleHash,
    );
    const health = await node.health();
    assert.equal(health.status, 200, JSON.stringify(health.body));
  });
});
