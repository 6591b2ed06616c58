import { expect } from "chai";
import {
  DAY,
  TOKEN,
  atNextBlock,
  claimedJobFixture,
  ethers,
  expectConservation,
  networkHelpers,
  providerOf,
  providersFixture,
} from "../fixture.js";

const UNBONDING = 7n * DAY; // the Ignition default

describe("ProviderRegistry.requestUnstake", () => {
  it("test_requestUnstake_MovesStakeToUnbondingAndEmitsUnstakeRequested", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const p = sys.providers[0]!;
    const total = await sys.registry.totalStake();
    const at = BigInt(await networkHelpers.time.latest()) + 10n;
    await atNextBlock(at);
    const tx = sys.registry.connect(p).requestUnstake(400n * TOKEN);
    await expect(tx)
      .to.emit(sys.registry, "UnstakeRequested")
      .withArgs(p.address, 400n * TOKEN, 600n * TOKEN, 400n * TOKEN, at + UNBONDING, total - 400n * TOKEN);
    await expect(tx).to.changeTokenBalances(ethers, sys.token, [p, sys.registry], [0n, 0n]);
    const block = BigInt((await (await tx).wait())!.blockNumber);
    const rec = await providerOf(sys.registry, p);
    expect([rec.stake, rec.unbonding, rec.unbondingReadyAt]).to.deep.equal([
      600n * TOKEN,
      400n * TOKEN,
      at + UNBONDING,
    ]);
    expect(await sys.registry.stakeAt(p.address, block)).to.equal(600n * TOKEN);
    expect(await sys.registry.stakeAt(p.address, block - 1n)).to.equal(1_000n * TOKEN);
    expect(await sys.registry.totalStake()).to.equal(total - 400n * TOKEN);
    await expectConservation(sys);
  });

  it("test_requestUnstake_AddsUpAndRestartsTheDelay", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const p = sys.providers[0]!;
    await sys.registry.connect(p).requestUnstake(100n * TOKEN);
    await networkHelpers.time.increase(DAY);
    const at = BigInt(await networkHelpers.time.latest()) + 1n;
    await atNextBlock(at);
    await expect(sys.registry.connect(p).requestUnstake(50n * TOKEN))
      .to.emit(sys.registry, "UnstakeRequested")
      .withArgs(p.address, 50n * TOKEN, 850n * TOKEN, 150n * TOKEN, at + UNBONDING, 6_850n * TOKEN);
    expect((await providerOf(sys.registry, p)).unbondingReadyAt).to.equal(at + UNBONDING);
  });

  it("test_requestUnstake_AllowsAllFreeStakeButNotLockedCollateral", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    const p = sys.claimer; // 30 tokens locked as collateral (15x the 2-token budget)
    const { collateral } = await sys.market.getJob(sys.jobId);
    expect(collateral).to.equal(30n * TOKEN);
    await expect(sys.registry.connect(p).requestUnstake(1_000n * TOKEN))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryInsufficientFreeStake")
      .withArgs(1_000n * TOKEN, 970n * TOKEN);
    await expect(sys.registry.connect(p).requestUnstake(970n * TOKEN)).to.emit(sys.registry, "UnstakeRequested");
    const rec = await providerOf(sys.registry, p);
    expect([rec.stake, rec.locked]).to.deep.equal([30n * TOKEN, 30n * TOKEN]);
    await expect(sys.registry.connect(p).requestUnstake(1n))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryInsufficientFreeStake")
      .withArgs(1n, 0n);
    await expectConservation(sys);
  });

  it("test_requestUnstake_RevertWhen_AmountIsZero", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    await expect(sys.registry.connect(sys.providers[0]!).requestUnstake(0n)).to.be.revertedWithCustomError(
      sys.registry,
      "ProviderRegistryZeroAmount",
    );
  });

  it("test_requestUnstake_RevertWhen_NotRegistered", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    await expect(sys.registry.connect(sys.other).requestUnstake(1n))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryNotRegistered")
      .withArgs(sys.other.address);
  });

  it("test_requestUnstake_UsesThePeriodInForceAtTheRequest", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const p = sys.providers[0]!;
    await sys.registry.connect(p).requestUnstake(TOKEN);
    const { unbondingReadyAt } = await providerOf(sys.registry, p);
    await sys.registry.connect(sys.owner).setUnbondingPeriod(3_600n);
    expect((await providerOf(sys.registry, p)).unbondingReadyAt).to.equal(unbondingReadyAt);
    const at = BigInt(await networkHelpers.time.latest()) + 1n;
    await atNextBlock(at);
    await sys.registry.connect(sys.providers[1]!).requestUnstake(TOKEN);
    expect((await providerOf(sys.registry, sys.providers[1]!)).unbondingReadyAt).to.equal(at + 3_600n);
  });
});

describe("ProviderRegistry.withdraw", () => {
  it("test_withdraw_PaysOutOnceUnbondedAndEmitsStakeWithdrawn", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const p = sys.providers[0]!;
    await sys.registry.connect(p).requestUnstake(250n * TOKEN);
    const { unbondingReadyAt } = await providerOf(sys.registry, p);
    await atNextBlock(unbondingReadyAt);
    const tx = sys.registry.connect(p).withdraw();
    await expect(tx)
      .to.emit(sys.registry, "StakeWithdrawn")
      .withArgs(p.address, 250n * TOKEN);
    await expect(tx).to.changeTokenBalances(ethers, sys.token, [sys.registry, p], [-250n * TOKEN, 250n * TOKEN]);
    const rec = await providerOf(sys.registry, p);
    expect([rec.stake, rec.unbonding, rec.unbondingReadyAt]).to.deep.equal([750n * TOKEN, 0n, 0n]);
    await expectConservation(sys);
  });

  it("test_withdraw_RevertWhen_StillUnbonding", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const p = sys.providers[0]!;
    await sys.registry.connect(p).requestUnstake(250n * TOKEN);
    const { unbondingReadyAt } = await providerOf(sys.registry, p);
    await atNextBlock(unbondingReadyAt - 1n);
    await expect(sys.registry.connect(p).withdraw())
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryStillUnbonding")
      .withArgs(unbondingReadyAt, unbondingReadyAt - 1n);
  });

  it("test_withdraw_RevertWhen_NothingUnbonding", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    await expect(sys.registry.connect(sys.providers[0]!).withdraw())
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryNothingToWithdraw")
      .withArgs(sys.providers[0]!.address);
    await expect(sys.registry.connect(sys.other).withdraw())
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryNothingToWithdraw")
      .withArgs(sys.other.address);
  });

  it("test_withdraw_RevertWhen_CalledTwice", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const p = sys.providers[0]!;
    await sys.registry.connect(p).requestUnstake(TOKEN);
    await networkHelpers.time.increase(UNBONDING);
    await sys.registry.connect(p).withdraw();
    await expect(sys.registry.connect(p).withdraw())
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryNothingToWithdraw")
      .withArgs(p.address);
  });
});
