import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { keccak256, toUtf8Bytes } from "ethers";
import { Outcome, cidOfUri, resultOf } from "../src/sdk.js";
import {
  BUDGET,
  auditFeeKept,
  checkConservation,
  commitmentsOf,
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

// Money of a default test job (helpers/market.ts): a 2-token budget per replica; a replica is paid its fuel (at least
// its 50 Mfuel minimum) at its own price; fee 2.5% of the total budget; the audit fee (10% of one budget) is escrowed
// and the court keeps 10% of the job's price for the fuel used, refunding the rest; a verifier is paid its fuel at the
// job's price. The fuel is what the metered executor reports, the same on every honest replica.
const fee = (k: bigint) => (k * BUDGET * 250n) / 10_000n;
const escrow = (k: bigint) => k * BUDGET + fee(k) + BUDGET / 10n;

describe("provider nodes: happy paths", { timeout: 600_000 }, () => {
  let world: World;
  let nodes: NodeProcess[];
  let module: Uint8Array;

  before(async () => {
    world = await createWorld("happy");
    module = await wat(UPPERCASE);
    // alice withdraws her earnings as soon as anything is claimable; the others never do.
    const withdraws = { earnings: { withdrawThreshold: "1", checkIntervalMs: 500 } };
    nodes = [
      await world.addNode("alice", 3, { config: withdraws }),
      await world.addNode("bob", 4),
      // carol claims every job first and commits in a second transaction (a node's way for a long job); alice and bob
      // run these short jobs before claiming them, and their claims commit.
      await world.addNode("carol", 5, { config: { jobs: { runFirstMaxSec: 0 } } }),
    ];
    await Promise.all(nodes.map((n) => n.start()));
  });
  after(async () => world?.teardown());

  it("k = 1, not audited: one node claims, keeps its answer sealed through the challenge window, then reveals and settles in one transaction", async () => {
    const { sys } = world;
    const jobId = await postJob(sys, world.store.store, { module, input: toUtf8Bytes("hello hashwork"), replicas: 1 });

    // The answer stays sealed (a commitment) until the window counted from the commitment is over.
    await world.passChallengeWindow(jobId, 1);
    const revealed = await waitFor(
      "ResultRevealed",
      async () => (await sys.market.queryFilter(sys.market.filters.ResultRevealed(jobId)))[0],
      90_000,
    );
    assert.equal(revealed.args.outputHash, keccak256(toUtf8Bytes("HELLO HASHWORK")));
    const fuel = revealed.args.fuelUsed;
    assert.ok(fuel > 0n, "the metered executor reports the fuel it burnt");
    const output = await world.store.store.get(cidOfUri(revealed.args.resultURI)!);
    assert.equal(new TextDecoder().decode(output), "HELLO HASHWORK");
    const decided = await sys.market.queryFilter(sys.market.filters.AuditDecided(jobId));
    assert.equal(decided[0]?.args.audited, false);
    const [settledLog] = await sys.market.queryFilter(sys.market.filters.JobSettled(jobId));
    assert.equal(settledLog?.transactionHash, revealed.transactionHash, "revealed and settled in one transaction");
    assert.equal(decided[0]?.transactionHash, revealed.transactionHash, "the audit decided in it too");

    const settled = await waitFor("JobSettled", () => settlement(sys, jobId), 60_000);
    assert.equal(settled.outcome, Outcome.Completed);
    assert.equal(settled.result, resultOf(keccak256(toUtf8Bytes("HELLO HASHWORK")), fuel));
    assert.equal(settled.paid, replicaPay(fuel));
    assert.equal(settled.fee, fee(1n));
    assert.equal(settled.fuelUsed, fuel);
    assert.equal(settled.auditFee, auditFeeKept(fuel), "the court keeps the audit fee on the fuel used");
    assert.equal(settled.refund, escrow(1n) - replicaPay(fuel) - fee(1n) - auditFeeKept(fuel), "the rest goes back");

    const winner = nodes.find((n) => n.address === revealed.args.provider) as NodeProcess;
    const row = await waitFor(
      "winner's row settled and paid",
      () => {
        const r = winner.job(jobId);
        return r?.state === "settled" && r.earned !== null ? r : undefined;
      },
      30_000,
    );
    assert.equal(BigInt(row.earned as string), replicaPay(fuel));
    assert.equal(BigInt(row.fuel_used as string), fuel);
    assert.equal(Number(row.audited), 0);
    assert.equal(Number(row.outcome), Outcome.Completed);
    // The losers skip because the one slot went to the winner (taken, or their lottery second never came), never
    // for a fault of their own (ineligible, bundle, timing); they hold no slot and landed no claim, commit or reveal.
    const lost =
      /^(all slots taken|not drawn before the claim deadline|claim deadline passed|job is Completed|claim rejected: JobMarket(SlotsFull|ClaimClosed|JobNotOpen))$/;
    for (const other of nodes.filter((n) => n !== winner)) {
      const skipped = await waitFor(
        `${other.name} skipped`,
        () => (other.job(jobId)?.state === "skipped" ? other.job(jobId) : undefined),
        30_000,
      );
      assert.match(String(skipped.reason), lost, `${other.name} skipped for losing the slot`);
      assert.equal(skipped.slot, null, `${other.name} never held a slot`);
      assert.deepEqual(
        other.txs(jobId).filter((t) => t.status === "mined" && ["claim", "commit", "reveal"].includes(String(t.kind))),
        [],
        `${other.name} made no replica's move on the job`,
      );
      assert.equal(other.verification(jobId, 0), undefined, "no audit, no verifier record");
    }
    const kinds = winner.txs(jobId).map((t) => t.kind);
    const claimFirst = winner.name === "carol";
    assert.deepEqual(
      kinds,
      claimFirst ? ["claim", "commit", "reveal"] : ["claim", "reveal"],
      "one transaction per step (a node that ran the job before claiming it committed in its claim; the reveal settles)",
    );
    await assertCommittedBy(sys, jobId, winner, claimFirst ? "commitResult" : "claim");
    await checkConservation(sys);
  });

  it("k = 1, audited: another node is drawn as the auditor, commits before the replica reveals, and is judged", async () => {
    const { sys } = world;
    const jobId = await postJob(sys, world.store.store, {
      module,
      input: toUtf8Bytes("audit me"),
      replicas: 1,
      audit: true,
    });
    const drawn = await waitFor(
      "an auditor drawn",
      async () => (await sys.court.queryFilter(sys.court.filters.VerifierDrawn(jobId)))[0],
      150_000,
    );
    const replica = (await sys.market.getAssignments(jobId))[0]!.provider;
    assert.notEqual(drawn.args.verifier, replica, "the replica never audits itself");
    assert.equal(drawn.args.round, 0n);

    // The auditor committed before the replica revealed: the auditor never sees the answer it checks.
    const revealed = await waitFor(
      "the replica's ResultRevealed",
      async () => (await sys.market.queryFilter(sys.market.filters.ResultRevealed(jobId)))[0],
      150_000,
    );
    const committed = (await sys.court.queryFilter(sys.court.filters.VerdictCommitted(jobId)))[0];
    assert.ok(committed, "the auditor committed");
    assert.ok(
      committed.blockNumber < revealed.blockNumber ||
        (committed.blockNumber === revealed.blockNumber && committed.index < revealed.index),
      "the auditor's commitment precedes the replica's reveal",
    );

    await world.passChallengeWindow(jobId, 1);
    const settled = await waitFor("JobSettled", () => settlement(sys, jobId), 60_000);
    assert.equal(settled.outcome, Outcome.Completed);
    const fuel = revealed.args.fuelUsed;
    assert.equal(settled.paid, replicaPay(fuel));
    const verdict = (await sys.court.queryFilter(sys.court.filters.VerdictRevealed(jobId)))[0];
    assert.equal(verdict?.args.fuelUsed, fuel, "the auditor's metered run burnt the same fuel");
    const court = await verifierPayouts(sys, jobId);
    assert.deepEqual(court.paid.get(drawn.args.verifier), { pay: verifierPay(fuel), round: 0, upheld: true });
    assert.equal(court.slashed.size, 0);

    const auditor = nodes.find((n) => n.address === drawn.args.verifier) as NodeProcess;
    const row = await waitFor(
      "the auditor's record resolved and paid",
      () => {
        const r = auditor.verification(jobId, 0);
        return r?.state === "resolved" && r.earned !== null ? r : undefined;
      },
      60_000,
    );
    assert.equal(BigInt(row.earned as string), verifierPay(fuel));
    assert.equal(Number(row.upheld), 1);
    assert.equal(row.output_hash, revealed.args.outputHash);
    const bystander = nodes.find((n) => n.address !== replica && n !== auditor) as NodeProcess;
    assert.equal(bystander.verification(jobId, 0)?.state, "skipped");
    assert.equal(
      nodes.find((n) => n.address === replica)?.verification(jobId, 0)?.state,
      "skipped",
      "a party never audits",
    );
    await waitFor("auditor verdict metric", async () =>
      /hashwork_node_verifier_verdicts_total\{role="auditor",upheld="true"\} 1/.test(await auditor.metrics())
        ? true
        : undefined,
    );
    await checkConservation(sys);
  });

  it("k = 3: three nodes commit, reveal, settle and are all paid; alice withdraws", async () => {
    const { sys } = world;
    const jobId = await postJob(sys, world.store.store, {
      module,
      input: toUtf8Bytes("replicated compute"),
      replicas: 3,
    });
    await world.passChallengeWindow(jobId, 3);
    const settled = await waitFor("JobSettled", () => settlement(sys, jobId), 120_000);
    assert.equal(settled.outcome, Outcome.Completed);
    const fuel = settled.fuelUsed;
    assert.equal(settled.result, resultOf(keccak256(toUtf8Bytes("REPLICATED COMPUTE")), fuel));
    assert.equal(settled.paid, 3n * replicaPay(fuel));
    assert.equal(settled.refund, escrow(3n) - 3n * replicaPay(fuel) - fee(3n) - auditFeeKept(fuel));
    const { paid, slashed } = await payouts(sys, jobId);
    assert.equal(slashed.size, 0);
    for (const node of nodes) {
      assert.equal(paid.get(node.address), replicaPay(fuel), `${node.name} paid`);
      const row = await waitFor(
        `${node.name} settled`,
        () => (node.job(jobId)?.state === "settled" ? node.job(jobId) : undefined),
        30_000,
      );
      assert.equal(row.output_hash, keccak256(toUtf8Bytes("REPLICATED COMPUTE")));
      const kinds = node.txs(jobId).map((t) => t.kind);
      const claimFirst = node.name === "carol";
      assert.equal(kinds.filter((k) => k === "claim").length, 1, `${node.name}: one claim`);
      assert.equal(kinds.filter((k) => k === "commit").length, claimFirst ? 1 : 0, `${node.name}: commits`);
      await assertCommittedBy(sys, jobId, node, claimFirst ? "commitResult" : "claim");
      assert.equal(kinds.filter((k) => k === "reveal").length, 1, `${node.name}: one reveal`);
    }
    const alice = nodes[0]!;
    await waitFor(
      "alice withdraws her earnings",
      async () => ((await sys.market.claimable(alice.address)) === 0n ? true : undefined),
      30_000,
    );
    assert.ok((await sys.market.queryFilter(sys.market.filters.Withdrawn(alice.address))).length >= 1);
    assert.ok((await sys.market.claimable(nodes[1]!.address)) > 0n, "bob's policy is off: his earnings stay claimable");
    const metrics = await alice.metrics();
    assert.match(metrics, /hashwork_node_jobs\{state="settled"\} [1-9]/);
    assert.match(metrics, /hashwork_node_audits_decided_total\{audited="false"\} [1-9]/);
    const health = await alice.health();
    assert.equal(health.status, 200, JSON.stringify(health.body));
    await checkConservation(sys);
  });
});

/** Where `node`'s commitment on the job came from: its own claim (a job it ran first) or a separate `commitResult`. */
async function assertCommittedBy(
  sys: World["sys"],
  jobId: bigint,
  node: NodeProcess,
  by: "claim" | "commitResult",
): Promise<void> {
  const c = await commitmentsOf(sys, jobId, node.address);
  assert.ok(c.claimed, `${node.name} claimed`);
  assert.equal(c.inClaim !== undefined, by === "claim", `${node.name}'s claim committed: ${by === "claim"}`);
  assert.equal(c.separate, by === "claim" ? 0 : 1, `${node.name}'s separate commitments`);
}
