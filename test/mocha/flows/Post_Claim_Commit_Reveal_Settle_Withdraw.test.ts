import { expect } from "chai";
import {
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

describe("flow: Post_Claim_Commit_Reveal_Settle_Withdraw (k = 3)", () => {
  it("pays three agreeing replicas and settles as soon as the last reveal is in", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const params = await currentParameters(sys.market);
    const jobId = await postJob(sys, { replicas: 3 });
    const job = await sys.market.getJob(jobId);
    await expectConservation(sys);

    const claimers = await claimSlots(sys, jobId, sys.providers, 3);
    await expectConservation(sys);
    for (const p of claimers) expect((await providerOf(sys.registry, p)).locked).to.equal(job.collateral);

    const out = ethers.id("deterministic output");
    await commitAll(sys, jobId, claimers, [out, out, out]);
    await revealAll(sys, jobId, claimers, [out, out, out]);
    expect(await sys.market.isSettleable(jobId)).to.equal(true); // well before the reveal deadline

    const e = expectedSettlement({
      params,
      feeBps: job.feeBps,
      collateral: job.collateral,
      escrow: 3n * job.maxPrice,
      winnerPrices: [TOKEN, TOKEN, TOKEN],
      paid: true,
      dissenters: 0,
      noShows: 0,
    });
    const settle = sys.market.connect(sys.other).settle(jobId);
    for (const p of claimers) {
      await expect(settle).to.emit(sys.market, "ProviderPaid").withArgs(jobId, p.address, e.payments[0], e.fees[0], 0n);
    }
    await expect(settle)
      .to.emit(sys.market, "JobSettled")
      .withArgs(jobId, sys.requester.address, Outcome.Completed, out, 3n * TOKEN, e.feeTotal, 3n * TOKEN, 0n, 0n);
    expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Completed);
    await expectConservation(sys);

    for (const p of claimers) {
      const rec = await providerOf(sys.registry, p);
      expect([rec.locked, rec.activeJobs, rec.completed]).to.deep.equal([0n, 0n, 1n]);
      await expect(sys.market.connect(p).withdraw()).to.changeTokenBalances(
        ethers,
        sys.token,
        [sys.market, p],
        [-e.payments[0], e.payments[0]],
      );
      await expectConservation(sys);
    }
    await expect(sys.market.connect(sys.requester).withdraw()).to.changeTokenBalances(
      ethers,
      sys.token,
      [sys.market, sys.requester],
      [-e.requester, e.requester],
    );
    await expect(sys.market.connect(sys.treasury).withdraw()).to.changeTokenBalances(
      ethers,
      sys.token,
      [sys.market, sys.treasury],
      [-e.treasury, e.treasury],
    );
    expect(await sys.token.balanceOf(await sys.market.getAddress())).to.equal(0n);
    await expectConservation(sys);
  });
});
