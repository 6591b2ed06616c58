import { expect } from "chai";
import {
  ethers,
  expectConservation,
  jobRequest,
  networkHelpers,
  openJob3Fixture,
  openJobFixture,
  postJob,
} from "../fixture.js";

/** The escrow of a default job with `replicas` replicas under the current parameters. */
async function escrowOf(sys: Awaited<ReturnType<typeof openJobFixture>>, replicas: number) {
  return (await sys.market.escrowFor(await jobRequest({ replicas })))[0];
}

describe("JobMarket.withdraw", () => {
  it("test_withdraw_PaysTheWholeClaimableBalanceAndEmitsWithdrawn", async () => {
    const sys = await networkHelpers.loadFixture(openJob3Fixture);
    const escrow = await escrowOf(sys, 3);
    await sys.market.connect(sys.requester).cancelJob(sys.jobId);
    const tx = sys.market.connect(sys.requester).withdraw();
    await expect(tx).to.emit(sys.market, "Withdrawn").withArgs(sys.requester.address, escrow);
    await expect(tx).to.changeTokenBalances(ethers, sys.token, [sys.market, sys.requester], [-escrow, escrow]);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(0n);
    await expectConservation(sys);
  });

  it("test_withdraw_AccumulatesCreditsFromSeveralJobs", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    await sys.market.connect(sys.requester).cancelJob(sys.jobId);
    const second = await postJob(sys, { replicas: 2 });
    await sys.market.connect(sys.requester).cancelJob(second);
    const total = (await escrowOf(sys, 1)) + (await escrowOf(sys, 2));
    expect(await sys.market.claimable(sys.requester.address)).to.equal(total);
    await expect(sys.market.connect(sys.requester).withdraw())
      .to.emit(sys.market, "Withdrawn")
      .withArgs(sys.requester.address, total);
  });

  it("test_withdraw_ACreditAfterAWithdrawalIsExactAndCheaperThanTheFirst", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    const cancel = async (jobId: bigint) =>
      (await (await sys.market.connect(sys.requester).cancelJob(jobId)).wait())!.gasUsed;
    const first = await cancel(sys.jobId); // creates the requester's balance
    await sys.market.connect(sys.requester).withdraw();
    expect(await sys.market.claimable(sys.requester.address)).to.equal(0n);
    const second = await postJob(sys);
    const again = await cancel(second); // credits a balance withdrawn to zero
    // The ledger keeps the withdrawn slot non-zero (PullPayments): the credit updates it instead of re-creating it.
    expect(first - again).to.be.greaterThan(15_000n);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(await escrowOf(sys, 1));
    await expect(sys.market.connect(sys.requester).withdraw())
      .to.emit(sys.market, "Withdrawn")
      .withArgs(sys.requester.address, await escrowOf(sys, 1));
    expect(await sys.market.claimable(sys.requester.address)).to.equal(0n);
    await expectConservation(sys);
  });

  it("test_withdraw_LeavesOpenEscrowUntouched", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    const second = await postJob(sys);
    await sys.market.connect(sys.requester).cancelJob(second);
    await sys.market.connect(sys.requester).withdraw();
    expect(await sys.token.balanceOf(await sys.market.getAddress())).to.equal(await escrowOf(sys, 1)); // the first job's
    await expectConservation(sys);
  });

  it("test_withdraw_WorksWhilePaused", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    await sys.market.connect(sys.requester).cancelJob(sys.jobId);
    await sys.market.connect(sys.owner).pause();
    await expect(sys.market.connect(sys.requester).withdraw())
      .to.emit(sys.market, "Withdrawn")
      .withArgs(sys.requester.address, await escrowOf(sys, 1));
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
