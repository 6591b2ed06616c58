import { expect } from "chai";
import type { HashworkToken, ProviderRegistry } from "../../../sdk/src/typechain/index.js";
import { DAY, Fault, TOKEN, atNextBlock, ethers, networkHelpers, providerOf } from "../fixture.js";

/**
 * A registry whose market is a plain account, so the market hooks can be driven directly: `market` signs the
 * hooks, `p` is registered (classes 0 and 2, price 1 token, capacity 2) with 100 tokens staked, `q` with 50.
 */
async function hookFixture() {
  const [deployer, market, p, q, outsider] = await ethers.getSigners();
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
  ])) as unknown as ProviderRegistry;
  await registry.setMarket(market.address);
  for (const [s, amount] of [
    [p, 100n * TOKEN],
    [q, 50n * TOKEN],
  ] as const) {
    await token.transfer(s.address, amount);
    await token.connect(s).approve(await registry.getAddress(), amount);
    await registry.connect(s).register("ipfs://meta", 0b101, TOKEN, 2);
    await registry.connect(s).stake(amount);
  }
  return { token, registry, deployer, market, p, q, outsider };
}

function terms(
  o: Partial<{
    jobId: bigint;
    resourceClass: number;
    maxPrice: bigint;
    collateral: bigint;
    minReputation: number;
    stakeBlock: bigint;
  }> = {},
) {
  return {
    jobId: o.jobId ?? 1n,
    resourceClass: o.resourceClass ?? 0,
    maxPrice: o.maxPrice ?? 2n * TOKEN,
    collateral: o.collateral ?? 4n * TOKEN,
    minReputation: o.minReputation ?? 0,
    stakeBlock: o.stakeBlock ?? 0n,
  };
}

describe("ProviderRegistry.lockCollateral", () => {
  it("test_lockCollateral_LocksAndReturnsPriceAndStakeAtTheStakeBlock", async () => {
    const { registry, token, market, p } = await networkHelpers.loadFixture(hookFixture);
    const stakeBlock = BigInt(await ethers.provider.getBlockNumber());
    // Stake added after the stake block changes nothing in what the lottery is told.
    await token.transfer(p.address, 10n * TOKEN);
    await token.connect(p).approve(await registry.getAddress(), 10n * TOKEN);
    await registry.connect(p).stake(10n * TOKEN);
    const t = terms({ stakeBlock, resourceClass: 2 });
    const [price, stakeAt, totalAt] = await registry.connect(market).lockCollateral.staticCall(p.address, t);
    expect([price, stakeAt, totalAt]).to.deep.equal([TOKEN, 100n * TOKEN, 150n * TOKEN]);
    await registry.connect(market).lockCollateral(p.address, t);
    const rec = await providerOf(registry, p);
    expect([rec.stake, rec.locked, rec.activeJobs]).to.deep.equal([110n * TOKEN, 4n * TOKEN, 1n]);
  });

  it("test_lockCollateral_AllowsLockingAllFreeStake", async () => {
    const { registry, market, q } = await networkHelpers.loadFixture(hookFixture);
    await registry.connect(market).lockCollateral(q.address, terms({ collateral: 50n * TOKEN }));
    expect((await providerOf(registry, q)).locked).to.equal(50n * TOKEN);
  });

  it("test_lockCollateral_RevertWhen_CallerIsNotTheMarket", async () => {
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

  it("test_lockCollateral_RevertWhen_PriceAboveMax", async () => {
    const { registry, market, p } = await networkHelpers.loadFixture(hookFixture);
    await expect(registry.connect(market).lockCollateral(p.address, terms({ maxPrice: TOKEN - 1n })))
      .to.be.revertedWithCustomError(registry, "ProviderRegistryPriceTooHigh")
      .withArgs(TOKEN, TOKEN - 1n);
  });

  it("test_lockCollateral_RevertWhen_AtCapacity", async () => {
    const { registry, market, p } = await networkHelpers.loadFixture(hookFixture);
    await registry.connect(market).lockCollateral(p.address, terms({ jobId: 1n }));
    await registry.connect(market).lockCollateral(p.address, terms({ jobId: 2n }));
    await expect(registry.connect(market).lockCollateral(p.address, terms({ jobId: 3n })))
      .to.be.revertedWithCustomError(registry, "ProviderRegistryAtCapacity")
      .withArgs(p.address, 2);
  });

  it("test_lockCollateral_RevertWhen_FreeStakeTooLow", async () => {
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
    await registry.setJailPolicy(1n, DAY); // jail on the first fault
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
  it("test_releaseCollateral_CompletedCountsAndResetsFaults", async () => {
    const { registry, market, p } = await networkHelpers.loadFixture(hookFixture);
    await registry.connect(market).lockCollateral(p.address, terms({ jobId: 1n }));
    await registry.connect(market).lockCollateral(p.address, terms({ jobId: 2n }));
    await registry.connect(market).slash(p.address, 1n, 4n * TOKEN, 0n, Fault.NoShow);
    expect((await providerOf(registry, p)).consecutiveFaults).to.equal(1n);
    await registry.connect(market).releaseCollateral(p.address, 4n * TOKEN, true);
    const rec = await providerOf(registry, p);
    expect([rec.locked, rec.activeJobs, rec.completed, rec.consecutiveFaults]).to.deep.equal([0n, 0n, 1n, 0n]);
    expect(rec.stake).to.equal(100n * TOKEN);
  });

  it("test_releaseCollateral_WithoutCompletionKeepsCounters", async () => {
    const { registry, market, p } = await networkHelpers.loadFixture(hookFixture);
    await registry.connect(market).lockCollateral(p.address, terms({ jobId: 1n }));
    await registry.connect(market).lockCollateral(p.address, terms({ jobId: 2n }));
    await registry.connect(market).slash(p.address, 1n, 4n * TOKEN, 0n, Fault.Dissent);
    await registry.connect(market).releaseCollateral(p.address, 4n * TOKEN, false);
    const rec = await providerOf(registry, p);
    expect([rec.locked, rec.activeJobs, rec.completed, rec.consecutiveFaults]).to.deep.equal([0n, 0n, 0n, 1n]);
  });

  it("test_releaseCollateral_RevertWhen_CallerIsNotTheMarket", async () => {
    const { registry, p } = await networkHelpers.loadFixture(hookFixture);
    await expect(registry.connect(p).releaseCollateral(p.address, 0n, true))
      .to.be.revertedWithCustomError(registry, "ProviderRegistryNotMarket")
      .withArgs(p.address);
  });
});

describe("ProviderRegistry.slash", () => {
  it("test_slash_TakesTheAmountToTheMarketAndEmitsProviderSlashed", async () => {
    const { registry, token, market, p } = await networkHelpers.loadFixture(hookFixture);
    await registry.connect(market).lockCollateral(p.address, terms({ jobId: 9n }));
    const tx = registry.connect(market).slash(p.address, 9n, 4n * TOKEN, 3n * TOKEN, Fault.Dissent);
    await expect(tx)
      .to.emit(registry, "ProviderSlashed")
      .withArgs(p.address, 9n, Fault.Dissent, 3n * TOKEN, 97n * TOKEN, 147n * TOKEN);
    await expect(tx).to.not.emit(registry, "ProviderJailed");
    await expect(tx).to.changeTokenBalances(ethers, token, [registry, market], [-3n * TOKEN, 3n * TOKEN]);
    const block = BigInt((await (await tx).wait())!.blockNumber);
    const rec = await providerOf(registry, p);
    expect([rec.stake, rec.locked, rec.activeJobs]).to.deep.equal([97n * TOKEN, 0n, 0n]);
    expect([rec.slashes, rec.noShows, rec.consecutiveFaults]).to.deep.equal([1n, 0n, 1n]);
    expect(await registry.stakeAt(p.address, block)).to.equal(97n * TOKEN);
    expect(await registry.stakeAt(p.address, block - 1n)).to.equal(100n * TOKEN);
    expect(await registry.totalStake()).to.equal(147n * TOKEN);
    expect(await token.balanceOf(await registry.getAddress())).to.equal(147n * TOKEN);
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

  it("test_slash_JailsAtTheConsecutiveFaultThreshold", async () => {
    const { registry, market, p } = await networkHelpers.loadFixture(hookFixture);
    for (const jobId of [1n, 2n]) {
      await registry.connect(market).lockCollateral(p.address, terms({ jobId }));
      await expect(registry.connect(market).slash(p.address, jobId, 4n * TOKEN, TOKEN, Fault.NoShow)).to.not.emit(
        registry,
        "ProviderJailed",
      );
    }
    await registry.connect(market).lockCollateral(p.address, terms({ jobId: 3n }));
    const at = BigInt(await networkHelpers.time.latest()) + 5n;
    await atNextBlock(at);
    await expect(registry.connect(market).slash(p.address, 3n, 4n * TOKEN, TOKEN, Fault.Dissent))
      .to.emit(registry, "ProviderJailed")
      .withArgs(p.address, at + DAY, 3n);
    const rec = await providerOf(registry, p);
    expect([rec.jailedUntil, rec.consecutiveFaults, rec.noShows, rec.slashes]).to.deep.equal([at + DAY, 0n, 2n, 1n]);
  });

  it("test_slash_RevertWhen_CallerIsNotTheMarket", async () => {
    const { registry, p, deployer } = await networkHelpers.loadFixture(hookFixture);
    await expect(registry.connect(deployer).slash(p.address, 1n, 0n, 0n, Fault.NoShow))
      .to.be.revertedWithCustomError(registry, "ProviderRegistryNotMarket")
      .withArgs(deployer.address);
  });
});

describe("ProviderRegistry.reputation", () => {
  it("test_reputation_IsCompletedMinusTwiceTheFaultsFlooredAtZero", async () => {
    const { registry, market, p } = await networkHelpers.loadFixture(hookFixture);
    await registry.connect(p).updateOffer("ipfs://meta", 0b101, TOKEN, 10);
    for (let i = 0; i < 5; i++) {
      await registry.connect(market).lockCollateral(p.address, terms());
      await registry.connect(market).releaseCollateral(p.address, 4n * TOKEN, true);
    }
    expect(await registry.reputation(p.address)).to.equal(5n);
    await registry.connect(market).lockCollateral(p.address, terms());
    await registry.connect(market).slash(p.address, 1n, 4n * TOKEN, TOKEN, Fault.Dissent);
    expect(await registry.reputation(p.address)).to.equal(3n);
    for (const jobId of [2n, 3n]) {
      await registry.connect(market).lockCollateral(p.address, terms({ jobId }));
      await registry.connect(market).slash(p.address, jobId, 4n * TOKEN, TOKEN, Fault.NoShow);
    }
    expect(await registry.reputation(p.address)).to.equal(0n); // 5 - 2 * 3 < 0
  });
});
