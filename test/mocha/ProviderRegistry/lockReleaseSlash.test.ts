import { expect } from "chai";
import type { HashworkToken, ProviderRegistry } from "@hashwork/sdk/typechain";
import { DAY, Fault, MFUEL, TOKEN, atNextBlock, ethers, networkHelpers, providerOf } from "../fixture.js";

const WINDOW = 7n * DAY;

/**
 * A registry whose market and court are plain accounts, so the hooks can be driven directly: `market` and `court`
 * sign them; `p` is registered (classes 0 and 2, 0.01 token per Mfuel, minimum 5 Mfuel, capacity 2) with 100 tokens
 * staked, `q` (same offer) with 50. Jail: 3 faults within any 7 days (since the last jail) jail for 1 day.
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
    { unbondingPeriod: 7n * DAY, jailThreshold: 3n, jailDuration: DAY, faultWindow: WINDOW },
    market.address,
    deployer.address,
  ])) as unknown as ProviderRegistry;
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
    expect([receipt.pricePerMfuel, receipt.minMfuel, receipt.stake]).to.deep.equal([TOKEN / 100n, 5n, 100n * TOKEN]);
    await registry.connect(market).lockCollateral(p.address, t);
    const rec = await providerOf(registry, p);
    expect([rec.stake, rec.locked, rec.activeJobs]).to.deep.equal([110n * TOKEN, 4n * TOKEN, 1n]);
  });

  it("test_lockCollateral_ReportsNoStakeWhenItChangedInTwoBlocksSinceTheStakeBlock", async () => {
    const { registry, token, market, p } = await networkHelpers.loadFixture(hookFixture);
    const stakeBlock = BigInt(await ethers.provider.getBlockNumber());
    await token.transfer(p.address, 20n * TOKEN);
    await token.connect(p).approve(await registry.getAddress(), 20n * TOKEN);
    await registry.connect(p).stake(10n * TOKEN); // one change after the stake block: the replaced value answers
    const t = terms({ stakeBlock, resourceClass: 2 });
    expect((await registry.connect(market).lockCollateral.staticCall(p.address, t)).stake).to.equal(100n * TOKEN);
    await registry.connect(p).stake(10n * TOKEN); // a second, in a later block: the stake then is off the O(1) record
    expect((await registry.connect(market).lockCollateral.staticCall(p.address, t)).stake).to.equal(0n);
    expect(await registry.lotteryStakeAt(p.address, stakeBlock)).to.equal(0n);
    // The registry keeps the latest stake and the one it replaced: the exact view refuses a block older than both
    // rather than guess, and the lottery never counts more than the exact view.
    await expect(registry.stakeAt(p.address, stakeBlock))
      .to.be.revertedWithCustomError(registry, "ProviderRegistryStakeNotKept")
      .withArgs(p.address, stakeBlock, stakeBlock + 3n);
    expect(await registry.stakeAt(p.address, stakeBlock + 3n)).to.equal(110n * TOKEN);
    const now = BigInt(await ethers.provider.getBlockNumber());
    expect(await registry.lotteryStakeAt(p.address, now)).to.equal(120n * TOKEN);
    expect(await registry.lotteryStakeAt(p.address, now - 1n)).to.equal(110n * TOKEN);
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
    await registry.connect(market).releaseCollateral(p.address, 4n * TOKEN, true);
    const rec = await providerOf(registry, p);
    expect([rec.locked, rec.activeJobs, rec.completed, rec.noShows, rec.slashes, rec.faultsAtJail]).to.deep.equal([
      0n,
      0n,
      1n,
      1n,
      0n,
      0n,
    ]);
    expect(rec.stake).to.equal(100n * TOKEN);
  });

  it("test_releaseCollateral_WithoutCompletionKeepsCounters", async () => {
    const { registry, court, p } = await networkHelpers.loadFixture(hookFixture);
    await registry.connect(court).lockCollateral(p.address, terms({ jobId: 1n }));
    await registry.connect(court).releaseCollateral(p.address, 4n * TOKEN, false);
    const rec = await providerOf(registry, p);
    expect([rec.locked, rec.activeJobs, rec.completed, rec.slashes, rec.noShows]).to.deep.equal([0n, 0n, 0n, 0n, 0n]);
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
    expect([rec.slashes, rec.noShows, rec.faultsAtJail, rec.jailedUntil]).to.deep.equal([1n, 0n, 0n, 0n]);
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
    expect([rec.slashes, rec.noShows]).to.deep.equal([1n, 0n]);
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

/** Faults `p` at each of `times`, none of which may jail it. */
async function faultsWithoutJail(f: Awaited<ReturnType<typeof hookFixture>>, times: bigint[]) {
  for (const [i, at] of times.entries()) {
    await expect(fault(f, at), `fault ${i + 1}`).to.not.emit(f.registry, "ProviderJailed");
  }
}

describe("ProviderRegistry jail (3 faults within a sliding 7-day window)", () => {
  it("test_slash_JailsThreeFaultsInQuickSuccessionOfAnyKind", async () => {
    const f = await networkHelpers.loadFixture(hookFixture);
    const start = BigInt(await networkHelpers.time.latest()) + 10n;
    await expect(fault(f, start)).to.not.emit(f.registry, "ProviderJailed");
    await expect(fault(f, start + 10n, Fault.Dissent)).to.not.emit(f.registry, "ProviderJailed");
    const third = start + 20n;
    const tx = fault(f, third, Fault.Withheld);
    await expect(tx)
      .to.emit(f.registry, "ProviderJailed")
      .withArgs(f.p.address, third + DAY, 3n);
    const rec = await providerOf(f.registry, f.p);
    // The jail remembers how many faults it has seen: the next jail counts only faults after these three.
    expect([rec.jailedUntil, rec.faultsAtJail, rec.noShows, rec.slashes]).to.deep.equal([third + DAY, 3n, 1n, 2n]);
  });

  it("test_slash_JailsThresholdFaultsWithinTheWindowWhereverTheyFall", async () => {
    const f = await networkHelpers.loadFixture(hookFixture);
    const start = BigInt(await networkHelpers.time.latest()) + 10n;
    // The first and the third one second short of a window apart: still within it.
    await faultsWithoutJail(f, [start, start + 3n * DAY]);
    await expect(fault(f, start + WINDOW - 1n))
      .to.emit(f.registry, "ProviderJailed")
      .withArgs(f.p.address, start + WINDOW - 1n + DAY, 3n);
  });

  it("test_slash_JailsAcrossAnyBoundary", async () => {
    const f = await networkHelpers.loadFixture(hookFixture);
    const start = BigInt(await networkHelpers.time.latest()) + 10n;
    // An old fault, then three in 20 seconds straddling one window after it (where a fixed window would start afresh
    // between the second and the third). The third fault's window holds the old one's time exactly a window ago:
    // out. The fourth's holds the last three: jailed.
    await faultsWithoutJail(f, [start, start + WINDOW - 10n, start + WINDOW]);
    await expect(fault(f, start + WINDOW + 10n))
      .to.emit(f.registry, "ProviderJailed")
      .withArgs(f.p.address, start + WINDOW + 10n + DAY, 3n);
  });

  it("test_slash_ThresholdFaultsSpreadOverAWholeWindowNeverJail", async () => {
    const f = await networkHelpers.loadFixture(hookFixture);
    const start = BigInt(await networkHelpers.time.latest()) + 10n;
    // One fault every half window: any three span exactly a window, one second too many.
    const gap = WINDOW / 2n;
    await faultsWithoutJail(
      f,
      [0n, 1n, 2n, 3n, 4n, 5n].map((i) => start + i * gap),
    );
    const rec = await providerOf(f.registry, f.p);
    expect([rec.noShows, rec.jailedUntil, rec.faultsAtJail]).to.deep.equal([6n, 0n, 0n]);
  });

  it("test_slash_FaultsBeforeTheLastJailDoNotCountTowardTheNext", async () => {
    const f = await networkHelpers.loadFixture(hookFixture);
    const start = BigInt(await networkHelpers.time.latest()) + 10n;
    await faultsWithoutJail(f, [start, start + 10n]);
    await expect(fault(f, start + 20n)).to.emit(f.registry, "ProviderJailed");
    expect((await providerOf(f.registry, f.p)).faultsAtJail).to.equal(3n);
    // Out of jail a day later, two more faults: the last three faults span a day, within the window, but one of them
    // was already punished.
    const back = start + 20n + DAY;
    await networkHelpers.time.increaseTo(back);
    await faultsWithoutJail(f, [back + 10n, back + 20n]);
    // A third fault after the jail jails again, from now.
    await expect(fault(f, back + 30n))
      .to.emit(f.registry, "ProviderJailed")
      .withArgs(f.p.address, back + 30n + DAY, 3n);
    const rec = await providerOf(f.registry, f.p);
    expect([rec.jailedUntil, rec.faultsAtJail, rec.noShows]).to.deep.equal([back + 30n + DAY, 6n, 6n]);
  });

  it("test_slash_CompletionsChangeNothing", async () => {
    const f = await networkHelpers.loadFixture(hookFixture);
    const start = BigInt(await networkHelpers.time.latest()) + 10n;
    await faultsWithoutJail(f, [start, start + 10n]);
    const before = await providerOf(f.registry, f.p);
    for (let i = 0; i < 2; i++) {
      await f.registry.connect(f.market).lockCollateral(f.p.address, terms());
      await f.registry.connect(f.market).releaseCollateral(f.p.address, 4n * TOKEN, true);
    }
    const rec = await providerOf(f.registry, f.p);
    expect([rec.completed, rec.noShows, rec.faultsAtJail]).to.deep.equal([2n, before.noShows, before.faultsAtJail]);
    await expect(fault(f, start + 20n))
      .to.emit(f.registry, "ProviderJailed")
      .withArgs(f.p.address, start + 20n + DAY, 3n);
  });

  it("test_slash_TheWindowReachesBackMaxJailThresholdFaults", async () => {
    const f = await networkHelpers.loadFixture(hookFixture);
    const max = await f.registry.MAX_JAIL_THRESHOLD();
    await f.registry.setJailPolicy(max, DAY, WINDOW);
    const start = BigInt(await networkHelpers.time.latest()) + 10n;
    // 20 faults over exactly a window (the 20th a window after the first): not within it.
    const times = Array.from({ length: Number(max) }, (_, i) => start + (WINDOW * BigInt(i)) / (max - 1n));
    expect(times.at(-1)).to.equal(start + WINDOW);
    await faultsWithoutJail(f, times);
    // The 21st, 10 s later, overwrites the first fault's time in the ring: the last 20 span less than a window.
    await expect(fault(f, start + WINDOW + 10n))
      .to.emit(f.registry, "ProviderJailed")
      .withArgs(f.p.address, start + WINDOW + 10n + DAY, max);
    expect((await providerOf(f.registry, f.p)).faultsAtJail).to.equal(max + 1n);
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
