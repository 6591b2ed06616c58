import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { keccak256, parseEther, toUtf8Bytes } from "ethers";
import { JobStatus, Outcome, resultOf, VerificationStatus } from "@hashwork/sdk";
import {
  account,
  PRODUCTION_RECORD_RING,
  BUDGET,
  checkConservation,
  postJob,
  settlement,
  TEST_COURT_PARAMS,
  TEST_PARAMS,
} from "@hashwork/provider-node/test-helpers/market";
import type { NodeProcess } from "@hashwork/provider-node/test-helpers/nodes";
import { waitFor } from "@hashwork/provider-node/test-helpers/ports";
import { createWorld, type World } from "@hashwork/provider-node/test-helpers/suite";
import { UPPERCASE, wat } from "@hashwork/provider-node/test-helpers/wasm";
import { Cli } from "./helpers/cli.js";

// A helper job's money (helpers/market.ts): a 2-token budget, collateral 10x, fully slashed for a dissent; the bond is
// 4x the budget; the requester's share of a slash is capped at k x budget, a winning challenger's share is 20%.
const COLLATERAL = 10n * BUDGET;
const BOND = (BUDGET * TEST_COURT_PARAMS.bondBps) / 10_000n;

describe("hashwork CLI: job verify and job challenge end to end", { timeout: 480_000 }, () => {
  let world: World;
  let cli: Cli;
  let honest: NodeProcess[];
  let faulty: NodeProcess;
  let module: Uint8Array;
  const requester = account(1); // the helpers post as account 1; here it also verifies and challenges
  const stranger = account(9); // ETH for gas, no tokens
  const asRequester = { HASHWORK_PRIVATE_KEY: requester.privateKey };

  const tokens = (address: string) => world.sys.token.balanceOf(address);
  /** Waits until the job's reveals closed (its agreed result is challengeable from then on). */
  const revealsClosed = (jobId: bigint) =>
    waitFor(
      `reveals of job ${jobId} closed`,
      async () => ((await world.sys.market.getJob(jobId)).revealsClosedAt > 0n ? true : undefined),
      120_000,
    );

  before(async () => {
    world = await createWorld("cli-challenge", { recordRing: PRODUCTION_RECORD_RING });
    module = await wat(UPPERCASE);
    honest = [await world.addNode("alice", 3), await world.addNode("bob", 4), await world.addNode("carol", 5)];
    faulty = await world.addNode("mallory", 6);
    await (await world.sys.token.connect(world.sys.deployer).transfer(requester.address, parseEther("100"))).wait();
    cli = await Cli.forWorld(world, world.dir);
  });
  after(async () => world?.teardown());

  it("a faulty node's k = 1 result: `job verify` catches it, `job verify --challenge --wait` → overturned, refunded and rewarded", async () => {
    const { sys } = world;
    await faulty.start({ faulty: true }); // alone, so it takes the job
    const jobId = await postJob(sys, world.store.store, { module, input: toUtf8Bytes("challenge"), replicas: 1 });
    // The requester wants to check the answer: it takes the audit decision, so the replica reveals instead of keeping
    // its answer sealed through the window.
    await world.revealNow(jobId);
    await revealsClosed(jobId);
    assert.equal((await sys.market.getAssignments(jobId))[0]!.provider, faulty.address);
    await Promise.all(honest.map((n) => n.start())); // the panel's verifiers

    // Before challenging, the requester re-runs the job locally: the revealed answer differs (exit 5).
    const verify = await cli.run(["job", "verify", String(jobId), "--json"], asRequester);
    assert.equal(verify.code, 5, verify.stdout + verify.stderr);
    assert.equal(verify.json.verified, false);
    assert.equal(verify.json.local.outputHash, keccak256(toUtf8Bytes("CHALLENGE")));
    assert.equal(verify.json.revealed[0].agrees, false);
    assert.equal(verify.json.next, `hashwork job challenge ${jobId}`);

    const before = await tokens(requester.address);
    // The same check, challenging what differs (what `job wait --verify` does when the reveals close).
    const r = await cli.run(["job", "verify", String(jobId), "--challenge", "--wait", "--json"], asRequester);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.json.verify.verified, false);
    assert.equal(r.json.verify.revealed[0].agrees, false);
    assert.equal(r.json.bond, BOND.toString());
    assert.equal(r.json.outcome, "overturned");
    assert.equal(r.json.won, true);
    assert.equal(r.json.bondReturned, BOND.toString());
    const reward = (COLLATERAL * TEST_PARAMS.challengerShareBps) / 10_000n;
    assert.equal(r.json.reward, reward.toString());

    // The panel's verdict is the honest output; the faulty replica lost its collateral; the requester is refunded
    // (all but the audit fee on the verified fuel) and compensated from the slash, capped at what it escrowed.
    const s = (await settlement(sys, jobId))!;
    assert.equal(s.outcome, Outcome.Overturned);
    assert.equal(s.result, resultOf(keccak256(toUtf8Bytes("CHALLENGE")), s.fuelUsed));
    assert.equal(s.slashed, COLLATERAL);
    assert.equal(s.paid, 0n);
    assert.equal(s.fee, 0n);
    assert.equal(s.compensation, BUDGET);
    const { escrow } = await escrowOf(jobId);
    assert.equal(s.refund, escrow - s.auditFee);
    assert.equal(r.json.claimable.market, (s.refund + s.compensation).toString());
    assert.equal(r.json.claimable.court, (BOND + reward).toString());
    assert.equal(Number((await sys.market.getJob(jobId)).status), JobStatus.Refunded);
    assert.equal(await tokens(requester.address), before - BOND); // only the bond left so far

    // Progress as JSON lines on stderr, in protocol order: challenge, panel draw, verdicts, settlement.
    const events = r.stderr
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l).type as string);
    for (const type of ["challenged", "verifier-drawn", "verdict-committed", "verdict-revealed", "settled"])
      assert.ok(events.includes(type), `${type} in ${events}`);
    assert.ok(events.lastIndexOf("verdict-revealed") < events.indexOf("settled"));

    const status = await cli.run(["job", "status", String(jobId), "--json"]);
    assert.equal(status.code, 0, status.stdout);
    assert.equal(status.json.outcome, "overturned");
    assert.equal(status.json.verification.status, "final");
    assert.equal(status.json.verification.challenger, requester.address);
    assert.equal(status.json.verification.rounds.at(-1).revealed, TEST_COURT_PARAMS.panelSize);

    // `job refund` withdraws both balances: refund and compensation from the market, bond and reward from the court.
    const refund = await cli.run(["job", "refund", String(jobId), "--json"], asRequester);
    assert.equal(refund.code, 0, refund.stdout + refund.stderr);
    assert.equal(refund.json.outcome, "overturned");
    assert.equal(refund.json.withdrawn, (s.refund + s.compensation + BOND + reward).toString());
    assert.equal(await tokens(requester.address), before + s.refund + s.compensation + reward);
    assert.equal(await sys.court.claimable(requester.address), 0n);
    assert.equal(await sys.market.claimable(requester.address), 0n);
    await checkConservation(sys);
  });

  it("refuses a challenge by the replica, without funds, or after the window, changing nothing", async () => {
    const { sys } = world;
    await faulty.stop(); // an honest node takes this one
    sys.requester.reset(); // the CLI sent transactions from the same account
    const jobId = await postJob(sys, world.store.store, { module, input: toUtf8Bytes("final"), replicas: 1 });
    await world.revealNow(jobId); // revealed at once, not sealed through its window
    await revealsClosed(jobId);
    const provider = (await sys.market.getAssignments(jobId))[0]!.provider;
    const index = honest.findIndex((n) => n.address === provider);
    assert.ok(index >= 0, "an honest node holds the slot");
    const unchanged = async (label: string) => {
      assert.equal(Number((await sys.court.getVerification(jobId)).status), VerificationStatus.None, label);
      assert.equal(Number((await sys.market.getJob(jobId)).status), JobStatus.Open, label);
      assert.equal(await tokens(stranger.address), 0n, label);
    };

    const verify = await cli.run(["job", "verify", String(jobId), "--json"]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    assert.equal(verify.json.verified, true);

    const byReplica = await cli.run(["job", "challenge", String(jobId), "--json"], {
      HASHWORK_PRIVATE_KEY: account(3 + index).privateKey,
    });
    assert.equal(byReplica.code, 8, byReplica.stdout + byReplica.stderr);
    assert.equal(byReplica.json.error.code, "CANNOT_CHALLENGE");
    await unchanged("by the replica");

    const broke = await cli.run(["job", "challenge", String(jobId), "--json"], {
      HASHWORK_PRIVATE_KEY: stranger.privateKey,
    });
    assert.equal(broke.code, 4, broke.stdout + broke.stderr);
    assert.equal(broke.json.error.code, "INSUFFICIENT_BALANCE");
    assert.match(broke.json.error.message, /challenge bond/);
    await unchanged("without funds");

    // Nobody may settle it in between: stop the nodes, then let the challenge window pass.
    await Promise.all(world.nodes.map((n) => n.stop()));
    const { challengeEndsAt } = await sys.market.timeline(jobId);
    const now = (await sys.provider.getBlock("latest"))!.timestamp;
    await world.advance(Number(challengeEndsAt) - now + 1);
    const before = await tokens(requester.address);
    const late = await cli.run(["job", "challenge", String(jobId)], asRequester);
    assert.equal(late.code, 8, late.stdout + late.stderr);
    assert.match(late.stderr, /challenge window of job \d+ closed/);
    assert.match(late.stderr, /job wait/);
    await unchanged("after the window");
    assert.equal(await tokens(requester.address), before);
    assert.equal(await sys.token.allowance(requester.address, await sys.court.getAddress()), 0n);
  });

  /** The job's escrow as posted (JobPosted carries the budget; the fee and audit fee follow from the job). */
  async function escrowOf(jobId: bigint): Promise<{ escrow: bigint }> {
    const j = await world.sys.market.getJob(jobId);
    return { escrow: j.replicas * j.budget + j.fee + j.auditFee };
  }
});
