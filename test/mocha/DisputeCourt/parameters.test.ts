import { expect } from "chai";
import type { DisputeCourt } from "../../../sdk/src/typechain/index.js";
import { DAY, TOKEN, deploySystem, ethers, name32, networkHelpers } from "../fixture.js";
import { COURT_DEFAULTS, type CourtParams, courtParameters } from "../helpers/dispute.js";

/** [parameter, out-of-bound value, min, max] with every other field at its default. */
const OUT_OF_BOUNDS: [keyof CourtParams, bigint, bigint, bigint][] = [
  ["bondBps", 4_999n, 5_000n, 50_000n],
  ["bondBps", 50_001n, 5_000n, 50_000n],
  ["minBond", 0n, 1n, 10n ** 27n],
  ["minBond", 10n ** 27n + 1n, 1n, 10n ** 27n],
  ["verifiers", 1n, 3n, 7n],
  ["verifiers", 4n, 3n, 7n], // even
  ["verifiers", 9n, 3n, 7n],
  ["providerSlashBps", 1_999n, 2_000n, 10_000n],
  ["providerSlashBps", 10_001n, 2_000n, 10_000n],
  ["verifierSlashBps", 499n, 500n, 10_000n],
  ["verifierSlashBps", 10_001n, 500n, 10_000n],
  ["requesterShareBps", 10_001n, 0n, 10_000n],
  ["challengerShareBps", 6_001n, 0n, 6_000n], // requester share 4,000
  ["verifierShareBps", 4_001n, 0n, 4_000n], // requester 4,000 + challenger 2,000
  ["drawPeriod", 59n, 60n, 7n * DAY],
  ["commitPeriod", 7n * DAY + 1n, 60n, 7n * DAY],
  ["revealPeriod", 59n, 60n, 7n * DAY],
  ["wideningPeriod", 9n, 10n, DAY],
  ["wideningPeriod", DAY + 1n, 10n, DAY],
];

describe("DisputeCourt.setParameters", () => {
  it("test_parameters_StartAtTheDeploymentValues", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    expect(await courtParameters(sys)).to.deep.equal(COURT_DEFAULTS);
  });

  it("test_setParameters_EmitsParameterUpdatedForEachChangedField", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const next = { ...COURT_DEFAULTS, verifiers: 5n, bondBps: 20_000n };
    const tx = sys.court.connect(sys.owner).setParameters(next);
    await expect(tx).to.emit(sys.court, "ParameterUpdated").withArgs(name32("bondBps"), 10_000n, 20_000n);
    await expect(tx).to.emit(sys.court, "ParameterUpdated").withArgs(name32("verifiers"), 3n, 5n);
    expect((await (await tx).wait())!.logs.length).to.equal(2);
    expect(await courtParameters(sys)).to.deep.equal(next);
    expect(await sys.court.bondFor(2n * TOKEN)).to.equal(4n * TOKEN);
  });

  it("test_setParameters_AcceptsEveryBound", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const low = {
      bondBps: 5_000n,
      minBond: 1n,
      verifiers: 7n,
      providerSlashBps: 2_000n,
      verifierSlashBps: 500n,
      requesterShareBps: 0n,
      challengerShareBps: 0n,
      verifierShareBps: 10_000n,
      drawPeriod: 60n,
      commitPeriod: 60n,
      revealPeriod: 7n * DAY,
      wideningPeriod: DAY,
    };
    await expect(sys.court.connect(sys.owner).setParameters(low)).to.emit(sys.court, "ParameterUpdated");
    expect(await courtParameters(sys)).to.deep.equal(low);
    const high = { ...low, bondBps: 50_000n, minBond: 10n ** 27n, providerSlashBps: 10_000n, wideningPeriod: 10n };
    await expect(sys.court.connect(sys.owner).setParameters(high)).to.emit(sys.court, "ParameterUpdated");
  });

  for (const [key, value, min, max] of OUT_OF_BOUNDS) {
    it(`test_setParameters_RevertWhen_${key}Is${value}`, async () => {
      const sys = await networkHelpers.loadFixture(deploySystem);
      await expect(sys.court.connect(sys.owner).setParameters({ ...COURT_DEFAULTS, [key]: value }))
        .to.be.revertedWithCustomError(sys.court, "DisputeCourtParameterOutOfBounds")
        .withArgs(name32(key), value, min, max);
    });
  }

  it("test_setParameters_RevertWhen_NothingChanges", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.court.connect(sys.owner).setParameters(COURT_DEFAULTS)).to.be.revertedWithCustomError(
      sys.court,
      "DisputeCourtParametersUnchanged",
    );
  });

  it("test_setParameters_RevertWhen_CallerIsNotTheOwner", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.court.connect(sys.deployer).setParameters({ ...COURT_DEFAULTS, verifiers: 5n }))
      .to.be.revertedWithCustomError(sys.court, "OwnableUnauthorizedAccount")
      .withArgs(sys.deployer.address);
  });
});

describe("DisputeCourt constructor and views", () => {
  it("test_views_ReportTheWiring", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    expect(await sys.court.market()).to.equal(await sys.market.getAddress());
    expect(await sys.court.owner()).to.equal(await sys.timelock.getAddress());
    expect(await sys.registry.disputeCourt()).to.equal(await sys.court.getAddress());
    expect(await sys.court.MAX_VERIFIERS()).to.equal(7n);
    expect(await sys.court.MAX_URI_LENGTH()).to.equal(512n);
    expect(await sys.court.claimable(sys.other.address)).to.equal(0n);
    const d = await sys.court.getDispute(1n);
    expect(d.status).to.equal(0n);
    expect(await sys.court.isResolvable(1n)).to.equal(false);
  });

  it("test_constructor_EmitsParameterUpdatedForEveryInitialValue", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const court = (await ethers.deployContract("DisputeCourt", [
      await sys.market.getAddress(),
      sys.deployer.address,
      COURT_DEFAULTS,
    ])) as unknown as DisputeCourt;
    const receipt = await court.deploymentTransaction()!.wait();
    const updates = receipt!.logs
      .map((l) => court.interface.parseLog(l))
      .filter((l) => l?.name === "ParameterUpdated")
      .map((l) => [l!.args[0], l!.args[1], l!.args[2]]);
    expect(updates).to.deep.equal(Object.entries(COURT_DEFAULTS).map(([k, v]) => [name32(k), 0n, v]));
  });

  it("test_constructor_RevertWhen_MarketIsZero", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(
      ethers.deployContract("DisputeCourt", [ethers.ZeroAddress, sys.deployer.address, COURT_DEFAULTS]),
    ).to.be.revertedWithCustomError(sys.court, "DisputeCourtZeroAddress");
  });

  it("test_constructor_RevertWhen_ParametersOutOfBounds", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(
      ethers.deployContract("DisputeCourt", [
        await sys.market.getAddress(),
        sys.deployer.address,
        { ...COURT_DEFAULTS, verifiers: 2n },
      ]),
    )
      .to.be.revertedWithCustomError(sys.court, "DisputeCourtParameterOutOfBounds")
      .withArgs(name32("verifiers"), 2n, 3n, 7n);
  });
});
