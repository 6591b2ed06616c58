import { expect } from "chai";
import {
  JobStatus,
  TOKEN,
  claimSlots,
  ethers,
  expectConservation,
  networkHelpers,
  postJob,
  providersFixture,
} from "../fixture.js";

describe("flow: Post_Cancel_Withdraw", () => {
  it("cancels a job nobody claimed and returns the whole escrow", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys, { replicas: 2, maxPrice: 5n * TOKEN });
    await expectConservation(sys);
    await expect(sys.market.connect(sys.requester).cancelJob(jobId))
      .to.emit(sys.market, "JobCancelled")
      .withArgs(jobId, sys.requester.address, 10n * TOKEN);
    expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Cancelled);
    await expectConservation(sys);
    // A cancelled job can no longer be claimed or settled.
    await networkHelpers.mine(2);
    await expect(sys.market.connect(sys.providers[0]).claim(jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(jobId, JobStatus.Cancelled);
    await expect(sys.market.settle(jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(jobId, JobStatus.Cancelled);
    const tx = sys.market.connect(sys.requester).withdraw();
    await expect(tx)
      .to.emit(sys.market, "Withdrawn")
      .withArgs(sys.requester.address, 10n * TOKEN);
    await expect(tx).to.changeTokenBalances(
      ethers,
      sys.token,
      [sys.market, sys.requester],
      [-10n * TOKEN, 10n * TOKEN],
    );
    await expectConservation(sys);
  });

  it("refuses to cancel once a provider has claimed", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys, { replicas: 2 });
    await claimSlots(sys, jobId, sys.providers, 1);
    await expect(sys.market.connect(sys.requester).cancelJob(jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketAlreadyClaimed")
      .withArgs(jobId);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(0n);
    await expectConservation(sys);
  });
});
