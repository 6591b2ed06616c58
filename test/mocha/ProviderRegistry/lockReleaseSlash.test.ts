import { expect } from "chai";
import type { HashworkToken, ProviderRegistry } from "../../../sdk/src/typechain/index.js";
import { DAY, Fault, MFUEL, TOKEN, atNextBlock, ethers, networkHelpers, providerOf } from "../fixture.js";

const WINDOW = 7n * DAY;

/**
 * A registry whose market and court are plain accounts, so the hooks can be driven directly: `market` and `court`
 * sign them; `p` is registered (classes 0 and 2, 0.01 token per Mfuel, minimum 5 Mfuel, capacity 2) with 100 tokens
 * staked, `q` (same offer) with 50. Jail: a leaky bucket of 3 faults draining 3 per 7 days, for 1 day.
 */
async function hookFixture() {
  const [deployer, market, court, p, q, outsider] = await ethers.getSigners();
  const token = (await ethers.deployContract("HashworkToken", [
    deployer.address,
    10n ** 27n,
  ])) as unknown as HashworkToken;
  const registry = (await ethers.deployContract("ProviderRegistry", [
    await token.getAddress(),
    deployer.address,
    7n * DAY,
    3n,
    DAY,
    WINDOW,
  ])) as unknown as ProviderRegistry;
  await registry.setMarket(market.address);
  await registry.setCourt(court.address);
  for (const [s, amount] of [
    [p, 100n * TOKEN],
    [q, 50n * TOKEN],
  ] as const) {
    await token.transfer(s.address, amount);
    await token.connect(s).approve(await registry.getAddress(), amount);
    await registry.connect(s).register("ipfs://meta", 0b101, TOKEN / 100n, 5, 2);
    await registry.connect(s).stake(amount);
  }
  return { token, registry, deployer, market, court, p, q, outsider };
}

type Terms = {
  jobId: bigint;
  resourceClass: number;
  maxPricePerMfuel: bigint;
  maxFuel: bigint;
  collateral: bigint;
  minReputation: number;
  stakeBlock: bigint;
};

function terms(o: Partial<Terms> = {}): Terms {
  return {
    jobId: 1n,
    resourceClass: 0,
    maxPricePerMfuel: TOKEN / 50n,
    maxFuel: 100n * MFUEL,
    collateral: 4n * TOKEN,
    minReputation: 0,
    stakeBlock: 0n,
    ...o,
  };
}

describe("ProviderRegistry.lockCollateral", () => {
  it("test_lockCollateral_LocksAndReturnsTheOfferAndTheStakeAtTheStakeBlock", async () => {
    const { registry, token, market, p } = await networkHelpers.loadFixture(hookFixture);
    const stakeBlock = BigInt(await ethers.provider.getBlockNumber());
    // Stake added after the stake block changes nothing in what the lottery is told.
    await token.transfer(p.address, 10n * TOKEN);
    await token.connect(p).approve(await registry.getAddress(), 10n * TOKEN);
    await registry.connect(p).stake(10n * TOKEN);
    const t = terms({ stakeBlock, resourceClass: 2 });
    const receipt = await registry.connect(market).lockCollateral.staticCall(p.address, t);
    expect([receipt.pricePerMfuel, receipt.minMfuel, receipt.stake, receipt.totalStake]).to.deep.equal([
      TOKEN / 100n,
      5n,
      100n * TOKEN,
      150n * TOKEN,
    ]);
    await registry.connect(market).lockCollateral(p.address, t);
    const rec = await providerOf(registry, p);
    expect([rec.stake, rec.locked, rec.activeJobs]).to.deep.equal([110n * TOKEN, 4n * TOKEN, 1n]);
  });

  it("test_lockCollateral_TheCourtLocksLikeTheMarket", async () => {
    const { registry, court, q } = await networkHelpers.loadFixture(hookFixture);
    // A verifier claim: any price, any fuel (verifiers are paid the job's budget).
    const t = terms({ maxPricePerMfuel: 2n ** 64n - 1n, maxFuel: 2n ** 64n - 1n, collateral: 50n * TOKEN });
    await registry.connect(court).lockCollateral(q.address, t);
    const rec = await providerOf(registry, q);
    expect([rec.locked, rec.activeJobs]).to.deep.equal([50n * TOKEN, 1n]); // all free stake may be locked
  });

  it("test_lockCollateral_AcceptsAMinimumEqualToTheJobsFuelAndAPriceEqualToItsMax", async () => {
    const { registry, market, p } = await networkHelpers.loadFixture(hookFixture);
    await registry
      .connect(market)
      .lockCollateral(p.address, terms({ maxFuel: 5n * MFUEL, maxPricePerMfuel: TOKEN / 100n }));
    expect((await providerOf(registry, p)).activeJobs).to.equal(1n);
  });

  it("test_lockCollateral_RevertWhen_CallerIsNeitherMarketNorCourt", async () => {
    const { registry, p } = await networkHelpers.loadFixture(hookFixture);
    await expect(registry.connect(p).lockCollateral(p.address, terms()))
      .to.be.revertedWithCustomError(registry, "ProviderRegistryNotMarket")
      .withArgs(p.address);
  });

  it("test_lockCollateral_RevertWhen_NotRegistered", async () => {
    const { registry, market, outsider } = await networkHelpers.loadFixture(hookFixture);
    await expect(registry.connect(market).lockCollateral(outsider.address, terms()))
      .to.be.revertedWithCustomError(registry, "ProviderRegistryNotRegistered")
      .withArgs(outsider.address);
  });

  it("test_lockCollateral_RevertWhen_ClassNotServed", async () => {
    const { registry, market, p } = await networkHelpers.loadFixture(hookFixture);
    await expect(registry.connect(market).lockCollateral(p.address, terms({ resourceClass: 1 })))
      .to.be.revertedWithCustomError(registry, "ProviderRegistryClassNotServed")
      .withArgs(p.address, 1);
  });

  it("test_lockCollateral_RevertWhen_PriceTooHigh", async () => {
    const { registry, market, p } = await networkHelpers.loadFixture(hookFixture);
    const max = TOKEN / 100n - 1n;
    await expect(registry.connect(market).lockCollateral(p.address, terms({ maxPricePerMfuel: max })))
      .to.be.revertedWithCustomError(registry, "ProviderRegistryPriceTooHigh")
      .withArgs(TOKEN / 100n, max);
  });

  it("test_lockCollateral_RevertWhen_MinimumTooHigh", async () => {
    const { registry, market, p } = await networkHelpers.loadFixture(hookFixture);
    // The provider bills at least 5 Mfuel; a job of 5 Mfuel - 1 cannot pay that minimum.
    await expect(registry.connect(market).lockCollateral(p.address, terms({ maxFuel: 5n * MFUEL - 1n })))
      .to.be.revertedWithCustomError(registry, "ProviderRegistryMinimumTooHigh")
      .withArgs(5n * MFUEL, 5n * MFUEL - 1n);
  });

  it("test_lockCollateral_RevertWhen_AtCapacity", async () => {
    const { registry, market, p } = await networkHelpers.loadFixture(hookFixture);
    await registry.connect(market).lockCollateral(p.address, terms({ jobId: 1n }));
    await registry.connect(market).lockCollateral(p.address, terms({ jobId: 2n }));
    await expect(registry.connect(market).lockCollateral(p.address, terms({ jobId: 3n })))
      .to.be.revertedWithCustomError(registry, "ProviderRegistryAtCapacity")
      .withArgs(p.address, 2);
  });

  it("test_lockCollateral_RevertWhen_InsufficientFreeStake", async () => {
    const { registry, market, q } = await networkHelpers.loadFixture(hookFixture);
    await registry.connect(market).lockCollateral(q.address, terms({ collateral: 30n * TOKEN }));
    await expect(registry.connect(market).lockCollateral(q.address, terms({ collateral: 21n * TOKEN })))
      .to.be.revertedWithCustomError(registry, "ProviderRegistryInsufficientFreeStake")
      .withArgs(21n * TOKEN, 20n * TOKEN);
  });

  it("test_lockCollateral_RevertWhen_ReputationTooLow", async () => {
    const { registry, market, p } = await networkHelpers.loadFixture(hookFixture);
    await registry.connect(market).lockCollateral(p.address, terms());
    await registry.connect(market).releaseCollateral(p.address, 4n * TOKEN, true); // reputation 1
    await expect(registry.connect(market).lockCollateral(p.address, terms({ minReputation: 2 })))
      .to.be.revertedWithCustomError(registry, "ProviderRegistryReputationTooLow")
      .withArgs(1, 2);
    await registry.connect(market).lockCollateral(p.address, terms({ minReputation: 1 }));
  });

  it("test_lockCollateral_RevertWhen_Jailed", async () => {
    const { registry, market, p } = await networkHelpers.loadFixture(hookFixture);
    await registry.setJailPolicy(1n, DAY, WINDOW); // jail on the first fault
    await registry.connect(market).lockCollateral(p.address, terms());
    await registry.connect(market).slash(p.address, 1n, 4n * TOKEN, TOKEN, Fault.NoShow);
    const { jailedUntil } = await providerOf(registry, p);
    await atNextBlock(jailedUntil - 1n);
    await expect(registry.connect(market).lockCollateral(p.address, terms()))
      .to.be.revertedWithCustomError(registry, "ProviderRegistryJailed")
      .withArgs(p.address, jailedUntil);
    await atNextBlock(jailedUntil);
    await registry.connect(market).lockCollateral(p.address, terms());
  });
});

describe("ProviderRegistry.releaseCollateral", () => {
  it("test_releaseCollateral_CompletedCountsButNeverErasesFaults", async () => {
    const { registry, market, p } = await networkHelpers.loadFixture(hookFixture);
    await registry.connect(market).lockCollateral(p.address, terms({ jobId: 1n }));
    await registry.connect(market).lockCollateral(p.address, terms({ jobId: 2n }));
    await registry.connect(market).slash(p.address, 1n, 4n * TOKEN, 0n, Fault.NoShow);
    const faulted = await providerOf(registry, p);
    expect(faulted.faultScore).to.equal(1_000n); // one fault, in milli-faults
    await registry.connect(market).releaseCollateral(p.address, 4n * TOKEN, true);
    const rec = await providerOf(registry, p);
    expect([rec.locked, rec.activeJobs, rec.completed, rec.faultScore, rec.lastFaultAt]).to.deep.equal([
      0n,
      0n,
      1n,
      1_000n,
      faulted.lastFaultAt,
    ]);
    expect(rec.stake).to.equal(100n * TOKEN);
  });

  it("test_releaseCollateral_WithoutCompletionKeepsCounters", async () => {
    const { registry, court, p } = await networkHelpers.loadFixture(hookFixture);
    await registry.connect(court).lockCollateral(p.address, terms({ jobId: 1n }));
    await registry.connect(court).releaseCollateral(p.address, 4n * TOKEN, false);
    const rec = await providerOf(registry, p);
    expect([rec.locked, rec.activeJobs, rec.completed, rec.faultScore]).to.deep.equal([0n, 0n, 0n, 0n]);
  });

  it("test_releaseCollateral_RevertWhen_CallerIsNeitherMarketNorCourt", async () => {
    const { registry, p } = await networkHelpers.loadFixture(hookFixture);
    await expect(registry.connect(p).releaseCollateral(p.address, 0n, true))
      .to.be.revertedWithCustomError(registry, "ProviderRegistryNotMarket")
      .withArgs(p.address);
  });
});

describe("ProviderRegistry.slash", () => {
  it("test_slash_TakesTheAmountToTheCallerAndEmitsProviderSlashed", async () => {
    const { registry, token, market, p } = await networkHelpers.loadFixture(hookFixture);
    await registry.connect(market).lockCollateral(p.address, terms({ jobId: 9n }));
    const at = BigInt(await networkHelpers.time.latest()) + 5n;
    await atNextBlock(at);
    const tx = registry.connect(market).slash(p.address, 9n, 4n * TOKEN, 3n * TOKEN, Fault.Dissent);
    await expect(tx)
      .to.emit(registry, "ProviderSlashed")
      .withArgs(p.address, 9n, Fault.Dissent, 3n * TOKEN, 97n * TOKEN, 147n * TOKEN);
    await expect(tx).to.not.emit(registry, "ProviderJailed");
    await expect(tx).to.changeTokenBalances(ethers, token, [registry, market], [-3n * TOKEN, 3n * TOKEN]);
    const block = BigInt((await (await tx).wait())!.blockNumber);
    const rec = await providerOf(registry, p);
    expect([rec.stake, rec.locked, rec.activeJobs]).to.deep.equal([97n * TOKEN, 0n, 0n]);
    expect([rec.slashes, rec.noShows, rec.faultScore, rec.lastFaultAt]).to.deep.equal([1n, 0n, 1_000n, at]);
    expect(await registry.stakeAt(p.address, block)).to.equal(97n * TOKEN);
    expect(await registry.stakeAt(p.address, block - 1n)).to.equal(100n * TOKEN);
    expect(await registry.totalStake()).to.equal(147n * TOKEN);
    expect(await token.balanceOf(await registry.getAddress())).to.equal(147n * TOKEN);
  });

  it("test_slash_ByTheCourtSendsTheAmountToTheCourt", async () => {
    const { registry, token, court, q } = await networkHelpers.loadFixture(hookFixture);
    await registry.connect(court).lockCollateral(q.address, terms());
    const tx = registry.connect(court).slash(q.address, 1n, 4n * TOKEN, 2n * TOKEN, Fault.Dissent);
    await expect(tx).to.changeTokenBalances(ethers, token, [registry, court], [-2n * TOKEN, 2n * TOKEN]);
  });

  it("test_slash_CountsANoShow", async () => {
    const { registry, market, p } = await networkHelpers.loadFixture(hookFixture);
    await registry.connect(market).lockCollateral(p.address, terms());
    await expect(registry.connect(market).slash(p.address, 1n, 4n * TOKEN, TOKEN, Fault.NoShow))
      .to.emit(registry, "ProviderSlashed")
      .withArgs(p.address, 1n, Fault.NoShow, TOKEN, 99n * TOKEN, 149n * TOKEN);
    const rec = await providerOf(registry, p);
    expect([rec.slashes, rec.noShows]).to.deep.equal([0n, 1n]);
  });

  it("test_slash_CountsWithheldAsASlash", async () => {
    const { registry, market, p } = await networkHelpers.loadFixture(hookFixture);
    await registry.connect(market).lockCollateral(p.address, terms());
    await expect(registry.connect(market).slash(p.address, 1n, 4n * TOKEN, 4n * TOKEN, Fault.Withheld))
      .to.emit(registry, "ProviderSlashed")
      .withArgs(p.address, 1n, Fault.Withheld, 4n * TOKEN, 96n * TOKEN, 146n * TOKEN);
    const rec = await providerOf(registry, p);
    expect([rec.slashes, rec.noShows, rec.faultScore]).to.deep.equal([1n, 0n, 1_000n]);
  });

  it("test_slash_ZeroAmountStillRecordsTheFaultAndEmits", async () => {
    const { registry, token, market, p } = await networkHelpers.loadFixture(hookFixture);
    await registry.connect(market).lockCollateral(p.address, terms());
    const tx = registry.connect(market).slash(p.address, 1n, 4n * TOKEN, 0n, Fault.NoShow);
    await expect(tx)
      .to.emit(registry, "ProviderSlashed")
      .withArgs(p.address, 1n, Fault.NoShow, 0n, 100n * TOKEN, 150n * TOKEN);
    await expect(tx).to.changeTokenBalances(ethers, token, [registry, market], [0n, 0n]);
    expect((await providerOf(registry, p)).noShows).to.equal(1n);
  });

  it("test_slash_RevertWhen_CallerIsNeitherMarketNorCourt", async () => {
    const { registry, p, deployer } = await networkHelpers.loadFixture(hookFixture);
    await expect(registry.connect(deployer).slash(p.address, 1n, 0n, 0n, Fault.NoShow))
      .to.be.revertedWithCustomError(registry, "ProviderRegistryNotMarket")
      .withArgs(deployer.address);
  });
});

/** Locks and slashes `p` once (zero amount) at `at`, returning the transaction. */
async function fault(f: Awaited<ReturnType<typeof hookFixture>>, at: bigint, reason: bigint = Fault.NoShow) {
  const { registry, market, p } = f;
  await registry.connect(market).lockCollateral(p.address, terms());
  await atNextBlock(at);
  return registry.connect(market).slash(p.address, 1n, 4n * TOKEN, 0n, reason);
}

/** What the bucket (3 faults, 7 days) drains in `seconds`, in milli-faults, rounded down like the registry. */
const drained = (seconds: bigint) => (seconds * 3_000n) / WINDOW;

describe("ProviderRegistry jail (a leaky bucket of faults)", () => {
  it("test_slash_JailsThreeFaultsInQuickSuccession", async () => {
    const f = await networkHelpers.loadFixture(hookFixture);
    const start = BigInt(await networkHelpers.time.latest()) + 10n;
    await expect(fault(f, start)).to.not.emit(f.registry, "ProviderJailed");
    await expect(fault(f, start + 10n, Fault.Dissent)).to.not.emit(f.registry, "ProviderJailed");
    // 10 s drain nothing measurable (under one milli-fault): two whole faults in the bucket.
    expect(drained(10n)).to.equal(0n);
    let rec = await providerOf(f.registry, f.p);
    expect([rec.faultScore, rec.lastFaultAt]).to.deep.equal([2_000n, start + 10n]);
    // The third fills the bucket, whatever the kinds of faults.
    const third = start + 20n;
    await expect(fault(f, third, Fault.Withheld))
      .to.emit(f.registry, "ProviderJailed")
      .withArgs(f.p.address, third + DAY, 3n);
    rec = await providerOf(f.registry, f.p);
    // Jail empties the bucket.
    expect([rec.jailedUntil, rec.faultScore, rec.lastFaultAt]).to.deep.equal([third + DAY, 0n, third]);
    expect([rec.noShows, rec.slashes]).to.deep.equal([1n, 2n]);
  });

  it("test_slash_JailsThreeFaultsInQuickSuccessionWhereverTheyFall", async () => {
    const f = await networkHelpers.loadFixture(hookFixture);
    const start = BigInt(await networkHelpers.time.latest()) + 10n;
    // An old fault, then three in 20 seconds a whole window later (where a fixed window would have started afresh
    // between the second and the third): the old fault has drained away, the burst jails.
    await fault(f, start);
    await fault(f, start + WINDOW - 10n);
    expect((await providerOf(f.registry, f.p)).faultScore).to.equal(1_000n);
    await expect(fault(f, start + WINDOW)).to.not.emit(f.registry, "ProviderJailed");
    await expect(fault(f, start + WINDOW + 10n))
      .to.emit(f.registry, "ProviderJailed")
      .withArgs(f.p.address, start + WINDOW + 10n + DAY, 3n);
  });

  it("test_slash_TheBucketDrainsThresholdFaultsPerWindowContinuously", async () => {
    const f = await networkHelpers.loadFixture(hookFixture);
    const start = BigInt(await networkHelpers.time.latest()) + 10n;
    await fault(f, start);
    await fault(f, start + DAY);
    // A day drains 3/7 of a fault (428 milli-faults).
    expect(drained(DAY)).to.equal(428n);
    expect((await providerOf(f.registry, f.p)).faultScore).to.equal(2_000n - 428n);
    // A third fault a day later does not fill it (2,144); a fourth in quick succession does (3,144).
    await expect(fault(f, start + 2n * DAY)).to.not.emit(f.registry, "ProviderJailed");
    expect((await providerOf(f.registry, f.p)).faultScore).to.equal(3_000n - 2n * 428n);
    await expect(fault(f, start + 2n * DAY + 10n))
      .to.emit(f.registry, "ProviderJailed")
      .withArgs(f.p.address, start + 2n * DAY + 10n + DAY, 3n); // 3,144 milli-faults: 3 whole faults
  });

  it("test_slash_FaultsAtTheThresholdRateNeverJail", async () => {
    const f = await networkHelpers.loadFixture(hookFixture);
    const start = BigInt(await networkHelpers.time.latest()) + 10n;
    // One fault every third of a window: each drains exactly one fault before the next arrives.
    const gap = WINDOW / 3n;
    for (let i = 0n; i < 6n; i++) {
      await expect(fault(f, start + i * gap)).to.not.emit(f.registry, "ProviderJailed");
      expect((await providerOf(f.registry, f.p)).faultScore).to.equal(1_000n);
    }
  });

  it("test_slash_AnEmptiedBucketForgetsOldFaults", async () => {
    const f = await networkHelpers.loadFixture(hookFixture);
    const start = BigInt(await networkHelpers.time.latest()) + 10n;
    await fault(f, start);
    await fault(f, start + 10n);
    // Two faults drain in two thirds of a window; far later, the bucket holds only the new fault.
    await expect(fault(f, start + WINDOW)).to.not.emit(f.registry, "ProviderJailed");
    const rec = await providerOf(f.registry, f.p);
    expect([rec.faultScore, rec.lastFaultAt, rec.jailedUntil]).to.deep.equal([1_000n, start + WINDOW, 0n]);
  });

  it("test_slash_ACompletionDoesNotDrainTheBucket", async () => {
    const f = await networkHelpers.loadFixture(hookFixture);
    const start = BigInt(await networkHelpers.time.latest()) + 10n;
    await fault(f, start);
    await fault(f, start + 10n);
    for (let i = 0; i < 2; i++) {
      await f.registry.connect(f.market).lockCollateral(f.p.address, terms());
      await f.registry.connect(f.market).releaseCollateral(f.p.address, 4n * TOKEN, true);
    }
    const rec = await providerOf(f.registry, f.p);
    expect([rec.faultScore, rec.lastFaultAt]).to.deep.equal([2_000n, start + 10n]);
    await expect(fault(f, start + 20n))
      .to.emit(f.registry, "ProviderJailed")
      .withArgs(f.p.address, start + 20n + DAY, 3n);
  });

  it("test_slash_AFaultWhileJailedJailsAgainFromThen", async () => {
    const { registry, market, p } = await networkHelpers.loadFixture(hookFixture);
    await registry.setJailPolicy(1n, DAY, WINDOW);
    await registry.connect(market).lockCollateral(p.address, terms({ jobId: 1n }));
    await registry.connect(market).lockCollateral(p.address, terms({ jobId: 2n }));
    const start = BigInt(await networkHelpers.time.latest()) + 10n;
    await atNextBlock(start);
    await expect(registry.connect(market).slash(p.address, 1n, 4n * TOKEN, 0n, Fault.NoShow))
      .to.emit(registry, "ProviderJailed")
      .withArgs(p.address, start + DAY, 1n);
    // Still jailed, an older assignment settles with a fault: the jail runs from now.
    await atNextBlock(start + 100n);
    await expect(registry.connect(market).slash(p.address, 2n, 4n * TOKEN, 0n, Fault.Dissent))
      .to.emit(registry, "ProviderJailed")
      .withArgs(p.address, start + 100n + DAY, 1n);
  });
});

describe("ProviderRegistry.reputation", () => {
  it("test_reputation_IsCompletedMinusTwiceTheFaultsFlooredAtZero", async () => {
    const { registry, market, p } = await networkHelpers.loadFixture(hookFixture);
    await registry.connect(p).updateOffer("ipfs://meta", 0b101, TOKEN / 100n, 5, 10);
    for (let i = 0; i < 5; i++) {
      await registry.connect(market).lockCollateral(p.address, terms());
      await registry.connect(market).releaseCollateral(p.address, 4n * TOKEN, true);
    }
    expect(await registry.reputation(p.address)).to.equal(5n);
    await registry.connect(market).lockCollateral(p.address, terms());
    await registry.connect(market).slash(p.address, 1n, 4n * TOKEN, TOKEN, Fault.Withheld);
    expect(await registry.reputation(p.address)).to.equal(3n);
    for (const jobId of [2n, 3n]) {
      await registry.connect(market).lockCollateral(p.address, terms({ jobId }));
      await registry.connect(market).slash(p.address, jobId, 4n * TOKEN, TOKEN, Fault.NoShow);
    }
    expect(await registry.reputation(p.address)).to.equal(0n); // 5 - 2 * 3 < 0
  });
});
