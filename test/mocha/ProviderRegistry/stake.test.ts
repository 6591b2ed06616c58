import { expect } from "chai";
import { TOKEN, deploySystem, ethers, expectConservation, fund, networkHelpers, providerOf } from "../fixture.js";
import { deployMockSystem } from "../helpers/mockToken.js";
import { signPermit } from "../helpers/permit.js";

/** The system with providers[0..1] registered but not staked, each holding 1,000 tokens approved to the registry. */
async function registeredFixture() {
  const sys = await deploySystem();
  for (const p of sys.providers.slice(0, 2)) {
    await fund(sys, p, 1_000n * TOKEN, await sys.registry.getAddress());
    await sys.registry.connect(p).register("ipfs://meta", 1, TOKEN, 0, 4);
  }
  return sys;
}

async function blockOf(tx: Promise<{ wait(): Promise<{ blockNumber: number } | null> }>) {
  return BigInt((await (await tx).wait())!.blockNumber);
}

describe("ProviderRegistry.stake", () => {
  it("test_stake_BondsTokensAndEmitsStaked", async () => {
    const sys = await networkHelpers.loadFixture(registeredFixture);
    const [a, b] = sys.providers as [typeof sys.deployer, typeof sys.deployer];
    const tx = sys.registry.connect(a).stake(300n * TOKEN);
    await expect(tx)
      .to.emit(sys.registry, "Staked")
      .withArgs(a.address, 300n * TOKEN, 300n * TOKEN, 300n * TOKEN);
    await expect(tx).to.changeTokenBalances(ethers, sys.token, [a, sys.registry], [-300n * TOKEN, 300n * TOKEN]);
    await expect(sys.registry.connect(a).stake(200n * TOKEN))
      .to.emit(sys.registry, "Staked")
      .withArgs(a.address, 200n * TOKEN, 500n * TOKEN, 500n * TOKEN);
    await expect(sys.registry.connect(b).stake(100n * TOKEN))
      .to.emit(sys.registry, "Staked")
      .withArgs(b.address, 100n * TOKEN, 100n * TOKEN, 600n * TOKEN);
    expect((await providerOf(sys.registry, a)).stake).to.equal(500n * TOKEN);
    expect(await sys.registry.totalStake()).to.equal(600n * TOKEN);
    await expectConservation(sys);
  });

  it("test_stake_CheckpointsStakeAndTotalByBlock", async () => {
    const sys = await networkHelpers.loadFixture(registeredFixture);
    const [a, b] = sys.providers as [typeof sys.deployer, typeof sys.deployer];
    const b1 = await blockOf(sys.registry.connect(a).stake(100n * TOKEN));
    await networkHelpers.mine(3);
    const b2 = await blockOf(sys.registry.connect(b).stake(50n * TOKEN));
    await networkHelpers.mine(3);
    const b3 = await blockOf(sys.registry.connect(a).stake(25n * TOKEN));
    await networkHelpers.mine(3);
    const at = async (n: bigint) => [await sys.registry.stakeAt(a.address, n), await sys.registry.totalStakeAt(n)];
    expect(await at(b1 - 1n)).to.deep.equal([0n, 0n]);
    expect(await at(b1)).to.deep.equal([100n * TOKEN, 100n * TOKEN]);
    expect(await at(b2 - 1n)).to.deep.equal([100n * TOKEN, 100n * TOKEN]);
    expect(await at(b2)).to.deep.equal([100n * TOKEN, 150n * TOKEN]);
    expect(await at(b3 - 1n)).to.deep.equal([100n * TOKEN, 150n * TOKEN]);
    expect(await at(b3)).to.deep.equal([125n * TOKEN, 175n * TOKEN]);
    expect(await at(b3 + 1_000n)).to.deep.equal([125n * TOKEN, 175n * TOKEN]); // the latest value holds onwards
    expect(await sys.registry.stakeAt(b.address, b1)).to.equal(0n);
    expect(await sys.registry.stakeAt(sys.other.address, b3)).to.equal(0n);
  });

  it("test_stake_SeveralChangesInOneBlockKeepOnlyTheBlocksLastValue", async () => {
    const sys = await networkHelpers.loadFixture(registeredFixture);
    const [a, b] = sys.providers as [typeof sys.deployer, typeof sys.deployer];
    const b1 = await blockOf(sys.registry.connect(a).stake(100n * TOKEN));
    await networkHelpers.mine(2);
    // Three stake changes mined in one block: the value before the block is kept, the block gets its last value.
    await ethers.provider.send("evm_setAutomine", [false]);
    await sys.registry.connect(a).stake(10n * TOKEN);
    await sys.registry.connect(b).stake(20n * TOKEN);
    await sys.registry.connect(a).stake(30n * TOKEN);
    await networkHelpers.mine(1);
    await ethers.provider.send("evm_setAutomine", [true]);
    const b2 = BigInt(await ethers.provider.getBlockNumber());
    await networkHelpers.mine(2);
    expect(await sys.registry.stakeAt(a.address, b1)).to.equal(100n * TOKEN);
    expect(await sys.registry.stakeAt(a.address, b2 - 1n)).to.equal(100n * TOKEN);
    expect(await sys.registry.totalStakeAt(b2 - 1n)).to.equal(100n * TOKEN);
    expect(await sys.registry.stakeAt(a.address, b2)).to.equal(140n * TOKEN);
    expect(await sys.registry.stakeAt(b.address, b2)).to.equal(20n * TOKEN);
    expect(await sys.registry.totalStakeAt(b2)).to.equal(160n * TOKEN);
    await expectConservation(sys);
  });

  it("test_totalStakeBeforeThisBlock_IsTheTotalAsOfThePreviousBlockEvenWhenItChangedInThisOne", async () => {
    const sys = await networkHelpers.loadFixture(registeredFixture);
    const [a, b] = sys.providers as [typeof sys.deployer, typeof sys.deployer];
    await sys.registry.connect(a).stake(100n * TOKEN);
    await sys.registry.connect(b).stake(50n * TOKEN);
    // Asked in a block with no change: the latest total.
    expect(await sys.registry.totalStakeBeforeThisBlock({ blockTag: "pending" })).to.equal(150n * TOKEN);
    // A change pending in this block does not count; the one before it does.
    await ethers.provider.send("evm_setAutomine", [false]);
    await sys.registry.connect(a).stake(25n * TOKEN);
    expect(await sys.registry.totalStakeBeforeThisBlock({ blockTag: "pending" })).to.equal(150n * TOKEN);
    await networkHelpers.mine(1);
    await ethers.provider.send("evm_setAutomine", [true]);
    expect(await sys.registry.totalStakeBeforeThisBlock({ blockTag: "pending" })).to.equal(175n * TOKEN);
  });

  it("test_stake_RevertWhen_AmountIsZero", async () => {
    const sys = await networkHelpers.loadFixture(registeredFixture);
    await expect(sys.registry.connect(sys.providers[0]!).stake(0n)).to.be.revertedWithCustomError(
      sys.registry,
      "ProviderRegistryZeroAmount",
    );
  });

  it("test_stake_RevertWhen_NotRegistered", async () => {
    const sys = await networkHelpers.loadFixture(registeredFixture);
    await fund(sys, sys.other, TOKEN, await sys.registry.getAddress());
    await expect(sys.registry.connect(sys.other).stake(TOKEN))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryNotRegistered")
      .withArgs(sys.other.address);
  });

  it("test_stake_RevertWhen_StakeWouldExceedUint96", async () => {
    const sys = await networkHelpers.loadFixture(registeredFixture);
    const max = await sys.registry.MAX_STAKE();
    expect(max).to.equal(2n ** 96n - 1n);
    await sys.registry.connect(sys.providers[0]!).stake(TOKEN);
    await expect(sys.registry.connect(sys.providers[0]!).stake(max))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryStakeTooLarge")
      .withArgs(max + TOKEN, max);
  });

  it("test_stake_RevertWhen_AllowanceTooLow", async () => {
    const sys = await networkHelpers.loadFixture(registeredFixture);
    await expect(sys.registry.connect(sys.providers[0]!).stake(1_001n * TOKEN))
      .to.be.revertedWithCustomError(sys.token, "ERC20InsufficientAllowance")
      .withArgs(await sys.registry.getAddress(), 1_000n * TOKEN, 1_001n * TOKEN);
  });

  it("test_stake_RevertWhen_TokenDeliversLessThanTheAmount", async () => {
    const mock = await networkHelpers.loadFixture(deployMockSystem);
    const p = mock.providers[0]!;
    await mock.token.transfer(p.address, 100n * TOKEN);
    await mock.token.connect(p).approve(await mock.registry.getAddress(), 100n * TOKEN);
    await mock.registry.connect(p).register("ipfs://meta", 1, TOKEN, 0, 1);
    await mock.token.setFeeBps(50n); // 0.5% fee on transfer
    await expect(mock.registry.connect(p).stake(100n * TOKEN))
      .to.be.revertedWithCustomError(mock.registry, "TransferShortfall")
      .withArgs(100n * TOKEN, (100n * TOKEN * 995n) / 1_000n);
  });
});

describe("ProviderRegistry.stakeWithPermit", () => {
  it("test_stakeWithPermit_BondsWithoutAPriorApproval", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const p = sys.providers[0]!;
    await fund(sys, p, 100n * TOKEN);
    await sys.registry.connect(p).register("ipfs://meta", 1, TOKEN, 0, 1);
    const deadline = BigInt(await networkHelpers.time.latest()) + 600n;
    const { v, r, s } = await signPermit(sys.token, p, await sys.registry.getAddress(), 100n * TOKEN, deadline);
    const tx = sys.registry.connect(p).stakeWithPermit(100n * TOKEN, deadline, v, r, s);
    await expect(tx)
      .to.emit(sys.registry, "Staked")
      .withArgs(p.address, 100n * TOKEN, 100n * TOKEN, 100n * TOKEN);
    await expect(tx).to.changeTokenBalances(ethers, sys.token, [p, sys.registry], [-100n * TOKEN, 100n * TOKEN]);
    expect(await sys.token.nonces(p.address)).to.equal(1n);
  });

  it("test_stakeWithPermit_SucceedsWhenThePermitWasFrontRun", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const p = sys.providers[0]!;
    const registry = await sys.registry.getAddress();
    await fund(sys, p, 100n * TOKEN);
    await sys.registry.connect(p).register("ipfs://meta", 1, TOKEN, 0, 1);
    const deadline = BigInt(await networkHelpers.time.latest()) + 600n;
    const { v, r, s } = await signPermit(sys.token, p, registry, 100n * TOKEN, deadline);
    await sys.token.connect(sys.other).permit(p.address, registry, 100n * TOKEN, deadline, v, r, s);
    await expect(sys.registry.connect(p).stakeWithPermit(100n * TOKEN, deadline, v, r, s)).to.emit(
      sys.registry,
      "Staked",
    );
  });

  it("test_stakeWithPermit_RevertWhen_PermitInvalidAndNoAllowance", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const p = sys.providers[0]!;
    const registry = await sys.registry.getAddress();
    await fund(sys, p, 100n * TOKEN);
    await sys.registry.connect(p).register("ipfs://meta", 1, TOKEN, 0, 1);
    const expired = BigInt(await networkHelpers.time.latest()) - 1n;
    const { v, r, s } = await signPermit(sys.token, p, registry, 100n * TOKEN, expired);
    await expect(sys.registry.connect(p).stakeWithPermit(100n * TOKEN, expired, v, r, s))
      .to.be.revertedWithCustomError(sys.token, "ERC20InsufficientAllowance")
      .withArgs(registry, 0n, 100n * TOKEN);
  });

  it("test_stakeWithPermit_RevertWhen_NotRegistered", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const deadline = BigInt(await networkHelpers.time.latest()) + 600n;
    const { v, r, s } = await signPermit(sys.token, sys.other, await sys.registry.getAddress(), TOKEN, deadline);
    await expect(sys.registry.connect(sys.other).stakeWithPermit(TOKEN, deadline, v, r, s))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryNotRegistered")
      .withArgs(sys.other.address);
  });
});
