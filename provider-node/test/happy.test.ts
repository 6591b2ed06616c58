import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { keccak256, toUtf8Bytes } from "ethers";
import { cidOfUri } from "../src/content/bundle.js";
import { Outcome, resultOf } from "../src/sdk.js";
import {
  TOKEN,
  auditFeeKept,
  checkConservation,
  payouts,
  postJob,
  settlement,
  verifierPay,
  verifierPayouts,
} from "./helpers/market.js";
import type { NodeProcess } from "./helpers/nodes.js";
import { waitFor } from "./helpers/ports.js";
import { createWorld, type World } from "./helpers/suite.js";
import { UPPERCASE, wat } from "./helpers/wasm.js";

// Money of a default test job (helpers/market.ts): 50 Mfuel at 0.04 token per Mfuel = a 2-token budget per replica;
// a replica charges 0.02 token per Mfuel with a 10 Mfuel minimum, and today's executor reports no fuel (0), so every
// honest replica is paid its minimum: 0.2 token. Fee 2.5% of the total budget; the audit fee (10% of one budget) is
// escrowed, and the court keeps 10% of the job's price for the fuel used (none today), refunding the rest. A verifier
// is paid its fuel at the job's price (nothing today, until the executor meters).
const BUDGET = 2n * TOKEN;
const MINIMUM_PAY = TOKEN / 5n;
const FUEL = 0n;
const fee = (k: bigint) => (k * BUDGET * 250n) / 10_000n;

describe("provider nodes: happy paths", { timeout: 600_000 }, () => {
  let world: World;
  let nodes: NodeProcess[];
  let module: Uint8Array;

  before(async () => {
    world = await createWorld("happy");
    module = await wat(UPPERCASE);
    // alice withdraws her earnings as soon as 0.1 token is claimable; the others never do.
    const withdraws = { earnings: { withdrawThreshold: "100000000000000000", checkIntervalMs: 500 } };
    nodes = [
      await world.addNode("alice", 3, { config: withdraws }),
      await world.addNode("bob", 4),
      await world.addNode("carol", 5),
    ];
    await Promise.all(nodes.map((n) => n.start()));
  });
  after(async () => world?.teardown());

  it("k = 1, not audited: one node claims, commits, reveals, and settles after the challenge window", async () => {
    const { sys } = world;
    const jobId = await postJob(sys, world.store.store, { module, input: toUtf8Bytes("hello hashwork"), replicas: 1 });

    const revealed = await waitFor(
      "ResultRevealed",
      async () => (await sys.market.queryFilter(sys.market.filters.ResultRevealed(jobId)))[0],
      90_000,
    );
    assert.equal(revealed.args.outputHash, keccak256(toUtf8Bytes("HELLO HASHWORK")));
    assert.equal(revealed.args.fuelUsed, 0n, "today's executor reports no fuel");
    const output = await world.store.store.get(cidOfUri(revealed.args.resultURI));
    assert.equal(new TextDecoder().decode(output), "HELLO HASHWORK");
    const decided = await sys.market.queryFilter(sys.market.filters.AuditDecided(jobId));
    assert.equal(decided[0]?.args.audited, false);

    await world.passChallengeWindow(jobId, 1);
    const settled = await waitFor("JobSettled", () => settlement(sys, jobId), 60_000);
    assert.equal(settled.outcome, Outcome.Completed);
    assert.equal(settled.result, resultOf(keccak256(toUtf8Bytes("HELLO HASHWORK")), 0n));
    assert.equal(settled.paid, MINIMUM_PAY);
    assert.equal(settled.fee, fee(1n));
    assert.equal(settled.fuelUsed, FUEL);
    assert.equal(settled.auditFee, auditFeeKept(FUEL), "the court keeps the audit fee on the fuel used");
    const escrow = BUDGET + fee(1n) + BUDGET / 10n;
    assert.equal(settled.refund, escrow - MINIMUM_PAY - fee(1n) - auditFeeKept(FUEL), "the rest goes back");

    const winner = nodes.find((n) => n.address === revealed.args.provider) as NodeProcess;
    const row = await waitFor(
      "winner's row settled and paid",
      () => {
        const r = winner.job(jobId);
        return r?.state === "settled" && r.earned !== null ? r : undefined;
      },
      30_000,
    );
    assert.equal(BigInt(row.earned as string), MINIMUM_PAY);
    assert.equal(Number(row.audited), 0);
    assert.equal(Number(row.outcome), Outcome.Completed);
    for (const other of nodes.filter((n) => n !== winner)) {
      const r = await waitFor(
        `${other.name} skipped`,
        () => (other.job(jobId)?.state === "skipped" ? true : undefined),
        30_000,
      );
      assert.ok(r);
      assert.equal(other.verification(jobId, 0), undefined, "no audit, no verifier record");
    }
    const kinds = winner.txs(jobId).map((t) => t.kind);
    assert.deepEqual(
      kinds.filter((k) => k !== "settle"),
      ["claim", "commit", "decide-audit", "reveal"],
      "one transaction per step",
    );
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
    assert.equal(settled.paid, MINIMUM_PAY);
    const court = await verifierPayouts(sys, jobId);
    assert.deepEqual(court.paid.get(drawn.args.verifier), { pay: verifierPay(FUEL), round: 0, upheld: true });
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
    assert.equal(BigInt(row.earned as string), verifierPay(FUEL));
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
    assert.equal(settled.result, resultOf(keccak256(toUtf8Bytes("REPLICATED COMPUTE")), 0n));
    assert.equal(settled.paid, 3n * MINIMUM_PAY);
    assert.equal(
      settled.refund,
      3n * BUDGET + fee(3n) + BUDGET / 10n - 3n * MINIMUM_PAY - fee(3n) - auditFeeKept(FUEL),
    );
    const { paid, slashed } = await payouts(sys, jobId);
    assert.equal(slashed.size, 0);
    for (const node of nodes) {
      assert.equal(paid.get(node.address), MINIMUM_PAY, `${node.name} paid`);
      const row = await waitFor(
        `${node.name} settled`,
        () => (node.job(jobId)?.state === "settled" ? node.job(jobId) : undefined),
        30_000,
      );
      assert.equal(row.output_hash, keccak256(toUtf8Bytes("REPLICATED COMPUTE")));
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
