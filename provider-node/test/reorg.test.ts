import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { toUtf8Bytes } from "ethers";
import { commitmentsOf, postJob } from "./helpers/market.js";
import type { NodeProcess } from "./helpers/nodes.js";
import { waitFor } from "./helpers/ports.js";
import { createWorld, type World } from "./helpers/suite.js";
import { UPPERCASE, wat } from "./helpers/wasm.js";

type Row = Record<string, unknown>;

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

  /**
   * Posts a job, waits until `until` holds for the node's record of it, then replaces every block since the posting
   * with another history. Job ids start over after the reorg, so the node's record is told apart by bundle hash.
   */
  async function reorgAway(
    input: string,
    until: (row: Row, jobId: bigint) => boolean,
    nudge?: (jobId: bigint) => Promise<void>,
  ): Promise<Row> {
    const { sys, chain } = world;
    const reorgsBefore = await reorgCount();
    const snapshot = await chain.rpc("evm_snapshot");
    const module = await wat(UPPERCASE);
    const jobId = await postJob(sys, world.store.store, { module, input: toUtf8Bytes(input), replicas: 1 });
    const bundleHash = (await sys.market.queryFilter(sys.market.filters.JobPosted(jobId)))[0]?.args.bundleHash;
    const record = () => {
      const row = node.job(jobId);
      return row?.bundle_hash === bundleHash ? row : undefined;
    };
    await nudge?.(jobId);
    await waitFor(`job ${jobId} reaches the point of the reorg`, () => {
      const row = record();
      return row && until(row, jobId) ? true : undefined;
    });

    assert.equal(await chain.rpc("evm_revert", [snapshot]), true);
    for (let i = 0; i < 5; i++) await chain.rpc("evm_mine"); // more blocks, other hashes
    sys.deployer.reset(); // the test's own accounts went back in time too
    sys.requester.reset();

    await waitFor("reorg detected", async () => ((await reorgCount()) > reorgsBefore ? true : undefined));
    return waitFor(
      `vanished job ${jobId} ends`,
      () => {
        const row = record();
        return row && ["skipped", "failed", "settled"].includes(String(row.state)) ? row : undefined;
      },
      120_000,
    );
  }

  async function reorgCount(): Promise<number> {
    return Number(/hashwork_node_reorgs_total (\d+)/.exec(await node.metrics())?.[1] ?? 0);
  }

  it("rewinds by parent hash when blocks it handled disappear, drops the vanished job and keeps working", async () => {
    const { sys } = world;
    // Reorged out after our reveal: the job fails (it was never settled: nothing was paid or slashed). (The k = 1
    // job's answer would stay sealed through its challenge window: the test takes its audit decision, so the node
    // reveals it at once.)
    const revealed = await reorgAway(
      "revealed, then gone",
      (row) => row.state === "revealed",
      (jobId) => world.revealNow(jobId),
    );
    assert.deepEqual([revealed.state, revealed.reason], ["failed", "our assignment is gone (reorg?)"]);

    // Reorged out as soon as the claim is signed: wherever the node then is, the job ends because the chain no
    // longer has the job or our slot (a claim re-sent after the reorg finds no open job), not for a deadline or a
    // fault of the node's.
    const claimed = await reorgAway("gone", (_, jobId) => node.txs(jobId).length > 0);
    assert.notEqual(claimed.state, "settled");
    assert.match(
      String(claimed.reason),
      /^(posting block was reorged out|job is None before we committed|our assignment is gone \(reorg\?\)|claim rejected: JobMarketJobNotOpen)$/,
    );

    // The same id is posted again on the new chain (different terms): the node treats it as a new job.
    const again = await postJob(sys, world.store.store, {
      module: await wat(UPPERCASE),
      input: toUtf8Bytes("after the reorg"),
      replicas: 1,
    });
    await waitFor(
      "the node's commitment after the reorg (its claim's, or a ResultCommitted)",
      async () => ((await commitmentsOf(sys, again, node.address)).committed ? true : undefined),
      120_000,
    );
    assert.equal(
      node.job(again)?.bundle_hash,
      (await sys.market.queryFilter(sys.market.filters.JobPosted(again)))[0]?.args.bundleHash,
    );
    const health = await node.health();
    assert.equal(health.status, 200, JSON.stringify(health.body));
  });
});
