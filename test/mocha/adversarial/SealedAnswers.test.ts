import { expect } from "chai";
import {
  AuditState,
  Fault,
  JobStatus,
  VerificationReason,
  atNextBlock,
  claimAuditor,
  commitVerdicts,
  expectConservation,
  networkFixture,
  networkHelpers,
  providerOf,
  revealAll,
  revealVerdicts,
  saltOf,
  type System,
} from "../fixture.js";
import { ZERO_ADDRESS, right, setAuditSeed, toCommitted, wrong } from "../helpers/stages.js";

/**
 * A k = 1 replica may keep its answer sealed through the challenge window counted from its commitment and then reveal
 * and settle in one transaction (JobMarket.revealAndSettle). Attacks on that window: a requester racing the waiting
 * replica into a slash, and a cheater hoping the sealed path skips the audit.
 */
describe("Adversarial: sealed k = 1 answers", () => {
  async function sealed(answer = right, audited = false) {
    const sys: System = await networkHelpers.loadFixture(networkFixture);
    const { jobId, claimers } = await toCommitted(sys, [answer]);
    await setAuditSeed(sys, jobId, audited);
    const { challengeEndsAt, revealEndsAt } = await sys.market.timeline(jobId);
    return { sys, jobId, replica: claimers[0]!, windowEnd: challengeEndsAt, settleableAfter: revealEndsAt };
  }

  it("a requester settling while the answer is sealed cannot slash the waiting replica", async () => {
    const { sys, jobId, replica, windowEnd, settleableAfter } = await sealed();
    const stake = (await providerOf(sys.registry, replica)).stake;
    // In the window, at its end, and up to a reveal period after it: settle refuses (and decides nothing).
    for (const t of [windowEnd - 100n, windowEnd, settleableAfter]) {
      await atNextBlock(t);
      await expect(sys.market.connect(sys.requester).settle(jobId))
        .to.be.revertedWithCustomError(sys.market, "JobMarketNotSettleable")
        .withArgs(jobId);
    }
    expect((await sys.market.getJob(jobId)).audit).to.equal(AuditState.Undecided);
    // The replica reveals and settles (late in its period): paid, its stake intact.
    const tx = sys.market.connect(replica).revealAndSettle(jobId, right.output, right.fuel, saltOf(replica), "");
    await expect(tx).to.emit(sys.market, "ProviderPaid");
    await expect(tx).to.not.emit(sys.market, "AssignmentSlashed");
    expect((await providerOf(sys.registry, replica)).stake).to.equal(stake);
    await expectConservation(sys);
  });

  it("a replica that never opens its sealed answer is slashed as withholding, and the requester refunded", async () => {
    const { sys, jobId, replica, settleableAfter } = await sealed();
    const { collateral } = await sys.market.getJob(jobId);
    const { dissentSlashBps } = await sys.market.parameters();
    await networkHelpers.time.increaseTo(settleableAfter + 1n);
    const tx = sys.market.connect(sys.requester).settle(jobId);
    await expect(tx)
      .to.emit(sys.market, "AssignmentSlashed")
      .withArgs(jobId, replica.address, Fault.Withheld, (collateral * dissentSlashBps) / 10_000n);
    expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Refunded);
    await expectConservation(sys);
  });

  it("a cheater sealing a wrong answer still meets the audit: revealing and settling only opens it, and the auditor's answer sends it to the panel", async () => {
    const { sys, jobId, replica, windowEnd } = await sealed(wrong, true);
    await atNextBlock(windowEnd + 1n);
    const cheat = sys.market.connect(replica).revealAndSettle(jobId, wrong.output, wrong.fuel, saltOf(replica), "");
    await expect(cheat).to.emit(sys.market, "AuditDecided");
    await expect(cheat).to.not.emit(sys.market, "ResultRevealed");
    await expect(cheat).to.not.emit(sys.market, "JobSettled");
    // The audit opens at the decision, with its whole windows: an auditor is drawn, commits, and only then may the
    // replica reveal.
    const auditor = await claimAuditor(sys, jobId, sys.verifiers);
    await commitVerdicts(sys, jobId, [auditor], [right]);
    await revealAll(sys, jobId, [replica], [wrong]);
    await revealVerdicts(sys, jobId, [auditor], [right]);
    const revealed = (await sys.market.getAssignments(jobId))[0]!.result;
    await expect(sys.market.settle(jobId))
      .to.emit(sys.market, "VerificationStarted")
      .withArgs(jobId, VerificationReason.Disagreement, ZERO_ADDRESS, revealed);
    expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Verifying);
    await expectConservation(sys);
  });
});
