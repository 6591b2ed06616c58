import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { toUtf8Bytes } from "ethers";
import { payouts, postJob, settlement } from "./helpers/market.js";
import type { NodeProcess } from "./helpers/nodes.js";
import { waitFor } from "./helpers/ports.js";
import { TcpProxy } from "./helpers/proxy.js";
import { createWorld, type World } from "./helpers/suite.js";
import { SLOW_UPPERCASE, wat } from "./helpers/wasm.js";

const COMPLETED = 0;

describe("provider nodes: RPC outage", { timeout: 300_000 }, () => {
  let world: World;
  let primary: TcpProxy;
  let backup: TcpProxy;
  let flaky: NodeProcess;

  before(async () => {
    world = await createWorld("outage");
    primary = await TcpProxy.start(world.chain.port);
    backup = await TcpProxy.start(world.chain.port);
    const others = [await world.addNode("direct-1", 3), await world.addNode("direct-2", 4)];
    flaky = await world.addNode("flaky", 5, { rpcUrls: [primary.url, backup.url] });
    await Promise.all([...others.map((n) => n.start()), flaky.start()]);
  });
  after(async () => {
    await primary?.cut();
    await backup?.cut();
    await world?.teardown();
  });

  it("fails over to the second RPC, survives a full outage mid-job, and finishes the job", async () => {
    const { sys } = world;
    // A few seconds of compute, so the outage below lands between the claim and the commit.
    const module = await wat(SLOW_UPPERCASE);
    const limits = { fuel: 50_000_000_000 }; // SLOW_UPPERCASE uses 4.3e10
    const jobId = await postJob(sys, world.store.store, {
      module,
      input: toUtf8Bytes("outage"),
      replicas: 3,
      limits,
      commitWindow: 120,
    });

    await waitFor(
      "flaky claims",
      async () => (await sys.market.queryFilter(sys.market.filters.JobClaimed(jobId, flaky.address)))[0],
      90_000,
      50,
    );
    await primary.cut(); // the node must fail over to the backup
    await new Promise((r) => setTimeout(r, 1_000));
    await backup.cut(); // now every endpoint is down
    assert.equal(flaky.job(jobId)?.result_hash ?? null, null, "the outage began before the node committed");
    await new Promise((r) => setTimeout(r, 10_000));
    const during = await flaky.health();
    assert.equal(during.status, 503, "unhealthy while every RPC is down");
    await backup.resume();
    await primary.resume();

    const settled = await waitFor("JobSettled", () => settlement(sys, jobId), 120_000);
    assert.equal(settled.outcome, COMPLETED);
    const { paid, slashed } = await payouts(sys, jobId);
    assert.equal(slashed.size, 0);
    assert.ok((paid.get(flaky.address) ?? 0n) > 0n, "the node behind the outage was paid");
    const metrics = await flaky.metrics();
    const errors = [...metrics.matchAll(/hashwork_node_rpc_errors_total\{endpoint="(\d)"\} (\d+)/g)];
    assert.ok(errors.length > 0 && errors.some((m) => Number(m[2]) > 0), "RPC errors were counted");
    assert.ok(during.body.lastPollAgeMs === null || Number(during.body.lastPollAgeMs) > 0);
    await waitFor("healthy again", async () => ((await flaky.health()).status === 200 ? true : undefined), 30_000);
  });
});
