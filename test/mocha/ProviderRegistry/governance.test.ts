import { expect } from "chai";
import type { ProviderRegistry } from "@hashwork/sdk/typechain";
import { DAY, currentParameters, deploySystem, ethers, name32, networkHelpers } from "../fixture.js";
import { compileInline } from "../helpers/inlineSolidity.js";
import { deployMarketLibraries } from "../helpers/mockToken.js";

const HOUR = 3_600n;

/** A registry policy: unbonding `unbonding`, jail after `threshold` faults within `window` for `jail`. */
const policy = (unbonding: bigint, threshold: bigint, jail: bigint, window: bigint) => ({
  unbondingPeriod: unbonding,
  jailThreshold: threshold,
  jailDuration: jail,
  faultWindow: window,
});

/**
 * A registry deployed on its own, court not yet wired: unbonding 1 day, jail after 2 faults within 3 days for
 * 2 hours; its market is a plain account (`hookCaller`) and its wirer the deployer.
 */
async function unwiredFixture() {
  const sys = await deploySystem();
  const hookCaller = (await ethers.getSigners()).at(-1)!;
  const registry = (await ethers.deployContract("ProviderRegistry", [
    await sys.token.getAddress(),
    sys.deployer.address,
    policy(DAY, 2n, 2n * HOUR, 3n * DAY),
    hookCaller.address,
    sys.deployer.address,
  ])) as unknown as ProviderRegistry;
  return { ...sys, fresh: registry, hookCaller };
}

/** JobMarket's constructor arguments for a market like `sys.market`, creating its registry from `registryCode`. */
async function marketArguments(sys: Awaited<ReturnType<typeof deploySystem>>, registryCode: string, unbonding = DAY) {
  return [
    await sys.token.getAddress(),
    registryCode,
    policy(unbonding, 3n, DAY, DAY),
    await sys.randomness.getAddress(),
    sys.deployer.address,
    sys.deployer.address,
    await currentParameters(sys.market),
    16n,
  ];
}

describe("ProviderRegistry constructor and views", () => {
  it("test_constructor_EmitsTheInitialParametersAndFixesTheMarket", async () => {
    const sys = await networkHelpers.loadFixture(unwiredFixture);
    const deployment = sys.fresh.deploymentTransaction()!;
    await expect(deployment).to.emit(sys.fresh, "MarketSet").withArgs(sys.hookCaller.address);
    await expect(deployment).to.emit(sys.fresh, "ParameterUpdated").withArgs(name32("unbondingPeriod"), 0n, DAY);
    await expect(deployment).to.emit(sys.fresh, "ParameterUpdated").withArgs(name32("jailThreshold"), 0n, 2n);
    await expect(deployment)
      .to.emit(sys.fresh, "ParameterUpdated")
      .withArgs(name32("jailDuration"), 0n, 2n * HOUR);
    await expect(deployment)
      .to.emit(sys.fresh, "ParameterUpdated")
      .withArgs(name32("faultWindow"), 0n, 3n * DAY);
    expect(await sys.fresh.unbondingPeriod()).to.equal(DAY);
    expect(await sys.fresh.jailThreshold()).to.equal(2n);
    expect(await sys.fresh.jailDuration()).to.equal(2n * HOUR);
    expect(await sys.fresh.faultWindow()).to.equal(3n * DAY);
    expect(await sys.fresh.market()).to.equal(sys.hookCaller.address);
    expect(await sys.fresh.court()).to.equal(ethers.ZeroAddress);
    expect(await sys.fresh.owner()).to.equal(sys.deployer.address);
  });

  it("test_views_ReportTheDeployment", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    expect(await sys.registry.token()).to.equal(await sys.token.getAddress());
    expect(await sys.registry.market()).to.equal(await sys.market.getAddress());
    expect(await sys.registry.unbondingPeriod()).to.equal(7n * DAY);
    expect(await sys.registry.jailThreshold()).to.equal(3n);
    expect(await sys.registry.jailDuration()).to.equal(DAY);
    expect(await sys.registry.faultWindow()).to.equal(7n * DAY);
    expect(await sys.registry.court()).to.equal(await sys.court.getAddress());
    expect(await sys.registry.totalStake()).to.equal(0n);
    expect(await sys.registry.MIN_UNBONDING_PERIOD()).to.equal(HOUR);
    expect(await sys.registry.MAX_UNBONDING_PERIOD()).to.equal(60n * DAY);
    expect(await sys.registry.MIN_JAIL_THRESHOLD()).to.equal(1n);
    expect(await sys.registry.MAX_JAIL_THRESHOLD()).to.equal(20n);
    expect(await sys.registry.MIN_JAIL_DURATION()).to.equal(HOUR);
    expect(await sys.registry.MAX_JAIL_DURATION()).to.equal(90n * DAY);
    expect(await sys.registry.MIN_FAULT_WINDOW()).to.equal(HOUR);
    expect(await sys.registry.MAX_FAULT_WINDOW()).to.equal(365n * DAY);
    expect(await sys.registry.MAX_STAKE()).to.equal(2n ** 96n - 1n);
  });

  it("test_constructor_RevertWhen_TokenOrMarketIsZero", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const token = await sys.token.getAddress();
    const terms = policy(DAY, 3n, DAY, DAY);
    for (const [t, market] of [
      [ethers.ZeroAddress, sys.other.address],
      [token, ethers.ZeroAddress],
    ]) {
      await expect(
        ethers.deployContract("ProviderRegistry", [t, sys.deployer.address, terms, market, sys.deployer.address]),
      ).to.be.revertedWithCustomError(sys.registry, "ProviderRegistryZeroAddress");
    }
  });

  it("test_constructor_RevertWhen_OwnerIsZero", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(
      ethers.deployContract("ProviderRegistry", [
        await sys.token.getAddress(),
        ethers.ZeroAddress,
        policy(DAY, 3n, DAY, DAY),
        sys.other.address,
        sys.deployer.address,
      ]),
    )
      .to.be.revertedWithCustomError(sys.registry, "OwnableInvalidOwner")
      .withArgs(ethers.ZeroAddress);
  });

  it("test_constructor_RevertWhen_ParameterOutOfBounds", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const token = await sys.token.getAddress();
    const deploy = (terms: ReturnType<typeof policy>) =>
      ethers.deployContract("ProviderRegistry", [
        token,
        sys.deployer.address,
        terms,
        sys.other.address,
        ethers.ZeroAddress,
      ]);
    await expect(deploy(policy(HOUR - 1n, 3n, DAY, DAY)))
      .to.be.revertedWithCustomError(sys.registry, "ParameterOutOfBounds")
      .withArgs(name32("unbondingPeriod"), HOUR - 1n, HOUR, 60n * DAY);
    await expect(deploy(policy(DAY, 0n, DAY, DAY)))
      .to.be.revertedWithCustomError(sys.registry, "ParameterOutOfBounds")
      .withArgs(name32("jailThreshold"), 0n, 1n, 20n);
    await expect(deploy(policy(DAY, 3n, HOUR - 1n, DAY)))
      .to.be.revertedWithCustomError(sys.registry, "ParameterOutOfBounds")
      .withArgs(name32("jailDuration"), HOUR - 1n, HOUR, 90n * DAY);
    await expect(deploy(policy(DAY, 3n, DAY, 0n)))
      .to.be.revertedWithCustomError(sys.registry, "ParameterOutOfBounds")
      .withArgs(name32("faultWindow"), 0n, HOUR, 365n * DAY);
  });
});

describe("JobMarket creates its registry", () => {
  it("test_marketConstructor_CreatesARegistryFixedToItOwnedByTheOwnerAndWiredByTheDeployer", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const code = (await ethers.getContractFactory("ProviderRegistry")).bytecode;
    const market = await ethers.deployContract("JobMarket", await marketArguments(sys, code), {
      libraries: await deployMarketLibraries(),
    });
    const registry = (await ethers.getContractAt(
      "ProviderRegistry",
      await market.getFunction("registry")(),
    )) as unknown as ProviderRegistry;
    await expect(market.deploymentTransaction())
      .to.emit(registry, "MarketSet")
      .withArgs(await market.getAddress());
    expect(await registry.market()).to.equal(await market.getAddress());
    expect(await registry.token()).to.equal(await sys.token.getAddress());
    expect(await registry.owner()).to.equal(sys.deployer.address);
    expect(await registry.unbondingPeriod()).to.equal(DAY);
    // The market's deployer wires the court once; nobody else who is not the owner can.
    await expect(registry.connect(sys.other).setCourt(sys.other.address))
      .to.be.revertedWithCustomError(registry, "OwnableUnauthorizedAccount")
      .withArgs(sys.other.address);
    await expect(registry.setCourt(sys.requester.address))
      .to.emit(registry, "CourtSet")
      .withArgs(sys.requester.address);
  });

  it("test_marketConstructor_RevertWhen_TheRegistryRefusesItsPolicy", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const code = (await ethers.getContractFactory("ProviderRegistry")).bytecode;
    // The registry's own error comes through the market's constructor.
    await expect(
      ethers.deployContract("JobMarket", await marketArguments(sys, code, HOUR - 1n), {
        libraries: await deployMarketLibraries(),
      }),
    )
      .to.be.revertedWithCustomError(sys.registry, "ParameterOutOfBounds")
      .withArgs(name32("unbondingPeriod"), HOUR - 1n, HOUR, 60n * DAY);
  });

  it("test_marketConstructor_RevertWhen_TheCodeMakesARegistryOfAnotherMarket", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    // Takes ProviderRegistry's constructor arguments and names another market.
    const { ForeignRegistry } = compileInline(
      "ForeignRegistry.sol",
      `// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;
contract ForeignRegistry {
    address public immutable token;
    constructor(address token_, address, uint256[4] memory, address, address) { token = token_; }
    function market() external pure returns (address) { return address(0xdead); }
}`,
    );
    const market = ethers.deployContract("JobMarket", await marketArguments(sys, ForeignRegistry!.bytecode), {
      libraries: await deployMarketLibraries(),
    });
    await expect(market).to.be.revertedWithCustomError(sys.market, "JobMarketRegistryMismatch");
  });
});

describe("ProviderRegistry.setCourt", () => {
  it("test_setCourt_WiresTheCourtOnceAndEmitsCourtSet", async () => {
    const sys = await networkHelpers.loadFixture(unwiredFixture);
    await expect(sys.fresh.setCourt(sys.other.address)).to.emit(sys.fresh, "CourtSet").withArgs(sys.other.address);
    expect(await sys.fresh.court()).to.equal(sys.other.address);
  });

  it("test_setCourt_RevertWhen_AlreadySet", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.registry.connect(sys.owner).setCourt(sys.other.address))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryCourtAlreadySet")
      .withArgs(await sys.court.getAddress());
  });

  it("test_setCourt_RevertWhen_ZeroAddress", async () => {
    const sys = await networkHelpers.loadFixture(unwiredFixture);
    await expect(sys.fresh.setCourt(ethers.ZeroAddress)).to.be.revertedWithCustomError(
      sys.fresh,
      "ProviderRegistryZeroAddress",
    );
  });

  it("test_setCourt_RevertWhen_CallerIsNeitherOwnerNorDeployer", async () => {
    const sys = await networkHelpers.loadFixture(unwiredFixture);
    await expect(sys.fresh.connect(sys.other).setCourt(sys.other.address))
      .to.be.revertedWithCustomError(sys.fresh, "OwnableUnauthorizedAccount")
      .withArgs(sys.other.address);
  });

  it("test_setCourt_TheCourtPassesTheHookCheckButOthersDoNot", async () => {
    const sys = await networkHelpers.loadFixture(unwiredFixture);
    await sys.fresh.setCourt(sys.other.address);
    await expect(sys.fresh.connect(sys.requester).releaseCollateral(sys.other.address, 0n, false))
      .to.be.revertedWithCustomError(sys.fresh, "ProviderRegistryNotMarket")
      .withArgs(sys.requester.address);
    // The court passes the check (releasing nothing held underflows, a panic rather than NotMarket).
    await expect(
      sys.fresh.connect(sys.other).releaseCollateral(sys.requester.address, 0n, false),
    ).to.be.revertedWithPanic(0x11);
  });
});

describe("ProviderRegistry.setUnbondingPeriod", () => {
  it("test_setUnbondingPeriod_UpdatesAndEmitsParameterUpdated", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.registry.connect(sys.owner).setUnbondingPeriod(HOUR))
      .to.emit(sys.registry, "ParameterUpdated")
      .withArgs(name32("unbondingPeriod"), 7n * DAY, HOUR);
    expect(await sys.registry.unbondingPeriod()).to.equal(HOUR);
    await expect(sys.registry.connect(sys.owner).setUnbondingPeriod(60n * DAY))
      .to.emit(sys.registry, "ParameterUpdated")
      .withArgs(name32("unbondingPeriod"), HOUR, 60n * DAY);
  });

  for (const value of [HOUR - 1n, 60n * DAY + 1n]) {
    it(`test_setUnbondingPeriod_RevertWhen_${value}OutOfBounds`, async () => {
      const sys = await networkHelpers.loadFixture(deploySystem);
      await expect(sys.registry.connect(sys.owner).setUnbondingPeriod(value))
        .to.be.revertedWithCustomError(sys.registry, "ParameterOutOfBounds")
        .withArgs(name32("unbondingPeriod"), value, HOUR, 60n * DAY);
    });
  }

  it("test_setUnbondingPeriod_RevertWhen_Unchanged", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.registry.connect(sys.owner).setUnbondingPeriod(7n * DAY))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryParameterUnchanged")
      .withArgs(name32("unbondingPeriod"), 7n * DAY);
  });

  it("test_setUnbondingPeriod_RevertWhen_CallerIsNotTheOwner", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.registry.connect(sys.other).setUnbondingPeriod(HOUR))
      .to.be.revertedWithCustomError(sys.registry, "OwnableUnauthorizedAccount")
      .withArgs(sys.other.address);
  });
});

describe("ProviderRegistry.setJailPolicy", () => {
  const W = 7n * DAY; // the Ignition default fault window

  it("test_setJailPolicy_EmitsOnlyForChangedValues", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const onlyThreshold = sys.registry.connect(sys.owner).setJailPolicy(5n, DAY, W);
    await expect(onlyThreshold).to.emit(sys.registry, "ParameterUpdated").withArgs(name32("jailThreshold"), 3n, 5n);
    expect((await (await onlyThreshold).wait())!.logs.length).to.equal(1);
    const onlyWindow = sys.registry.connect(sys.owner).setJailPolicy(5n, DAY, HOUR);
    await expect(onlyWindow).to.emit(sys.registry, "ParameterUpdated").withArgs(name32("faultWindow"), W, HOUR);
    expect((await (await onlyWindow).wait())!.logs.length).to.equal(1);
    const onlyDuration = sys.registry.connect(sys.owner).setJailPolicy(5n, HOUR, HOUR);
    await expect(onlyDuration).to.emit(sys.registry, "ParameterUpdated").withArgs(name32("jailDuration"), DAY, HOUR);
    expect((await (await onlyDuration).wait())!.logs.length).to.equal(1);
    // Every upper bound at once.
    const all = sys.registry.connect(sys.owner).setJailPolicy(20n, 90n * DAY, 365n * DAY);
    await expect(all).to.emit(sys.registry, "ParameterUpdated").withArgs(name32("jailThreshold"), 5n, 20n);
    await expect(all)
      .to.emit(sys.registry, "ParameterUpdated")
      .withArgs(name32("jailDuration"), HOUR, 90n * DAY);
    await expect(all)
      .to.emit(sys.registry, "ParameterUpdated")
      .withArgs(name32("faultWindow"), HOUR, 365n * DAY);
    expect([
      await sys.registry.jailThreshold(),
      await sys.registry.jailDuration(),
      await sys.registry.faultWindow(),
    ]).to.deep.equal([20n, 90n * DAY, 365n * DAY]);
    // Every lower bound.
    await sys.registry.connect(sys.owner).setJailPolicy(1n, HOUR, HOUR);
    expect(await sys.registry.jailThreshold()).to.equal(1n);
  });

  const bad: [string, bigint, bigint, bigint, string, bigint, bigint, bigint][] = [
    ["ThresholdZero", 0n, DAY, W, "jailThreshold", 0n, 1n, 20n],
    ["ThresholdAbove20", 21n, DAY, W, "jailThreshold", 21n, 1n, 20n],
    ["DurationBelowAnHour", 3n, HOUR - 1n, W, "jailDuration", HOUR - 1n, HOUR, 90n * DAY],
    ["DurationAbove90Days", 3n, 90n * DAY + 1n, W, "jailDuration", 90n * DAY + 1n, HOUR, 90n * DAY],
    ["WindowBelowAnHour", 3n, DAY, HOUR - 1n, "faultWindow", HOUR - 1n, HOUR, 365n * DAY],
    ["WindowAbove365Days", 3n, DAY, 365n * DAY + 1n, "faultWindow", 365n * DAY + 1n, HOUR, 365n * DAY],
  ];
  for (const [cond, threshold, duration, window, name, value, min, max] of bad) {
    it(`test_setJailPolicy_RevertWhen_${cond}`, async () => {
      const sys = await networkHelpers.loadFixture(deploySystem);
      await expect(sys.registry.connect(sys.owner).setJailPolicy(threshold, duration, window))
        .to.be.revertedWithCustomError(sys.registry, "ParameterOutOfBounds")
        .withArgs(name32(name), value, min, max);
    });
  }

  it("test_setJailPolicy_RevertWhen_Unchanged", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.registry.connect(sys.owner).setJailPolicy(3n, DAY, W))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryParameterUnchanged")
      .withArgs(name32("jailPolicy"), 3n);
  });

  it("test_setJailPolicy_RevertWhen_CallerIsNotTheOwner", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.registry.connect(sys.other).setJailPolicy(4n, DAY, W))
      .to.be.revertedWithCustomError(sys.registry, "OwnableUnauthorizedAccount")
      .withArgs(sys.other.address);
  });
});

describe("ProviderRegistry ownership (Ownable2Step)", () => {
  it("test_transferOwnership_HandsGovernanceToTheNewOwnerOnAcceptance", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const timelock = sys.other;
    await expect(sys.registry.connect(sys.owner).transferOwnership(timelock.address))
      .to.emit(sys.registry, "OwnershipTransferStarted")
      .withArgs(sys.owner.address, timelock.address);
    expect(await sys.registry.pendingOwner()).to.equal(timelock.address);
    await expect(sys.registry.connect(sys.requester).acceptOwnership())
      .to.be.revertedWithCustomError(sys.registry, "OwnableUnauthorizedAccount")
      .withArgs(sys.requester.address);
    await expect(sys.registry.connect(timelock).acceptOwnership())
      .to.emit(sys.registry, "OwnershipTransferred")
      .withArgs(sys.owner.address, timelock.address);
    await expect(sys.registry.connect(sys.owner).setUnbondingPeriod(HOUR))
      .to.be.revertedWithCustomError(sys.registry, "OwnableUnauthorizedAccount")
      .withArgs(sys.owner.address);
    await expect(sys.registry.connect(timelock).setUnbondingPeriod(HOUR)).to.emit(sys.registry, "ParameterUpdated");
  });

  it("test_renounceOwnership_LeavesNoOwner", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.registry.connect(sys.owner).renounceOwnership())
      .to.emit(sys.registry, "OwnershipTransferred")
      .withArgs(sys.owner.address, ethers.ZeroAddress);
    expect(await sys.registry.owner()).to.equal(ethers.ZeroAddress);
  });
});
