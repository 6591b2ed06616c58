import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { NonceManager, keccak256, parseEther, toUtf8Bytes } from "ethers";
import { Verdict } from "../src/sdk.js";
import { account, postJob, settlement } from "./helpers/market.js";
import type { NodeProcess } from "./helpers/nodes.js";
import { waitFor } from "./helpers/ports.js";
import { createWorld, type World } from "./helpers/suite.js";
import { UPPERCASE, wat } from "./helpers/wasm.js";

const COMPLETED = 0; // IJobMarket.Outcome
const OVERTURNED = 5;
const DISSENT = 1; // IProviderRegistry.Fault

/**
 * k = 1 disputes end to end: real chain, real WASM, real nodes. The court's phases are the shortest the bounds
 * allow (60 s) and its lottery widens every 10 s, so with equal stakes every candidate is drawn within seconds;
 * verifiers commit as soon as they ran the job and reveal as soon as everyone committed, so a dispute resolves
 * long before its deadlines.
 */
describe("provider nodes: disputes of k = 1 results", { timeout: 300_000 }, () => {
  let world: World;
  let honest: NodeProcess[];
  let faulty: NodeProcess;
  let challenger: NonceManager;
  let module: Uint8Array;

  before(async () => {
    world = await createWorld("dispute");
    module = await wat(UPPERCASE);
    // honest-1 withdraws as soon as anything is claimable (market and court alike); the others never do.
    const withdraws = { earnings: { withdrawThreshold: "1", checkIntervalMs: 500 } };
    honest = [
      await world.addNode("honest-1", 3, { config: withdraws }),
      await world.addNode("honest-2", 4),
      await world.addNode("honest-3", 5),
      await world.addNode("honest-4", 6),
    ];
    faulty = await world.addNode("faulty", 7);
    const { sys } = world;
    challenger = new NonceManager(account(2).connect(sys.provider));
    await (await sys.token.connect(sys.deployer).transfer(account(2).address, parseEther("100"))).wait();
    await (await sys.token.connect(challenger).approve(await sys.court.getAddress(), parseEther("100"))).wait();
  });
  after(async () => world?.teardown());

  /** Disputes `jobId` from the challenger's account; returns the DisputeOpened arguments. */
  async function dispute(jobId: bigint) {
    const { court } = world.sys;
    const receipt = await (await court.connect(challenger).dispute(jobId)).wait();
    for (const log of receipt?.logs ?? []) {
      const parsed = court.interface.parseLog(log);
      if (parsed?.name === "DisputeOpened") return parsed.args;
    }
    throw new Error("DisputeOpened not found");
  }

  async function resolution(jobId: bigint) {
    const { court } = world.sys;
    return waitFor(
      "DisputeResolved",
      async () => (await court.queryFilter(court.filters.DisputeResolved(jobId)))[0]?.args,
      120_000,
    );
  }

  it("a faulty provider's result is overturned by honest verifiers: slashed, requester refunded, everyone paid", async () => {
    const { sys } = world;
    const requester = await sys.requester.getAddress();
    await faulty.start({ faulty: true }); // alone, so it takes the job
    const jobId = await postJob(sys, world.store.store, { module, input: toUtf8Bytes("dispute me"), replicas: 1 });
    const submitted = await waitFor(
      "the faulty node's ResultSubmitted",
      async () => (await sys.market.queryFilter(sys.market.filters.ResultSubmitted(jobId)))[0],
      60_000,
    );
    assert.equal(submitted.args.provider, faulty.address);
    assert.notEqual(submitted.args.resultHash, keccak256(toUtf8Bytes("DISPUTE ME")));
    await Promise.all(honest.map((n) => n.start()));

    const refundBefore = await sys.market.claimable(requester);
    const opened = await dispute(jobId);
    const resolved = await resolution(jobId);
    assert.equal(resolved.verdict, BigInt(Verdict.Overturned));
    assert.equal(resolved.majorityHash, keccak256(toUtf8Bytes("DISPUTE ME")));

    // The faulty provider lost its collateral (the registry's slash); the job is refunded.
    const slashes = await sys.registry.queryFilter(sys.registry.filters.ProviderSlashed(faulty.address));
    const slash = slashes.find((l) => l.args.jobId === jobId);
    assert.equal(slash?.args.amount, opened.collateral);
    assert.equal(resolved.providerSlashed, opened.collateral);
    const settled = await settlement(sys, jobId);
    assert.equal(settled?.outcome, OVERTURNED);
    assert.equal((await sys.market.claimable(requester)) - refundBefore, opened.bond); // bond = max price = escrow
    assert.equal(await sys.court.claimable(requester), resolved.compensation);
    assert.ok(resolved.compensation > 0n);
    assert.equal(await sys.court.claimable(account(2).address), resolved.challengerPaid);
    assert.ok(resolved.challengerPaid > opened.bond, "the challenger gets its bond back and a reward");

    // Three honest verifiers were drawn, revealed the true hash and were paid; the fourth was too late.
    const released = await sys.court.queryFilter(sys.court.filters.VerifierReleased(jobId));
    assert.equal(released.length, 3);
    const verifiers = released.map((l) => l.args.verifier);
    for (const l of released) {
      assert.ok(l.args.majority);
      assert.equal(l.args.payment, resolved.verifierPayment);
    }
    for (const node of honest) {
      const row = await waitFor(`${node.name}'s verifier row is final`, () => {
        const r = node.verification(jobId);
        return r && ["resolved", "skipped"].includes(r.state as string) && (r.state === "skipped" || r.earned !== null)
          ? r
          : undefined;
      });
      if (verifiers.includes(node.address)) {
        assert.equal(row.state, "resolved", `${node.name}: ${String(row.reason)}`);
        assert.equal(Number(row.verdict), Verdict.Overturned);
        assert.equal(BigInt(row.earned as string), resolved.verifierPayment);
        assert.equal(row.result_hash, resolved.majorityHash);
        assert.ok(String(row.result_uri).startsWith("ipfs://"));
      } else {
        assert.equal(row.state, "skipped");
      }
    }
    const verifier = honest.find((n) => n.address === verifiers[0]) as NodeProcess;
    await waitFor("disputes_verified metric", async () =>
      /hashwork_node_disputes_verified_total\{verdict="overturned"\} 1/.test(await verifier.metrics())
        ? true
        : undefined,
    );
    assert.match(await verifier.metrics(), /hashwork_node_verifier_jobs\{state="resolved"\} 1/);

    // The faulty node waited for the court (no settle attempt) and recorded the outcome and its loss.
    const row = await waitFor("the faulty node recorded the overturn", () => {
      const r = faulty.job(jobId);
      return r?.state === "settled" && r.outcome !== null && r.slashed !== null ? r : undefined;
    });
    assert.equal(Number(row.outcome), OVERTURNED);
    assert.equal(Number(row.disputed), 1);
    assert.equal(BigInt(row.slashed as string), opened.collateral);
    assert.equal(faulty.txs(jobId).filter((t) => t.kind === "settle").length, 0);
    assert.match(await faulty.metrics(), /hashwork_node_slashes_total\{reason="overturned"\} 1/);
    assert.equal(faulty.verification(jobId)?.state, "skipped"); // a party never verifies
  });

  it("an honest result is upheld: the provider is paid from the bond, a faulty verifier is slashed", async () => {
    const { sys } = world;
    await faulty.stop(); // so an honest node takes the job
    const jobId = await postJob(sys, world.store.store, { module, input: toUtf8Bytes("keep me"), replicas: 1 });
    const submitted = await waitFor(
      "an honest ResultSubmitted",
      async () => (await sys.market.queryFilter(sys.market.filters.ResultSubmitted(jobId)))[0],
      60_000,
    );
    const provider = honest.find((n) => n.address === submitted.args.provider) as NodeProcess;
    assert.ok(provider, "an honest node took the job");
    // Leave exactly three candidates (two honest nodes and the faulty one), so the faulty node is drawn.
    const spare = honest.find((n) => n !== provider && n !== honest[0]) as NodeProcess;
    await spare.stop();
    await faulty.start({ faulty: true });
    const candidates = honest.filter((n) => n !== provider && n !== spare);

    const opened = await dispute(jobId);
    const resolved = await resolution(jobId);
    assert.equal(resolved.verdict, BigInt(Verdict.Upheld));
    assert.equal(resolved.majorityHash, submitted.args.resultHash);
    assert.equal(resolved.challengerPaid, 0n);
    assert.ok(resolved.providerPaid > 0n && resolved.providerPaid < opened.bond, "the bond pays the provider");

    // The job settled as usual and the provider was paid its price too.
    const settled = await settlement(sys, jobId);
    assert.equal(settled?.outcome, COMPLETED);
    const providerRow = await waitFor("the provider's row settled and paid", () => {
      const r = provider.job(jobId);
      return r?.state === "settled" && r.earned !== null ? r : undefined;
    });
    assert.equal(Number(providerRow.disputed), 1);
    assert.equal(providerRow.slashed, null);

    // The faulty verifier committed a wrong verdict and lost a quarter of its collateral to the majority.
    const slashed = await sys.court.queryFilter(sys.court.filters.VerifierSlashed(jobId));
    assert.equal(slashed.length, 1);
    assert.equal(slashed[0]?.args.verifier, faulty.address);
    assert.equal(Number(slashed[0]?.args.reason), DISSENT);
    assert.equal(resolved.verifiersSlashed, slashed[0]?.args.amount);
    const faultyRow = await waitFor("the faulty verifier recorded its slash", () => {
      const r = faulty.verification(jobId);
      return r?.state === "resolved" && r.slashed !== null ? r : undefined;
    });
    assert.equal(BigInt(faultyRow.slashed as string), slashed[0]?.args.amount);
    assert.equal(Number(faultyRow.majority), 0);
    assert.notEqual(faultyRow.result_hash, submitted.args.resultHash);
    await waitFor("verifier slash metric", async () =>
      /hashwork_node_verifier_slashes_total\{reason="dissent"\} 1/.test(await faulty.metrics()) ? true : undefined,
    );
    for (const node of candidates) {
      const r = await waitFor(`${node.name} paid as a verifier`, () => {
        const v = node.verification(jobId);
        return v?.state === "resolved" && v.earned !== null ? v : undefined;
      });
      assert.equal(BigInt(r.earned as string), resolved.verifierPayment);
      assert.equal(Number(r.majority), 1);
    }

    // Court balances: honest-1 withdraws its court balance by policy; the others' stay claimable.
    const court = sys.court;
    const owed = new Map<string, bigint>([[provider.address, resolved.providerPaid]]);
    for (const node of candidates) owed.set(node.address, (owed.get(node.address) ?? 0n) + resolved.verifierPayment);
    const h1 = honest[0] as NodeProcess;
    await waitFor("honest-1 withdrew its court balance", async () =>
      (await court.claimable(h1.address)) === 0n &&
      (await court.queryFilter(court.filters.Withdrawn(h1.address))).length > 0
        ? true
        : undefined,
    );
    const withdrawn = await court.queryFilter(court.filters.Withdrawn(h1.address));
    assert.ok(withdrawn.reduce((s, l) => s + l.args.amount, 0n) >= (owed.get(h1.address) ?? 0n));
    for (const [address, amount] of owed) {
      if (address === h1.address) continue;
      assert.ok((await court.claimable(address)) >= amount, `${address} can withdraw ${amount}`);
    }
  });
});
