import { expect } from "chai";
import {
  JobStatus,
  Outcome,
  TOKEN,
  claimSlots,
  currentParameters,
  ethers,
  expectConservation,
  expectedSettlement,
  networkHelpers,
  postJob,
  providerOf,
  providersFixture,
} from "../fixture.js";

describe("flow: Post_Claim_Submit_Settle_Withdraw (k = 1)", () => {
  it("pays the provider its price less the fee, the treasury the fee, and refunds the rest", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const params = await currentParameters(sys.market);

    // Post: 2 tokens escrowed.
    const jobId = await postJob(sys);
    const job = await sys.market.getJob(jobId);
    await expectConservation(sys);

    // Claim: the first provider drawn takes the slot and locks collateral.
    const [p] = await claimSlots(sys, jobId, sys.providers, 1);
    expect((await providerOf(sys.registry, p)).locked).to.equal(job.collateral);
    await expectConservation(sys);

    // Submit, then wait out the challenge window.
    const out = ethers.id("the output bytes");
    await sys.market.connect(p).submitResult(jobId, out, "ipfs://bafyout");
    await networkHelpers.time.increaseTo((await sys.market.getJob(jobId)).challengeEndsAt);

    // Settle.
    const e = expectedSettlement({
      params,
      feeBps: job.feeBps,
      collateral: job.collateral,
      escrow: job.maxPrice,
      winnerPrices: [TOKEN],
      paid: true,
      dissenters: 0,
      noShows: 0,
    });
    expect([e.payments[0], e.fees[0], e.refund]).to.deep.equal([
      (TOKEN * 975n) / 1_000n,
      (TOKEN * 25n) / 1_000n,
      TOKEN,
    ]);
    const settle = sys.market.connect(sys.requester).settle(jobId);
    await expect(settle).to.emit(sys.market, "ProviderPaid").withArgs(jobId, p.address, e.payments[0], e.fees[0], 0n);
    await expect(settle)
      .to.emit(sys.market, "JobSettled")
      .withArgs(jobId, sys.requester.address, Outcome.Completed, out, e.paid, e.feeTotal, e.refund, 0n, 0n);
    expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Completed);
    expect(await sys.market.claimable(p.address)).to.equal(e.payments[0]);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(e.requester);
    expect(await sys.market.claimable(sys.treasury.address)).to.equal(e.treasury);
    const rec = await providerOf(sys.registry, p);
    expect([rec.locked, rec.activeJobs, rec.completed, rec.stake]).to.deep.equal([0n, 0n, 1n, 1_000n * TOKEN]);
    expect(await sys.registry.reputation(p.address)).to.equal(1n);
    await expectConservation(sys);

    // Withdraw: everyone pulls exactly what they were credited; the market is left empty.
    for (const [who, amount] of [
      [p, e.payments[0]],
      [sys.requester, e.requester],
      [sys.treasury, e.treasury],
    ] as const) {
      const tx = sys.market.connect(who).withdraw();
      await expect(tx).to.emit(sys.market, "Withdrawn").withArgs(who.address, amount);
      await expect(tx).to.changeTokenBalances(ethers, sys.token, [sys.market, who], [-amount, amount]);
      await expectConservation(sys);
    }
    expect(await sys.token.balanceOf(await sys.market.getAddress())).to.equal(0n);
  });
});
