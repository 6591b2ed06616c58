import { expect } from "chai";
import {
  Outcome,
  TOKEN,
  addProvider,
  commitAll,
  currentParameters,
  ethers,
  expectConservation,
  expectedSettlement,
  fund,
  jobRequest,
  networkHelpers,
  providerOf,
  providersFixture,
  revealAll,
  type Params,
} from "../fixture.js";
import { deployMockSystem } from "../helpers/mockToken.js";

/** Griefing with dust jobs, and arithmetic at the parameter bounds (mock token: its supply exceeds 2^97). */
const MAX_PRICE = (2n ** 96n - 1n) / 8n; // JobMarket.MAX_PRICE
const MAX_STAKE = 2n ** 96n - 1n; // ProviderRegistry.MAX_STAKE

describe("adversarial: GriefingAndBounds", () => {
  it("dust jobs at the minimum price lock no provider's collateral or capacity and are refunded in full", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const { minPrice } = await sys.market.parameters();
    const spam = 20;
    await fund(sys, sys.requester, BigInt(spam) * 3n * minPrice, await sys.market.getAddress());
    const req = await jobRequest({ replicas: 3, maxPrice: minPrice });
    await expect(sys.market.connect(sys.requester).postJob({ ...req, maxPrice: minPrice - 1n }))
      .to.be.revertedWithCustomError(sys.market, "JobMarketPriceOutOfBounds")
      .withArgs(minPrice - 1n, minPrice);
    for (let i = 0; i < spam; i++) await sys.market.connect(sys.requester).postJob(req);
    // Providers priced above dust cannot be made to take them, however wide the draw.
    await networkHelpers.time.setNextBlockTimestamp(req.claimDeadline);
    await expect(sys.market.connect(sys.providers[0]).claim(1n))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryPriceTooHigh")
      .withArgs(TOKEN, minPrice);
    await networkHelpers.mine(); // the failed claim was only estimated: the claim deadline's block is still to come
    for (const p of sys.providers) {
      const rec = await providerOf(sys.registry, p);
      expect([rec.locked, rec.activeJobs]).to.deep.equal([0n, 0n]);
    }
    // Anyone clears them after the claim deadline; the spammer gets every wei back and paid only gas.
    for (let id = 1n; id <= BigInt(spam); id++) {
      await expect(sys.market.connect(sys.other).settle(id))
        .to.emit(sys.market, "JobSettled")
        .withArgs(id, sys.requester.address, Outcome.NoClaims, ethers.ZeroHash, 0n, 0n, 3n * minPrice, 0n, 0n);
    }
    expect(await sys.market.claimable(sys.requester.address)).to.equal(BigInt(spam) * 3n * minPrice);
    expect(await sys.market.claimable(sys.treasury.address)).to.equal(0n);
    await expectConservation(sys);
  });

  it("a provider that prices at dust still risks the collateral floor: abandoning a dust job costs more than it pays", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const { minPrice, minCollateral, noShowSlashBps } = await sys.market.parameters();
    const dusty = sys.other;
    await addProvider(sys, dusty, { price: minPrice, stake: 1_000n * TOKEN });
    await fund(sys, sys.requester, minPrice, await sys.market.getAddress());
    const req = await jobRequest({ maxPrice: minPrice });
    await sys.market.connect(sys.requester).postJob(req);
    const jobId = await sys.market.jobCount();
    expect((await sys.market.getJob(jobId)).collateral).to.equal(minCollateral); // 1 token for a 0.001 job
    await networkHelpers.time.increaseTo(req.claimDeadline - 1n); // the seed block, with the draw widened 10x
    await sys.market.connect(dusty).claim(jobId);
    await networkHelpers.time.increaseTo(req.commitDeadline + 1n);
    await sys.market.settle(jobId);
    const slash = (minCollateral * noShowSlashBps) / 10_000n;
    expect((await providerOf(sys.registry, dusty)).stake).to.equal(1_000n * TOKEN - slash);
    expect(slash).to.be.greaterThan(minPrice * 100n);
    await expectConservation(sys);
  });

  it("a k = 7 job at MAX_PRICE with the widest collateral, fee and slash bounds settles exactly, without overflow", async () => {
    const sys = await deployMockSystem();
    const widest: Params = {
      feeBps: 1_000n, // MAX_FEE_BPS
      collateralBps: 50_000n, // MAX_COLLATERAL_BPS: collateral = 5 * MAX_PRICE, just below 2^96
      minCollateral: 10n ** 27n,
      minPrice: 10n ** 24n,
      dissentSlashBps: 10_000n,
      noShowSlashBps: 10_000n,
      requesterShareBps: 5_000n,
      honestShareBps: 5_000n,
      challengeWindow: 7n * 24n * 3600n,
      wideningPeriod: 10n,
    };
    await sys.market.setParameters(widest); // the mock system is owned by its deployer
    const providers = sys.providers; // seven, each staking MAX_STAKE and pricing at MAX_PRICE
    for (const p of providers) await addProvider(sys, p, { stake: MAX_STAKE, price: MAX_PRICE, capacity: 1 });
    expect(await sys.registry.totalStake()).to.equal(7n * MAX_STAKE);
    const req = await jobRequest({ replicas: 7, maxPrice: MAX_PRICE });
    await fund(sys, sys.requester, 7n * MAX_PRICE, await sys.market.getAddress());
    await sys.market.connect(sys.requester).postJob(req);
    const jobId = await sys.market.jobCount();
    const job = await sys.market.getJob(jobId);
    expect(job.collateral).to.equal(5n * MAX_PRICE);
    expect(job.collateral).to.be.lessThan(2n ** 96n);
    await networkHelpers.mine(2); // share 1/7 * k = 7: everyone is drawn at once
    for (const p of providers) await sys.market.connect(p).claim(jobId);
    const OUT = ethers.id("out");
    const hashes = [OUT, OUT, OUT, OUT, OUT, ethers.id("dissent")];
    await commitAll(sys, jobId, providers.slice(0, 6), hashes);
    await networkHelpers.time.increaseTo(job.commitDeadline + 1n); // the seventh never commits
    await revealAll(sys, jobId, providers.slice(0, 6), hashes);
    await networkHelpers.time.increaseTo(job.revealDeadline + 1n);
    const e = expectedSettlement({
      params: await currentParameters(sys.market),
      feeBps: job.feeBps,
      collateral: job.collateral,
      escrow: 7n * MAX_PRICE,
      winnerPrices: Array(5).fill(MAX_PRICE),
      paid: true,
      dissenters: 1,
      noShows: 1,
    });
    await expect(sys.market.settle(jobId))
      .to.emit(sys.market, "JobSettled")
      .withArgs(
        jobId,
        sys.requester.address,
        Outcome.Completed,
        OUT,
        e.paid,
        e.feeTotal,
        e.refund,
        e.compensation,
        e.slashed,
      );
    for (const p of providers.slice(0, 5))
      expect(await sys.market.claimable(p.address)).to.equal(e.payments[0] + e.bonus);
    for (const p of providers.slice(5)) {
      expect((await providerOf(sys.registry, p)).stake).to.equal(MAX_STAKE - job.collateral);
    }
    expect(await sys.market.claimable(sys.treasury.address)).to.equal(e.treasury);
    await expectConservation(sys);
  });

  it("unbonding more than 2^96 in total reverts (checked arithmetic) rather than wrapping; withdrawing first unblocks it", async () => {
    const sys = await deployMockSystem();
    const p = sys.providers[0];
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

  it("FINDING (low): at the lowest governance bounds a dust job carries zero collateral, so faults on it cost nothing", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const lowest: Params = {
      ...(await currentParameters(sys.market)),
      collateralBps: 1_000n, // MIN_COLLATERAL_BPS
      minCollateral: 0n, // allowed: MarketParameters has no lower bound above zero
      minPrice: 1n,
      dissentSlashBps: 2_000n, // "losing consensus always costs >= 20% of collateral" ...
      noShowSlashBps: 500n,
    };
    await sys.market.connect(sys.owner).setParameters(lowest);
    const cheap = sys.other;
    await addProvider(sys, cheap, { price: 1n, stake: 1_000n * TOKEN });
    await fund(sys, sys.requester, 9n, await sys.market.getAddress());
    const req = await jobRequest({ maxPrice: 9n });
    await sys.market.connect(sys.requester).postJob(req);
    const jobId = await sys.market.jobCount();
    expect((await sys.market.getJob(jobId)).collateral).to.equal(0n); // 9 * 10% rounds down to 0
    await networkHelpers.time.increaseTo(req.claimDeadline - 1n); // the seed block, with the draw widened 10x
    await sys.market.connect(cheap).claim(jobId);
    await networkHelpers.time.increaseTo(req.commitDeadline + 1n);
    await sys.market.settle(jobId); // a no-show ... slashed 0
    expect((await providerOf(sys.registry, cheap)).stake).to.equal(1_000n * TOKEN);
    expect((await providerOf(sys.registry, cheap)).noShows).to.equal(1n); // only the reputation/jail counter bites
    await expectConservation(sys);
  });
});
