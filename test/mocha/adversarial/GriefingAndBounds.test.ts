import { ZeroHash } from "ethers";
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
  noClaimsSettlement,
} from "../fixture.js";
import { deployBlockingSystem } from "../helpers/attacker.js";
import { commitSome, deliver, pastRound, reservePool, revealSome, runPanel } from "../helpers/court.js";
import { eventArgs, expectedSettlement, worth } from "../helpers/money.js";

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
    await expect(sys.market.connect(sys.providers[0]!).claim(1n, ZeroHash))
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
        .withArgs(...noClaimsSettlement(id, sys.requester.address, escrow));
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
    // The court must be able to verify it in full (an auditor and two panels of three, a budget each): fund the pool.
    await sys.token.approve(await sys.court.getAddress(), 7n * maxBudget);
    await sys.court.fundPool(7n * maxBudget);
    expect(await sys.court.maxVerifiableBudget()).to.be.at.least(maxBudget);
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
    for (const p of sys.providers) await sys.market.connect(p).claim(jobId, ZeroHash);
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
        e.toCourt,
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
    it("verifications side by side share the pool: a seat it cannot pay reverts, the pool never goes below zero, and rounds short of verifiers fail closed", async () => {
      const sys = await networkHelpers.loadFixture(bigStakesFixture);
      // Three jobs of a 140-token budget, each within what the 1,000-token pool can verify in full (1,000 / 7) when
      // posted: the bound is checked at posting, against the pool of that moment.
      const jobs: bigint[] = [];
      for (let i = 0; i < 3; i++) jobs.push(await postJob(sys, { maxPricePerMfuel: (14n * TOKEN) / 10n }));
      const providers: HardhatEthersSigner[] = [];
      for (const jobId of jobs) {
        const others = sys.providers.filter((p) => !providers.includes(p));
        providers.push((await claimSlots(sys, jobId, others, 1))[0]!);
      }
      const wrong = answer("wrong");
      const [target, provider] = [jobs[2]!, providers[2]!];
      await deliver(sys, jobs[0]!, [providers[0]!], [answer("right")]);
      await deliver(sys, jobs[1]!, [providers[1]!], [answer("right")]);
      await deliver(sys, target, [provider], [wrong]);
      const job = await sys.market.getJob(target);
      expect(job.budget).to.equal(140n * TOKEN);
      // The requester challenges all three: the first two panels reserve six budgets, the third's first seat a
      // seventh; 20 tokens stay free.
      const [, , seated] = await reservePool(sys, jobs, sys.requester, sys.verifiers);
      const bond = await sys.court.bondFor(job.budget);
      const free = POOL_SEED - 7n * job.budget;
      const drawn: HardhatEthersSigner[] = [...seated!];
      for (let round = 1; round <= 2; round++) {
        if (round === 2)
          drawn.push(
            ...(await claimSeats(
              sys,
              target,
              sys.verifiers.filter((v) => !drawn.includes(v)),
              1,
            )),
          );
        const seat = drawn.at(-1)!;
        expect([await sys.court.pool(), await sys.court.reserved()]).to.deep.equal([free, 7n * job.budget]);
        // A second seat of the round finds the pool short: it reverts, and the pool stays at 20.
        const second = await nextDrawn(
          sys,
          target,
          sys.verifiers.filter((v) => !drawn.includes(v)),
        );
        await expect(sys.court.connect(second).claimVerifier(target))
          .to.be.revertedWithCustomError(sys.court, "VerificationCourtPoolInsufficient")
          .withArgs(job.budget, free);
        // One seat of three is no majority; uncorroborated, it is not paid, and its reservation goes back.
        await commitSome(sys, target, [seat], [answer("right")]);
        await pastRound(sys, target, "commitEndsAt");
        await revealSome(sys, target, [seat], [answer("right")]);
        await sys.court.resolve(target);
        expect(await sys.court.reserved()).to.equal(6n * job.budget);
      }
      // No verdict after the last round: the job failed closed; the wrong result is not paid by the requester, but
      // the challenger's bond pays it what it would have earned (40 Mfuel at 0.01), as for any challenge without a
      // verdict (the court cannot tell a wrong result from a right one it could not staff).
      const [settled] = await sys.market.queryFilter(sys.market.filters.JobSettled(target));
      expect(settled!.args.outcome).to.equal(Outcome.NoVerdict);
      expect((await sys.market.getJob(target)).status).to.equal(JobStatus.Refunded);
      const owed = (wrong.fuel * (TOKEN / 100n)) / MFUEL;
      expect(await sys.market.claimable(provider.address)).to.equal(0n);
      expect(await sys.court.claimable(provider.address)).to.equal(owed);
      expect((await providerOf(sys.registry, provider)).stake).to.equal(20_000n * TOKEN);
      expect(await sys.market.claimable(sys.requester.address)).to.equal(job.budget + job.fee); // 143.5
      expect(await sys.court.claimable(sys.requester.address)).to.equal(bond - owed);
      for (const v of drawn) {
        expect(await sys.court.claimable(v.address)).to.equal(0n);
        expect((await providerOf(sys.registry, v)).slashes).to.equal(0n);
      }
      // The pool never went below zero: it ends with the 20 left free, the target's two returned reservations and
      // its audit fee (kept on the whole limit: no result won); the other two panels still hold six budgets.
      expect(await sys.court.pool()).to.equal(POOL_SEED - 6n * job.budget + job.auditFee);
      await expectConservation(sys);
    });
  });

  /**
   * A job whose budget (1,200) exceeds what the court's pool can verify in full (1,000 / 7 for an auditor and two
   * panels of three) is refused at posting. On 2037ab1 it was accepted and no verifier could be seated: a made-up
   * result on it was never slashed (audited, released; challenged, paid out of the bond), an expected +1,080 per job.
   * The providers here price at the job's own 12 per Mfuel, so a made-up result claiming the whole limit earns 1,200.
   */
  describe("a job whose budget exceeds what the court can verify", () => {
    const PRICE = 12n * TOKEN; // per Mfuel: budget 1,200 for the default 100 Mfuel limit
    const honest = answer("right"); // 40 Mfuel
    const madeUp = answer("made-up", 100n * MFUEL); // the whole limit: 1,200

    /** bigStakesFixture with the providers offering the job's price. */
    async function bigJobFixture() {
      const sys = await bigStakesFixture();
      for (const p of sys.providers) await sys.registry.connect(p).updateOffer("ipfs://p", 1, PRICE, 0, 4);
      return sys;
    }

    it("is refused at posting (JobMarketUnverifiable): a made-up result can never sit on a job the court cannot verify", async () => {
      const sys = await networkHelpers.loadFixture(bigJobFixture);
      const req = await jobRequest({ maxPricePerMfuel: PRICE });
      const [escrow, budget] = await sys.market.escrowFor(req);
      expect(budget).to.equal(1_200n * TOKEN);
      await fund(sys, sys.requester, escrow, await sys.market.getAddress());
      const before = await worth(sys, sys.requester);
      await expect(sys.market.connect(sys.requester).postJob(req))
        .to.be.revertedWithCustomError(sys.market, "JobMarketUnverifiable")
        .withArgs(budget, POOL_SEED / 7n);
      expect(await sys.market.jobCount()).to.equal(0n);
      expect(await worth(sys, sys.requester)).to.equal(before);
      await expectConservation(sys);
    });

    it("with the pool funded to verify it, the made-up result is audited, overturned by a panel and slashed: −18,000 where 2037ab1 paid it", async () => {
      const sys = await networkHelpers.loadFixture(bigJobFixture);
      const budget = 1_200n * TOKEN;
      await fund(sys, sys.other, 7n * budget - POOL_SEED, await sys.court.getAddress());
      await sys.court.connect(sys.other).fundPool(7n * budget - POOL_SEED);
      expect(await sys.court.maxVerifiableBudget()).to.equal(budget);
      const req = await jobRequest({ maxPricePerMfuel: PRICE });
      const [escrow] = await sys.market.escrowFor(req);
      await fund(sys, sys.requester, escrow, await sys.market.getAddress());
      const requesterBefore = await worth(sys, sys.requester);
      await sys.market.connect(sys.requester).postJob(req);
      const jobId = await sys.market.jobCount();
      const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
      const providerBefore = await worth(sys, provider!);
      await deliver(sys, jobId, [provider!], [madeUp], true);
      // Every seat is paid for: the auditor, then a panel.
      const [auditor] = await claimSeats(sys, jobId, sys.verifiers, 1);
      await commitSome(sys, jobId, [auditor!], [honest]);
      await revealAll(sys, jobId, [provider!], [madeUp]);
      await revealSome(sys, jobId, [auditor!], [honest]);
      await expect(sys.market.settle(jobId))
        .to.emit(sys.market, "VerificationStarted")
        .withArgs(jobId, VerificationReason.Disagreement, ethers.ZeroAddress, resultWord(madeUp));
      const candidates = [...sys.verifiers, ...sys.providers].filter((v) => v !== auditor && v !== provider);
      await runPanel(sys, jobId, candidates, [honest, honest, honest]);
      const job = await sys.market.getJob(jobId);
      const e = expectedSettlement({
        job,
        params: await sys.market.parameters(),
        completed: false,
        fuel: honest.fuel,
        dissenters: 1,
        verified: true,
      });
      const [settled] = await sys.market.queryFilter(sys.market.filters.JobSettled(jobId));
      expect(eventArgs(settled)).to.deep.include({
        outcome: Outcome.Overturned,
        result: resultWord(honest),
        paid: 0n,
        auditFee: e.auditFee,
        refund: e.refund,
        compensation: e.compensation,
        slashed: job.collateral,
      });
      expect((await worth(sys, provider!)) - providerBefore).to.equal(-job.collateral); // 18,000
      expect((await providerOf(sys.registry, provider!)).slashes).to.equal(1n);
      // The requester gets its escrow back less the audit fee on the honest fuel, plus compensation capped at its
      // budget.
      expect((await worth(sys, sys.requester)) - requesterBefore).to.equal(e.requester - escrow);
      expect(e.compensation).to.equal(budget);
      // So at the 10% audit rate a made-up result on such a job loses in expectation, as on any verifiable job:
      // 0.9 x 1,200 - 0.1 x 18,000 = -720 (+1,080 on 2037ab1, where it could not be verified).
      const r = job.auditRateBps;
      expect(((10_000n - r) * budget - r * job.collateral) / 10_000n).to.equal(-720n * TOKEN);
      await expectConservation(sys);
    });
  });
});
