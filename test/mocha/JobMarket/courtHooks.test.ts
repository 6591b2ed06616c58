import { expect } from "chai";
import {
  JobStatus,
  VerificationReason,
  atNextBlock,
  claimedJobFixture,
  ethers,
  fund,
  impersonate,
  networkHelpers,
  passChallengeWindow,
  providersFixture,
  resultWord,
} from "../fixture.js";
import {
  committedJobFixture,
  decidedJobFixture,
  revealedJobFixture,
  right,
  toRevealed,
  unavailable,
  wrong,
} from "../helpers/stages.js";

/**
 * The market's side of the court: beginChallenge (reached through court.challenge), noteAuditRevealed and
 * finalizeVerification, which only the court may call.
 */
describe("JobMarket.beginChallenge", () => {
  it("test_beginChallenge_MarksTheJobVerifyingAndEmitsVerificationStarted", async () => {
    const sys = await networkHelpers.loadFixture(revealedJobFixture);
    const { budget } = await sys.market.getJob(sys.jobId);
    const bond = await sys.court.bondFor(budget);
    await fund(sys, sys.other, bond, await sys.court.getAddress());
    const { challengeEndsAt } = await sys.market.timeline(sys.jobId);
    await atNextBlock(challengeEndsAt); // the last second of the window
    await expect(sys.court.connect(sys.other).challenge(sys.jobId))
      .to.emit(sys.market, "VerificationStarted")
      .withArgs(sys.jobId, VerificationReason.Challenge, sys.other.address, resultWord(right));
    expect((await sys.market.getJob(sys.jobId)).status).to.equal(JobStatus.Verifying);
  });

  it("test_beginChallenge_RevertWhen_DeadlinePassed", async () => {
    const sys = await networkHelpers.loadFixture(revealedJobFixture);
    const { challengeEndsAt } = await sys.market.timeline(sys.jobId);
    await passChallengeWindow(sys, sys.jobId);
    await expect(sys.court.connect(sys.other).challenge(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketDeadlinePassed")
      .withArgs(sys.jobId, challengeEndsAt);
  });

  it("test_beginChallenge_RevertWhen_NotChallengeable_AuditUndecided", async () => {
    const sys = await networkHelpers.loadFixture(committedJobFixture);
    await expect(sys.court.connect(sys.other).challenge(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotChallengeable")
      .withArgs(sys.jobId);
  });

  it("test_beginChallenge_RevertWhen_NotChallengeable_RevealsOpen", async () => {
    const sys = await networkHelpers.loadFixture(decidedJobFixture);
    await expect(sys.court.connect(sys.other).challenge(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotChallengeable")
      .withArgs(sys.jobId);
  });

  it("test_beginChallenge_RevertWhen_NotChallengeable_NothingCommitted", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    const { commitDeadline } = await sys.market.getJob(sys.jobId);
    await networkHelpers.time.increaseTo(commitDeadline + 1n);
    await sys.market.decideAudit(sys.jobId);
    await networkHelpers.time.increase(700n); // past the reveal window too
    await expect(sys.court.connect(sys.other).challenge(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotChallengeable")
      .withArgs(sys.jobId);
  });

  it("test_beginChallenge_RevertWhen_NotChallengeable_ResultsDisagree", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const { jobId } = await toRevealed(sys, [right, right, wrong]);
    await expect(sys.court.connect(sys.other).challenge(jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotChallengeable")
      .withArgs(jobId);
  });

  it("test_beginChallenge_RevertWhen_NotChallengeable_NoPayableResult", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const { jobId } = await toRevealed(sys, [unavailable]);
    await expect(sys.court.connect(sys.other).challenge(jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotChallengeable")
      .withArgs(jobId);
  });

  it("test_beginChallenge_RevertWhen_NotChallengeable_ChallengerHoldsASlot", async () => {
    const sys = await networkHelpers.loadFixture(revealedJobFixture);
    await expect(sys.court.connect(sys.claimers[0]!).challenge(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotChallengeable")
      .withArgs(sys.jobId);
  });

  it("test_beginChallenge_RevertWhen_JobNotOpen", async () => {
    const sys = await networkHelpers.loadFixture(revealedJobFixture);
    const { budget } = await sys.market.getJob(sys.jobId);
    await fund(sys, sys.requester, await sys.court.bondFor(budget), await sys.court.getAddress());
    await sys.court.connect(sys.requester).challenge(sys.jobId);
    await expect(sys.court.connect(sys.other).challenge(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(sys.jobId, JobStatus.Verifying);
  });

  it("test_beginChallenge_RevertWhen_NotCourt", async () => {
    const sys = await networkHelpers.loadFixture(revealedJobFixture);
    await expect(sys.market.connect(sys.other).beginChallenge(sys.jobId, sys.other.address))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotCourt")
      .withArgs(sys.other.address);
  });
});

describe("JobMarket.noteAuditRevealed", () => {
  it("test_noteAuditRevealed_RevertWhen_NotCourt", async () => {
    const sys = await networkHelpers.loadFixture(revealedJobFixture);
    await expect(sys.market.connect(sys.requester).noteAuditRevealed(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotCourt")
      .withArgs(sys.requester.address);
  });

  it("test_noteAuditRevealed_LeavesClosedRevealsAlone", async () => {
    const sys = await networkHelpers.loadFixture(revealedJobFixture);
    const court = await impersonate(await sys.court.getAddress());
    const { revealsClosedAt } = await sys.market.getJob(sys.jobId);
    await networkHelpers.time.increase(10n);
    await sys.market.connect(court).noteAuditRevealed(sys.jobId);
    expect((await sys.market.getJob(sys.jobId)).revealsClosedAt).to.equal(revealsClosedAt);
  });
});

describe("JobMarket.finalizeVerification", () => {
  it("test_finalizeVerification_RevertWhen_NotCourt", async () => {
    const sys = await networkHelpers.loadFixture(revealedJobFixture);
    await expect(sys.market.connect(sys.other).finalizeVerification(sys.jobId, ethers.ZeroHash, 0n))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotCourt")
      .withArgs(sys.other.address);
  });

  it("test_finalizeVerification_RevertWhen_TheJobIsNotVerifying", async () => {
    const sys = await networkHelpers.loadFixture(revealedJobFixture);
    const court = await impersonate(await sys.court.getAddress());
    await expect(sys.market.connect(court).finalizeVerification(sys.jobId, resultWord(right), right.fuel))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(sys.jobId, JobStatus.Open);
  });
});
