import { expect } from "chai";
import type { JobMarket } from "@hashwork/sdk/typechain";
import {
  DAY,
  TOKEN,
  claimSlots,
  currentParameters,
  deploySystem,
  ethers,
  expectConservation,
  forceAudit,
  name32,
  networkHelpers,
  passChallengeWindow,
  postJob,
  providersFixture,
  revealAll,
  type Params,
} from "../fixture.js";
import { DEFAULT_PARAMETERS, deployMarketLibraries } from "../helpers/mockToken.js";
import { right, toCommitted, toRevealed } from "../helpers/stages.js";

const DEFAULTS: Params = DEFAULT_PARAMETERS;
const BPS = 10_000n;
const HOUR = 3_600n;

/** A parameter set: the defaults with `o` applied. */
const withParams = (o: Partial<Params>): Params => ({ ...DEFAULTS, ...o });

/**
 * Every bound, accepted at the bound. Coupled bounds need their partners moved too: the audit fee is at least the
 * audit rate and at most 25%, so the largest usable audit rate is 25%; the break-even rule then needs collateral ×
 * dissent slash of at least 3 budgets.
 */
const ACCEPTED: [string, Partial<Params>][] = [
  ["feeBps at 0", { feeBps: 0n }],
  ["feeBps at 1000", { feeBps: 1_000n }],
  ["minFee at 0", { minFee: 0n }],
  ["minFee at 1e24", { minFee: 10n ** 24n }],
  ["auditRateBps at 700", { auditRateBps: 700n }],
  ["auditRateBps and auditFeeBps at 2500", { auditRateBps: 2_500n, auditFeeBps: 2_500n }],
  ["auditFeeBps at the audit rate", { auditFeeBps: 1_000n }],
  ["collateralBps at 300000", { collateralBps: 300_000n }],
  [
    "collateralBps at 30000 with a 25% audit rate",
    { collateralBps: 30_000n, auditRateBps: 2_500n, auditFeeBps: 2_500n },
  ],
  ["collateralBps at the break-even of a 7% audit rate", { collateralBps: 132_858n, auditRateBps: 700n }],
  ["minCollateral at 0", { minCollateral: 0n }],
  ["minCollateral at 1e27", { minCollateral: 10n ** 27n }],
  ["minBudget at 1", { minBudget: 1n }],
  ["minBudget at 1e24", { minBudget: 10n ** 24n }],
  [
    "dissentSlashBps at 2000",
    { dissentSlashBps: 2_000n, noShowSlashBps: 2_000n, auditRateBps: 2_500n, auditFeeBps: 2_500n },
  ],
  ["noShowSlashBps at 500", { noShowSlashBps: 500n }],
  ["noShowSlashBps at the dissent slash", { noShowSlashBps: 10_000n }],
  ["requesterShareBps at 0", { requesterShareBps: 0n }],
  ["requesterShareBps at 10000", { requesterShareBps: 10_000n, honestShareBps: 0n, challengerShareBps: 0n }],
  ["honestShareBps at 10000 - requester", { honestShareBps: 5_000n, challengerShareBps: 0n }],
  ["challengerShareBps at 10000 - requester - honest", { challengerShareBps: 3_000n }],
  ["revealPeriod at 60", { revealPeriod: 60n }],
  ["revealPeriod at 7 days", { revealPeriod: 7n * DAY }],
  ["challengeWindow at 60", { challengeWindow: 60n }],
  ["challengeWindow at 7 days", { challengeWindow: 7n * DAY }],
  ["auditDrawPeriod at 60", { auditDrawPeriod: 60n }],
  ["auditDrawPeriod at 7 days", { auditDrawPeriod: 7n * DAY }],
  ["wideningPeriod at 10", { wideningPeriod: 10n }],
  ["wideningPeriod at 18 hours", { wideningPeriod: 18n * HOUR }],
  ["guardianPauseDuration at 1 hour", { guardianPauseDuration: 3_600n }],
  ["guardianPauseDuration at 7 days", { guardianPauseDuration: 7n * DAY }],
  ["fuelPerSecond at 1e6", { fuelPerSecond: 10n ** 6n }],
  ["fuelPerSecond at 1e12", { fuelPerSecond: 10n ** 12n }],
];

/** Every bound, rejected one past it: [case, overrides, parameter reported, value, min, max]. */
const REJECTED: [string, Partial<Params>, string, bigint, bigint, bigint][] = [
  ["FeeAbove1000", { feeBps: 1_001n }, "feeBps", 1_001n, 0n, 1_000n],
  ["MinFeeAbove1e24", { minFee: 10n ** 24n + 1n }, "minFee", 10n ** 24n + 1n, 0n, 10n ** 24n],
  ["AuditRateBelow700", { auditRateBps: 699n }, "auditRateBps", 699n, 700n, 2_500n],
  // The audit fee (at most 25%) must cover the audit rate, so the rate is capped at the fee's cap.
  ["AuditRateAbove2500", { auditRateBps: 2_501n, auditFeeBps: 2_500n }, "auditRateBps", 2_501n, 700n, 2_500n],
  ["AuditFeeBelowTheAuditRate", { auditFeeBps: 999n }, "auditFeeBps", 999n, 1_000n, 2_500n],
  ["AuditFeeAbove2500", { auditFeeBps: 2_501n }, "auditFeeBps", 2_501n, 1_000n, 2_500n],
  // 3 budgets: below it the break-even audit rate, 1 / (1 + collateral), exceeds what the capped 25% fee pays for.
  ["CollateralBelow30000", { collateralBps: 29_999n }, "collateralBps", 29_999n, 30_000n, 300_000n],
  [
    "CollateralBelow30000EvenWithTheLargestAuditRate",
    { collateralBps: 29_999n, auditRateBps: 2_500n, auditFeeBps: 2_500n },
    "collateralBps",
    29_999n,
    30_000n,
    300_000n,
  ],
  ["CollateralAbove300000", { collateralBps: 300_001n }, "collateralBps", 300_001n, 30_000n, 300_000n],
  ["MinCollateralAbove1e27", { minCollateral: 10n ** 27n + 1n }, "minCollateral", 10n ** 27n + 1n, 0n, 10n ** 27n],
  ["MinBudgetZero", { minBudget: 0n }, "minBudget", 0n, 1n, 10n ** 24n],
  ["MinBudgetAbove1e24", { minBudget: 10n ** 24n + 1n }, "minBudget", 10n ** 24n + 1n, 1n, 10n ** 24n],
  ["DissentSlashBelow2000", { dissentSlashBps: 1_999n }, "dissentSlashBps", 1_999n, 2_000n, BPS],
  ["DissentSlashAbove10000", { dissentSlashBps: BPS + 1n }, "dissentSlashBps", BPS + 1n, 2_000n, BPS],
  ["NoShowSlashBelow500", { noShowSlashBps: 499n }, "noShowSlashBps", 499n, 500n, BPS],
  [
    "NoShowSlashAboveTheDissentSlash",
    { dissentSlashBps: 5_000n, noShowSlashBps: 5_001n },
    "noShowSlashBps",
    5_001n,
    500n,
    5_000n,
  ],
  ["RequesterShareAbove10000", { requesterShareBps: BPS + 1n }, "requesterShareBps", BPS + 1n, 0n, BPS],
  ["SharesAbove100PercentByHonest", { honestShareBps: 5_001n }, "honestShareBps", 5_001n, 0n, 5_000n],
  ["SharesAbove100PercentByChallenger", { challengerShareBps: 3_001n }, "challengerShareBps", 3_001n, 0n, 3_000n],
  ["RevealPeriodBelow60", { revealPeriod: 59n }, "revealPeriod", 59n, 60n, 7n * DAY],
  ["RevealPeriodAbove7Days", { revealPeriod: 7n * DAY + 1n }, "revealPeriod", 7n * DAY + 1n, 60n, 7n * DAY],
  ["ChallengeWindowBelow60", { challengeWindow: 59n }, "challengeWindow", 59n, 60n, 7n * DAY],
  ["ChallengeWindowAbove7Days", { challengeWindow: 7n * DAY + 1n }, "challengeWindow", 7n * DAY + 1n, 60n, 7n * DAY],
  ["AuditDrawPeriodBelow60", { auditDrawPeriod: 59n }, "auditDrawPeriod", 59n, 60n, 7n * DAY],
  ["AuditDrawPeriodAbove7Days", { auditDrawPeriod: 7n * DAY + 1n }, "auditDrawPeriod", 7n * DAY + 1n, 60n, 7n * DAY],
  ["WideningPeriodBelow10", { wideningPeriod: 9n }, "wideningPeriod", 9n, 10n, 18n * HOUR],
  [
    "WideningPeriodAbove18Hours",
    { wideningPeriod: 18n * HOUR + 1n },
    "wideningPeriod",
    18n * HOUR + 1n,
    10n,
    18n * HOUR,
  ],
  ["GuardianPauseBelow1Hour", { guardianPauseDuration: 3_599n }, "guardianPauseDuration", 3_599n, 3_600n, 7n * DAY],
  [
    "GuardianPauseAbove7Days",
    { guardianPauseDuration: 7n * DAY + 1n },
    "guardianPauseDuration",
    7n * DAY + 1n,
    3_600n,
    7n * DAY,
  ],
  ["FuelPerSecondBelow1e6", { fuelPerSecond: 10n ** 6n - 1n }, "fuelPerSecond", 10n ** 6n - 1n, 10n ** 6n, 10n ** 12n],
  [
    "FuelPerSecondAbove1e12",
    { fuelPerSecond: 10n ** 12n + 1n },
    "fuelPerSecond",
    10n ** 12n + 1n,
    10n ** 6n,
    10n ** 12n,
  ],
  // The audit-rate break-even: rate · (1 + c·s) >= 1. At a 7% rate and a full dissent slash the collateral must be
  // 13.2858 budgets: at 13.2857, 1 / 14.2857 rounds up to 701 bps...
  [
    "AuditRateBelowBreakEvenForTheCollateral",
    { collateralBps: 132_857n, auditRateBps: 700n },
    "auditRateBps",
    700n,
    701n,
    2_500n,
  ],
  // ...and at 15 budgets slashed 20% (3 budgets at risk) the rate must be 25%.
  [
    "AuditRateBelowBreakEvenForTheDissentSlash",
    { dissentSlashBps: 2_000n, noShowSlashBps: 2_000n, auditRateBps: 2_499n, auditFeeBps: 2_500n },
    "auditRateBps",
    2_499n,
    2_500n,
    2_500n,
  ],
];

async function deployMarketFixture() {
  const sys = await deploySystem();
  const libraries = await deployMarketLibraries();
  const registryCode = (await ethers.getContractFactory("ProviderRegistry")).bytecode;
  /** Deploys a market (creating its own registry) with the system's token and randomness, `args` overriding. */
  const deployMarket = async (o: { args?: Partial<Record<number, unknown>>; params?: Params } = {}) => {
    const args: unknown[] = [
      await sys.token.getAddress(),
      registryCode,
      { unbondingPeriod: DAY, jailThreshold: 3n, jailDuration: DAY, faultWindow: DAY },
      await sys.randomness.getAddress(),
      sys.treasury.address,
      sys.deployer.address,
      o.params ?? DEFAULTS,
      65_536, // record ring
    ];
    for (const [i, v] of Object.entries(o.args ?? {})) args[Number(i)] = v;
    return ethers.deployContract("JobMarket", args, { libraries });
  };
  return { ...sys, deployMarket };
}

describe("JobMarket.setParameters", () => {
  it("test_parameters_StartAtTheDeploymentValues", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    expect(await currentParameters(sys.market)).to.deep.equal(DEFAULTS);
  });

  it("test_setParameters_EmitsParameterUpdatedForEveryChangedField", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const next: Params = {
      feeBps: 100n,
      auditFeeBps: 2_000n,
      auditRateBps: 1_500n,
      collateralBps: 200_000n,
      minFee: 1n,
      minCollateral: 2n * TOKEN,
      minBudget: 2n,
      dissentSlashBps: 9_000n,
      noShowSlashBps: 1_000n,
      requesterShareBps: 4_000n,
      honestShareBps: 3_000n,
      challengerShareBps: 1_000n,
      revealPeriod: 900n,
      challengeWindow: 1_200n,
      auditDrawPeriod: 300n,
      wideningPeriod: 120n,
      guardianPauseDuration: DAY,
      fuelPerSecond: 10n ** 8n,
    };
    const tx = sys.market.connect(sys.owner).setParameters(next);
    for (const key of Object.keys(next) as (keyof Params)[]) {
      await expect(tx).to.emit(sys.market, "ParameterUpdated").withArgs(name32(key), DEFAULTS[key], next[key]);
    }
    expect((await (await tx).wait())!.logs.length).to.equal(18);
    expect(await currentParameters(sys.market)).to.deep.equal(next);
  });

  it("test_setParameters_EmitsOnlyForTheFieldsThatChanged", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const tx = sys.market.connect(sys.owner).setParameters(withParams({ feeBps: 100n }));
    await expect(tx).to.emit(sys.market, "ParameterUpdated").withArgs(name32("feeBps"), 250n, 100n);
    expect((await (await tx).wait())!.logs.length).to.equal(1);
  });

  for (const [what, overrides] of ACCEPTED) {
    it(`test_setParameters_Accepts_${what.replaceAll(" ", "_")}`, async () => {
      const sys = await networkHelpers.loadFixture(deploySystem);
      await expect(sys.market.connect(sys.owner).setParameters(withParams(overrides))).to.emit(
        sys.market,
        "ParameterUpdated",
      );
      expect(await currentParameters(sys.market)).to.deep.equal(withParams(overrides));
    });
  }

  for (const [cond, overrides, name, value, min, max] of REJECTED) {
    it(`test_setParameters_RevertWhen_${cond}`, async () => {
      const sys = await networkHelpers.loadFixture(deploySystem);
      await expect(sys.market.connect(sys.owner).setParameters(withParams(overrides)))
        .to.be.revertedWithCustomError(sys.market, "ParameterOutOfBounds")
        .withArgs(name32(name), value, min, max);
    });
  }

  it("test_setParameters_RevertWhen_ParametersUnchanged", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.market.connect(sys.owner).setParameters(DEFAULTS)).to.be.revertedWithCustomError(
      sys.market,
      "JobMarketParametersUnchanged",
    );
  });

  it("test_setParameters_RevertWhen_CallerIsNotTheOwner", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.market.connect(sys.other).setParameters(withParams({ feeBps: 100n })))
      .to.be.revertedWithCustomError(sys.market, "OwnableUnauthorizedAccount")
      .withArgs(sys.other.address);
  });
});

describe("JobMarket.setParameters — jobs already posted keep their terms", () => {
  /** Parameters that would change every term of a job posted after them. */
  const NEXT = withParams({
    feeBps: 1_000n,
    auditFeeBps: 2_500n,
    auditRateBps: 2_500n,
    collateralBps: 300_000n,
    revealPeriod: 60n,
    challengeWindow: 60n,
    auditDrawPeriod: 60n,
    wideningPeriod: 120n,
    fuelPerSecond: 10n ** 12n,
  });

  it("test_setParameters_KeepsThePostedJobsFeeAuditTermsAndCollateral", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys);
    const before = await sys.market.getJob(jobId);
    await sys.market.connect(sys.owner).setParameters(NEXT);
    const after = await sys.market.getJob(jobId);
    expect([after.fee, after.auditFee, after.auditRateBps, after.collateral, after.wideningPeriod]).to.deep.equal([
      before.fee,
      before.auditFee,
      before.auditRateBps,
      before.collateral,
      60n,
    ]);
    // A job posted now gets the new terms.
    const fresh = await sys.market.getJob(await postJob(sys));
    expect([fresh.fee, fresh.auditFee, fresh.auditRateBps, fresh.collateral, fresh.wideningPeriod]).to.deep.equal([
      (2n * TOKEN * 1_000n) / BPS,
      (2n * TOKEN * 2_500n) / BPS,
      2_500n,
      60n * TOKEN,
      120n,
    ]);
    // The claimer locks the posted collateral, not the new one.
    const [p] = await claimSlots(sys, jobId, sys.providers, 1);
    expect((await sys.registry.getFunction("provider")(p!.address)).locked).to.equal(before.collateral);
    await expectConservation(sys);
  });

  it("test_setParameters_CannotShrinkARunningJobsRevealWindow", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const { jobId, claimers } = await toCommitted(sys, [right]);
    await sys.market.connect(sys.owner).setParameters(NEXT); // reveal period 600 s -> 60 s
    await forceAudit(sys, jobId, false);
    const job = await sys.market.getJob(jobId);
    const t = await sys.market.timeline(jobId);
    // 600 s and the 32 s execution time of 100 Mfuel at 50 Mfuel/s, as at posting (not 30 s at 1e12 fuel/s).
    expect([t.revealEndsAt, t.challengeEndsAt]).to.deep.equal([
      job.commitsClosedAt + 600n,
      job.commitsClosedAt + 600n + 600n + 32n,
    ]);
    await networkHelpers.time.setNextBlockTimestamp(job.commitsClosedAt + 600n);
    await revealAll(sys, jobId, claimers, [right]); // would be 540 s late under the new reveal period
    expect((await sys.market.getJob(jobId)).revealedMask).to.equal(1n);
  });

  it("test_setParameters_CannotShrinkARunningJobsAuditWindows", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const { jobId } = await toCommitted(sys, [right]);
    await sys.market.connect(sys.owner).setParameters(NEXT);
    await forceAudit(sys, jobId, true);
    const { commitsClosedAt } = await sys.market.getJob(jobId);
    const draw = commitsClosedAt + 600n;
    expect(await sys.market.timeline(jobId)).to.deep.equal([
      draw,
      draw + 32n,
      draw + 32n + 600n,
      draw + 32n + 600n + 600n + 32n,
    ]);
  });
});

describe("JobMarket.setTreasury", () => {
  it("test_setTreasury_RedirectsFeesAndEmitsTreasuryUpdated", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.market.connect(sys.owner).setTreasury(sys.other.address))
      .to.emit(sys.market, "TreasuryUpdated")
      .withArgs(sys.treasury.address, sys.other.address);
    expect(await sys.market.treasury()).to.equal(sys.other.address);
  });

  it("test_setTreasury_TheOldTreasuryKeepsWhatItEarned_TheNewOneEarnsFromThenOn", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    /** Settles a completed k = 1 job; returns its protocol fee. */
    const completeJob = async () => {
      const { jobId } = await toRevealed(sys, [right]);
      await passChallengeWindow(sys, jobId);
      const settled = await (await sys.market.settle(jobId)).wait();
      const event = settled!.logs.map((l) => sys.market.interface.parseLog(l)).find((e) => e?.name === "JobSettled");
      return event!.args.fee as bigint;
    };
    const first = await completeJob();
    expect(first).to.be.greaterThan(0n);
    // Settlement owes the fee to whoever is the treasury (one slot shared with the court's income).
    expect(await sys.market.claimable(sys.treasury.address)).to.equal(first);
    await sys.market.connect(sys.owner).setTreasury(sys.other.address);
    expect(await sys.market.claimable(sys.treasury.address)).to.equal(first);
    expect(await sys.market.claimable(sys.other.address)).to.equal(0n);
    const second = await completeJob();
    expect(await sys.market.claimable(sys.treasury.address)).to.equal(first);
    expect(await sys.market.claimable(sys.other.address)).to.equal(second);
    // The old treasury's earnings became its own balance; the new one's are owed to the role.
    for (const [account, amount] of [
      [sys.treasury, first],
      [sys.other, second],
    ] as const) {
      await expect(sys.market.connect(account).withdraw()).to.changeTokenBalances(
        ethers,
        sys.token,
        [account, sys.market],
        [amount, -amount],
      );
      expect(await sys.market.claimable(account.address)).to.equal(0n);
      await expect(sys.market.connect(account).withdraw()).to.be.revertedWithCustomError(
        sys.market,
        "JobMarketNothingToWithdraw",
      );
    }
    await expectConservation(sys);
  });

  it("test_setTreasury_RevertWhen_ZeroAddress", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.market.connect(sys.owner).setTreasury(ethers.ZeroAddress)).to.be.revertedWithCustomError(
      sys.market,
      "JobMarketZeroAddress",
    );
  });

  it("test_setTreasury_RevertWhen_Unchanged", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.market.connect(sys.owner).setTreasury(sys.treasury.address)).to.be.revertedWithCustomError(
      sys.market,
      "JobMarketParametersUnchanged",
    );
  });

  it("test_setTreasury_RevertWhen_CallerIsNotTheOwner", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.market.connect(sys.other).setTreasury(sys.other.address))
      .to.be.revertedWithCustomError(sys.market, "OwnableUnauthorizedAccount")
      .withArgs(sys.other.address);
  });
});

describe("JobMarket ownership (Ownable2Step)", () => {
  it("test_transferOwnership_TakesEffectOnlyWhenAccepted", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const next = sys.other;
    await expect(sys.market.connect(sys.owner).transferOwnership(next.address))
      .to.emit(sys.market, "OwnershipTransferStarted")
      .withArgs(sys.owner.address, next.address);
    expect(await sys.market.owner()).to.equal(sys.owner.address);
    await expect(sys.market.connect(sys.requester).acceptOwnership())
      .to.be.revertedWithCustomError(sys.market, "OwnableUnauthorizedAccount")
      .withArgs(sys.requester.address);
    await expect(sys.market.connect(next).acceptOwnership())
      .to.emit(sys.market, "OwnershipTransferred")
      .withArgs(sys.owner.address, next.address);
    await expect(sys.market.connect(next).pause()).to.emit(sys.market, "MarketPaused");
  });

  it("test_renounceOwnership_FreezesTheParameters", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await sys.market.connect(sys.owner).renounceOwnership();
    await expect(sys.market.connect(sys.owner).setParameters(withParams({ feeBps: 1n })))
      .to.be.revertedWithCustomError(sys.market, "OwnableUnauthorizedAccount")
      .withArgs(sys.owner.address);
  });
});

describe("JobMarket constructor and views", () => {
  it("test_views_ReportTheWiring", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    expect(await sys.market.token()).to.equal(await sys.token.getAddress());
    expect(await sys.market.registry()).to.equal(await sys.registry.getAddress());
    expect(await sys.market.randomness()).to.equal(await sys.randomness.getAddress());
    expect(await sys.market.treasury()).to.equal(sys.treasury.address);
    expect(await sys.market.guardian()).to.equal(ethers.ZeroAddress);
    expect(await sys.market.owner()).to.equal(sys.owner.address);
    expect(await sys.market.pausedUntil()).to.equal(0n);
    expect(await sys.market.jobCount()).to.equal(0n);
    expect(await sys.market.MAX_REPLICAS()).to.equal(7n);
    expect(await sys.market.MAX_BUDGET()).to.equal((2n ** 96n - 1n) / 32n);
    expect(await sys.market.MIN_PHASE()).to.equal(30n);
    expect(await sys.market.MIN_EXECUTION_TIME()).to.equal(30n);
    expect(await sys.market.MAX_JOB_DURATION()).to.equal(30n * DAY);
    expect(await sys.market.MAX_URI_LENGTH()).to.equal(512n);
    expect(await sys.registry.market()).to.equal(await sys.market.getAddress());
  });

  for (const [i, name] of [
    [0, "token"],
    [3, "randomness"],
    [4, "treasury"],
  ] as const) {
    it(`test_constructor_RevertWhen_${name}IsZero`, async () => {
      const sys = await networkHelpers.loadFixture(deployMarketFixture);
      await expect(sys.deployMarket({ args: { [i]: ethers.ZeroAddress } })).to.be.revertedWithCustomError(
        sys.market,
        "JobMarketZeroAddress",
      );
    });
  }

  it("test_constructor_RevertWhen_RegistryCodeIsEmpty", async () => {
    const sys = await networkHelpers.loadFixture(deployMarketFixture);
    // Only the registry's constructor arguments are run as code: a contract without code, refused.
    await expect(sys.deployMarket({ args: { 1: "0x" } })).to.be.revertedWithCustomError(
      sys.market,
      "JobMarketRegistryMismatch",
    );
  });

  it("test_constructor_RevertWhen_OwnerIsZero", async () => {
    const sys = await networkHelpers.loadFixture(deployMarketFixture);
    await expect(sys.deployMarket({ args: { 5: ethers.ZeroAddress } }))
      .to.be.revertedWithCustomError(sys.market, "OwnableInvalidOwner")
      .withArgs(ethers.ZeroAddress);
  });

  for (const ring of [0n, 2n ** 32n + 1n]) {
    it(`test_constructor_RevertWhen_RecordRingIs${ring}`, async () => {
      const sys = await networkHelpers.loadFixture(deployMarketFixture);
      await expect(sys.deployMarket({ args: { 7: ring } }))
        .to.be.revertedWithCustomError(sys.market, "JobMarketInvalidRecordRing")
        .withArgs(ring, 2n ** 32n);
    });
  }

  it("test_constructor_RecordRingIsRecorded", async () => {
    const sys = await networkHelpers.loadFixture(deployMarketFixture);
    const market = (await sys.deployMarket({ args: { 7: 2n ** 32n } })) as unknown as JobMarket;
    expect(await market.recordRing()).to.equal(2n ** 32n);
    expect(await sys.market.recordRing()).to.equal(65_536n); // the Ignition default
  });

  it("test_constructor_AcceptsARandomnessSourceWithoutReadableInline", async () => {
    const sys = await networkHelpers.loadFixture(deployMarketFixture);
    // A source written before `readableInline` existed (here: a contract without it) is asked for every seed; the
    // deployment does not fail on the missing function.
    const oldSource = await sys.registry.getAddress();
    const market = (await sys.deployMarket({ args: { 3: oldSource } })) as unknown as JobMarket;
    expect(await market.randomness()).to.equal(oldSource);
  });

  it("test_constructor_RevertWhen_ParameterOutOfBounds", async () => {
    const sys = await networkHelpers.loadFixture(deployMarketFixture);
    await expect(sys.deployMarket({ params: withParams({ feeBps: 1_001n }) }))
      .to.be.revertedWithCustomError(sys.market, "ParameterOutOfBounds")
      .withArgs(name32("feeBps"), 1_001n, 0n, 1_000n);
  });

  it("test_constructor_EmitsTreasuryUpdatedAndParameterUpdatedForEveryNonZeroInitialValue", async () => {
    const sys = await networkHelpers.loadFixture(deployMarketFixture);
    const params = withParams({ minFee: 0n, minCollateral: 0n }); // zero from the start: nothing to report
    const market = (await sys.deployMarket({ params })) as unknown as JobMarket;
    const receipt = await market.deploymentTransaction()!.wait();
    // The market's own logs: the registry it creates logs its initial parameters in the same transaction.
    const marketAddress = await market.getAddress();
    const logs = receipt!.logs.filter((l) => l.address === marketAddress).map((l) => market.interface.parseLog(l)!);
    const initial = logs.filter((l) => l.name === "ParameterUpdated").map((l) => [l.args[0], l.args[1], l.args[2]]);
    expect(initial).to.deep.equal(
      Object.entries(params)
        .filter(([, v]) => v !== 0n)
        .map(([k, v]) => [name32(k), 0n, v]),
    );
    const treasury = logs.filter((l) => l.name === "TreasuryUpdated").map((l) => [l.args[0], l.args[1]]);
    expect(treasury).to.deep.equal([[ethers.ZeroAddress, sys.treasury.address]]);
    expect(await currentParameters(market)).to.deep.equal(params);
  });
});
