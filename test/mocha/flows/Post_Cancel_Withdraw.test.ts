import { ZeroHash } from "ethers";
import { expect } from "chai";
import {
  JobStatus,
  TOKEN,
  claimSlots,
  expectConservation,
  networkHelpers,
  postJob,
  providersFixture,
} from "../fixture.js";
import { withdrawExactly } from "../helpers/money.js";

/**
 * A requester may cancel a job only while its lottery seed does not exist (the posting block and the next): then
 * nobody, the requester included, knows who is drawn, and nothing is claimed yet. The whole escrow comes back.
 */
describe("flow: Post_Cancel_Withdraw", () => {
  it("cancels a job right after posting and gets the whole escrow back: budgets, fee and audit fee", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys, { replicas: 2, maxPricePerMfuel: TOKEN / 20n }); // budget 5 per replica
    const job = await sys.market.getJob(jobId);
    const escrow = 2n * job.budget + job.fee + job.auditFee;
    expect(escrow).to.equal(10n * TOKEN + TOKEN / 4n + (6n * TOKEN) / 10n); // 10 + 0.25 + 0.6
    await expectConservation(sys);
    await expect(sys.market.connect(sys.other).cancelJob(jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotRequester")
      .withArgs(jobId, sys.other.address);
    await expect(sys.market.connect(sys.requester).cancelJob(jobId))
      .to.emit(sys.market, "JobCancelled")
      .withArgs(jobId, sys.requester.address, escrow);
    expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Cancelled);
    await expectConservation(sys);
    // A cancelled job can no longer be claimed or settled.
    await networkHelpers.mine(2);
    await expect(sys.market.connect(sys.providers[0]!).claim(jobId, ZeroHash))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(jobId, JobStatus.Cancelled);
    await expect(sys.market.settle(jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(jobId, JobStatus.Cancelled);
    await withdrawExactly(sys, [[sys.requester, escrow]]);
    expect(await sys.token.balanceOf(await sys.market.getAddress())).to.equal(0n);
    await expectConservation(sys);
  });

  it("refuses to cancel once the seed exists, claimed or not", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys, { replicas: 2 });
    await networkHelpers.mine(); // the seed block: the draw is public from now on
    await expect(sys.market.connect(sys.requester).cancelJob(jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketSeedKnown")
      .withArgs(jobId);
    await claimSlots(sys, jobId, sys.providers, 1);
    await expect(sys.market.connect(sys.requester).cancelJob(jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketSeedKnown")
      .withArgs(jobId);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(0n);
    await expectConservation(sys);
  });
});
