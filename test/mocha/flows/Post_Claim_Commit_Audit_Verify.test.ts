import { expect } from "chai";
import {
  answer,
  auditFeeKept,
  AuditState,
  BPS,
  bps,
  claimAuditor,
  claimSeats,
  claimSlots,
  commitAll,
  commitVerdicts,
  copied,
  expectConservation,
  Fault,
  forceAudit,
  fund,
  JobStatus,
  MFUEL,
  networkFixture,
  networkHelpers,
  Outcome,
  passChallengeWindow,
  paymentFor,
  postJob,
  providerOf,
  resultWord,
  revealAll,
  revealVerdicts,
  saltOf,
  TOKEN,
  VerificationReason,
  VerificationStatus,
  verifierPay,
  slotIndex,
} from "../fixture.js";

const { loadFixture } = networkHelpers;

/**
 * The trust flows end to end on the real contracts: a k = 1 result unaudited and paid for its fuel; audited and
 * upheld; audited and overturned by a panel; challenged by the requester; a k = 3 cartel outvoted by a panel; a panel
 * without a majority failing closed.
 */
describe("Post_Claim_Commit_Audit_Verify", () => {
  const right = answer("right");
  const wrong = answer("wrong");

  it("k = 1 unaudited: the provider is paid its fuel at its own price after the challenge window", async () => {
    const sys = await loadFixture(networkFixture);
    const jobId = await postJob(sys);
    const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
    await commitAll(sys, jobId, [provider!], [right]);
    await forceAudit(sys, jobId, false);
    expect((await sys.market.getJob(jobId)).audit).to.equal(AuditState.NotAudited);
    await revealAll(sys, jobId, [provider!], [right]);
    await expect(sys.market.settle(jobId)).to.be.revertedWithCustomError(sys.market, "JobMarketNotSettleable");
    await passChallengeWindow(sys, jobId);
    const job = await sys.market.getJob(jobId);
    const pay = paymentFor(right.fuel, TOKEN / 100n, job.budget);
    // The audit fee is kept on the fuel used at the job's price; the rest of it comes back with the unspent budget.
    const kept = auditFeeKept(right.fuel, job.maxPricePerMfuel, (await sys.market.parameters()).auditFeeBps);
    await expect(sys.market.settle(jobId))
      .to.emit(sys.market, "JobSettled")
      .withArgs(
        jobId,
        sys.requester.address,
        Outcome.Completed,
        resultWord(right),
        right.fuel,
        pay,
        job.fee,
        kept,
        job.budget - pay + job.auditFee - kept,
        0n,
        0n,
        kept,
      );
    expect(await sys.market.claimable(provider!.address)).to.equal(pay);
    expect(pay).to.equal((40n * MFUEL * (TOKEN / 100n)) / MFUEL); // 40 Mfuel at 0.01 token
    await expectConservation(sys);
  });

  it("k = 1 audited, the auditor agrees: replicas reveal only after it committed; it is paid the budget", async () => {
    const sys = await loadFixture(networkFixture);
    const jobId = await postJob(sys);
    const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
    await commitAll(sys, jobId, [provider!], [right]);
    await forceAudit(sys, jobId, true);
    await expect(
      sys.market
        .connect(provider!)
        .revealResult(
          jobId,
          await slotIndex(sys.market, jobId, provider!),
          right.output,
          right.fuel,
          saltOf(provider!),
          "",
        ),
    ).to.be.revertedWithCustomError(sys.market, "JobMarketRevealNotOpen");
    const auditor = await claimAuditor(sys, jobId, sys.verifiers);
    await commitVerdicts(sys, jobId, [auditor], [right]);
    await revealAll(sys, jobId, [provider!], [right]);
    await revealVerdicts(sys, jobId, [auditor], [right]);
    await passChallengeWindow(sys, jobId);
    const poolBefore = await sys.court.pool();
    const job = await sys.market.getJob(jobId);
    const pay = verifierPay(right.fuel, job.maxPricePerMfuel);
    await expect(sys.market.settle(jobId))
      .to.emit(sys.court, "VerifierPaid")
      .withArgs(jobId, auditor.address, 0, pay, true);
    expect(await sys.court.claimable(auditor.address)).to.equal(pay);
    // The pool paid the auditor its fuel at the job's price (the reservation's rest came back) and kept the audit fee.
    const kept = auditFeeKept(right.fuel, job.maxPricePerMfuel, (await sys.market.parameters()).auditFeeBps);
    expect(await sys.court.pool()).to.equal(poolBefore + job.budget - pay + kept);
    expect((await sys.court.getVerification(jobId)).status).to.equal(VerificationStatus.Final);
    await expectConservation(sys);
  });

  it("k = 1 audited, the provider is wrong: a panel overturns it; the requester is refunded and compensated", async () => {
    const sys = await loadFixture(networkFixture);
    const jobId = await postJob(sys);
    const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
    await commitAll(sys, jobId, [provider!], [wrong]);
    await forceAudit(sys, jobId, true);
    const auditor = await claimAuditor(sys, jobId, sys.verifiers);
    await commitVerdicts(sys, jobId, [auditor], [right]);
    await revealAll(sys, jobId, [provider!], [wrong]);
    await revealVerdicts(sys, jobId, [auditor], [right]);
    // Disagreement: no challenge window, the panel opens at once.
    await expect(sys.market.settle(jobId))
      .to.emit(sys.market, "VerificationStarted")
      .withArgs(
        jobId,
        VerificationReason.Disagreement,
        "0x0000000000000000000000000000000000000000",
        resultWord(wrong),
      );
    expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Verifying);
    const panel = await claimSeats(
      sys,
      jobId,
      sys.verifiers.filter((v) => v !== auditor),
      3,
    );
    await commitVerdicts(sys, jobId, panel, [right, right, right]);
    await revealVerdicts(sys, jobId, panel, [right, right, right]);
    const job = await sys.market.getJob(jobId);
    const params = await sys.market.parameters();
    const slashed = job.collateral; // dissent slash 100%
    // Half the slash would be 15 tokens; compensation is capped at the budget the requester escrowed for replicas.
    const compensation =
      bps(slashed, params.requesterShareBps) > job.budget ? job.budget : bps(slashed, params.requesterShareBps);
    expect(compensation).to.equal(job.budget);
    const kept = auditFeeKept(right.fuel, job.maxPricePerMfuel, params.auditFeeBps);
    const refund = job.budget + job.fee + job.auditFee - kept;
    await expect(sys.court.resolve(jobId))
      .to.emit(sys.market, "JobSettled")
      .withArgs(
        jobId,
        sys.requester.address,
        Outcome.Overturned,
        resultWord(right),
        right.fuel,
        0n,
        0n,
        kept,
        refund,
        compensation,
        slashed,
        kept + slashed - compensation,
      );
    expect(await sys.market.claimable(sys.requester.address)).to.equal(refund + compensation);
    const p = await providerOf(sys.registry, provider!);
    expect(p.slashes).to.equal(1n);
    for (const v of [auditor, ...panel]) {
      expect(await sys.court.claimable(v.address)).to.equal(verifierPay(right.fuel, job.maxPricePerMfuel));
    }
    await expectConservation(sys);
  });

  it("k = 1 challenged by the requester: the bond comes back with a share of the provider's collateral", async () => {
    const sys = await loadFixture(networkFixture);
    const jobId = await postJob(sys);
    const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
    await commitAll(sys, jobId, [provider!], [wrong]);
    await forceAudit(sys, jobId, false);
    await revealAll(sys, jobId, [provider!], [wrong]);
    const job = await sys.market.getJob(jobId);
    const bond = await sys.court.bondFor(job.budget);
    await fund(sys, sys.requester, bond, await sys.court.getAddress());
    await expect(sys.court.connect(sys.requester).challenge(jobId))
      .to.emit(sys.court, "ChallengeOpened")
      .withArgs(jobId, sys.requester.address, resultWord(wrong), bond);
    const panel = await claimSeats(sys, jobId, sys.verifiers, 3);
    await commitVerdicts(sys, jobId, panel, [right, right, wrong]);
    await revealVerdicts(sys, jobId, panel, [right, right, wrong]);
    const params = await sys.market.parameters();
    const reward = bps(job.collateral, params.challengerShareBps);
    await expect(sys.court.resolve(jobId))
      .to.emit(sys.court, "ChallengeSettled")
      .withArgs(jobId, sys.requester.address, true, bond, reward);
    // The panel member who sided with the wrong result is paid and slashed.
    const courtParams = await sys.court.parameters();
    expect(await sys.court.claimable(panel[2]!.address)).to.equal(verifierPay(wrong.fuel, job.maxPricePerMfuel));
    expect((await providerOf(sys.registry, panel[2]!)).stake).to.equal(
      1_000n * TOKEN - bps(job.collateral, courtParams.verifierSlashBps),
    );
    await expectConservation(sys);
  });

  it("k = 3 with a two-member cartel: the honest minority is paid, the cartel slashed by the panel", async () => {
    const sys = await loadFixture(networkFixture);
    const jobId = await postJob(sys, { replicas: 3 });
    const claimers = await claimSlots(sys, jobId, sys.providers, 3);
    const answers = [wrong, wrong, right];
    await commitAll(sys, jobId, claimers, answers);
    await forceAudit(sys, jobId, false);
    await revealAll(sys, jobId, claimers, answers);
    await expect(sys.market.settle(jobId)).to.emit(sys.market, "VerificationStarted");
    const panel = await claimSeats(sys, jobId, sys.verifiers, 3);
    await commitVerdicts(sys, jobId, panel, [right, right, right]);
    await revealVerdicts(sys, jobId, panel, [right, right, right]);
    await expect(sys.court.resolve(jobId))
      .to.emit(sys.market, "AssignmentSlashed")
      .withArgs(jobId, claimers[0]!.address, Fault.Dissent, (await sys.market.getJob(jobId)).collateral);
    const job = await sys.market.getJob(jobId);
    expect(job.status).to.equal(JobStatus.Completed);
    const params = await sys.market.parameters();
    const bonus = bps(2n * job.collateral, params.honestShareBps);
    expect(await sys.market.claimable(claimers[2]!.address)).to.equal(
      paymentFor(right.fuel, TOKEN / 100n, job.budget) + bonus,
    );
    await expectConservation(sys);
  });

  it("a panel verifier that copies the revealed answer without executing is outvoted and slashed", async () => {
    const sys = await loadFixture(networkFixture);
    const jobId = await postJob(sys, { replicas: 3 });
    const claimers = await claimSlots(sys, jobId, sys.providers, 3);
    const answers = [right, right, wrong];
    await commitAll(sys, jobId, claimers, answers);
    await forceAudit(sys, jobId, false);
    await revealAll(sys, jobId, claimers, answers);
    await sys.market.settle(jobId);
    const panel = await claimSeats(sys, jobId, sys.verifiers, 3);
    // The copier reveals the majority's output and fuel, but it never ran the job: its proof of execution is made up.
    const votes = [right, right, copied(right)];
    await commitVerdicts(sys, jobId, panel, votes);
    await revealVerdicts(sys, jobId, panel, votes);
    const job = await sys.market.getJob(jobId);
    const courtParams = await sys.court.parameters();
    await expect(sys.court.resolve(jobId))
      .to.emit(sys.court, "VerifierSlashed")
      .withArgs(jobId, panel[2]!.address, 1, Fault.Dissent, bps(job.collateral, courtParams.verifierSlashBps));
    expect(job.status).to.equal(JobStatus.Verifying);
    expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Completed);
    await expectConservation(sys);
  });

  it("a panel without a majority, twice: the job fails closed (refund, replicas released, uncorroborated seats unpaid)", async () => {
    const sys = await loadFixture(networkFixture);
    const jobId = await postJob(sys);
    const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
    await commitAll(sys, jobId, [provider!], [wrong]);
    await forceAudit(sys, jobId, true);
    // No auditor is drawn: the audit goes unanswered once the reveal window ends.
    const t = await sys.market.timeline(jobId);
    await networkHelpers.time.increaseTo(t.auditCommitEndsAt + 1n);
    await revealAll(sys, jobId, [provider!], [wrong]);
    await networkHelpers.time.increaseTo(t.revealEndsAt + 1n);
    await expect(sys.market.settle(jobId))
      .to.emit(sys.market, "VerificationStarted")
      .withArgs(
        jobId,
        VerificationReason.AuditUnanswered,
        "0x0000000000000000000000000000000000000000",
        resultWord(wrong),
      );
    const drawn: string[] = [];
    for (let round = 1; round <= 2; round++) {
      const candidates = sys.verifiers.filter((v) => !drawn.includes(v.address));
      const panel = await claimSeats(sys, jobId, candidates, 3);
      drawn.push(...panel.map((v) => v.address));
      const split = [answer(`a${round}`), answer(`b${round}`), answer(`c${round}`)];
      await commitVerdicts(sys, jobId, panel, split);
      await revealVerdicts(sys, jobId, panel, split);
      await sys.court.resolve(jobId);
    }
    // Every seat revealed a ballot nobody else cast: nobody can tell a run from a guess, so nobody is paid.
    for (const v of drawn) expect(await sys.court.claimable(v)).to.equal(0n);
    const job = await sys.market.getJob(jobId);
    expect(job.status).to.equal(JobStatus.Refunded);
    const p = await providerOf(sys.registry, provider!);
    expect(p.slashes).to.equal(0n);
    expect(p.locked).to.equal(0n);
    // No verdict: the fee comes back; the audit fee is kept on the whole budget (no result says what was used).
    const kept = auditFeeKept(job.maxFuel, job.maxPricePerMfuel, (await sys.market.parameters()).auditFeeBps);
    expect(kept).to.equal(job.auditFee);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(job.budget + job.fee);
    expect(BPS).to.equal(10_000n);
    await expectConservation(sys);
  });
});
