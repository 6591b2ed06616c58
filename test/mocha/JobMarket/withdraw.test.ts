import { expect } from "chai";
import {
  TOKEN,
  ethers,
  expectConservation,
  networkHelpers,
  openJob3Fixture,
  openJobFixture,
  postJob,
} from "../fixture.js";

describe("JobMarket.withdraw", () => {
  it("test_withdraw_PaysTheWholeClaimableBalanceAndEmitsWithdrawn", async () => {
    const sys = await networkHelpers.loadFixture(openJob3Fixture);
    await sys.market.connect(sys.requester).cancelJob(sys.jobId);
    const tx = sys.market.connect(sys.requester).withdraw();
    await expect(tx)
      .to.emit(sys.market, "Withdrawn")
      .withArgs(sys.requester.address, 6n * TOKEN);
    await expect(tx).to.changeTokenBalances(ethers, sys.token, [sys.market, sys.requester], [-6n * TOKEN, 6n * TOKEN]);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(0n);
    await expectConservation(sys);
  });

  it("test_withdraw_AccumulatesCreditsFromSeveralJobs", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    const second = await postJob(sys, { replicas: 2 });
    await sys.market.connect(sys.requester).cancelJob(sys.jobId);
    await sys.market.connect(sys.requester).cancelJob(second);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(6n * TOKEN);
    await expect(sys.market.connect(sys.requester).withdraw())
      .to.emit(sys.market, "Withdrawn")
      .withArgs(sys.requester.address, 6n * TOKEN);
  });

  it("test_withdraw_LeavesOpenEscrowUntouched", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    const second = await postJob(sys);
    await sys.market.connect(sys.requester).cancelJob(second);
    await sys.market.connect(sys.requester).withdraw();
    expect(await sys.token.balanceOf(await sys.market.getAddress())).to.equal(2n * TOKEN); // the first job's escrow
    await expectConservation(sys);
  });

  it("test_withdraw_WorksWhilePaused", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    await sys.market.connect(sys.requester).cancelJob(sys.jobId);
    await sys.market.connect(sys.owner).pause();
    await expect(sys.market.connect(sys.requester).withdraw())
      .to.emit(sys.market, "Withdrawn")
      .withArgs(sys.requester.address, 2n * TOKEN);
  });

  it("test_withdraw_RevertWhen_NothingToWithdraw", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    await expect(sys.market.connect(sys.other).withdraw())
      .to.be.revertedWithCustomError(sys.market, "JobMarketNothingToWithdraw")
      .withArgs(sys.other.address);
  });

  it("test_withdraw_RevertWhen_CalledTwice", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    await sys.market.connect(sys.requester).cancelJob(sys.jobId);
    await sys.market.connect(sys.requester).withdraw();
    await expect(sys.market.connect(sys.requester).withdraw())
      .to.be.revertedWithCustomError(sys.market, "JobMarketNothingToWithdraw")
      .withArgs(sys.requester.address);
  });
});
