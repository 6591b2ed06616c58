import { expect } from "chai";
import {
  AuditState,
  JobStatus,
  Outcome,
  atNextBlock,
  ethers,
  expectConservation,
  networkHelpers,
  providerOf,
  providersFixture,
  resultWord,
  revealAs,
  saltOf,
  type Answer,
  type System,
} from "../fixture.js";
import { committedJobFixture, right, setAuditSeed, toCommitted, unavailable, wrong } from "../helpers/stages.js";

const REVEAL = 600n; // revealPeriod
const DRAW = 600n; // auditDrawPeriod
const EXECUTION = 32n; // execution time of the default 100 Mfuel job
const CHALLENGE = 600n; // challengeWindow

type Committed = System & { jobId: bigint; claimers: System["providers"] };

/** The replica of a k = 1 job reveals `answer` and settles it in one transaction. */
function revealAndSettleAs(sys: Committed, answer: Pick<Answer, "output" | "fuel">, options: { salt?: string } = {}) {
  const p = sys.claimers[0]!;
  return sys.market.connect(p).revealAndSettle(sys.jobId, answer.output, answer.fuel, options.salt ?? saltOf(p), "");
}

/** The last second of the job's challenge window counted from its commitment (audit undecided). */
async function windowEnd(sys: Committed) {
  const job = await sys.market.getJob(sys.jobId);
  const { challengeEndsAt } = await sys.market.timeline(sys.jobId);
  expect(challengeEndsAt).to.equal(job.commitsClosedAt + CHALLENGE + EXECUTION);
  return challengeEndsAt;
}

/**
 * A k = 1 replica may wait out the challenge window counted from its commitment and then reveal and settle in one
 * transaction (one transaction, its base cost and its reads of the job, fewer than revealing, then settling after
 * the window). The answer stays sealed meanwhile; whoever wants to see it takes the audit decision, and the replica
 * then reveals as before.
 */
describe("JobMarket.revealAndSettle", () => {
  it("test_revealAndSettle_PaysAtOnceAfterTheWindowCountedFromTheCommitment", async () => {
    const sys = (await networkHelpers.loadFixture(committedJobFixture)) as Committed;
    await setAuditSeed(sys, sys.jobId, false);
    const p = sys.claimers[0]!;
    const end = await windowEnd(sys);
    await atNextBlock(end);
    await expect(revealAndSettleAs(sys, right))
      .to.be.revertedWithCustomError(sys.market, "JobMarketRevealNotOpen")
      .withArgs(sys.jobId);
    const { commitsClosedAt, commitsClosedBlock, budget } = await sys.market.getJob(sys.jobId);
    const before = await sys.market.claimable(p.address);
    await atNextBlock(end + 1n);
    const tx = revealAndSettleAs(sys, right);
    // The decision is taken here (a reveal period from now, as any k = 1 decision), and the reveal follows at once.
    await expect(tx)
      .to.emit(sys.market, "AuditDecided")
      .withArgs(sys.jobId, false, commitsClosedBlock, 0, 0, end + 1n + REVEAL);
    await expect(tx).to.emit(sys.market, "ResultRevealed").withArgs(sys.jobId, p.address, right.output, right.fuel, "");
    await expect(tx).to.emit(sys.market, "JobSettled");
    // Settled by the revealed answer and its fuel, as settle would: the replica is paid that fuel at its price.
    const [settled] = await sys.market.queryFilter(sys.market.filters.JobSettled(sys.jobId));
    expect([settled.args.outcome, settled.args.result, settled.args.fuelUsed]).to.deep.equal([
      Outcome.Completed,
      resultWord(right),
      right.fuel,
    ]);
    const job = await sys.market.getJob(sys.jobId);
    // Revealed as of the commitment: the challenge window it waited out is the one the record shows.
    expect([job.status, job.audit, job.revealedMask, job.revealsClosedAt, job.commitsClosedAt]).to.deep.equal([
      JobStatus.Completed,
      AuditState.NotAudited,
      1n,
      commitsClosedAt,
      commitsClosedAt,
    ]);
    const paid = (await sys.market.claimable(p.address)) - before;
    expect(paid > 0n && paid <= budget).to.equal(true);
    expect(paid).to.equal(settled.args.paid);
    const rec = await providerOf(sys.registry, p);
    expect([rec.locked, rec.activeJobs, rec.completed]).to.deep.equal([0n, 0n, 1n]);
    await expectConservation(sys);
  });

  it("test_revealAndSettle_AuditedOpensTheAuditFromNowAndRevealsNothing", async () => {
    const sys = (await networkHelpers.loadFixture(committedJobFixture)) as Committed;
    await setAuditSeed(sys, sys.jobId, true);
    const at = (await windowEnd(sys)) + 1n;
    await atNextBlock(at);
    const tx = revealAndSettleAs(sys, right);
    const { commitsClosedBlock } = await sys.market.getJob(sys.jobId);
    // The auditor could no longer be drawn in windows counted from the commitment: they open at the decision.
    await expect(tx)
      .to.emit(sys.market, "AuditDecided")
      .withArgs(sys.jobId, true, commitsClosedBlock, at + DRAW, at + DRAW + EXECUTION, at + DRAW + EXECUTION + REVEAL);
    await expect(tx).to.not.emit(sys.market, "ResultRevealed");
    const job = await sys.market.getJob(sys.jobId);
    expect([job.status, job.audit, job.revealedMask]).to.deep.equal([JobStatus.Open, AuditState.Audited, 0n]);
    // The answer stays sealed until the auditor committed (or could no longer).
    await expect(revealAs(sys, sys.jobId, sys.claimers[0]!, right))
      .to.be.revertedWithCustomError(sys.market, "JobMarketRevealNotOpen")
      .withArgs(sys.jobId);
  });

  it("test_revealAndSettle_RevertWhen_SomeoneDecidedTheAudit_TheReplicaRevealsWithinAPeriodOfTheDecision", async () => {
    const sys = (await networkHelpers.loadFixture(committedJobFixture)) as Committed;
    await setAuditSeed(sys, sys.jobId, false);
    const end = await windowEnd(sys);
    // The requester wants to see the answer: late in the window, it takes the decision.
    const decidedAt = end - 10n;
    await atNextBlock(decidedAt);
    await sys.market.connect(sys.requester).decideAudit(sys.jobId);
    expect((await sys.market.timeline(sys.jobId)).revealEndsAt).to.equal(decidedAt + REVEAL);
    await networkHelpers.time.increaseTo(end + 1n);
    await expect(revealAndSettleAs(sys, right))
      .to.be.revertedWithCustomError(sys.market, "JobMarketRevealNotOpen")
      .withArgs(sys.jobId);
    // Past the window counted from the commitment, inside the period counted from the decision: never slashed.
    await atNextBlock(decidedAt + REVEAL);
    await expect(revealAs(sys, sys.jobId, sys.claimers[0]!, right)).to.emit(sys.market, "ResultRevealed");
    // The usual challenge window follows the reveal.
    expect((await sys.market.timeline(sys.jobId)).challengeEndsAt).to.equal(decidedAt + REVEAL + CHALLENGE + EXECUTION);
    expect(await sys.market.isSettleable(sys.jobId)).to.equal(false);
  });

  it("test_revealAndSettle_InputUnavailableRefundsWithoutSlashing", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const job = { ...sys, ...(await toCommitted(sys, [unavailable])) } as Committed;
    await setAuditSeed(job, job.jobId, false);
    await atNextBlock((await windowEnd(job)) + 1n);
    const p = job.claimers[0]!;
    const stake = (await providerOf(sys.registry, p)).stake;
    const tx = revealAndSettleAs(job, unavailable);
    await expect(tx).to.emit(sys.market, "JobSettled");
    await expect(tx).to.not.emit(sys.market, "AssignmentSlashed");
    const [settled] = await sys.market.queryFilter(sys.market.filters.JobSettled(job.jobId));
    expect([settled.args.outcome, settled.args.paid, settled.args.fee]).to.deep.equal([
      Outcome.InputUnavailable,
      0n,
      0n,
    ]);
    expect((await sys.market.getJob(job.jobId)).status).to.equal(JobStatus.Refunded);
    expect((await providerOf(sys.registry, p)).stake).to.equal(stake);
    await expectConservation(sys);
  });

  it("test_revealAndSettle_RevertWhen_TheOpeningIsWrongOrTheCallerHoldsNoSlot", async () => {
    const sys = (await networkHelpers.loadFixture(committedJobFixture)) as Committed;
    await setAuditSeed(sys, sys.jobId, false);
    await networkHelpers.time.increaseTo((await windowEnd(sys)) + 1n);
    const p = sys.claimers[0]!;
    await expect(revealAndSettleAs(sys, wrong))
      .to.be.revertedWithCustomError(sys.market, "JobMarketCommitmentMismatch")
      .withArgs(sys.jobId, p.address);
    await expect(revealAndSettleAs(sys, right, { salt: ethers.id("another salt") }))
      .to.be.revertedWithCustomError(sys.market, "JobMarketCommitmentMismatch")
      .withArgs(sys.jobId, p.address);
    const other = sys.providers.find((x) => x.address !== p.address)!;
    await expect(sys.market.connect(other).revealAndSettle(sys.jobId, right.output, right.fuel, saltOf(other), ""))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotAssigned")
      .withArgs(sys.jobId, other.address);
    // Nothing was decided or moved by the failures.
    expect((await sys.market.getJob(sys.jobId)).audit).to.equal(AuditState.Undecided);
  });

  it("test_revealAndSettle_RevertWhen_TheJobHasSeveralReplicas", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const job = { ...sys, ...(await toCommitted(sys, [right, right, right])) } as Committed;
    await setAuditSeed(job, job.jobId, false);
    // A k >= 2 job has no window counted from its commitments: its replicas reveal to be compared.
    expect((await sys.market.timeline(job.jobId)).challengeEndsAt).to.equal(0n);
    await networkHelpers.time.increase(CHALLENGE + EXECUTION + 1n);
    await expect(revealAndSettleAs(job, right))
      .to.be.revertedWithCustomError(sys.market, "JobMarketRevealNotOpen")
      .withArgs(job.jobId);
  });
});
