import { expect } from "chai";
import { commitment } from "../../../sdk/src/results.js";
import {
  Fault,
  Outcome,
  TOKEN,
  claimSlots,
  commitAll,
  currentParameters,
  ethers,
  expectConservation,
  expectedSettlement,
  networkHelpers,
  postJob,
  providerOf,
  providersFixture,
  revealAll,
  saltOf,
} from "../fixture.js";

/**
 * Attacks on k >= 2 consensus: copying another provider's answer, and cartels that post the same wrong hash.
 * A cartel below quorum loses its collateral; a cartel that holds a strict majority of a job's slots wins — the
 * honest-majority assumption, whose price is how rarely a cartel draws a majority (StakeProportionality) and
 * whose expected profit sim:economics measures.
 */
const OUT = ethers.id("honest output");
const WRONG = ethers.id("the cartel's output");

describe("adversarial: Consensus", () => {
  it("a provider that copies another's commitment cannot reveal it and is slashed as a no-show", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys, { replicas: 3 });
    const job = await sys.market.getJob(jobId);
    const [h1, h2, copier] = await claimSlots(sys, jobId, sys.providers, 3);
    await commitAll(sys, jobId, [h1, h2], [OUT, OUT]);
    // The copier reads h1's commitment from the chain and posts it as its own.
    const [a1] = await sys.market.getAssignments(jobId);
    await sys.market.connect(copier).commitResult(jobId, a1.hash);
    await revealAll(sys, jobId, [h1, h2], [OUT, OUT]);
    // Now h1's hash and salt are public, but the commitment binds h1's address: it does not open for the copier.
    await expect(sys.market.connect(copier).revealResult(jobId, OUT, saltOf(h1), ""))
      .to.be.revertedWithCustomError(sys.market, "JobMarketCommitmentMismatch")
      .withArgs(jobId, copier.address);
    expect(commitment(jobId, copier.address, OUT, saltOf(h1))).to.not.equal(a1.hash);

    await networkHelpers.time.increaseTo(job.revealDeadline + 1n);
    const e = expectedSettlement({
      params: await currentParameters(sys.market),
      feeBps: job.feeBps,
      collateral: job.collateral,
      escrow: 3n * job.maxPrice,
      winnerPrices: [TOKEN, TOKEN],
      paid: true,
      dissenters: 0,
      noShows: 1,
    });
    await expect(sys.market.settle(jobId))
      .to.emit(sys.market, "AssignmentSlashed")
      .withArgs(jobId, copier.address, Fault.NoShow, e.noShowSlash);
    expect((await providerOf(sys.registry, copier)).stake).to.equal(1_000n * TOKEN - e.noShowSlash);
    for (const [i, h] of [h1, h2].entries()) {
      expect(await sys.market.claimable(h.address)).to.equal(e.payments[i] + e.bonus);
    }
    expect(await sys.market.claimable(copier.address)).to.equal(0n);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(e.requester);
    await expectConservation(sys);
  });

  it("a replica cannot wait for the others' reveals: reveals open only once no more commitments can arrive", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys, { replicas: 3 });
    const job = await sys.market.getJob(jobId);
    const [h1, h2] = await claimSlots(sys, jobId, sys.providers, 2);
    await commitAll(sys, jobId, [h1, h2], [OUT, OUT]);
    // A third slot is still claimable, so its future holder could copy: reveals stay closed.
    await expect(sys.market.connect(h1).revealResult(jobId, OUT, saltOf(h1), ""))
      .to.be.revertedWithCustomError(sys.market, "JobMarketRevealNotOpen")
      .withArgs(jobId);
    // A late claimer that committed nothing by the deadline can no longer commit once reveals are open.
    const late = sys.providers.find((p) => p !== h1 && p !== h2)!;
    await networkHelpers.time.setNextBlockTimestamp(job.claimDeadline);
    await sys.market.connect(late).claim(jobId);
    await networkHelpers.time.increaseTo(job.commitDeadline + 1n);
    await revealAll(sys, jobId, [h1, h2], [OUT, OUT]);
    await expect(sys.market.connect(late).commitResult(jobId, commitment(jobId, late.address, OUT, saltOf(late))))
      .to.be.revertedWithCustomError(sys.market, "JobMarketDeadlinePassed")
      .withArgs(jobId, job.commitDeadline);
    await expectConservation(sys);
  });

  it("a cartel below quorum (2 of 5 post the same wrong hash) loses its collateral to the honest three", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys, { replicas: 5 });
    const job = await sys.market.getJob(jobId);
    const claimers = await claimSlots(sys, jobId, sys.providers, 5);
    const cartel = claimers.slice(0, 2);
    const honest = claimers.slice(2);
    const hashes = [WRONG, WRONG, OUT, OUT, OUT];
    await commitAll(sys, jobId, claimers, hashes);
    await revealAll(sys, jobId, claimers, hashes);
    const e = expectedSettlement({
      params: await currentParameters(sys.market),
      feeBps: job.feeBps,
      collateral: job.collateral,
      escrow: 5n * job.maxPrice,
      winnerPrices: [TOKEN, TOKEN, TOKEN],
      paid: true,
      dissenters: 2,
      noShows: 0,
    });
    await expect(sys.market.settle(jobId))
      .to.emit(sys.market, "JobSettled")
      .withArgs(
        jobId,
        sys.requester.address,
        Outcome.Completed,
        OUT,
        e.paid,
        e.feeTotal,
        e.refund,
        e.compensation,
        e.slashed,
      );
    for (const c of cartel) {
      expect((await providerOf(sys.registry, c)).stake).to.equal(1_000n * TOKEN - job.collateral); // all of it
      expect(await sys.market.claimable(c.address)).to.equal(0n);
    }
    for (const h of honest) expect(await sys.market.claimable(h.address)).to.equal(e.payments[0] + e.bonus);
    // Each cartel member lost 4 tokens to earn nothing; each honest replica earned 0.975 + 0.8.
    expect(e.dissentSlash).to.equal(4n * TOKEN);
    expect(e.bonus).to.equal((8n * TOKEN * 3_000n) / 10_000n / 3n);
    await expectConservation(sys);
  });

  it("a cartel at quorum (2 of 3 post the same wrong hash) wins and the honest replica is slashed: the honest-majority assumption", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys, { replicas: 3 });
    const job = await sys.market.getJob(jobId);
    const claimers = await claimSlots(sys, jobId, sys.providers, 3);
    const [c1, c2, honest] = claimers;
    await commitAll(sys, jobId, claimers, [WRONG, WRONG, OUT]);
    await revealAll(sys, jobId, claimers, [WRONG, WRONG, OUT]);
    const e = expectedSettlement({
      params: await currentParameters(sys.market),
      feeBps: job.feeBps,
      collateral: job.collateral,
      escrow: 3n * job.maxPrice,
      winnerPrices: [TOKEN, TOKEN],
      paid: true,
      dissenters: 1,
      noShows: 0,
    });
    await expect(sys.market.settle(jobId))
      .to.emit(sys.market, "AssignmentSlashed")
      .withArgs(jobId, honest.address, Fault.Dissent, job.collateral);
    for (const c of [c1, c2]) expect(await sys.market.claimable(c.address)).to.equal(e.payments[0] + e.bonus);
    expect((await providerOf(sys.registry, honest)).stake).to.equal(1_000n * TOKEN - job.collateral);
    await expectConservation(sys);
  });
});
