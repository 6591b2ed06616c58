import { expect } from "chai";
import { INPUT_UNAVAILABLE, INPUT_UNAVAILABLE_RESULT } from "@hashwork/sdk/results";
import {
  Fault,
  auditFeeKept,
  JobStatus,
  MFUEL,
  Outcome,
  TOKEN,
  answer,
  claimAuditor,
  claimSlots,
  claimedJobFixture,
  commitAll,
  commitVerdicts,
  ethers,
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
  verifierPay,
  noClaimsSettlement,
} from "../fixture.js";
import { revealedJobFixture, right, toCommitted, toRevealed, wrong } from "../helpers/stages.js";

/**
 * The money of every way a job settles: payments for the fuel at each replica's claimed offer, slashes and their
 * split, the fee and the audit fee. The default job: 100 Mfuel at most 0.02 token per Mfuel (budget 2 tokens),
 * collateral 15x = 30 tokens; providers ask 0.01 token per Mfuel; answers use 40 Mfuel. Parameters: fee 2.5% of the
 * total budget, audit fee 12% of one budget (escrowed; kept on the fuel used at the job's price), dissent (and
 * withhold) slash 100%, no-show slash 25%, requester share 50% (capped at the k budgets escrowed for replicas), honest
 * share 20%.
 */
const BUDGET = 2n * TOKEN;
const COLLATERAL = 30n * TOKEN;
const AUDIT_FEE = (BUDGET * 1_200n) / 10_000n;
const feeOf = (k: bigint) => (k * BUDGET * 250n) / 10_000n;
const escrowOf = (k: bigint) => k * BUDGET + feeOf(k) + AUDIT_FEE;
const PRICE = TOKEN / 100n;
const PAY = (right.fuel * PRICE) / MFUEL; // 0.4 token for 40 Mfuel
/** The audit fee a job with a 40-Mfuel result keeps: 12% of 40 Mfuel at 0.02 token = 0.096 token (of 0.24 escrowed). */
const KEPT = auditFeeKept(right.fuel, BUDGET / 100n, 1_200n);
const NO_SHOW = COLLATERAL / 4n;
const IU = { output: INPUT_UNAVAILABLE, fuel: 0n, state: ethers.ZeroHash };
/** The requester's compensation of a k-replica job: half the slash, capped at the k budgets it escrowed. */
const compensationOf = (slashed: bigint, k: bigint) => (slashed / 2n < k * BUDGET ? slashed / 2n : k * BUDGET);

/** The balances a settlement credits: the requester's, the treasury's and the court's (all in the market). */
async function credits(sys: System) {
  return {
    requester: await sys.market.claimable(sys.requester.address),
    treasury: await sys.market.claimable(await sys.market.treasury()),
    court: await sys.market.claimable(await sys.court.getAddress()),
  };
}

describe("JobMarket settlement money", () => {
  it("test_settle_NoClaims_RefundsTheWholeEscrow", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    const { claimDeadline } = await sys.market.getJob(sys.jobId);
    await networkHelpers.time.increaseTo(claimDeadline + 1n);
    const tx = sys.market.connect(sys.other).settle(sys.jobId);
    await expect(tx)
      .to.emit(sys.market, "JobSettled")
      .withArgs(...noClaimsSettlement(sys.jobId, sys.requester.address, escrowOf(1n)));
    await expect(tx).to.not.emit(sys.market, "ProviderPaid");
    expect((await sys.market.getJob(sys.jobId)).status).to.equal(JobStatus.Refunded);
    expect(await credits(sys)).to.deep.equal({ requester: escrowOf(1n), treasury: 0n, court: 0n });
    await expectConservation(sys);
  });

  it("test_settle_NoResult_SlashesTheNoShowAndRefundsFeeAndAuditFee", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    const p = sys.claimer;
    const { commitDeadline } = await sys.market.getJob(sys.jobId);
    await networkHelpers.time.increaseTo(commitDeadline + 1n);
    const total = await sys.registry.totalStake();
    const tx = sys.market.settle(sys.jobId);
    await expect(tx).to.emit(sys.market, "AssignmentSlashed").withArgs(sys.jobId, p.address, Fault.NoShow, NO_SHOW);
    await expect(tx)
      .to.emit(sys.registry, "ProviderSlashed")
      .withArgs(p.address, sys.jobId, Fault.NoShow, NO_SHOW, 1_000n * TOKEN - NO_SHOW, total - NO_SHOW);
    // Half the slash would be 3.75 tokens: the requester is made whole (the 2 tokens it escrowed for the replica), not
    // enriched. Nothing was committed: the audit fee goes back with the fee; the court gets the rest of the slash.
    const compensation = BUDGET;
    expect(compensationOf(NO_SHOW, 1n)).to.equal(compensation);
    await expect(tx)
      .to.emit(sys.market, "JobSettled")
      .withArgs(
        sys.jobId,
        sys.requester.address,
        Outcome.NoResult,
        ethers.ZeroHash,
        0n,
        0n,
        0n,
        0n,
        escrowOf(1n),
        compensation,
        NO_SHOW,
        NO_SHOW - compensation,
      );
    expect(await credits(sys)).to.deep.equal({
      requester: escrowOf(1n) + compensation,
      treasury: 0n,
      court: NO_SHOW - compensation,
    });
    const rec = await providerOf(sys.registry, p);
    expect([rec.stake, rec.locked, rec.activeJobs, rec.noShows, rec.slashes]).to.deep.equal([
      1_000n * TOKEN - NO_SHOW,
      0n,
      0n,
      1n,
      0n,
    ]);
    await expectConservation(sys);
  });

  it("test_settle_Completed_PaysTheFuelAtTheClaimedPriceChargesTheFeeAndFundsTheCourt", async () => {
    const sys = await networkHelpers.loadFixture(revealedJobFixture);
    const p = sys.claimers[0]!;
    await passChallengeWindow(sys, sys.jobId);
    const tx = sys.market.settle(sys.jobId);
    await expect(tx).to.emit(sys.market, "ProviderPaid").withArgs(sys.jobId, p.address, PAY, 0n);
    await expect(tx)
      .to.emit(sys.market, "JobSettled")
      .withArgs(
        sys.jobId,
        sys.requester.address,
        Outcome.Completed,
        resultWord(right),
        right.fuel,
        PAY,
        feeOf(1n),
        KEPT,
        BUDGET - PAY + AUDIT_FEE - KEPT,
        0n,
        0n,
        KEPT,
      );
    await expect(tx).to.not.emit(sys.market, "AssignmentReleased");
    expect((await sys.market.getJob(sys.jobId)).status).to.equal(JobStatus.Completed);
    // The court keeps 12% of the price of the 40 Mfuel used; the rest of the escrowed audit fee comes back.
    expect(KEPT).to.equal((((40n * MFUEL * (BUDGET / 100n)) / MFUEL) * 1_200n) / 10_000n);
    expect(await credits(sys)).to.deep.equal({
      requester: BUDGET - PAY + AUDIT_FEE - KEPT,
      treasury: feeOf(1n),
      court: KEPT,
    });
    expect(await sys.market.claimable(p.address)).to.equal(PAY);
    const rec = await providerOf(sys.registry, p);
    expect([rec.stake, rec.locked, rec.activeJobs, rec.completed]).to.deep.equal([1_000n * TOKEN, 0n, 0n, 1n]);
    expect(await sys.registry.reputation(p.address)).to.equal(1n);
    await expectConservation(sys);
  });

  it("test_settle_Completed_BillsTheMinimumFuelWhenTheResultUsedLess", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    // Every provider bills at least 60 Mfuel; the answer used 40.
    for (const p of sys.providers) await sys.registry.connect(p).updateOffer("ipfs://p", 1, PRICE, 60, 4);
    const { jobId, claimers } = await toRevealed(sys, [right]);
    await passChallengeWindow(sys, jobId);
    const pay = (60n * MFUEL * PRICE) / MFUEL;
    await expect(sys.market.settle(jobId))
      .to.emit(sys.market, "ProviderPaid")
      .withArgs(jobId, claimers[0]!.address, pay, 0n);
    // The audit fee is kept on the fuel the result used (40 Mfuel), not on what the provider billed.
    expect(await credits(sys)).to.deep.equal({
      requester: BUDGET - pay + AUDIT_FEE - KEPT,
      treasury: feeOf(1n),
      court: KEPT,
    });
    await expectConservation(sys);
  });

  it("test_settle_Completed_BillsTheFuelUsedWhenAboveTheMinimum", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    for (const p of sys.providers) await sys.registry.connect(p).updateOffer("ipfs://p", 1, PRICE, 30, 4);
    const { jobId, claimers } = await toRevealed(sys, [right]);
    await passChallengeWindow(sys, jobId);
    await expect(sys.market.settle(jobId))
      .to.emit(sys.market, "ProviderPaid")
      .withArgs(jobId, claimers[0]!.address, PAY, 0n);
    await expectConservation(sys);
  });

  it("test_settle_Completed_PaysAtTheJobsFullBudgetAtMost", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    // At the job's own max price with the whole fuel limit used, a replica is paid exactly one budget.
    for (const p of sys.providers) await sys.registry.connect(p).updateOffer("ipfs://p", 1, TOKEN / 50n, 0, 4);
    const full = answer("full", 100n * MFUEL);
    const { jobId, claimers } = await toRevealed(sys, [full]);
    await passChallengeWindow(sys, jobId);
    await expect(sys.market.settle(jobId))
      .to.emit(sys.market, "ProviderPaid")
      .withArgs(jobId, claimers[0]!.address, BUDGET, 0n);
    // The whole fuel limit used: the whole escrowed audit fee is kept, and nothing comes back to the requester.
    expect(await credits(sys)).to.deep.equal({ requester: 0n, treasury: feeOf(1n), court: AUDIT_FEE });
    await expectConservation(sys);
  });

  it("test_settle_Completed_PaysTheOfferClaimedWithNotAnUpdatedOne", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys);
    const [p] = await claimSlots(sys, jobId, sys.providers, 1);
    // After claiming at 0.01 token per Mfuel and no minimum, the provider doubles its price and sets a minimum.
    await sys.registry.connect(p!).updateOffer("ipfs://p", 1, TOKEN / 50n, 90, 4);
    await commitAll(sys, jobId, [p!], [right]);
    await forceAudit(sys, jobId, false);
    await revealAll(sys, jobId, [p!], [right]);
    await passChallengeWindow(sys, jobId);
    await expect(sys.market.settle(jobId)).to.emit(sys.market, "ProviderPaid").withArgs(jobId, p!.address, PAY, 0n);
    await expectConservation(sys);
  });

  it("test_settle_Completed_TheFeeIsFlooredAtMinFee", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    // A 0.1-token budget: 2.5% of it is 0.0025 token, below the 0.01-token floor.
    const { jobId } = await toRevealed(sys, [answer("small", 5n * MFUEL)], {
      maxFuel: 10n * MFUEL,
      maxPricePerMfuel: TOKEN / 100n,
    });
    const job = await sys.market.getJob(jobId);
    const { minFee } = await sys.market.parameters();
    expect([job.budget, job.fee]).to.deep.equal([TOKEN / 10n, minFee]);
    await passChallengeWindow(sys, jobId);
    await sys.market.settle(jobId);
    expect(await sys.market.claimable(await sys.market.treasury())).to.equal(minFee);
    await expectConservation(sys);
  });

  it("test_settle_Completed_AWithholderIsSlashedLikeADissenterAndTheWinnersShareIt", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const { jobId, claimers } = await toCommitted(sys, [right, right, wrong]);
    await forceAudit(sys, jobId, false);
    await revealAll(sys, jobId, claimers.slice(0, 2), [right, right]); // the third saw it would lose and withholds
    await passChallengeWindow(sys, jobId);
    const slashed = COLLATERAL; // 100%, like a dissent
    const compensation = 3n * BUDGET; // half the slash, 15 tokens, capped at the 3 budgets escrowed for replicas
    expect(compensationOf(slashed, 3n)).to.equal(compensation);
    const bonus = (slashed * 2_000n) / 10_000n / 2n;
    const paid = 2n * PAY;
    const refund = escrowOf(3n) - paid - feeOf(3n) - KEPT;
    const tx = sys.market.settle(jobId);
    await expect(tx)
      .to.emit(sys.market, "AssignmentSlashed")
      .withArgs(jobId, claimers[2]!.address, Fault.Withheld, slashed);
    for (const p of claimers.slice(0, 2)) {
      await expect(tx).to.emit(sys.market, "ProviderPaid").withArgs(jobId, p.address, PAY, bonus);
    }
    await expect(tx)
      .to.emit(sys.market, "JobSettled")
      .withArgs(
        jobId,
        sys.requester.address,
        Outcome.Completed,
        resultWord(right),
        right.fuel,
        paid,
        feeOf(3n),
        KEPT,
        refund,
        compensation,
        slashed,
        KEPT + slashed - compensation - 2n * bonus,
      );
    expect(await credits(sys)).to.deep.equal({
      requester: refund + compensation,
      treasury: feeOf(3n),
      court: KEPT + slashed - compensation - 2n * bonus,
    });
    for (const p of claimers.slice(0, 2)) expect(await sys.market.claimable(p.address)).to.equal(PAY + bonus);
    const loser = await providerOf(sys.registry, claimers[2]!);
    expect([loser.slashes, loser.noShows, loser.stake]).to.deep.equal([1n, 0n, 1_000n * TOKEN - slashed]);
    await expectConservation(sys);
  });

  it("test_settle_Completed_TheBonusRoundingDustGoesToTheCourt", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    // An odd budget (1 Mfuel at 2 tokens + 1 unit): the honest share of a full slash, 3 budgets, splits in two with
    // one unit left over.
    const small = answer("small", MFUEL / 2n);
    const silent = answer("silent", MFUEL / 2n);
    const { jobId, claimers } = await toCommitted(sys, [small, small, silent], {
      maxFuel: MFUEL,
      maxPricePerMfuel: 2n * TOKEN + 1n,
    });
    await forceAudit(sys, jobId, false);
    await revealAll(sys, jobId, claimers.slice(0, 2), [small, small]);
    await passChallengeWindow(sys, jobId);
    const job = await sys.market.getJob(jobId);
    expect(job.budget).to.equal(2n * TOKEN + 1n);
    const slashed = job.collateral;
    const honest = (slashed * 2_000n) / 10_000n;
    const bonus = honest / 2n;
    expect(honest - 2n * bonus).to.equal(1n);
    await expect(sys.market.settle(jobId))
      .to.emit(sys.market, "ProviderPaid")
      .withArgs(jobId, claimers[0]!.address, (small.fuel * PRICE) / MFUEL, bonus);
    const kept = auditFeeKept(small.fuel, job.maxPricePerMfuel, 1_200n);
    const compensation = 3n * job.budget; // half the slash is 7.5 budgets: capped at the 3 escrowed for replicas
    expect(await sys.market.claimable(await sys.court.getAddress())).to.equal(
      kept + slashed - compensation - 2n * bonus,
    );
    await expectConservation(sys);
  });

  it("test_settle_InputUnavailable_ReleasesEveryoneRefundsAllButTheAuditFee", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const { jobId, claimers } = await toRevealed(sys, [IU]);
    const tx = sys.market.settle(jobId); // no challenge window for a refund
    await expect(tx).to.emit(sys.market, "AssignmentReleased").withArgs(jobId, claimers[0]!.address, COLLATERAL);
    await expect(tx).to.not.emit(sys.market, "ProviderPaid");
    await expect(tx)
      .to.emit(sys.market, "JobSettled")
      .withArgs(
        jobId,
        sys.requester.address,
        Outcome.InputUnavailable,
        INPUT_UNAVAILABLE_RESULT,
        0n,
        0n,
        0n,
        AUDIT_FEE,
        BUDGET + feeOf(1n),
        0n,
        0n,
        AUDIT_FEE,
      );
    // Something was committed, so the audit fee funds the court.
    expect(await credits(sys)).to.deep.equal({ requester: BUDGET + feeOf(1n), treasury: 0n, court: AUDIT_FEE });
    const rec = await providerOf(sys.registry, claimers[0]!);
    expect([rec.locked, rec.activeJobs, rec.completed, rec.slashes, rec.noShows]).to.deep.equal([0n, 0n, 0n, 0n, 0n]);
    await expectConservation(sys);
  });

  it("test_settle_NoConsensus_ReleasesTheRevealersAndStillSlashesAWithholder", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    // One real result, one "input unavailable", one withheld: no strict majority, no disagreement.
    const { jobId, claimers } = await toCommitted(sys, [right, IU, wrong]);
    await forceAudit(sys, jobId, false);
    await revealAll(sys, jobId, claimers.slice(0, 2), [right, IU]);
    await networkHelpers.time.increaseTo((await sys.market.timeline(jobId)).revealEndsAt + 1n);
    const slashed = COLLATERAL;
    const compensation = compensationOf(slashed, 3n); // capped: 3 budgets
    // No real result won: the audit fee is kept on the whole budget (no result says how much fuel was used).
    const refund = escrowOf(3n) - AUDIT_FEE;
    expect(auditFeeKept(100n * MFUEL, BUDGET / 100n, 1_200n)).to.equal(AUDIT_FEE);
    const tx = sys.market.settle(jobId);
    for (const p of claimers.slice(0, 2)) {
      await expect(tx).to.emit(sys.market, "AssignmentReleased").withArgs(jobId, p.address, COLLATERAL);
    }
    await expect(tx)
      .to.emit(sys.market, "AssignmentSlashed")
      .withArgs(jobId, claimers[2]!.address, Fault.Withheld, slashed);
    await expect(tx)
      .to.emit(sys.market, "JobSettled")
      .withArgs(
        jobId,
        sys.requester.address,
        Outcome.NoConsensus,
        ethers.ZeroHash,
        0n,
        0n,
        0n,
        AUDIT_FEE,
        refund,
        compensation,
        slashed,
        AUDIT_FEE + slashed - compensation,
      );
    expect(await credits(sys)).to.deep.equal({
      requester: refund + compensation,
      treasury: 0n,
      court: AUDIT_FEE + slashed - compensation,
    });
    await expectConservation(sys);
  });

  it("test_settle_Completed_ANoShowBesideAnAuditedAgreement", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const jobId = await postJob(sys, { replicas: 3 });
    const claimers = await claimSlots(sys, jobId, sys.providers, 3);
    await commitAll(sys, jobId, claimers.slice(0, 2), [right, right]); // the third never commits
    const { commitDeadline } = await sys.market.getJob(jobId);
    await networkHelpers.time.increaseTo(commitDeadline + 1n);
    await sys.market.decideAudit(jobId); // slots missing at the deadline: audited
    const auditor = await claimAuditor(sys, jobId, sys.verifiers);
    await commitVerdicts(sys, jobId, [auditor], [right]);
    await revealAll(sys, jobId, claimers.slice(0, 2), [right, right]);
    await revealVerdicts(sys, jobId, [auditor], [right]);
    await passChallengeWindow(sys, jobId);
    // Half the no-show slash, 3.75 tokens, is under the cap (3 budgets, 6 tokens): paid in full.
    const compensation = NO_SHOW / 2n;
    expect(compensationOf(NO_SHOW, 3n)).to.equal(compensation);
    const bonus = (NO_SHOW * 2_000n) / 10_000n / 2n;
    const tx = sys.market.settle(jobId);
    await expect(tx)
      .to.emit(sys.market, "AssignmentSlashed")
      .withArgs(jobId, claimers[2]!.address, Fault.NoShow, NO_SHOW);
    await expect(tx).to.emit(sys.market, "ProviderPaid").withArgs(jobId, claimers[0]!.address, PAY, bonus);
    // The auditor is paid the 40 Mfuel it revealed at the job's 0.02 token: 0.8 token.
    await expect(tx)
      .to.emit(sys.court, "VerifierPaid")
      .withArgs(jobId, auditor.address, 0, verifierPay(right.fuel, BUDGET / 100n), true);
    expect(await credits(sys)).to.deep.equal({
      requester: escrowOf(3n) - 2n * PAY - feeOf(3n) - KEPT + compensation,
      treasury: feeOf(3n),
      court: KEPT + NO_SHOW - compensation - 2n * bonus,
    });
    await expectConservation(sys);
  });
});
