import { expect } from "chai";
import {
  JobStatus,
  VerificationReason,
  VerificationStatus,
  atNextBlock,
  claimAuditor,
  claimSlots,
  claimedJobFixture,
  commitAll,
  commitVerdicts,
  expectConservation,
  forceAudit,
  networkFixture,
  networkHelpers,
  openJobFixture,
  passChallengeWindow,
  postJob,
  providerOf,
  providersFixture,
  resultWord,
  revealAll,
  revealVerdicts,
  type System,
} from "../fixture.js";
import {
  ZERO_ADDRESS,
  auditCommittedFixture,
  auditedJobFixture,
  committedJobFixture,
  decidedJobFixture,
  revealedJobFixture,
  right,
  setAuditSeed,
  toRevealed,
  unavailable,
  wrong,
} from "../helpers/stages.js";

/** "Input unavailable", as a replica or a verifier reveals it. */
const IU = unavailable;

/**
 * When settle may run and where it sends a job: refunded or paid by the market, or handed to the court. The money of
 * each outcome is in payment.test.ts.
 */
/**
 * Checks that settling `jobId` fails up to `last` (isSettleable agrees) and works from the second after it. Leaves the
 * chain one second past `last`, unsettled.
 */
async function expectSettleableAfter(sys: System, jobId: bigint, last: bigint) {
  await networkHelpers.time.increaseTo(last - 1n);
  expect(await sys.market.isSettleable(jobId), "isSettleable before").to.equal(false);
  await atNextBlock(last);
  await expect(sys.market.settle(jobId))
    .to.be.revertedWithCustomError(sys.market, "JobMarketNotSettleable")
    .withArgs(jobId);
  await networkHelpers.time.increaseTo(last + 1n);
  expect(await sys.market.isSettleable(jobId), "isSettleable after").to.equal(true);
}

describe("JobMarket.settle", () => {
  it("test_settle_RevertWhen_NotSettleable_NobodyClaimedBeforeTheClaimDeadline", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    await expectSettleableAfter(sys, sys.jobId, (await sys.market.getJob(sys.jobId)).claimDeadline);
    await expect(sys.market.settle(sys.jobId)).to.emit(sys.market, "JobSettled");
  });

  it("test_settle_RevertWhen_NotSettleable_CommitsOpen", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    // Past the deadline with nothing committed: settleable at once (nothing to audit or reveal).
    await expectSettleableAfter(sys, sys.jobId, (await sys.market.getJob(sys.jobId)).commitDeadline);
    await expect(sys.market.settle(sys.jobId)).to.emit(sys.market, "JobSettled");
  });

  it("test_settle_RevertWhen_NotSettleable_RevealsOpen", async () => {
    const sys = await networkHelpers.loadFixture(decidedJobFixture);
    // The replica withholds: once the reveal window is over the job settles (as a refund with a slash).
    await expectSettleableAfter(sys, sys.jobId, (await sys.market.timeline(sys.jobId)).revealEndsAt);
    await expect(sys.market.settle(sys.jobId)).to.emit(sys.market, "JobSettled");
  });

  it("test_settle_RevertWhen_NotSettleable_InTheChallengeWindow", async () => {
    const sys = await networkHelpers.loadFixture(revealedJobFixture);
    await expectSettleableAfter(sys, sys.jobId, (await sys.market.timeline(sys.jobId)).challengeEndsAt);
    await expect(sys.market.settle(sys.jobId)).to.emit(sys.market, "JobSettled");
  });

  it("test_settle_TakesTheAuditDecisionThatIsSettleableReportsAsPending", async () => {
    const sys = await networkHelpers.loadFixture(committedJobFixture);
    await setAuditSeed(sys, sys.jobId, false);
    // A k = 1 job's replica may wait out the challenge window and reveal and settle at once: until a reveal period
    // after that window, settle neither decides nor settles, and isSettleable says so.
    const job = await sys.market.getJob(sys.jobId);
    const { challengeEndsAt, revealEndsAt } = await sys.market.timeline(sys.jobId);
    expect([challengeEndsAt, revealEndsAt - challengeEndsAt]).to.deep.equal([
      job.commitsClosedAt + 600n + 32n, // the challenge window plus the execution time, from the commitment
      600n, // a reveal period
    ]);
    await networkHelpers.time.increaseTo(revealEndsAt - 1n);
    expect(await sys.market.isSettleable(sys.jobId)).to.equal(false);
    await expect(sys.market.settle(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotSettleable")
      .withArgs(sys.jobId);
    // Then settle takes the decision (the phases still counted from the commitment) and settles the withheld reveal.
    await networkHelpers.time.increaseTo(revealEndsAt + 1n);
    expect(await sys.market.isSettleable(sys.jobId)).to.equal(true);
    const tx = sys.market.settle(sys.jobId);
    await expect(tx).to.emit(sys.market, "AuditDecided");
    await expect(tx).to.emit(sys.market, "JobSettled");
  });

  it("test_settle_RevertWhen_JobNotOpen", async () => {
    const sys = await networkHelpers.loadFixture(revealedJobFixture);
    await passChallengeWindow(sys, sys.jobId);
    await sys.market.settle(sys.jobId);
    await expect(sys.market.settle(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(sys.jobId, JobStatus.Completed);
    expect(await sys.market.isSettleable(sys.jobId)).to.equal(false);
    await expect(sys.market.settle(99n))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(99n, JobStatus.None);
  });

  it("test_settle_AnInputUnavailableAgreementSettlesWithoutAChallengeWindow", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const { jobId } = await toRevealed(sys, [IU]);
    expect(await sys.market.isSettleable(jobId)).to.equal(true);
    await expect(sys.market.settle(jobId)).to.emit(sys.market, "JobSettled");
  });
});

describe("JobMarket.settle — to the court", () => {
  it("test_settle_SendsADisagreementToAPanel", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const { jobId } = await toRevealed(sys, [right, right, wrong]);
    const balance = await sys.token.balanceOf(await sys.market.getAddress());
    expect(await sys.market.isSettleable(jobId)).to.equal(true); // no challenge window for a disagreement
    const tx = sys.market.settle(jobId);
    await expect(tx)
      .to.emit(sys.market, "VerificationStarted")
      .withArgs(jobId, VerificationReason.Disagreement, ZERO_ADDRESS, resultWord(right));
    await expect(tx).to.emit(sys.court, "RoundOpened");
    await expect(tx).to.not.emit(sys.market, "JobSettled");
    expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Verifying);
    const v = await sys.court.getVerification(jobId);
    expect([v.status, v.round, v.challenger, v.agreed]).to.deep.equal([
      VerificationStatus.Panel,
      1n,
      ZERO_ADDRESS,
      resultWord(right),
    ]);
    // Nothing is paid or refunded yet: the escrow stays until the court's verdict.
    expect(await sys.token.balanceOf(await sys.market.getAddress())).to.equal(balance);
    await expect(sys.market.settle(jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(jobId, JobStatus.Verifying);
    expect(await sys.market.isSettleable(jobId)).to.equal(false);
    await expectConservation(sys);
  });

  it("test_settle_SendsAnUnansweredAuditToAPanel", async () => {
    const sys = await networkHelpers.loadFixture(auditedJobFixture);
    const t = await sys.market.timeline(sys.jobId);
    await atNextBlock(t.auditCommitEndsAt + 1n);
    await revealAll(sys, sys.jobId, sys.claimers, [right]);
    await networkHelpers.time.increaseTo(t.revealEndsAt + 1n);
    expect(await sys.market.isSettleable(sys.jobId)).to.equal(true);
    await expect(sys.market.settle(sys.jobId))
      .to.emit(sys.market, "VerificationStarted")
      .withArgs(sys.jobId, VerificationReason.AuditUnanswered, ZERO_ADDRESS, resultWord(right));
    await expectConservation(sys);
  });

  it("test_settle_SendsAnAuditorsDisagreementToAPanelAtOnce", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const jobId = await postJob(sys);
    const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
    await commitAll(sys, jobId, [provider!], [right]);
    await forceAudit(sys, jobId, true);
    const auditor = await claimAuditor(sys, jobId, sys.verifiers);
    await commitVerdicts(sys, jobId, [auditor], [wrong]);
    await revealAll(sys, jobId, [provider!], [right]);
    await revealVerdicts(sys, jobId, [auditor], [wrong]);
    expect(await sys.market.isSettleable(jobId)).to.equal(true);
    await expect(sys.market.settle(jobId))
      .to.emit(sys.market, "VerificationStarted")
      .withArgs(jobId, VerificationReason.Disagreement, ZERO_ADDRESS, resultWord(right));
  });

  it("test_settle_AnAuditedAgreementPaysAndClosesTheAudit", async () => {
    const sys = await networkHelpers.loadFixture(auditCommittedFixture);
    await revealAll(sys, sys.jobId, sys.claimers, [right]);
    await revealVerdicts(sys, sys.jobId, [sys.auditor], [right]);
    await passChallengeWindow(sys, sys.jobId);
    const tx = sys.market.settle(sys.jobId);
    await expect(tx).to.emit(sys.market, "JobSettled");
    await expect(tx).to.emit(sys.court, "VerificationFinalized").withArgs(sys.jobId, resultWord(right), 0);
    expect((await sys.court.getVerification(sys.jobId)).verdict).to.equal(resultWord(right));
  });

  it("test_settle_AnAuditorsInputUnavailableOnARealResultIsAnUnansweredAudit", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const jobId = await postJob(sys);
    const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
    await commitAll(sys, jobId, [provider!], [right]);
    await forceAudit(sys, jobId, true);
    const auditor = await claimAuditor(sys, jobId, sys.verifiers);
    // The auditor says it could not fetch the input, yet the replica did: it checked nothing, so the result is not
    // audited and a panel decides (fail closed), at once, without a challenge window.
    await commitVerdicts(sys, jobId, [auditor], [IU]);
    await revealAll(sys, jobId, [provider!], [right]);
    await revealVerdicts(sys, jobId, [auditor], [IU]);
    expect(await sys.market.isSettleable(jobId)).to.equal(true);
    const tx = sys.market.settle(jobId);
    await expect(tx)
      .to.emit(sys.market, "VerificationStarted")
      .withArgs(jobId, VerificationReason.AuditUnanswered, ZERO_ADDRESS, resultWord(right));
    await expect(tx).to.not.emit(sys.market, "ProviderPaid");
    expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Verifying);
    await expectConservation(sys);
  });

  it("test_settle_AnAuditorsInputUnavailableBesideAnInputUnavailableAgreementRefunds", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const jobId = await postJob(sys);
    const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
    await commitAll(sys, jobId, [provider!], [IU]);
    await forceAudit(sys, jobId, true);
    const auditor = await claimAuditor(sys, jobId, sys.verifiers);
    await commitVerdicts(sys, jobId, [auditor], [IU]);
    await revealAll(sys, jobId, [provider!], [IU]);
    await revealVerdicts(sys, jobId, [auditor], [IU]);
    // Nothing real to pay for: no panel, a refund at once; the auditor revealed no work: paid nothing, and (as for a
    // replica) released without a completion, although its answer matches the agreement.
    const tx = sys.market.settle(jobId);
    await expect(tx).to.not.emit(sys.market, "VerificationStarted");
    await expect(tx).to.emit(sys.court, "VerifierPaid").withArgs(jobId, auditor.address, 0, 0n, false);
    await expect(tx).to.not.emit(sys.court, "VerifierSlashed");
    expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Refunded);
    const rec = await providerOf(sys.registry, auditor);
    expect([rec.locked, rec.activeJobs, rec.completed, rec.slashes]).to.deep.equal([0n, 0n, 0n, 0n]);
    await expectConservation(sys);
  });
});
