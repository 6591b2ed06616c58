import { expect } from "chai";
import type { VerificationCourt } from "@hashwork/sdk/typechain";
import {
  DAY,
  answer,
  claimSeats,
  commitVerdicts,
  currentCourtParameters,
  deploySystem,
  ethers,
  name32,
  networkHelpers,
  revealVerdicts,
  type CourtParams,
} from "../fixture.js";
import { DEFAULT_COURT_PARAMETERS } from "../helpers/mockToken.js";
import { panelFixture } from "../helpers/stages.js";

const DEFAULTS: CourtParams = DEFAULT_COURT_PARAMETERS;
const withParams = (o: Partial<CourtParams>): CourtParams => ({ ...DEFAULTS, ...o });

/** Every bound, accepted at the bound (the bond must cover a full panel: bondBps >= panelSize × 10,000). */
const ACCEPTED: [string, Partial<CourtParams>][] = [
  ["panelSize at 3 with the smallest bond", { panelSize: 3n, bondBps: 30_000n }],
  ["panelSize at 5", { panelSize: 5n, bondBps: 50_000n }],
  ["panelSize at 7", { panelSize: 7n, bondBps: 70_000n }],
  ["maxRounds at 1", { maxRounds: 1n }],
  ["maxRounds at 3", { maxRounds: 3n }],
  ["bondBps at 200000", { bondBps: 200_000n }],
  ["minBond at 1", { minBond: 1n }],
  ["minBond at 1e27", { minBond: 10n ** 27n }],
  ["verifierSlashBps at 2000", { verifierSlashBps: 2_000n }],
  ["verifierSlashBps at 10000", { verifierSlashBps: 10_000n }],
  ["drawPeriod at 60", { drawPeriod: 60n }],
  ["drawPeriod at 7 days", { drawPeriod: 7n * DAY }],
  ["revealPeriod at 60", { revealPeriod: 60n }],
  ["revealPeriod at 7 days", { revealPeriod: 7n * DAY }],
  ["wideningPeriod at 10", { wideningPeriod: 10n }],
  ["wideningPeriod at 1 day", { wideningPeriod: DAY }],
];

/** Every bound, rejected one past it: [case, overrides, parameter reported, value, min, max]. */
const REJECTED: [string, Partial<CourtParams>, string, bigint, bigint, bigint][] = [
  ["PanelSizeBelow3", { panelSize: 2n }, "panelSize", 2n, 3n, 7n],
  ["PanelSizeAbove7", { panelSize: 8n, bondBps: 80_000n }, "panelSize", 8n, 3n, 7n],
  ["PanelSizeEven4", { panelSize: 4n, bondBps: 40_000n }, "panelSize", 4n, 3n, 7n],
  ["PanelSizeEven6", { panelSize: 6n, bondBps: 60_000n }, "panelSize", 6n, 3n, 7n],
  ["MaxRoundsZero", { maxRounds: 0n }, "maxRounds", 0n, 1n, 3n],
  ["MaxRoundsAbove3", { maxRounds: 4n }, "maxRounds", 4n, 1n, 3n],
  ["BondBelowAFullPanelOf3", { bondBps: 29_999n }, "bondBps", 29_999n, 30_000n, 200_000n],
  ["BondBelowAFullPanelOf7", { panelSize: 7n, bondBps: 69_999n }, "bondBps", 69_999n, 70_000n, 200_000n],
  ["BondAbove200000", { bondBps: 200_001n }, "bondBps", 200_001n, 30_000n, 200_000n],
  ["MinBondZero", { minBond: 0n }, "minBond", 0n, 1n, 10n ** 27n],
  ["MinBondAbove1e27", { minBond: 10n ** 27n + 1n }, "minBond", 10n ** 27n + 1n, 1n, 10n ** 27n],
  ["VerifierSlashBelow2000", { verifierSlashBps: 1_999n }, "verifierSlashBps", 1_999n, 2_000n, 10_000n],
  ["VerifierSlashAbove10000", { verifierSlashBps: 10_001n }, "verifierSlashBps", 10_001n, 2_000n, 10_000n],
  ["DrawPeriodBelow60", { drawPeriod: 59n }, "drawPeriod", 59n, 60n, 7n * DAY],
  ["DrawPeriodAbove7Days", { drawPeriod: 7n * DAY + 1n }, "drawPeriod", 7n * DAY + 1n, 60n, 7n * DAY],
  ["RevealPeriodBelow60", { revealPeriod: 59n }, "revealPeriod", 59n, 60n, 7n * DAY],
  ["RevealPeriodAbove7Days", { revealPeriod: 7n * DAY + 1n }, "revealPeriod", 7n * DAY + 1n, 60n, 7n * DAY],
  ["WideningPeriodBelow10", { wideningPeriod: 9n }, "wideningPeriod", 9n, 10n, DAY],
  ["WideningPeriodAbove1Day", { wideningPeriod: DAY + 1n }, "wideningPeriod", DAY + 1n, 10n, DAY],
];

describe("VerificationCourt.setParameters", () => {
  it("test_parameters_StartAtTheDeploymentValues", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    expect(await currentCourtParameters(sys.court)).to.deep.equal(DEFAULTS);
  });

  it("test_setParameters_EmitsParameterUpdatedForEveryChangedField", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const next: CourtParams = {
      panelSize: 5n,
      maxRounds: 3n,
      bondBps: 60_000n,
      minBond: 2n,
      verifierSlashBps: 6_000n,
      drawPeriod: 900n,
      revealPeriod: 1_200n,
      wideningPeriod: 30n,
    };
    const tx = sys.court.connect(sys.owner).setParameters(next);
    for (const key of Object.keys(next) as (keyof CourtParams)[]) {
      await expect(tx).to.emit(sys.court, "ParameterUpdated").withArgs(name32(key), DEFAULTS[key], next[key]);
    }
    // Eight changes, and the market's VerifiableBudgetUpdated: a larger panel verifies smaller budgets.
    expect((await (await tx).wait())!.logs.length).to.equal(9);
    await expect(tx).to.emit(sys.market, "VerifiableBudgetUpdated");
    expect(await currentCourtParameters(sys.court)).to.deep.equal(next);
  });

  for (const [what, overrides] of ACCEPTED) {
    it(`test_setParameters_Accepts_${what.replaceAll(" ", "_")}`, async () => {
      const sys = await networkHelpers.loadFixture(deploySystem);
      await expect(sys.court.connect(sys.owner).setParameters(withParams(overrides))).to.emit(
        sys.court,
        "ParameterUpdated",
      );
      expect(await currentCourtParameters(sys.court)).to.deep.equal(withParams(overrides));
    });
  }

  for (const [cond, overrides, name, value, min, max] of REJECTED) {
    it(`test_setParameters_RevertWhen_${cond}`, async () => {
      const sys = await networkHelpers.loadFixture(deploySystem);
      await expect(sys.court.connect(sys.owner).setParameters(withParams(overrides)))
        .to.be.revertedWithCustomError(sys.court, "ParameterOutOfBounds")
        .withArgs(name32(name), value, min, max);
    });
  }

  it("test_setParameters_RevertWhen_ParametersUnchanged", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.court.connect(sys.owner).setParameters(DEFAULTS)).to.be.revertedWithCustomError(
      sys.court,
      "VerificationCourtParametersUnchanged",
    );
  });

  it("test_setParameters_RevertWhen_CallerIsNotTheOwner", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.court.connect(sys.other).setParameters(withParams({ maxRounds: 3n })))
      .to.be.revertedWithCustomError(sys.court, "OwnableUnauthorizedAccount")
      .withArgs(sys.other.address);
  });

  it("test_setParameters_OpenRoundsKeepTheirSeatsAndDeadlines", async () => {
    const sys = await networkHelpers.loadFixture(panelFixture);
    const before = await sys.court.getRound(sys.jobId, 1);
    await sys.court
      .connect(sys.owner)
      .setParameters(
        withParams({ panelSize: 5n, bondBps: 50_000n, drawPeriod: 60n, revealPeriod: 60n, wideningPeriod: 120n }),
      );
    expect(await sys.court.getRound(sys.jobId, 1)).to.deep.equal(before);
    // Round 1 still needs three seats for its majority; the next round is drawn under the new parameters.
    const panel = await claimSeats(
      sys,
      sys.jobId,
      sys.verifiers.filter((v) => v !== sys.auditor),
      3,
    );
    const split = [answer("a"), answer("b"), answer("c")];
    await commitVerdicts(sys, sys.jobId, panel, split);
    await revealVerdicts(sys, sys.jobId, panel, split);
    const tx = sys.court.resolve(sys.jobId);
    const block = BigInt((await (await tx).wait())!.blockNumber);
    const at = BigInt((await ethers.provider.getBlock(block))!.timestamp);
    await expect(tx)
      .to.emit(sys.court, "RoundOpened")
      .withArgs(sys.jobId, 2, 5, block, at + 60n, at + 92n, at + 152n);
  });
});

describe("VerificationCourt constructor and views", () => {
  it("test_views_ReportTheWiring", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    expect(await sys.court.market()).to.equal(await sys.market.getAddress());
    expect(await sys.court.owner()).to.equal(sys.owner.address);
    expect(await sys.court.MAX_SEATS()).to.equal(7n);
    expect(await sys.court.MAX_URI_LENGTH()).to.equal(512n);
    expect(await sys.court.reserved()).to.equal(0n);
    expect(await sys.court.getSeats(1n, 0)).to.deep.equal([]);
    expect(await sys.court.auditResult(1n)).to.deep.equal([ethers.ZeroHash, false]);
    expect(await sys.court.isResolvable(1n)).to.equal(false);
  });

  it("test_constructor_RevertWhen_MarketIsZero", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(
      ethers.deployContract("VerificationCourt", [ethers.ZeroAddress, sys.deployer.address, DEFAULTS]),
    ).to.be.revertedWithCustomError(sys.court, "VerificationCourtZeroAddress");
  });

  it("test_constructor_RevertWhen_OwnerIsZero", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(
      ethers.deployContract("VerificationCourt", [await sys.market.getAddress(), ethers.ZeroAddress, DEFAULTS]),
    )
      .to.be.revertedWithCustomError(sys.court, "OwnableInvalidOwner")
      .withArgs(ethers.ZeroAddress);
  });

  it("test_constructor_RevertWhen_ParameterOutOfBounds", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(
      ethers.deployContract("VerificationCourt", [
        await sys.market.getAddress(),
        sys.deployer.address,
        withParams({ panelSize: 4n }),
      ]),
    )
      .to.be.revertedWithCustomError(sys.court, "ParameterOutOfBounds")
      .withArgs(name32("panelSize"), 4n, 3n, 7n);
  });

  it("test_constructor_EmitsParameterUpdatedForEveryInitialValue", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const court = (await ethers.deployContract("VerificationCourt", [
      await sys.market.getAddress(),
      sys.deployer.address,
      DEFAULTS,
    ])) as unknown as VerificationCourt;
    const receipt = await court.deploymentTransaction()!.wait();
    const initial = receipt!.logs
      .map((l) => court.interface.parseLog(l))
      .filter((l) => l?.name === "ParameterUpdated")
      .map((l) => [l!.args[0], l!.args[1], l!.args[2]]);
    expect(initial).to.deep.equal(Object.entries(DEFAULTS).map(([k, v]) => [name32(k), 0n, v]));
    expect(await currentCourtParameters(court)).to.deep.equal(DEFAULTS);
  });
});
