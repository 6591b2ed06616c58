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

const OUT = ethers.id("output");

describe("flow: Post_Claim_NoShow_Slash", () => {
  it("k = 1: a claimer that never submits is slashed noShowSlashBps once anyone settles after the deadline", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const params = await currentParameters(sys.market);
    const jobId = await postJob(sys);
    const job = await sys.market.getJob(jobId);
    const [p] = await claimSlots(sys, jobId, sys.providers, 1);

    await networkHelpers.time.increaseTo(job.commitDeadline + 1n);
    const e = expectedSettlement({
      params,
      feeBps: job.feeBps,
      collateral: job.collateral,
      escrow: job.maxPrice,
      winnerPrices: [],
      paid: false,
      dissenters: 0,
      noShows: 1,
    });
    expect(e.noShowSlash).to.equal(TOKEN); // 25% of 4 tokens
    const total = await sys.registry.totalStake();
    const settle = sys.market.connect(sys.other).settle(jobId);
    await expect(settle).to.emit(sys.market, "AssignmentSlashed").withArgs(jobId, p.address, Fault.NoShow, TOKEN);
    await expect(settle)
      .to.emit(sys.registry, "ProviderSlashed")
      .withArgs(p.address, jobId, Fault.NoShow, TOKEN, 999n * TOKEN, total - TOKEN);
    await expect(settle)
      .to.emit(sys.market, "JobSettled")
      .withArgs(
        jobId,
        sys.requester.address,
        Outcome.NoResult,
        ethers.ZeroHash,
        0n,
        0n,
        2n * TOKEN,
        e.compensation,
        TOKEN,
      );
    expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Refunded);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(2n * TOKEN + e.compensation);
    expect(await sys.market.claimable(sys.treasury.address)).to.equal(TOKEN - e.compensation); // no honest replicas
    const rec = await providerOf(sys.registry, p);
    expect([rec.stake, rec.locked, rec.noShows, rec.consecutiveFaults]).to.deep.equal([999n * TOKEN, 0n, 1n, 1n]);
    await expectConservation(sys);

    await expect(sys.market.connect(sys.requester).withdraw()).to.changeTokenBalances(
      ethers,
      sys.token,
      [sys.market, sys.requester],
      [-(2n * TOKEN + e.compensation), 2n * TOKEN + e.compensation],
    );
    await expectConservation(sys);
  });

  it("k = 3: a claimer that never commits is slashed and the agreeing two share its honest cut", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const params = await currentParameters(sys.market);
    const jobId = await postJob(sys, { replicas: 3 });
    const job = await sys.market.getJob(jobId);
    const [a, b, silent] = await claimSlots(sys, jobId, sys.providers, 3);
    await commitAll(sys, jobId, [a, b], [OUT, OUT]);
    await networkHelpers.time.increaseTo(job.commitDeadline + 1n); // reveals open: no more commitments can come
    await revealAll(sys, jobId, [a, b], [OUT, OUT]);
    expect(await sys.market.isSettleable(jobId)).to.equal(true);

    const e = expectedSettlement({
      params,
      feeBps: job.feeBps,
      collateral: job.collateral,
      escrow: 3n * job.maxPrice,
      winnerPrices: [TOKEN, TOKEN],
      paid: true,
      dissenters: 0,
      noShows: 1,
    });
    const settle = sys.market.settle(jobId);
    await expect(settle).to.emit(sys.market, "AssignmentSlashed").withArgs(jobId, silent.address, Fault.NoShow, TOKEN);
    for (const h of [a, b]) {
      await expect(settle)
        .to.emit(sys.market, "ProviderPaid")
        .withArgs(jobId, h.address, e.payments[0], e.fees[0], e.bonus);
    }
    await expect(settle)
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
    expect(e.bonus).to.equal((15n * TOKEN) / 100n); // 30% of 1 token, halved
    expect(await sys.market.claimable(sys.treasury.address)).to.equal(e.treasury);
    await expectConservation(sys);
  });

  it("k = 3: a claimer that commits but never reveals is slashed as a no-show after the reveal deadline", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys, { replicas: 3 });
    const job = await sys.market.getJob(jobId);
    const claimers = await claimSlots(sys, jobId, sys.providers, 3);
    await commitAll(sys, jobId, claimers, [OUT, OUT, OUT]);
    await revealAll(sys, jobId, claimers.slice(0, 2), [OUT, OUT]);
    expect(await sys.market.isSettleable(jobId)).to.equal(false); // one commitment still unopened
    await networkHelpers.time.increaseTo(job.revealDeadline + 1n);
    await expect(sys.market.connect(sys.other).settle(jobId))
      .to.emit(sys.market, "AssignmentSlashed")
      .withArgs(jobId, claimers[2].address, Fault.NoShow, TOKEN);
    expect((await providerOf(sys.registry, claimers[2])).noShows).to.equal(1n);
    await expectConservation(sys);
  });
});
