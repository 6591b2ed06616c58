import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import {
  Fault,
  JobStatus,
  MFUEL,
  Outcome,
  POOL_SEED,
  TOKEN,
  VerificationReason,
  addProvider,
  answer,
  auditFeeKept,
  type Answer,
  claimSeats,
  claimSlots,
  commitAll,
  currentParameters,
  deploySystem,
  ethers,
  expectConservation,
  forceAudit,
  fund,
  jobRequest,
  networkHelpers,
  postJob,
  providerOf,
  providersFixture,
  resultWord,
  revealAll,
  type Params,
  type System,
} from "../fixture.js";
import { deployBlockingSystem } from "../helpers/attacker.js";
import { abandonRound, challengeAs, commitSome, deliver, pastRound, revealSome } from "../helpers/court.js";
import { expectedSettlement, worth } from "../helpers/money.js";

/**
 * Griefing with dust jobs, draining the verifier pool, and arithmetic at the parameter bounds (a plain token with a
 * supply beyond 2^97 for stakes at the uint96 bound).
 */
const MAX_STAKE = 2n ** 96n - 1n; // ProviderRegistry.MAX_STAKE

/** Seven providers and seven verifiers with 20,000 staked each: enough collateral for jobs of a few hundred tokens. */
async function bigStakesFixture() {
  const sys = await deploySystem();
  for (const p of [...sys.providers, ...sys.verifiers]) await addProvider(sys, p, { stake: 20_000n * TOKEN });
  return sys;
}

/** Waits until one of `candidates` is drawn for the current round of `jobId`; returns it. */
async function nextDrawn(sys: System, jobId: bigint, candidates: HardhatEthersSigner[]) {
  for (let step = 0; step < 500; step++) {
    for (const c of candidates) if (await sys.court.isDrawn(jobId, c.address)) return c;
    await networkHelpers.time.increase(5);
  }
  throw new Error("nobody drawn");
}

describe("adversarial: GriefingAndBounds", () => {
  it("dust jobs at the minimum budget lock no provider's collateral or capacity and are refunded in full", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const { minBudget } = await sys.market.parameters();
    const dustPrice = minBudget / 100n; // per Mfuel: 100 Mfuel cost exactly the minimum budget
    const req = await jobRequest({ replicas: 3, maxPricePerMfuel: dustPrice });
    const [escrow] = await sys.market.escrowFor(req);
    const spam = 20;
    await fund(sys, sys.requester, BigInt(spam) * escrow, await sys.market.getAddress());
    await expect(sys.market.connect(sys.requester).postJob({ ...req, maxPricePerMfuel: dustPrice - 1n }))
      .to.be.revertedWithCustomError(sys.market, "JobMarketBudgetOutOfBounds")
      .withArgs(minBudget - 100n, minBudget, await sys.market.MAX_BUDGET());
    for (let i = 0; i < spam; i++) await sys.market.connect(sys.requester).postJob(req);
    // Providers priced above dust cannot be made to take them, however wide the draw.
    await networkHelpers.time.setNextBlockTimestamp(req.claimDeadline);
    await expect(sys.market.connect(sys.providers[0]!).claim(1n))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryPriceTooHigh")
      .withArgs(TOKEN / 100n, dustPrice);
    await networkHelpers.mine(); // the failed claim was only estimated: the claim deadline's block is still to come
    for (const p of sys.providers) {
      const rec = await providerOf(sys.registry, p);
      expect([rec.locked, rec.activeJobs]).to.deep.equal([0n, 0n]);
    }
    // Anyone clears them after the claim deadline; the spammer gets every wei back (fee and audit fee too).
    for (let id = 1n; id <= BigInt(spam); id++) {
      await expect(sys.market.connect(sys.other).settle(id))
        .to.emit(sys.market, "JobSettled")
        .withArgs(id, sys.requester.address, Outcome.NoClaims, ethers.ZeroHash, 0n, 0n, 0n, 0n, escrow, 0n, 0n);
    }
    expect(await sys.market.claimable(sys.requester.address)).to.equal(BigInt(spam) * escrow);
    expect(await sys.market.claimable(sys.treasury.address)).to.equal(0n);
    await expectConservation(sys);
  });

  it("a provider that prices at dust still risks the collateral floor: abandoning a dust job costs 250x what it pays", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const { minBudget, minCollateral, noShowSlashBps } = await sys.market.parameters();
    const dusty = sys.other;
    await addProvider(sys, dusty, { pricePerMfuel: minBudget / 100n });
    const jobId = await postJob(sys, { maxPricePerMfuel: minBudget / 100n });
    const job = await sys.market.getJob(jobId);
    expect(job.collateral).to.equal(minCollateral); // 1 token for a 0.001 job
    await claimSlots(sys, jobId, [dusty], 1);
    await networkHelpers.time.increaseTo(job.commitDeadline + 1n);
    await sys.market.settle(jobId);
    const slash = (minCollateral * noShowSlashBps) / 10_000n;
    expect((await providerOf(sys.registry, dusty)).stake).to.equal(1_000n * TOKEN - slash);
    expect(slash).to.equal(250n * job.budget);
    await expectConservation(sys);
  });

  it("a k = 7 job at MAX_BUDGET with the widest collateral, fee and slash bounds settles exactly, without overflow", async () => {
    const sys = await deployBlockingSystem(10n ** 31n);
    const widest: Params = {
      ...(await currentParameters(sys.market)),
      feeBps: 1_000n, // MAX_FEE_BPS
      auditFeeBps: 2_500n, // MAX_AUDIT_FEE_BPS
      auditRateBps: 2_500n, // at most the audit fee
      collateralBps: 300_000n, // MAX_COLLATERAL_BPS: collateral = 30 x MAX_BUDGET, just below 2^96
      minFee: 10n ** 24n,
      minCollateral: 10n ** 27n,
      minBudget: 10n ** 24n,
      dissentSlashBps: 10_000n,
      noShowSlashBps: 10_000n,
      requesterShareBps: 5_000n,
      honestShareBps: 5_000n,
      challengerShareBps: 0n,
      challengeWindow: 7n * 24n * 3600n,
      wideningPeriod: 10n,
      fuelPerSecond: 10n ** 12n, // MAX_FUEL_PER_SECOND, so a 2^60-fuel job runs in 13 days
    };
    await sys.market.setParameters(widest); // this system is owned by its deployer
    const maxBudget = await sys.market.MAX_BUDGET();
    const maxFuel = 2n ** 60n;
    const price = (maxBudget * MFUEL) / maxFuel; // the budget lands within a Mfuel's price of MAX_BUDGET
    for (const p of sys.providers) await addProvider(sys, p, { stake: MAX_STAKE, pricePerMfuel: price, capacity: 1 });
    const execution = await sys.market.executionTime(maxFuel);
    const req = await jobRequest({ replicas: 7, maxFuel, maxPricePerMfuel: price, commitWindow: execution + 600n });
    const [escrow, budget] = await sys.market.escrowFor(req);
    expect(maxBudget - budget).to.be.lessThan(price);
    await fund(sys, sys.requester, escrow, await sys.market.getAddress());
    await sys.market.connect(sys.requester).postJob(req);
    const jobId = await sys.market.jobCount();
    const job = await sys.market.getJob(jobId);
    expect(job.collateral).to.equal(30n * budget);
    expect(job.collateral).to.be.lessThan(2n ** 96n);
    await networkHelpers.mine(2); // a seventh of the stake each, k = 7: everyone is drawn at once
    for (const p of sys.providers) await sys.market.connect(p).claim(jobId);
    const good = answer("right", maxFuel); // paid the whole budget each
    const answers = [good, good, good, good, good, good, answer("withheld", maxFuel)];
    await commitAll(sys, jobId, sys.providers, answers);
    await forceAudit(sys, jobId, false);
    await revealAll(sys, jobId, sys.providers.slice(0, 6), answers.slice(0, 6)); // the seventh withholds
    await networkHelpers.time.increaseTo((await sys.market.timeline(jobId)).challengeEndsAt + 1n);
    const winners = Array(6).fill({ pricePerMfuel: price });
    const committed = await sys.market.getJob(jobId);
    const e = expectedSettlement({
      job: committed,
      params: widest,
      completed: true,
      fuel: maxFuel,
      winners,
      dissenters: 1,
    });
    expect(e.payments[0]).to.equal(budget);
    await expect(sys.market.settle(jobId))
      .to.emit(sys.market, "JobSettled")
      .withArgs(
        jobId,
        sys.requester.address,
        Outcome.Completed,
        resultWord(good),
        maxFuel,
        e.paid,
        job.fee,
        job.auditFee,
        e.refund,
        e.compensation,
        e.slashed,
      );
    for (const p of sys.providers.slice(0, 6)) expect(await sys.market.claimable(p.address)).to.equal(budget + e.bonus);
    expect((await providerOf(sys.registry, sys.providers[6]!)).stake).to.equal(MAX_STAKE - job.collateral);
    expect(await sys.market.claimable(sys.treasury.address)).to.equal(job.fee);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(e.requester);
    await expectConservation(sys);
  });

  it("unbonding more than 2^96 in total reverts (checked arithmetic) rather than wrapping; withdrawing first unblocks it", async () => {
    const sys = await deployBlockingSystem();
    const p = sys.providers[0]!;
    await addProvider(sys, p, { stake: MAX_STAKE });
    await sys.registry.connect(p).requestUnstake(MAX_STAKE);
    await fund(sys, p, MAX_STAKE, await sys.registry.getAddress());
    await sys.registry.connect(p).stake(MAX_STAKE);
    // unbonding is a uint96: MAX_STAKE + 1 does not fit. The revert is a panic, not a custom error (reported).
    await expect(sys.registry.connect(p).requestUnstake(1n)).to.be.revertedWithPanic(0x11);
    let rec = await providerOf(sys.registry, p);
    expect([rec.stake, rec.unbonding]).to.deep.equal([MAX_STAKE, MAX_STAKE]);
    await networkHelpers.time.increase(3600n);
    await sys.registry.connect(p).withdraw();
    await sys.registry.connect(p).requestUnstake(MAX_STAKE);
    rec = await providerOf(sys.registry, p);
    expect([rec.stake, rec.unbonding]).to.deep.equal([0n, MAX_STAKE]);
    expect(await sys.token.balanceOf(p.address)).to.equal(MAX_STAKE);
    await expectConservation(sys);
  });

  it("FINDING (low): at the lowest governance bounds a 1-wei job's collateral is 3 wei and a no-show on it costs nothing", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const lowest: Params = {
      ...(await currentParameters(sys.market)),
      feeBps: 0n,
      minFee: 0n,
      auditRateBps: 2_500n, // the break-even floor at 3x collateral and a 100% slash
      auditFeeBps: 2_500n,
      collateralBps: 30_000n, // the least collateral the audit floor allows with a 100% dissent slash
      minCollateral: 0n, // allowed: MarketParameters has no lower bound above zero
      minBudget: 1n,
      dissentSlashBps: 10_000n,
      noShowSlashBps: 500n, // MIN_NO_SHOW_SLASH_BPS
    };
    await sys.market.connect(sys.owner).setParameters(lowest);
    const cheap = sys.other;
    await addProvider(sys, cheap, { pricePerMfuel: 1n });
    const jobId = await postJob(sys, { maxFuel: MFUEL, maxPricePerMfuel: 1n });
    const job = await sys.market.getJob(jobId);
    expect([job.budget, job.collateral, job.fee, job.auditFee]).to.deep.equal([1n, 3n, 0n, 0n]);
    await claimSlots(sys, jobId, [cheap], 1);
    await networkHelpers.time.increaseTo(job.commitDeadline + 1n);
    await expect(sys.market.settle(jobId))
      .to.emit(sys.market, "AssignmentSlashed")
      .withArgs(jobId, cheap.address, Fault.NoShow, 0n);
    const rec = await providerOf(sys.registry, cheap);
    expect([rec.stake, rec.noShows]).to.deep.equal([1_000n * TOKEN, 1n]); // only the fault counter bites
    await expectConservation(sys);
  });

  describe("draining the verifier pool", () => {
    it("a seat the pool cannot pay reverts, the pool never goes below zero, and rounds short of verifiers fail closed", async () => {
      const sys = await networkHelpers.loadFixture(bigStakesFixture);
      const jobId = await postJob(sys, { maxPricePerMfuel: 4n * TOKEN }); // budget 400, collateral 6,000
      const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
      const wrong = answer("wrong");
      await deliver(sys, jobId, [provider!], [wrong]);
      const job = await sys.market.getJob(jobId);
      expect(await sys.court.pool()).to.equal(POOL_SEED);
      const bond = await challengeAs(sys, sys.requester, jobId);
      const drawn: HardhatEthersSigner[] = [];
      for (let round = 1; round <= 2; round++) {
        const candidates = [...sys.verifiers, ...sys.providers].filter((v) => v !== provider && !drawn.includes(v));
        const seated = await claimSeats(sys, jobId, candidates, 2);
        drawn.push(...seated);
        // Each seat reserves a budget: two fit in the pool of 1,000, a third does not.
        expect([await sys.court.pool(), await sys.court.reserved()]).to.deep.equal([200n * TOKEN, 800n * TOKEN]);
        const third = await nextDrawn(
          sys,
          jobId,
          candidates.filter((v) => !seated.includes(v)),
        );
        await expect(sys.court.connect(third).claimVerifier(jobId))
          .to.be.revertedWithCustomError(sys.court, "VerificationCourtPoolInsufficient")
          .withArgs(job.budget, 200n * TOKEN);
        // The two seated verifiers disagree: no majority of three seats, and neither is corroborated, so neither is
        // paid; their reservations go back to the pool.
        const split = [answer("right"), answer(`other-${round}`)];
        await commitSome(sys, jobId, seated, split);
        await pastRound(sys, jobId, "commitEndsAt");
        await revealSome(sys, jobId, seated, split);
        await sys.court.resolve(jobId);
        if (round === 1) expect([await sys.court.pool(), await sys.court.reserved()]).to.deep.equal([POOL_SEED, 0n]);
      }
      // No verdict after the last round: the job failed closed; the wrong result is not paid by the requester, but
      // the challenger's bond pays it what it would have earned (40 Mfuel at 0.01), as for any challenge without a
      // verdict (the court cannot tell a wrong result from a right one it could not staff).
      const [settled] = await sys.market.queryFilter(sys.market.filters.JobSettled(jobId));
      expect(settled!.args.outcome).to.equal(Outcome.NoVerdict);
      expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Refunded);
      const owed = (wrong.fuel * (TOKEN / 100n)) / MFUEL;
      expect(await sys.market.claimable(provider!.address)).to.equal(0n);
      expect(await sys.court.claimable(provider!.address)).to.equal(owed);
      expect((await providerOf(sys.registry, provider!)).stake).to.equal(20_000n * TOKEN);
      expect(await sys.market.claimable(sys.requester.address)).to.equal(job.budget + job.fee); // 410
      expect(await sys.court.claimable(sys.requester.address)).to.equal(bond - owed);
      for (const v of drawn) {
        expect(await sys.court.claimable(v.address)).to.equal(0n);
        expect((await providerOf(sys.registry, v)).slashes).to.equal(0n);
      }
      // The pool ends with its seed plus the audit fee (kept on the whole limit: no result won); it never went
      // below zero.
      expect(await sys.court.pool()).to.equal(POOL_SEED + job.auditFee);
      await expectConservation(sys);
    });
  });

  /**
   * A job whose budget (1,200) exceeds the court's free pool (1,000) cannot be audited or paneled: every verifier
   * seat reverts `VerificationCourtPoolInsufficient`, so an audit or a challenge ends without a verdict and the job
   * fails closed (PROTOCOL.md: "a claim reverts if the pool cannot cover it, and the job then fails closed"). The
   * providers here price at the job's own 12 per Mfuel, so an honest 40 Mfuel result earns 480 and a made-up one
   * claiming the whole limit 1,200. What each party ends with, measured with `worth`:
   */
  describe("a job whose budget exceeds the court's free pool (documented limitation: no audit, no panel)", () => {
    const PRICE = 12n * TOKEN; // per Mfuel: budget 1,200 for the default 100 Mfuel limit
    const honest = answer("right"); // 40 Mfuel: 480 at 12
    const madeUp = answer("made-up", 100n * MFUEL); // the whole limit: 1,200

    /** bigStakesFixture with the providers offering the job's price. */
    async function bigJobFixture() {
      const sys = await bigStakesFixture();
      for (const p of sys.providers) await sys.registry.connect(p).updateOffer("ipfs://p", 1, PRICE, 0, 4);
      return sys;
    }

    /** Posts the big job and has a provider deliver `a` (audited or not); worth is measured from before posting. */
    async function bigJob(sys: System, a: Answer, audited: boolean) {
      const req = await jobRequest({ maxPricePerMfuel: PRICE });
      const [escrow] = await sys.market.escrowFor(req);
      await fund(sys, sys.requester, escrow, await sys.market.getAddress());
      const before = await worth(sys, sys.requester);
      await sys.market.connect(sys.requester).postJob(req);
      const jobId = await sys.market.jobCount();
      const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
      const providerBefore = await worth(sys, provider!);
      await deliver(sys, jobId, [provider!], [a], audited);
      const job = await sys.market.getJob(jobId);
      expect(job.budget).to.equal(1_200n * TOKEN);
      expect(await sys.court.pool()).to.be.lessThan(job.budget);
      return { jobId, job, provider: provider!, before, providerBefore };
    }

    /** An audited job: no auditor can be seated; after the reveals the audit is unanswered and no panel can sit. */
    async function auditUnstaffed(sys: System, jobId: bigint, provider: HardhatEthersSigner, a: Answer) {
      const job = await sys.market.getJob(jobId);
      const auditor = await nextDrawn(sys, jobId, sys.verifiers);
      await expect(sys.court.connect(auditor).claimVerifier(jobId))
        .to.be.revertedWithCustomError(sys.court, "VerificationCourtPoolInsufficient")
        .withArgs(job.budget, POOL_SEED);
      const t = await sys.market.timeline(jobId);
      await networkHelpers.time.increaseTo(t.auditCommitEndsAt + 1n);
      await revealAll(sys, jobId, [provider], [a]);
      await networkHelpers.time.increaseTo(t.revealEndsAt + 1n);
      await expect(sys.market.settle(jobId))
        .to.emit(sys.market, "VerificationStarted")
        .withArgs(jobId, VerificationReason.AuditUnanswered, ethers.ZeroAddress, resultWord(a));
      await abandonRound(sys, jobId);
      await expect(abandonRound(sys, jobId)).to.emit(sys.market, "JobSettled");
      const [settled] = await sys.market.queryFilter(sys.market.filters.JobSettled(jobId));
      expect(settled!.args.outcome).to.equal(Outcome.NoVerdict);
    }

    it("audited: nobody can be seated, the job fails closed; the honest provider is unpaid, the requester loses the audit fee on the whole limit (144) and holds the output", async () => {
      const sys = await networkHelpers.loadFixture(bigJobFixture);
      const { jobId, job, provider, before, providerBefore } = await bigJob(sys, honest, true);
      await auditUnstaffed(sys, jobId, provider, honest);
      const lost = (job.budget * (await sys.market.parameters()).auditFeeBps) / 10_000n;
      expect(lost).to.equal(job.auditFee); // 144: no real result won, so the fee is kept on the whole limit
      expect(before - (await worth(sys, sys.requester))).to.equal(lost);
      expect((await worth(sys, provider)) - providerBefore).to.equal(0n); // 40 Mfuel of work, unpaid
      const p = await providerOf(sys.registry, provider);
      expect([p.locked, p.slashes, p.completed]).to.deep.equal([0n, 0n, 0n]);
      expect(await sys.court.pool()).to.equal(POOL_SEED + lost);
      expect(await sys.market.claimable(sys.treasury.address)).to.equal(0n);
      await expectConservation(sys);
    });

    it("challenged: no verdict, but the bond pays the honest provider what its result earns: the requester cannot get an honest result for free (was CONTRACT BUG 2)", async () => {
      const sys = await networkHelpers.loadFixture(bigJobFixture);
      const { jobId, job, provider, before, providerBefore } = await bigJob(sys, honest, false);
      const params = await sys.market.parameters();
      // Unchallenged, the requester would pay 480 + the fee (30) + the audit fee on 40 Mfuel (57.6) = 567.6.
      const payment = (honest.fuel * PRICE) / MFUEL;
      const honestPrice = payment + job.fee + auditFeeKept(honest.fuel, PRICE, params.auditFeeBps);
      expect(honestPrice).to.equal((5_676n * TOKEN) / 10n);
      // It reads the revealed output, then challenges with a 4,800 bond: the challenge is accepted.
      const bond = await sys.court.bondFor(job.budget);
      await fund(sys, sys.requester, bond, await sys.court.getAddress());
      await expect(sys.court.connect(sys.requester).challenge(jobId)).to.emit(sys.market, "VerificationStarted");
      const seat = await nextDrawn(sys, jobId, sys.verifiers);
      await expect(sys.court.connect(seat).claimVerifier(jobId)).to.be.revertedWithCustomError(
        sys.court,
        "VerificationCourtPoolInsufficient",
      );
      await abandonRound(sys, jobId);
      const last = abandonRound(sys, jobId);
      await expect(last).to.emit(sys.court, "ReplicaCompensated").withArgs(jobId, provider.address, payment);
      await expect(last)
        .to.emit(sys.court, "ChallengeSettled")
        .withArgs(jobId, sys.requester.address, false, bond - payment, 0n);
      const [settled] = await sys.market.queryFilter(sys.market.filters.JobSettled(jobId));
      expect(settled!.args.outcome).to.equal(Outcome.NoVerdict);
      // The provider is paid as if nobody had challenged; the requester paid its result out of the bond plus the
      // audit fee on the whole limit (144): 624, more than the 567.6 it would have paid without challenging.
      expect((await worth(sys, provider)) - providerBefore).to.equal(payment);
      const cost = before + bond - (await worth(sys, sys.requester));
      expect(cost).to.equal(payment + job.auditFee);
      expect(cost).to.be.greaterThan(honestPrice);
      await expectConservation(sys);
    });

    it("FINDING: a made-up result on such a job goes unpunished: audited it is released unslashed, challenged it is paid out of the bond; its expected profit is positive", async () => {
      const sys = await networkHelpers.loadFixture(bigJobFixture);
      const claimed = (madeUp.fuel * PRICE) / MFUEL; // 1,200
      // Audited: no auditor, no panel, no verdict: unpaid, but nothing slashed.
      const audited = await bigJob(sys, madeUp, true);
      await auditUnstaffed(sys, audited.jobId, audited.provider, madeUp);
      expect((await worth(sys, audited.provider)) - audited.providerBefore).to.equal(0n);
      expect((await providerOf(sys.registry, audited.provider)).slashes).to.equal(0n);
      // Unaudited and challenged: no verdict, and the bond pays the made-up result its price.
      const challenged = await bigJob(sys, madeUp, false);
      const bond = await challengeAs(sys, sys.requester, challenged.jobId);
      await abandonRound(sys, challenged.jobId);
      await abandonRound(sys, challenged.jobId);
      expect((await worth(sys, challenged.provider)) - challenged.providerBefore).to.equal(claimed);
      expect(await sys.court.claimable(sys.requester.address)).to.equal(bond - claimed);
      // Unaudited and unchallenged it is simply paid. So at the 10% audit rate the made-up result earns
      // 0.9 x 1,200 + 0.1 x 0 = 1,080 per job in expectation, where on a job the pool can verify it loses
      // 0.9 x 1,200 - 0.1 x 18,000 (its collateral) = -720.
      const r = audited.job.auditRateBps;
      const unverifiable = ((10_000n - r) * claimed) / 10_000n;
      const verifiable = ((10_000n - r) * claimed - r * audited.job.collateral) / 10_000n;
      expect([unverifiable, verifiable]).to.deep.equal([1_080n * TOKEN, -720n * TOKEN]);
      await expectConservation(sys);
    });
  });
});
