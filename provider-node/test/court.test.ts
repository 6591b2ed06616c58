import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { keccak256, toUtf8Bytes } from "ethers";
import { Fault, Outcome, VerificationReason, resultOf } from "../src/sdk.js";
import {
  BUDGET,
  TEST_COURT_PARAMS,
  TEST_PARAMS,
  checkConservation,
  payouts,
  postJob,
  replicaPay,
  settlement,
  verifierPay,
  verifierPayouts,
} from "./helpers/market.js";
import type { NodeProcess } from "./helpers/nodes.js";
import { waitFor } from "./helpers/ports.js";
import { createWorld, type World } from "./helpers/suite.js";
import { UPPERCASE, wat } from "./helpers/wasm.js";

// A default job's money (helpers/market.ts): a 2-token budget per replica, collateral 10x = 20 tokens, fully slashed
// for a dissent; the requester's share is 50% of slashes capped at k x budget, the winners' 20%, a winning
// challenger's 20% (capped at its bond, 4x budget = 8 tokens); replicas are paid their fuel (at least their minimum)
// at their price, verifiers their fuel at the job's price.
const COLLATERAL = 10n * BUDGET;
const BOND = (BUDGET * TEST_COURT_PARAMS.bondBps) / 10_000n;
const share = (bps: bigint) => (COLLATERAL * bps) / 10_000n;
// The watcher accepts smaller inputs than the replicas (whose limits are the defaults).
const WATCHER_MAX_INPUT = 4096;

/**
 * The court end to end with real nodes: audits and panels are served by nodes drawn from the network, and a watching
 * node challenges what nobody else would. One faulty node (`--faulty`: wrong answers as replica and verifier), four
 * honest ones, and an honest watcher (sampleRate 1) that is also a provider. Where the faulty node must hold the slot
 * it runs alone until it claimed; the others start afterwards (and skip the full job).
 */
describe("provider nodes: audits, panels and the watcher", { timeout: 900_000 }, () => {
  let world: World;
  let faulty: NodeProcess;
  let honest: NodeProcess[];
  let watcher: NodeProcess;
  let module: Uint8Array;

  before(async () => {
    world = await createWorld("court");
    module = await wat(UPPERCASE);
    faulty = await world.addNode("faulty", 3);
    honest = [
      await world.addNode("honest-1", 4),
      await world.addNode("honest-2", 5),
      await world.addNode("honest-3", 6),
      await world.addNode("honest-4", 7),
    ];
    watcher = await world.addNode("watcher", 8, {
      config: {
        watcher: { sampleRate: 1, maxBondTokens: "50" },
        limits: { maxInputBytes: WATCHER_MAX_INPUT },
        earnings: { withdrawThreshold: "1", checkIntervalMs: 500 },
      },
    });
    // A watcher bonds from its own balance (its stake stays in the registry).
    const { sys } = world;
    await (await sys.token.connect(sys.deployer).transfer(watcher.address, 2n * BOND)).wait();
  });
  after(async () => world?.teardown());

  const others = () => [...honest, watcher];

  /** Starts `first` alone, posts a job, waits until `first` holds every slot, then starts the rest of the network. */
  async function postFor(first: NodeProcess[], o: { input: string; replicas: number; audit: boolean }) {
    const { sys } = world;
    for (const n of [faulty, ...others()]) if (n.running && !first.includes(n)) await n.stop();
    await Promise.all(first.filter((n) => !n.running).map((n) => n.start({ faulty: n === faulty })));
    const jobId = await postJob(sys, world.store.store, {
      module,
      input: toUtf8Bytes(o.input),
      replicas: o.replicas,
      audit: o.audit,
    });
    await waitFor(
      "every slot claimed",
      async () => ((await sys.market.getJob(jobId)).claimed === BigInt(o.replicas) ? true : undefined),
      120_000,
    );
    const holders = (await sys.market.getAssignments(jobId)).map((a) => a.provider);
    assert.deepEqual(new Set(holders), new Set(first.map((n) => n.address)), "the intended nodes hold the slots");
    await Promise.all([faulty, ...others()].filter((n) => !n.running).map((n) => n.start({ faulty: n === faulty })));
    return jobId;
  }

  async function settled(jobId: bigint) {
    return waitFor("JobSettled", () => settlement(world.sys, jobId), 400_000);
  }

  it("k = 3: a faulty replica's dissent goes to a panel of nodes, which upholds the honest result", async () => {
    const { sys } = world;
    const replicas = [faulty, honest[0]!, honest[1]!];
    const jobId = await postFor(replicas, { input: "three replicas", replicas: 3, audit: false });

    const started = await waitFor(
      "VerificationStarted",
      async () => (await sys.market.queryFilter(sys.market.filters.VerificationStarted(jobId)))[0],
      240_000,
    );
    assert.equal(Number(started.args.reason), VerificationReason.Disagreement);
    const done = await settled(jobId);
    assert.equal(done.outcome, Outcome.Completed);
    const fuel = done.fuelUsed;
    assert.equal(done.result, resultOf(keccak256(toUtf8Bytes("THREE REPLICAS")), fuel));

    // The faulty replica lost its collateral; the honest ones were paid their minimum plus a bonus.
    const { paid, payment, slashed } = await payouts(sys, jobId);
    assert.deepEqual(slashed.get(faulty.address), { amount: COLLATERAL, reason: Fault.Dissent });
    const bonus = share(TEST_PARAMS.honestShareBps) / 2n;
    for (const h of [honest[0]!, honest[1]!]) {
      assert.equal(payment.get(h.address), replicaPay(fuel), `${h.name} paid for its fuel`);
      assert.equal(paid.get(h.address), replicaPay(fuel) + bonus, `${h.name} paid a bonus from the slash`);
    }
    const compensation = share(TEST_PARAMS.requesterShareBps); // 10 tokens, above what was escrowed for replicas
    assert.equal(done.compensation, compensation < 3n * BUDGET ? compensation : 3n * BUDGET);

    // The panel: three of the four bystanders, drawn, executed, upheld.
    const court = await verifierPayouts(sys, jobId);
    assert.equal(court.paid.size, 3);
    assert.equal(court.slashed.size, 0);
    const bystanders = [honest[2]!, honest[3]!, watcher];
    for (const [verifier, p] of court.paid) {
      assert.ok(
        bystanders.some((n) => n.address === verifier),
        "only bystanders sit on the panel",
      );
      assert.deepEqual(p, { pay: verifierPay(fuel), round: 1, upheld: true });
      const node = bystanders.find((n) => n.address === verifier)!;
      const row = await waitFor(`${node.name}'s panel record resolved`, () => {
        const r = node.verification(jobId, 1);
        return r?.state === "resolved" && r.upheld !== null ? r : undefined;
      });
      assert.equal(Number(row.upheld), 1);
      assert.equal(row.output_hash, keccak256(toUtf8Bytes("THREE REPLICAS")));
    }

    // The faulty node followed its job through the court and recorded the slash.
    const row = await waitFor("the faulty node recorded the slash", () => {
      const r = faulty.job(jobId);
      return r?.state === "settled" && r.slashed !== null ? r : undefined;
    });
    assert.equal(BigInt(row.slashed as string), COLLATERAL);
    await waitFor("slash metric", async () =>
      /hashwork_node_slashes_total\{reason="dissent"\} 1/.test(await faulty.metrics()) ? true : undefined,
    );
    assert.equal(watcher.watch(jobId)?.state, "skipped", "a disagreement needs no watcher");
    await checkConservation(sys);
  });

  it("k = 1, audited: the auditor (a node) catches a faulty replica; a panel overturns its result", async () => {
    const { sys } = world;
    const jobId = await postFor([faulty], { input: "audit the faulty", replicas: 1, audit: true });
    const started = await waitFor(
      "VerificationStarted",
      async () => (await sys.market.queryFilter(sys.market.filters.VerificationStarted(jobId)))[0],
      300_000,
    );
    assert.equal(Number(started.args.reason), VerificationReason.Disagreement, "the auditor disagreed");
    const done = await settled(jobId);
    assert.equal(done.outcome, Outcome.Overturned);
    assert.equal(done.result, resultOf(keccak256(toUtf8Bytes("AUDIT THE FAULTY")), done.fuelUsed));
    assert.equal(done.paid, 0n);
    assert.equal(done.compensation, BUDGET, "compensation capped at what the requester escrowed for replicas");
    const { slashed } = await payouts(sys, jobId);
    assert.deepEqual(slashed.get(faulty.address), { amount: COLLATERAL, reason: Fault.Dissent });

    const court = await verifierPayouts(sys, jobId);
    const auditors = [...court.paid].filter(([, p]) => p.round === 0);
    const panel = [...court.paid].filter(([, p]) => p.round === 1);
    assert.equal(auditors.length, 1);
    assert.equal(panel.length, 3);
    const [auditorAddress, audit] = auditors[0]!;
    assert.equal(audit.upheld, true, "the auditor's answer was the verdict");
    assert.ok(!panel.some(([a]) => a === auditorAddress), "the auditor never sits on the panel");
    assert.ok(!panel.some(([a]) => a === faulty.address));
    const auditor = others().find((n) => n.address === auditorAddress)!;
    const row = await waitFor("the auditor's record resolved", () => {
      const r = auditor.verification(jobId, 0);
      return r?.state === "resolved" && r.upheld !== null ? r : undefined;
    });
    assert.equal(Number(row.upheld), 1);
    assert.equal(faulty.verification(jobId, 0)?.state, "skipped", "a replica never audits its own job");
    const status = auditor.status() as {
      verifications: Record<string, number>;
      recentVerifications: { job_id: string; round: number; state: string }[];
    };
    assert.ok((status.verifications.resolved ?? 0) >= 1, "status lists verifier records");
    assert.ok(
      status.recentVerifications.some((v) => v.job_id === jobId.toString() && v.round === 0 && v.state === "resolved"),
    );
    await checkConservation(sys);
  });

  it("watcher: a faulty replica's unaudited result is challenged by a watching node, which wins", async () => {
    const { sys } = world;
    const jobId = await postFor([faulty], { input: "watch me", replicas: 1, audit: false });
    const opened = await waitFor(
      "ChallengeOpened",
      async () => (await sys.court.queryFilter(sys.court.filters.ChallengeOpened(jobId)))[0],
      300_000,
    );
    assert.equal(opened.args.challenger, watcher.address);
    assert.equal(opened.args.bond, BOND);
    const done = await settled(jobId);
    assert.equal(done.outcome, Outcome.Overturned);
    assert.equal(done.result, resultOf(keccak256(toUtf8Bytes("WATCH ME")), done.fuelUsed));
    assert.ok(done.fuelUsed > 0n);

    const challenge = (await sys.court.queryFilter(sys.court.filters.ChallengeSettled(jobId)))[0];
    assert.equal(challenge?.args.won, true);
    assert.equal(challenge?.args.bondReturned, BOND);
    assert.equal(challenge?.args.reward, share(TEST_PARAMS.challengerShareBps));
    const court = await verifierPayouts(sys, jobId);
    assert.ok(!court.paid.has(watcher.address), "the challenger never sits on the panel");

    const row = await waitFor("the watcher recorded its win", () => {
      const r = watcher.watch(jobId);
      return r?.state === "settled" ? r : undefined;
    });
    assert.equal(row.challenge_result, "won");
    assert.equal(BigInt(row.bond as string), BOND);
    assert.equal(BigInt(row.earned as string), BOND + share(TEST_PARAMS.challengerShareBps));
    const metrics = await watcher.metrics();
    assert.match(metrics, /hashwork_node_watcher_challenges_total\{result="won"\} 1/);
    assert.match(metrics, /hashwork_node_watcher_checked_total\{agreed="false"\} 1/);
    assert.match(metrics, /hashwork_node_watcher_bonds_open 0/);
    await waitFor("the watcher withdrew its court balance", async () =>
      (await sys.court.claimable(watcher.address)) === 0n &&
      (await sys.court.queryFilter(sys.court.filters.Withdrawn(watcher.address))).length > 0
        ? true
        : undefined,
    );
    await checkConservation(sys);
  });

  it("watcher: a job whose input is beyond the watcher's limits is skipped, not fetched and run", async () => {
    const input = "x".repeat(2 * WATCHER_MAX_INPUT);
    const jobId = await postFor([honest[0]!], { input, replicas: 1, audit: false });
    const row = await waitFor("the watch ends", () => {
      const r = watcher.watch(jobId);
      return r && r.state !== "seen" ? r : undefined;
    });
    assert.deepEqual(
      [row.state, row.reason],
      ["skipped", `beyond this node's limits: input has ${input.length} bytes (limit ${WATCHER_MAX_INPUT})`],
    );
    await world.passChallengeWindow(jobId, 1);
    const done = await settled(jobId);
    assert.equal(done.outcome, Outcome.Completed);
    assert.equal(done.result, resultOf(keccak256(toUtf8Bytes(input.toUpperCase())), done.fuelUsed));
  });

  it("watcher: a challenge a reorg removes stops counting its bond as open", async () => {
    const { sys, chain } = world;
    const snapshot = await world.chain.rpc("evm_snapshot");
    const jobId = await postFor([faulty], { input: "watch me, then forget it", replicas: 1, audit: false });
    await waitFor(
      "the watcher challenged",
      () => (watcher.watch(jobId)?.state === "challenged" ? true : undefined),
      300_000,
    );
    assert.match(await watcher.metrics(), new RegExp(`hashwork_node_watcher_bonds_open ${BOND}`));

    // Every block since before the posting is replaced by another history without the job (or the challenge).
    assert.equal(await chain.rpc("evm_revert", [snapshot]), true);
    for (let i = 0; i < 5; i++) await chain.rpc("evm_mine");
    sys.deployer.reset();
    sys.requester.reset();

    const row = await waitFor(
      "the watch ends",
      () => {
        const r = watcher.watch(jobId);
        return r && r.state !== "challenged" ? r : undefined;
      },
      120_000,
    );
    assert.deepEqual([row.state, row.reason], ["failed", "our challenge is not on this chain (reorged out)"]);
    assert.match(await watcher.metrics(), /hashwork_node_watcher_bonds_open 0/);
  });
});
