import { expect } from "chai";
import { DAY, TOKEN, deploySystem, ethers, name32, networkHelpers } from "../fixture.js";
import { execute, governedFixture, passAndQueue, proposal } from "../helpers/governance.js";

const SUPPLY = 1_000_000_000n * TOKEN;

describe("HashworkGovernor bounds", () => {
  it("test_constants_AreTheDocumentedBounds", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    expect(await sys.governor.MIN_VOTING_DELAY()).to.equal(1n);
    expect(await sys.governor.MAX_VOTING_DELAY()).to.equal(100_800n);
    expect(await sys.governor.MIN_VOTING_PERIOD()).to.equal(5n);
    expect(await sys.governor.MAX_VOTING_PERIOD()).to.equal(201_600n);
    expect(await sys.governor.MAX_PROPOSAL_THRESHOLD_BPS()).to.equal(100n);
    expect(await sys.governor.MIN_QUORUM_PERCENT()).to.equal(1n);
    expect(await sys.governor.MAX_QUORUM_PERCENT()).to.equal(50n);
    expect(await sys.timelock.MIN_DELAY()).to.equal(60n);
    expect(await sys.timelock.MAX_DELAY()).to.equal(30n * DAY);
  });

  /** [setting, constructor argument index, out-of-bound value, min, max] */
  const CASES: [string, number, bigint, bigint, bigint][] = [
    ["votingDelay", 2, 0n, 1n, 100_800n],
    ["votingDelay", 2, 100_801n, 1n, 100_800n],
    ["votingPeriod", 3, 4n, 5n, 201_600n],
    ["votingPeriod", 3, 201_601n, 5n, 201_600n],
    ["proposalThreshold", 4, SUPPLY / 100n + 1n, 0n, SUPPLY / 100n],
    ["quorumNumerator", 5, 0n, 1n, 50n],
    ["quorumNumerator", 5, 51n, 1n, 50n],
  ];
  for (const [setting, index, value, min, max] of CASES) {
    it(`test_constructor_RevertWhen_${setting}Is${value}`, async () => {
      const sys = await networkHelpers.loadFixture(deploySystem);
      const args: unknown[] = [await sys.token.getAddress(), await sys.timelock.getAddress(), 1n, 5n, 0n, 4n];
      args[index] = value;
      await expect(ethers.deployContract("HashworkGovernor", args))
        .to.be.revertedWithCustomError(sys.governor, "HashworkGovernorSettingOutOfBounds")
        .withArgs(name32(setting), value, min, max);
    });
  }

  it("test_constructor_AcceptsEveryBound", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const token = await sys.token.getAddress();
    const timelock = await sys.timelock.getAddress();
    await ethers.deployContract("HashworkGovernor", [token, timelock, 1n, 5n, 0n, 1n]);
    await ethers.deployContract("HashworkGovernor", [token, timelock, 100_800n, 201_600n, SUPPLY / 100n, 50n]);
  });

  it("test_setters_RevertWhen_CalledOutsideGovernance", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    for (const call of [
      sys.governor.setVotingDelay(2n),
      sys.governor.setVotingPeriod(10n),
      sys.governor.setProposalThreshold(0n),
      sys.governor.updateQuorumNumerator(5n),
    ]) {
      await expect(call)
        .to.be.revertedWithCustomError(sys.governor, "GovernorOnlyExecutor")
        .withArgs(sys.deployer.address);
    }
  });

  it("test_proposal_ChangesGovernorSettingsWithinBounds", async () => {
    const sys = await networkHelpers.loadFixture(governedFixture);
    const p = await proposal(
      [
        [sys.governor, "setVotingDelay", [1n]],
        [sys.governor, "setVotingPeriod", [10n]],
        [sys.governor, "setProposalThreshold", [0n]],
        [sys.governor, "updateQuorumNumerator", [10n]],
      ],
      "Devnet governance clock",
    );
    await passAndQueue(sys, sys.voter, p);
    const tx = execute(sys, p);
    await expect(tx).to.emit(sys.governor, "VotingDelaySet").withArgs(7_200n, 1n);
    await expect(tx).to.emit(sys.governor, "VotingPeriodSet").withArgs(50_400n, 10n);
    await expect(tx)
      .to.emit(sys.governor, "ProposalThresholdSet")
      .withArgs(100_000n * TOKEN, 0n);
    await expect(tx).to.emit(sys.governor, "QuorumNumeratorUpdated").withArgs(4n, 10n);
  });

  it("test_proposal_GovernorSettingOutOfBoundsFails", async () => {
    const sys = await networkHelpers.loadFixture(governedFixture);
    const p = await proposal([[sys.governor, "updateQuorumNumerator", [51n]]], "Quorum 51%");
    await passAndQueue(sys, sys.voter, p);
    await expect(execute(sys, p))
      .to.be.revertedWithCustomError(sys.governor, "HashworkGovernorSettingOutOfBounds")
      .withArgs(name32("quorumNumerator"), 51n, 1n, 50n);
  });
});

describe("HashworkTimelock bounds", () => {
  for (const delay of [59n, 30n * DAY + 1n]) {
    it(`test_constructor_RevertWhen_DelayIs${delay}`, async () => {
      const sys = await networkHelpers.loadFixture(deploySystem);
      await expect(ethers.deployContract("HashworkTimelock", [delay, [], [], ethers.ZeroAddress]))
        .to.be.revertedWithCustomError(sys.timelock, "HashworkTimelockDelayOutOfBounds")
        .withArgs(delay, 60n, 30n * DAY);
    });
  }

  it("test_updateDelay_RevertWhen_CallerIsNotTheTimelock", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.timelock.updateDelay(DAY))
      .to.be.revertedWithCustomError(sys.timelock, "TimelockUnauthorizedCaller")
      .withArgs(sys.deployer.address);
  });

  it("test_proposal_UpdatesTheDelayWithinBoundsAndRejectsOutOfBounds", async () => {
    const sys = await networkHelpers.loadFixture(governedFixture);
    const bad = await proposal([[sys.timelock, "updateDelay", [30n]]], "Delay 30 s");
    await passAndQueue(sys, sys.voter, bad);
    await expect(execute(sys, bad))
      .to.be.revertedWithCustomError(sys.timelock, "HashworkTimelockDelayOutOfBounds")
      .withArgs(30n, 60n, 30n * DAY);
    const good = await proposal([[sys.timelock, "updateDelay", [DAY]]], "Delay 1 day");
    await passAndQueue(sys, sys.voter, good);
    await expect(execute(sys, good))
      .to.emit(sys.timelock, "MinDelayChange")
      .withArgs(2n * DAY, DAY);
    expect(await sys.timelock.getMinDelay()).to.equal(DAY);
  });
});
