import { expect } from "chai";
import {
  JobStatus,
  TOKEN,
  claimedJob3Fixture,
  claimedJobFixture,
  ethers,
  expectConservation,
  fund,
  impersonate,
  networkHelpers,
} from "../fixture.js";
import { DisputeStatus, OUT, Verdict, disputedJobFixture, submittedJobFixture } from "../helpers/dispute.js";

const BOND = 2n * TOKEN;

describe("DisputeCourt.dispute", () => {
  it("test_dispute_PullsTheBondMarksTheJobAndEmitsDisputeOpened", async () => {
    const sys = await networkHelpers.loadFixture(submittedJobFixture);
    const job = await sys.market.getJob(sys.jobId);
    const before = await sys.token.balanceOf(sys.challenger.address);
    const tx = sys.court.connect(sys.challenger).dispute(sys.jobId);
    const receipt = (await (await tx).wait())!;
    const block = await ethers.provider.getBlock(receipt.blockNumber);
    const now = BigInt(block!.timestamp);
    await expect(tx)
      .to.emit(sys.court, "DisputeOpened")
      .withArgs(
        sys.jobId,
        sys.challenger.address,
        sys.claimer.address,
        sys.requester.address,
        OUT,
        BOND,
        job.collateral,
        3n,
        BigInt(receipt.blockNumber),
        now + 600n,
        now + 1_200n,
        now + 1_800n,
      );
    await expect(tx)
      .to.emit(sys.market, "JobDisputed")
      .withArgs(sys.jobId, sys.challenger.address, sys.claimer.address);

    const d = await sys.court.getDispute(sys.jobId);
    expect(d.status).to.equal(DisputeStatus.Open);
    expect(d.verdict).to.equal(Verdict.None);
    expect([d.verifiers, d.claimed, d.committedMask, d.revealedMask]).to.deep.equal([3n, 0n, 0n, 0n]);
    expect([d.resourceClass, d.minReputation]).to.deep.equal([0n, 0n]);
    expect([d.openedAt, d.drawDeadline, d.commitDeadline, d.revealDeadline]).to.deep.equal([
      now,
      now + 600n,
      now + 1_200n,
      now + 1_800n,
    ]);
    expect(d.openedBlock).to.equal(BigInt(receipt.blockNumber));
    expect([d.challenger, d.provider, d.requester]).to.deep.equal([
      sys.challenger.address,
      sys.claimer.address,
      sys.requester.address,
    ]);
    expect([d.bond, d.collateral, d.maxPrice, d.resultHash]).to.deep.equal([BOND, job.collateral, 2n * TOKEN, OUT]);
    expect(await sys.court.getVerifiers(sys.jobId)).to.deep.equal([]);
    expect((await sys.market.getJob(sys.jobId)).status).to.equal(JobStatus.Disputed);
    expect(await sys.token.balanceOf(sys.challenger.address)).to.equal(before - BOND);
    expect(await sys.token.balanceOf(await sys.court.getAddress())).to.equal(BOND);
    await expectConservation(sys);
  });

  it("test_dispute_BlocksSettlementUntilResolved", async () => {
    const sys = await networkHelpers.loadFixture(disputedJobFixture);
    const { challengeEndsAt } = await sys.market.getJob(sys.jobId);
    await networkHelpers.time.increaseTo(challengeEndsAt + 1n);
    expect(await sys.market.isSettleable(sys.jobId)).to.equal(false);
    await expect(sys.market.settle(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(sys.jobId, JobStatus.Disputed);
  });

  it("test_dispute_RequesterMayChallenge", async () => {
    const sys = await networkHelpers.loadFixture(submittedJobFixture);
    await fund(sys, sys.requester, BOND, await sys.court.getAddress());
    await expect(sys.court.connect(sys.requester).dispute(sys.jobId))
      .to.emit(sys.court, "DisputeOpened")
      .withArgs(
        sys.jobId,
        sys.requester.address,
        sys.claimer.address,
        sys.requester.address,
        OUT,
        BOND,
        4n * TOKEN,
        3n,
        (x: bigint) => x > 0n,
        (x: bigint) => x > 0n,
        (x: bigint) => x > 0n,
        (x: bigint) => x > 0n,
      );
  });

  it("test_dispute_BondHasAFloor", async () => {
    const sys = await networkHelpers.loadFixture(submittedJobFixture);
    expect(await sys.court.bondFor(2n * TOKEN)).to.equal(2n * TOKEN); // 100% of the price
    expect(await sys.court.bondFor(TOKEN / 10n)).to.equal(TOKEN); // the 1-token floor
    expect(await sys.court.bondFor(0n)).to.equal(TOKEN);
  });

  it("test_dispute_RevertWhen_CallerIsTheProvider", async () => {
    const sys = await networkHelpers.loadFixture(submittedJobFixture);
    await fund(sys, sys.claimer, BOND, await sys.court.getAddress());
    await expect(sys.court.connect(sys.claimer).dispute(sys.jobId))
      .to.be.revertedWithCustomError(sys.court, "DisputeCourtProviderCannotChallenge")
      .withArgs(sys.jobId);
  });

  it("test_dispute_RevertWhen_AlreadyDisputed", async () => {
    const sys = await networkHelpers.loadFixture(disputedJobFixture);
    await expect(sys.court.connect(sys.challenger).dispute(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(sys.jobId, JobStatus.Disputed);
  });

  it("test_dispute_RevertWhen_NoResultSubmittedYet", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    await expect(sys.court.connect(sys.other).dispute(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNothingToDispute")
      .withArgs(sys.jobId);
  });

  it("test_dispute_RevertWhen_JobHasSeveralReplicas", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    await expect(sys.court.connect(sys.other).dispute(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNothingToDispute")
      .withArgs(sys.jobId);
  });

  it("test_dispute_RevertWhen_JobDoesNotExist", async () => {
    const sys = await networkHelpers.loadFixture(submittedJobFixture);
    await expect(sys.court.connect(sys.challenger).dispute(42n))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(42n, JobStatus.None);
  });

  it("test_dispute_RevertWhen_ChallengeWindowIsOver", async () => {
    const sys = await networkHelpers.loadFixture(submittedJobFixture);
    const { challengeEndsAt } = await sys.market.getJob(sys.jobId);
    await networkHelpers.time.setNextBlockTimestamp(challengeEndsAt - 1n);
    await networkHelpers.mine();
    await networkHelpers.time.setNextBlockTimestamp(challengeEndsAt);
    await expect(sys.court.connect(sys.challenger).dispute(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketDeadlinePassed")
      .withArgs(sys.jobId, challengeEndsAt);
  });

  it("test_dispute_SucceedsInTheLastSecondOfTheWindow", async () => {
    const sys = await networkHelpers.loadFixture(submittedJobFixture);
    const { challengeEndsAt } = await sys.market.getJob(sys.jobId);
    await networkHelpers.time.setNextBlockTimestamp(challengeEndsAt - 1n);
    await expect(sys.court.connect(sys.challenger).dispute(sys.jobId)).to.emit(sys.court, "DisputeOpened");
  });

  it("test_dispute_RevertWhen_BondNotApproved", async () => {
    const sys = await networkHelpers.loadFixture(submittedJobFixture);
    const stranger = (await ethers.getSigners())[14];
    await expect(sys.court.connect(stranger).dispute(sys.jobId)).to.be.revertedWithCustomError(
      sys.token,
      "ERC20InsufficientAllowance",
    );
  });
});

describe("JobMarket dispute hooks", () => {
  it("test_disputeJob_RevertWhen_CallerIsNotTheCourt", async () => {
    const sys = await networkHelpers.loadFixture(submittedJobFixture);
    await expect(sys.market.connect(sys.other).disputeJob(sys.jobId, sys.other.address))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotCourt")
      .withArgs(sys.other.address);
  });

  it("test_resolveDispute_RevertWhen_CallerIsNotTheCourt", async () => {
    const sys = await networkHelpers.loadFixture(disputedJobFixture);
    await expect(sys.market.connect(sys.other).resolveDispute(sys.jobId, true))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotCourt")
      .withArgs(sys.other.address);
  });

  it("test_resolveDispute_RevertWhen_JobIsNotDisputed", async () => {
    const sys = await networkHelpers.loadFixture(submittedJobFixture);
    const court = await impersonate(await sys.court.getAddress());
    await expect(sys.market.connect(court).resolveDispute(sys.jobId, false))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotDisputed")
      .withArgs(sys.jobId, JobStatus.Open);
  });
});
