import { ZeroHash } from "ethers";
import { expect } from "chai";
import {
  DAY,
  atNextBlock,
  claimSeats,
  commitVerdicts,
  currentParameters,
  deploySystem,
  ethers,
  expectConservation,
  fund,
  jobRequest,
  networkFixture,
  networkHelpers,
  openJobFixture,
  postJob,
  resultWord,
  revealAll,
  revealVerdicts,
} from "../fixture.js";
import { right, setAuditSeed, toAuditCommitted, toCommitted, toRevealed, wrong } from "../helpers/stages.js";

const PAUSE = 3n * DAY; // the Ignition default guardianPauseDuration
const FOREVER = 2n ** 40n - 1n; // pausedUntil while the owner's pause lasts

/** `openJobFixture` with `sys.other` appointed guardian. */
async function guardedFixture() {
  const sys = await openJobFixture();
  await sys.market.connect(sys.owner).setGuardian(sys.other.address);
  return { ...sys, guardian: sys.other };
}

/** Whether postJob would go through now (the requester is funded for it). */
async function canPost(sys: Awaited<ReturnType<typeof guardedFixture>>) {
  const req = await jobRequest();
  const [escrow] = await sys.market.escrowFor(req);
  await fund(sys, sys.requester, escrow, await sys.market.getAddress());
  try {
    await sys.market.connect(sys.requester).postJob.staticCall(req);
    return true;
  } catch (e) {
    expect(String(e)).to.contain("JobMarketPaused");
    return false;
  }
}

describe("JobMarket.setGuardian", () => {
  it("test_setGuardian_AppointsAndEmitsGuardianUpdated", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.market.connect(sys.owner).setGuardian(sys.other.address))
      .to.emit(sys.market, "GuardianUpdated")
      .withArgs(ethers.ZeroAddress, sys.other.address);
    expect(await sys.market.guardian()).to.equal(sys.other.address);
    // Zero removes the guardian: nobody can pull the brake then.
    await expect(sys.market.connect(sys.owner).setGuardian(ethers.ZeroAddress))
      .to.emit(sys.market, "GuardianUpdated")
      .withArgs(sys.other.address, ethers.ZeroAddress);
    await expect(sys.market.connect(sys.other).guardianPause())
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotGuardian")
      .withArgs(sys.other.address);
  });

  it("test_setGuardian_RevertWhen_Unchanged", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.market.connect(sys.owner).setGuardian(ethers.ZeroAddress)).to.be.revertedWithCustomError(
      sys.market,
      "JobMarketParametersUnchanged",
    );
  });

  it("test_setGuardian_RevertWhen_CallerIsNotTheOwner", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.market.connect(sys.other).setGuardian(sys.other.address))
      .to.be.revertedWithCustomError(sys.market, "OwnableUnauthorizedAccount")
      .withArgs(sys.other.address);
  });
});

describe("JobMarket.guardianPause", () => {
  it("test_guardianPause_PausesForExactlyTheGuardianPauseDuration", async () => {
    const sys = await networkHelpers.loadFixture(guardedFixture);
    const req = await jobRequest({ claimWindow: 4n * DAY });
    const [escrow] = await sys.market.escrowFor(req);
    await fund(sys, sys.requester, escrow, await sys.market.getAddress());
    const at = BigInt(await networkHelpers.time.latest()) + 10n;
    await atNextBlock(at);
    await expect(sys.market.connect(sys.guardian).guardianPause())
      .to.emit(sys.market, "MarketPaused")
      .withArgs(sys.guardian.address, at + PAUSE);
    expect(await sys.market.pausedUntil()).to.equal(at + PAUSE);
    await atNextBlock(at + PAUSE - 1n);
    await expect(sys.market.connect(sys.requester).postJob(req)).to.be.revertedWithCustomError(
      sys.market,
      "JobMarketPaused",
    );
    await atNextBlock(at + PAUSE);
    await expect(sys.market.connect(sys.requester).postJob(req)).to.emit(sys.market, "JobPosted");
    expect(await sys.market.pausedUntil()).to.equal(0n);
  });

  it("test_guardianPause_StopsClaims", async () => {
    const sys = await networkHelpers.loadFixture(guardedFixture);
    await networkHelpers.mine(2); // the job's seed exists
    await sys.market.connect(sys.guardian).guardianPause();
    const until = await sys.market.pausedUntil();
    const p = sys.providers[0]!;
    await expect(sys.market.connect(p).claim(sys.jobId, ZeroHash)).to.be.revertedWithCustomError(
      sys.market,
      "JobMarketPaused",
    );
    await atNextBlock(until - 1n);
    await expect(sys.market.connect(p).claim(sys.jobId, ZeroHash)).to.be.revertedWithCustomError(
      sys.market,
      "JobMarketPaused",
    );
    // Once the pause is over the claim is judged on its own terms (here: the claim window has long closed).
    await atNextBlock(until);
    const { claimDeadline } = await sys.market.getJob(sys.jobId);
    await expect(sys.market.connect(p).claim(sys.jobId, ZeroHash))
      .to.be.revertedWithCustomError(sys.market, "JobMarketClaimClosed")
      .withArgs(sys.jobId, claimDeadline);
  });

  it("test_guardianPause_RevertWhen_GuardianCoolingDown", async () => {
    const sys = await networkHelpers.loadFixture(guardedFixture);
    await sys.market.connect(sys.guardian).guardianPause();
    const until = await sys.market.pausedUntil();
    const cooldownEndsAt = until + PAUSE;
    // No extension while paused...
    await expect(sys.market.connect(sys.guardian).guardianPause())
      .to.be.revertedWithCustomError(sys.market, "JobMarketGuardianCoolingDown")
      .withArgs(cooldownEndsAt);
    // ...nor a new pause before a cooldown as long as the pause...
    await atNextBlock(cooldownEndsAt - 1n);
    await expect(sys.market.connect(sys.guardian).guardianPause())
      .to.be.revertedWithCustomError(sys.market, "JobMarketGuardianCoolingDown")
      .withArgs(cooldownEndsAt);
    // ...after which it may pause again.
    await atNextBlock(cooldownEndsAt);
    await expect(sys.market.connect(sys.guardian).guardianPause())
      .to.emit(sys.market, "MarketPaused")
      .withArgs(sys.guardian.address, cooldownEndsAt + PAUSE);
  });

  it("test_guardianPause_RevertWhen_NotGuardian", async () => {
    const sys = await networkHelpers.loadFixture(guardedFixture);
    for (const who of [sys.requester, sys.owner]) {
      await expect(sys.market.connect(who).guardianPause())
        .to.be.revertedWithCustomError(sys.market, "JobMarketNotGuardian")
        .withArgs(who.address);
    }
  });

  it("test_guardianPause_LastsTheDurationInForceWhenPulled", async () => {
    const sys = await networkHelpers.loadFixture(guardedFixture);
    const params = await currentParameters(sys.market);
    await sys.market.connect(sys.owner).setParameters({ ...params, guardianPauseDuration: 3_600n });
    const at = BigInt(await networkHelpers.time.latest()) + 10n;
    await atNextBlock(at);
    await expect(sys.market.connect(sys.guardian).guardianPause())
      .to.emit(sys.market, "MarketPaused")
      .withArgs(sys.guardian.address, at + 3_600n);
  });
});

describe("JobMarket.pause / unpause", () => {
  it("test_pause_StopsNewJobsUntilUnpausedAndEmitsMarketPaused", async () => {
    const sys = await networkHelpers.loadFixture(guardedFixture);
    await expect(sys.market.connect(sys.owner).pause())
      .to.emit(sys.market, "MarketPaused")
      .withArgs(sys.owner.address, FOREVER);
    expect(await sys.market.pausedUntil()).to.equal(FOREVER);
    await networkHelpers.time.increase(30n * DAY);
    expect(await canPost(sys)).to.equal(false);
    await expect(sys.market.connect(sys.owner).unpause())
      .to.emit(sys.market, "MarketUnpaused")
      .withArgs(sys.owner.address);
    expect(await sys.market.pausedUntil()).to.equal(0n);
    expect(await canPost(sys)).to.equal(true);
  });

  it("test_unpause_EndsAGuardianPauseEarlyButTheCooldownStands", async () => {
    const sys = await networkHelpers.loadFixture(guardedFixture);
    await sys.market.connect(sys.guardian).guardianPause();
    const until = await sys.market.pausedUntil();
    await expect(sys.market.connect(sys.owner).unpause())
      .to.emit(sys.market, "MarketUnpaused")
      .withArgs(sys.owner.address);
    expect(await sys.market.pausedUntil()).to.equal(0n);
    expect(await canPost(sys)).to.equal(true);
    await expect(sys.market.connect(sys.guardian).guardianPause())
      .to.be.revertedWithCustomError(sys.market, "JobMarketGuardianCoolingDown")
      .withArgs(until + PAUSE);
  });

  it("test_unpause_EndsTheOwnersAndTheGuardiansPauseTogether", async () => {
    const sys = await networkHelpers.loadFixture(guardedFixture);
    await sys.market.connect(sys.guardian).guardianPause();
    await sys.market.connect(sys.owner).pause();
    expect(await sys.market.pausedUntil()).to.equal(FOREVER);
    await sys.market.connect(sys.owner).unpause();
    expect(await sys.market.pausedUntil()).to.equal(0n);
  });

  it("test_pause_RevertWhen_PauseUnchanged", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await sys.market.connect(sys.owner).pause();
    await expect(sys.market.connect(sys.owner).pause())
      .to.be.revertedWithCustomError(sys.market, "JobMarketPauseUnchanged")
      .withArgs(true);
  });

  it("test_unpause_RevertWhen_PauseUnchanged", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.market.connect(sys.owner).unpause())
      .to.be.revertedWithCustomError(sys.market, "JobMarketPauseUnchanged")
      .withArgs(false);
  });

  it("test_pause_RevertWhen_CallerIsNotTheOwner", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.market.connect(sys.other).pause())
      .to.be.revertedWithCustomError(sys.market, "OwnableUnauthorizedAccount")
      .withArgs(sys.other.address);
    await sys.market.connect(sys.owner).pause();
    await expect(sys.market.connect(sys.other).unpause())
      .to.be.revertedWithCustomError(sys.market, "OwnableUnauthorizedAccount")
      .withArgs(sys.other.address);
  });
});

describe("JobMarket pause — what keeps working", () => {
  /**
   * Jobs at every later stage, then a guardian pause: an audited job (auditor committed `right`, provider `wrong`),
   * an unaudited revealed `wrong` job, a committed job with its audit undecided and an open job nobody claimed.
   */
  async function pausedFixture() {
    const sys = await networkFixture();
    const audited = await toAuditCommitted(sys, [wrong], right);
    const revealed = await toRevealed(sys, [wrong]);
    const undecided = await toCommitted(sys, [right]);
    const unclaimed = await postJob(sys);
    await sys.market.connect(sys.owner).setGuardian(sys.other.address);
    await sys.market.connect(sys.other).guardianPause();
    return { ...sys, audited, revealed, undecided, unclaimed };
  }

  it("test_guardianPause_RevealsSettlementVerificationChallengesAndWithdrawalsKeepWorking", async () => {
    const sys = await networkHelpers.loadFixture(pausedFixture);
    expect(await sys.market.pausedUntil()).to.not.equal(0n);
    // The audit decision and reveals.
    await setAuditSeed(sys, sys.undecided.jobId, false);
    await expect(sys.market.decideAudit(sys.undecided.jobId)).to.emit(sys.market, "AuditDecided");
    await revealAll(sys, sys.audited.jobId, sys.audited.claimers, [wrong]);
    await revealVerdicts(sys, sys.audited.jobId, [sys.audited.auditor], [right]);
    // Settlement sends the disagreement to the court, whose panel is drawn, commits, reveals and resolves.
    await expect(sys.market.settle(sys.audited.jobId)).to.emit(sys.market, "VerificationStarted");
    const panel = await claimSeats(
      sys,
      sys.audited.jobId,
      sys.verifiers.filter((v) => v !== sys.audited.auditor),
      3,
    );
    await commitVerdicts(sys, sys.audited.jobId, panel, [right, right, right]);
    await revealVerdicts(sys, sys.audited.jobId, panel, [right, right, right]);
    await expect(sys.court.resolve(sys.audited.jobId))
      .to.emit(sys.court, "VerificationFinalized")
      .withArgs(sys.audited.jobId, resultWord(right), 1);
    // A challenge of the agreed wrong result.
    const { budget } = await sys.market.getJob(sys.revealed.jobId);
    const bond = await sys.court.bondFor(budget);
    await fund(sys, sys.requester, bond, await sys.court.getAddress());
    await expect(sys.court.connect(sys.requester).challenge(sys.revealed.jobId)).to.emit(sys.court, "ChallengeOpened");
    // Refunds of a job nobody could claim.
    const { claimDeadline } = await sys.market.getJob(sys.unclaimed);
    await networkHelpers.time.increaseTo(claimDeadline + 1n);
    await expect(sys.market.settle(sys.unclaimed)).to.emit(sys.market, "JobSettled");
    // Withdrawals from the market and the court.
    await expect(sys.market.connect(sys.requester).withdraw()).to.emit(sys.market, "Withdrawn");
    await expect(sys.court.connect(panel[0]!).withdraw()).to.emit(sys.court, "Withdrawn");
    expect(await sys.market.pausedUntil()).to.not.equal(0n); // still paused throughout
    await expectConservation(sys);
  });
});
