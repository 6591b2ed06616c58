import { expect } from "chai";
import { DAY, currentCourtParameters, currentParameters, deploySystem, ethers, networkHelpers } from "../fixture.js";

const ADMIN = ethers.ZeroHash;
const PROPOSER = ethers.id("PROPOSER_ROLE");
const EXECUTOR = ethers.id("EXECUTOR_ROLE");
const CANCELLER = ethers.id("CANCELLER_ROLE");

describe("governance deployment (ignition/modules/Hashwork.ts)", () => {
  it("test_deployment_TimelockOwnsTheMarketTheRegistryAndTheCourtAndIsTheTreasury", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const timelock = await sys.timelock.getAddress();
    expect(await sys.market.owner()).to.equal(timelock);
    expect(await sys.registry.owner()).to.equal(timelock);
    expect(await sys.market.pendingOwner()).to.equal(ethers.ZeroAddress);
    expect(await sys.registry.pendingOwner()).to.equal(ethers.ZeroAddress);
    expect(await sys.market.treasury()).to.equal(timelock);
    expect(await sys.registry.market()).to.equal(await sys.market.getAddress());
    expect(await sys.court.owner()).to.equal(timelock);
    expect(await sys.court.pendingOwner()).to.equal(ethers.ZeroAddress);
    expect(await sys.registry.court()).to.equal(await sys.court.getAddress());
    expect(await sys.court.market()).to.equal(await sys.market.getAddress());
    expect(await sys.market.guardian()).to.equal(ethers.ZeroAddress); // governance appoints one by proposal
  });

  it("test_deployment_GovernorIsTheOnlyProposerAndCancellerAndAnyoneExecutes", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const governor = await sys.governor.getAddress();
    const timelock = await sys.timelock.getAddress();
    expect(await sys.timelock.hasRole(PROPOSER, governor)).to.equal(true);
    expect(await sys.timelock.hasRole(CANCELLER, governor)).to.equal(true);
    expect(await sys.timelock.hasRole(EXECUTOR, ethers.ZeroAddress)).to.equal(true); // open execution
    expect(await sys.timelock.hasRole(ADMIN, timelock)).to.equal(true); // self-administered
    expect(await sys.governor.timelock()).to.equal(timelock);
    expect(await sys.governor.token()).to.equal(await sys.token.getAddress());
  });

  it("test_deployment_DeployerKeepsNoRole", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    for (const role of [ADMIN, PROPOSER, EXECUTOR, CANCELLER]) {
      expect(await sys.timelock.hasRole(role, sys.deployer.address)).to.equal(false);
    }
    for (const c of [sys.market, sys.registry, sys.court]) expect(await c.owner()).to.not.equal(sys.deployer.address);
    await expect(
      sys.market.connect(sys.deployer).setParameters({ ...(await currentParameters(sys.market)), feeBps: 0n }),
    )
      .to.be.revertedWithCustomError(sys.market, "OwnableUnauthorizedAccount")
      .withArgs(sys.deployer.address);
    await expect(sys.market.connect(sys.deployer).pause())
      .to.be.revertedWithCustomError(sys.market, "OwnableUnauthorizedAccount")
      .withArgs(sys.deployer.address);
    await expect(sys.registry.connect(sys.deployer).setUnbondingPeriod(DAY))
      .to.be.revertedWithCustomError(sys.registry, "OwnableUnauthorizedAccount")
      .withArgs(sys.deployer.address);
    // Its one-time wiring right is spent (the market is fixed in the registry it created).
    await expect(sys.registry.connect(sys.deployer).setCourt(sys.other.address))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryCourtAlreadySet")
      .withArgs(await sys.court.getAddress());
    await expect(sys.market.connect(sys.deployer).setGuardian(sys.deployer.address))
      .to.be.revertedWithCustomError(sys.market, "OwnableUnauthorizedAccount")
      .withArgs(sys.deployer.address);
    await expect(
      sys.court.connect(sys.deployer).setParameters({ ...(await currentCourtParameters(sys.court)), maxRounds: 3n }),
    )
      .to.be.revertedWithCustomError(sys.court, "OwnableUnauthorizedAccount")
      .withArgs(sys.deployer.address);
    // And it cannot queue anything on the timelock.
    await expect(
      sys.timelock
        .connect(sys.deployer)
        .schedule(await sys.market.getAddress(), 0n, "0x", ethers.ZeroHash, ethers.ZeroHash, 2n * DAY),
    )
      .to.be.revertedWithCustomError(sys.timelock, "AccessControlUnauthorizedAccount")
      .withArgs(sys.deployer.address, PROPOSER);
  });

  it("test_deployment_UsesThePublicNetworkDefaults", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    expect(await sys.governor.votingDelay()).to.equal(7_200n);
    expect(await sys.governor.votingPeriod()).to.equal(50_400n);
    expect(await sys.governor.proposalThreshold()).to.equal(100_000n * 10n ** 18n);
    expect(await sys.governor["quorumNumerator()"]()).to.equal(4n);
    expect(await sys.governor.clock()).to.equal(BigInt(await ethers.provider.getBlockNumber()));
    expect(await sys.governor.CLOCK_MODE()).to.equal("mode=blocknumber&from=default");
    expect(await sys.timelock.getMinDelay()).to.equal(2n * DAY);
    expect(await sys.governor.name()).to.equal("HashworkGovernor");
  });
});
