import { expect } from "chai";
import {
  Fault,
  JobStatus,
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
} from "../fixture.js";

describe("flow: Post_Claim_NoQuorum_Refund (k = 3)", () => {
  it("three different hashes: no majority, the requester gets everything back, nobody is slashed or paid", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys, { replicas: 3 });
    const claimers = await claimSlots(sys, jobId, sys.providers, 3);
    const hashes = [ethers.id("a"), ethers.id("b"), ethers.id("c")];
    await commitAll(sys, jobId, claimers, hashes);
    await revealAll(sys, jobId, claimers, hashes);

    const settle = sys.market.settle(jobId);
    await expect(settle)
      .to.emit(sys.market, "JobSettled")
      .withArgs(jobId, sys.requester.address, Outcome.NoConsensus, ethers.ZeroHash, 0n, 0n, 6n * TOKEN, 0n, 0n);
    await expect(settle).to.not.emit(sys.market, "AssignmentSlashed");
    await expect(settle).to.not.emit(sys.market, "ProviderPaid");
    expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Refunded);
    for (const p of claimers) {
      const rec = await providerOf(sys.registry, p);
      expect([rec.stake, rec.locked, rec.activeJobs, rec.completed, rec.slashes]).to.deep.equal([
        1_000n * TOKEN,
        0n,
        0n,
        0n,
        0n,
      ]);
    }
    expect(await sys.market.claimable(sys.treasury.address)).to.equal(0n);
    await expectConservation(sys);
    await expect(sys.market.connect(sys.requester).withdraw()).to.changeTokenBalances(
      ethers,
      sys.token,
      [sys.market, sys.requester],
      [-6n * TOKEN, 6n * TOKEN],
    );
    await expectConservation(sys);
  });

  it("two of three no-shows: one revealed hash is no majority; the no-shows pay, the requester is refunded", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const params = await currentParameters(sys.market);
    const jobId = await postJob(sys, { replicas: 3 });
    const job = await sys.market.getJob(jobId);
    const [honest, gone1, gone2] = await claimSlots(sys, jobId, sys.providers, 3);
    const out = ethers.id("lonely output");
    await commitAll(sys, jobId, [honest], [out]);
    await networkHelpers.time.increaseTo(job.commitDeadline + 1n);
    await revealAll(sys, jobId, [honest], [out]);

    const e = expectedSettlement({
      params,
      feeBps: job.feeBps,
      collateral: job.collateral,
      escrow: 3n * job.maxPrice,
      winnerPrices: [],
      paid: false,
      dissenters: 0,
      noShows: 2,
    });
    const settle = sys.market.connect(sys.other).settle(jobId);
    for (const g of [gone1, gone2]) {
      await expect(settle).to.emit(sys.market, "AssignmentSlashed").withArgs(jobId, g.address, Fault.NoShow, TOKEN);
    }
    await expect(settle).to.not.emit(sys.market, "ProviderPaid");
    await expect(settle)
      .to.emit(sys.market, "JobSettled")
      .withArgs(
        jobId,
        sys.requester.address,
        Outcome.NoConsensus,
        ethers.ZeroHash,
        0n,
        0n,
        6n * TOKEN,
        TOKEN,
        2n * TOKEN,
      );
    expect(await sys.market.claimable(sys.requester.address)).to.equal(6n * TOKEN + e.compensation);
    expect(await sys.market.claimable(sys.treasury.address)).to.equal(e.treasury); // incl. the unused honest share
    expect(await sys.market.claimable(honest.address)).to.equal(0n);
    const rec = await providerOf(sys.registry, honest);
    expect([rec.stake, rec.locked, rec.completed, rec.slashes, rec.noShows]).to.deep.equal([
      1_000n * TOKEN,
      0n,
      0n,
      0n,
      0n,
    ]);
    await expectConservation(sys);
  });
});
