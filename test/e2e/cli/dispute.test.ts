import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { keccak256, parseEther, toUtf8Bytes } from "ethers";
import { account, postJob } from "../../../provider-node/test/helpers/market.js";
import type { NodeProcess } from "../../../provider-node/test/helpers/nodes.js";
import { waitFor } from "../../../provider-node/test/helpers/ports.js";
import { createWorld, type World } from "../../../provider-node/test/helpers/suite.js";
import { UPPERCASE, wat } from "../../../provider-node/test/helpers/wasm.js";
import { Cli } from "./helpers/cli.js";

const JOB_OPEN = 1;
const JOB_REFUNDED = 3;
const DISPUTE_NONE = 0n;

describe("hashwork CLI: job dispute end to end", { timeout: 240_000 }, () => {
  let world: World;
  let cli: Cli;
  let honest: NodeProcess[];
  let faulty: NodeProcess;
  let module: Uint8Array;
  const requester = account(1); // the helpers post as account 1; here it also challenges
  const stranger = account(9); // ETH for gas, no tokens
  const asRequester = { HASHWORK_PRIVATE_KEY: requester.privateKey };

  const tokens = (address: string) => world.sys.token.balanceOf(address);

  before(async () => {
    world = await createWorld("cli-dispute");
    module = await wat(UPPERCASE);
    honest = [await world.addNode("alice", 3), await world.addNode("bob", 4), await world.addNode("carol", 5)];
    faulty = await world.addNode("mallory", 6);
    await (await world.sys.token.connect(world.sys.deployer).transfer(requester.address, parseEther("100"))).wait();
    cli = await Cli.forWorld(world, world.dir);
  });
  after(async () => world?.teardown());

  it("a faulty node's k = 1 result: `job dispute --wait` → overturned, requester refunded and compensated", async () => {
    const { sys } = world;
    await faulty.start({ faulty: true }); // alone, so it takes the job
    const jobId = await postJob(sys, world.store.store, { module, input: toUtf8Bytes("challenge"), replicas: 1 });
    const submitted = await waitFor(
      "the faulty node's ResultSubmitted",
      async () => (await sys.market.queryFilter(sys.market.filters.ResultSubmitted(jobId)))[0],
      60_000,
    );
    assert.equal(submitted.args.provider, faulty.address);
    await Promise.all(honest.map((n) => n.start()));

    const before = await tokens(requester.address);
    const { maxPrice } = await sys.market.getJob(jobId);
    const bond = await sys.court.bondFor(maxPrice);
    const r = await cli.run(["job", "dispute", String(jobId), "--wait", "--json"], asRequester);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.json.verdict, "overturned");
    assert.equal(r.json.majorityHash, keccak256(toUtf8Bytes("CHALLENGE")));
    assert.equal(BigInt(r.json.bond), bond);
    assert.equal(r.json.verifiers, 3);
    assert.equal(r.json.verifiersDrawn.length, 3);
    for (const v of r.json.verifiersDrawn as string[])
      assert.ok(honest.some((n) => n.address === v) && v !== faulty.address);
    assert.equal(BigInt(r.json.credited.requesterRefund), maxPrice);
    const compensation = BigInt(r.json.credited.requester);
    const challengerPaid = BigInt(r.json.credited.challenger);
    assert.ok(compensation > 0n && challengerPaid > bond);
    assert.equal(BigInt(r.json.claimable.court), compensation + challengerPaid);
    assert.equal(BigInt(r.json.claimable.market), maxPrice);
    assert.equal(await tokens(requester.address), before - bond); // only the bond left so far
    assert.equal(Number((await sys.market.getJob(jobId)).status), JOB_REFUNDED);
    // Progress as JSON lines on stderr, in protocol order.
    const events = r.stderr
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l).type as string);
    for (const type of ["drawn", "verdict-committed", "verdict-revealed", "resolved"])
      assert.ok(events.includes(type), `${type} in ${events}`);
    assert.ok(events.lastIndexOf("verdict-revealed") < events.indexOf("resolved"));

    // `job refund` withdraws both balances: the escrow from the market, the rest from the court.
    const refund = await cli.run(["job", "refund", String(jobId), "--json"], asRequester);
    assert.equal(refund.code, 0, refund.stdout + refund.stderr);
    assert.equal(refund.json.outcome, "overturned");
    assert.equal(BigInt(refund.json.withdrawn), maxPrice + compensation + challengerPaid);
    assert.equal(await tokens(requester.address), before - bond + maxPrice + compensation + challengerPaid);
    assert.equal(await sys.court.claimable(requester.address), 0n);
    assert.equal(await sys.market.claimable(requester.address), 0n);
    const again = await cli.run(["job", "dispute", String(jobId), "--withdraw", "--json"], asRequester);
    assert.equal(again.code, 4, again.stdout);
    assert.equal(again.json.error.code, "NOTHING_TO_WITHDRAW");
  });

  it("refuses a dispute by the provider, without funds, or after the window, changing nothing", async () => {
    const { sys } = world;
    await faulty.stop(); // an honest node takes this one
    sys.requester.reset(); // the CLI sent transactions from the same account
    const jobId = await postJob(sys, world.store.store, { module, input: toUtf8Bytes("final"), replicas: 1 });
    const submitted = await waitFor(
      "ResultSubmitted",
      async () => (await sys.market.queryFilter(sys.market.filters.ResultSubmitted(jobId)))[0],
      60_000,
    );
    const provider = honest.find((n) => n.address === submitted.args.provider) as NodeProcess;
    const providerKey = account(3 + honest.indexOf(provider)).privateKey;
    const unchanged = async (label: string) => {
      assert.equal((await sys.court.getDispute(jobId)).status, DISPUTE_NONE, label);
      assert.equal(Number((await sys.market.getJob(jobId)).status), JOB_OPEN, label);
      assert.equal(await tokens(stranger.address), 0n, label);
    };

    const byProvider = await cli.run(["job", "dispute", String(jobId), "--json"], {
      HASHWORK_PRIVATE_KEY: providerKey,
    });
    assert.equal(byProvider.code, 8, byProvider.stdout + byProvider.stderr);
    assert.equal(byProvider.json.error.code, "PROVIDER_CANNOT_CHALLENGE");
    await unchanged("by the provider");

    const broke = await cli.run(["job", "dispute", String(jobId), "--json"], {
      HASHWORK_PRIVATE_KEY: stranger.privateKey,
    });
    assert.equal(broke.code, 4, broke.stdout + broke.stderr);
    assert.equal(broke.json.error.code, "INSUFFICIENT_BALANCE");
    assert.match(broke.json.error.message, /dispute bond/);
    await unchanged("without funds");

    // Nobody may settle it in between: stop the nodes, then let the challenge window pass.
    await Promise.all(world.nodes.map((n) => n.stop()));
    await world.advance(61);
    const before = await tokens(requester.address);
    const late = await cli.run(["job", "dispute", String(jobId)], asRequester);
    assert.equal(late.code, 8, late.stdout + late.stderr);
    assert.match(late.stderr, /challenge window of job \d+ closed/);
    assert.match(late.stderr, /job refund/);
    await unchanged("after the window");
    assert.equal(await tokens(requester.address), before);
    assert.equal(await sys.token.allowance(requester.address, await sys.court.getAddress()), 0n);
  });
});
