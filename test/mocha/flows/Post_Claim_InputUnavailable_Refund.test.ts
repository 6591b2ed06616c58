import { expect } from "chai";
import { INPUT_UNAVAILABLE } from "../../../sdk/src/results.js";
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

describe("flow: Post_Claim_InputUnavailable_Refund", () => {
  it("the reserved hash winning refunds the requester in full; nobody is paid, nobody slashed", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys, { replicas: 3 });
    const claimers = await claimSlots(sys, jobId, sys.providers, 3);
    const hashes = [INPUT_UNAVAILABLE, INPUT_UNAVAILABLE, INPUT_UNAVAILABLE];
    await commitAll(sys, jobId, claimers, hashes);
    await revealAll(sys, jobId, claimers, hashes);

    const settle = sys.market.settle(jobId);
    for (const p of claimers) {
      await expect(settle).to.emit(sys.market, "ProviderPaid").withArgs(jobId, p.address, 0n, 0n, 0n);
    }
    await expect(settle).to.not.emit(sys.market, "AssignmentSlashed");
    await expect(settle)
      .to.emit(sys.market, "JobSettled")
      .withArgs(jobId, sys.requester.address, Outcome.InputUnavailable, INPUT_UNAVAILABLE, 0n, 0n, 6n * TOKEN, 0n, 0n);
    expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Refunded);
    for (const p of claimers) {
      expect(await sys.market.claimable(p.address)).to.equal(0n);
      const rec = await providerOf(sys.registry, p);
      // Collateral back, no completion credited, no fault recorded.
      expect([rec.stake, rec.locked, rec.activeJobs, rec.completed, rec.slashes, rec.noShows]).to.deep.equal([
        1_000n * TOKEN,
        0n,
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

  it("a replica that claims a real result against an input-unavailable majority loses consensus", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const params = await currentParameters(sys.market);
    const jobId = await postJob(sys, { replicas: 3 });
    const job = await sys.market.getJob(jobId);
    const claimers = await claimSlots(sys, jobId, sys.providers, 3);
    const hashes = [INPUT_UNAVAILABLE, INPUT_UNAVAILABLE, ethers.id("made up")];
    await commitAll(sys, jobId, claimers, hashes);
    await revealAll(sys, jobId, claimers, hashes);
    const e = expectedSettlement({
      params,
      feeBps: job.feeBps,
      collateral: job.collateral,
      escrow: 3n * job.maxPrice,
      winnerPrices: [TOKEN, TOKEN],
      paid: false,
      dissenters: 1,
      noShows: 0,
    });
    const settle = sys.market.settle(jobId);
    await expect(settle)
      .to.emit(sys.market, "AssignmentSlashed")
      .withArgs(jobId, claimers[2].address, Fault.Dissent, e.dissentSlash);
    for (const p of claimers.slice(0, 2)) {
      await expect(settle).to.emit(sys.market, "ProviderPaid").withArgs(jobId, p.address, 0n, 0n, e.bonus);
    }
    await expect(settle)
      .to.emit(sys.market, "JobSettled")
      .withArgs(
        jobId,
        sys.requester.address,
        Outcome.InputUnavailable,
        INPUT_UNAVAILABLE,
        0n,
        0n,
        6n * TOKEN,
        e.compensation,
        e.slashed,
      );
    expect(await sys.market.claimable(sys.requester.address)).to.equal(6n * TOKEN + e.compensation);
    expect(await sys.market.claimable(sys.treasury.address)).to.equal(e.treasury);
    for (const p of claimers.slice(0, 2)) expect((await providerOf(sys.registry, p)).completed).to.equal(0n);
    await expectConservation(sys);
  });
});
