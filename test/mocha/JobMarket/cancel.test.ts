import { expect } from "chai";
import {
  JobStatus,
  TOKEN,
  claimSlots,
  claimedJobFixture,
  expectConservation,
  networkHelpers,
  openJob3Fixture,
  openJobFixture,
} from "../fixture.js";

describe("JobMarket.cancelJob", () => {
  it("test_cancelJob_MakesTheEscrowClaimableAndEmitsJobCancelled", async () => {
    const sys = await networkHelpers.loadFixture(openJob3Fixture);
    const tx = sys.market.connect(sys.requester).cancelJob(sys.jobId);
    await expect(tx)
      .to.emit(sys.market, "JobCancelled")
      .withArgs(sys.jobId, sys.requester.address, 6n * TOKEN);
    await tx;
    expect((await sys.market.getJob(sys.jobId)).status).to.equal(JobStatus.Cancelled);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(6n * TOKEN);
    expect(await sys.market.isSettleable(sys.jobId)).to.equal(false);
    await expectConservation(sys);
  });

  it("test_cancelJob_AllowedAfterTheClaimDeadlineIfNobodyClaimed", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    await networkHelpers.time.increaseTo((await sys.market.getJob(sys.jobId)).claimDeadline + 1n);
    await expect(sys.market.connect(sys.requester).cancelJob(sys.jobId))
      .to.emit(sys.market, "JobCancelled")
      .withArgs(sys.jobId, sys.requester.address, 2n * TOKEN);
  });

  it("test_cancelJob_AllowedWhilePaused", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    await sys.market.connect(sys.owner).pause();
    await expect(sys.market.connect(sys.requester).cancelJob(sys.jobId)).to.emit(sys.market, "JobCancelled");
  });

  it("test_cancelJob_RevertWhen_CallerIsNotTheRequester", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    await expect(sys.market.connect(sys.other).cancelJob(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotRequester")
      .withArgs(sys.jobId, sys.other.address);
  });

  it("test_cancelJob_RevertWhen_ASlotWasClaimed", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    await expect(sys.market.connect(sys.requester).cancelJob(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketAlreadyClaimed")
      .withArgs(sys.jobId);
  });

  it("test_cancelJob_RevertWhen_OneOfSeveralSlotsWasClaimed", async () => {
    const sys = await networkHelpers.loadFixture(openJob3Fixture);
    await claimSlots(sys, sys.jobId, sys.providers, 1);
    await expect(sys.market.connect(sys.requester).cancelJob(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketAlreadyClaimed")
      .withArgs(sys.jobId);
  });

  it("test_cancelJob_RevertWhen_AlreadyCancelled", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    await sys.market.connect(sys.requester).cancelJob(sys.jobId);
    await expect(sys.market.connect(sys.requester).cancelJob(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(sys.jobId, JobStatus.Cancelled);
  });

  it("test_cancelJob_RevertWhen_AlreadySettled", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    await networkHelpers.time.increaseTo((await sys.market.getJob(sys.jobId)).claimDeadline + 1n);
    await sys.market.settle(sys.jobId);
    await expect(sys.market.connect(sys.requester).cancelJob(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(sys.jobId, JobStatus.Refunded);
  });

  it("test_cancelJob_RevertWhen_JobDoesNotExist", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    await expect(sys.market.connect(sys.requester).cancelJob(3n))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(3n, JobStatus.None);
  });
});
