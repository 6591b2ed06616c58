import { expect } from "chai";
import {
  DAY,
  TOKEN,
  claimedJobFixture,
  currentParameters,
  deploySystem,
  ethers,
  fund,
  jobRequest,
  name32,
  networkHelpers,
  type Params,
} from "../fixture.js";

const DEFAULTS: Params = {
  feeBps: 250n,
  collateralBps: 20_000n,
  minCollateral: TOKEN,
  minPrice: 10n ** 15n,
  dissentSlashBps: 10_000n,
  noShowSlashBps: 2_500n,
  requesterShareBps: 5_000n,
  honestShareBps: 3_000n,
  challengeWindow: 600n,
  wideningPeriod: 60n,
};

/** [parameter, out-of-bound value, min, max] with every other field at its default. */
const OUT_OF_BOUNDS: [keyof Params, bigint, bigint, bigint][] = [
  ["feeBps", 1_001n, 0n, 1_000n],
  ["collateralBps", 999n, 1_000n, 50_000n],
  ["collateralBps", 50_001n, 1_000n, 50_000n],
  ["minCollateral", 10n ** 27n + 1n, 0n, 10n ** 27n],
  ["minPrice", 0n, 1n, 10n ** 24n],
  ["minPrice", 10n ** 24n + 1n, 1n, 10n ** 24n],
  ["dissentSlashBps", 1_999n, 2_000n, 10_000n],
  ["dissentSlashBps", 10_001n, 2_000n, 10_000n],
  ["noShowSlashBps", 499n, 500n, 10_000n],
  ["noShowSlashBps", 10_001n, 500n, 10_000n],
  ["requesterShareBps", 10_001n, 0n, 10_000n],
  ["honestShareBps", 5_001n, 0n, 5_000n], // requester share 5,000: shares may not exceed 100%
  ["challengeWindow", 59n, 60n, 7n * DAY],
  ["challengeWindow", 7n * DAY + 1n, 60n, 7n * DAY],
  ["wideningPeriod", 9n, 10n, DAY],
  ["wideningPeriod", DAY + 1n, 10n, DAY],
];

/** Every field at the other end of its range from the defaults, all still valid. */
const EXTREMES: Params = {
  feeBps: 1_000n,
  collateralBps: 1_000n,
  minCollateral: 10n ** 27n,
  minPrice: 1n,
  dissentSlashBps: 2_000n,
  noShowSlashBps: 500n,
  requesterShareBps: 10_000n,
  honestShareBps: 0n,
  challengeWindow: 60n,
  wideningPeriod: DAY,
};

describe("JobMarket.setParameters", () => {
  it("test_parameters_StartAtTheDeploymentValues", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    expect(await currentParameters(sys.market)).to.deep.equal(DEFAULTS);
  });

  it("test_setParameters_EmitsParameterUpdatedForEachChangedField", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const tx = sys.market.connect(sys.owner).setParameters({ ...DEFAULTS, feeBps: 100n, challengeWindow: 3_600n });
    await expect(tx).to.emit(sys.market, "ParameterUpdated").withArgs(name32("feeBps"), 250n, 100n);
    await expect(tx).to.emit(sys.market, "ParameterUpdated").withArgs(name32("challengeWindow"), 600n, 3_600n);
    const receipt = await (await tx).wait();
    expect(receipt!.logs.length).to.equal(2);
    expect(await currentParameters(sys.market)).to.deep.equal({ ...DEFAULTS, feeBps: 100n, challengeWindow: 3_600n });
  });

  it("test_setParameters_AcceptsEveryBound", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const tx = sys.market.connect(sys.owner).setParameters(EXTREMES);
    for (const key of Object.keys(DEFAULTS) as (keyof Params)[]) {
      await expect(tx).to.emit(sys.market, "ParameterUpdated").withArgs(name32(key), DEFAULTS[key], EXTREMES[key]);
    }
    expect(await currentParameters(sys.market)).to.deep.equal(EXTREMES);
    // And back to the upper ends that the defaults do not reach.
    const upper = { ...DEFAULTS, collateralBps: 50_000n, minPrice: 10n ** 24n, challengeWindow: 7n * DAY };
    await expect(sys.market.connect(sys.owner).setParameters(upper)).to.emit(sys.market, "ParameterUpdated");
  });

  for (const [key, value, min, max] of OUT_OF_BOUNDS) {
    it(`test_setParameters_RevertWhen_${key}Is${value}`, async () => {
      const sys = await networkHelpers.loadFixture(deploySystem);
      await expect(sys.market.connect(sys.owner).setParameters({ ...DEFAULTS, [key]: value }))
        .to.be.revertedWithCustomError(sys.market, "JobMarketParameterOutOfBounds")
        .withArgs(name32(key), value, min, max);
    });
  }

  it("test_setParameters_RevertWhen_NoShowSlashExceedsDissentSlash", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(
      sys.market.connect(sys.owner).setParameters({ ...DEFAULTS, dissentSlashBps: 2_000n, noShowSlashBps: 2_001n }),
    )
      .to.be.revertedWithCustomError(sys.market, "JobMarketParameterOutOfBounds")
      .withArgs(name32("noShowSlashBps"), 2_001n, 500n, 2_000n);
  });

  it("test_setParameters_RevertWhen_NothingChanges", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.market.connect(sys.owner).setParameters(DEFAULTS)).to.be.revertedWithCustomError(
      sys.market,
      "JobMarketParametersUnchanged",
    );
  });

  it("test_setParameters_RevertWhen_CallerIsNotTheOwner", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.market.connect(sys.other).setParameters({ ...DEFAULTS, feeBps: 0n }))
      .to.be.revertedWithCustomError(sys.market, "OwnableUnauthorizedAccount")
      .withArgs(sys.other.address);
  });

  it("test_setParameters_AppliesToJobsPostedAfterwards", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await sys.market
      .connect(sys.owner)
      .setParameters({ ...DEFAULTS, feeBps: 500n, collateralBps: 30_000n, minPrice: TOKEN });
    await fund(sys, sys.requester, 10n * TOKEN, await sys.market.getAddress());
    await expect(sys.market.connect(sys.requester).postJob({ ...(await jobRequest()), maxPrice: TOKEN / 2n }))
      .to.be.revertedWithCustomError(sys.market, "JobMarketPriceOutOfBounds")
      .withArgs(TOKEN / 2n, TOKEN);
    await sys.market.connect(sys.requester).postJob(await jobRequest());
    const job = await sys.market.getJob(1n);
    expect(job.feeBps).to.equal(500n);
    expect(job.collateral).to.equal(6n * TOKEN); // 30,000 bps of 2 tokens
  });
});

describe("JobMarket.setTreasury", () => {
  it("test_setTreasury_RedirectsFeesAndEmitsTreasuryUpdated", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    const newTreasury = (await ethers.getSigners())[15];
    await expect(sys.market.connect(sys.owner).setTreasury(newTreasury.address))
      .to.emit(sys.market, "TreasuryUpdated")
      .withArgs(sys.treasury.address, newTreasury.address);
    expect(await sys.market.treasury()).to.equal(newTreasury.address);
    await sys.market.connect(sys.claimer).submitResult(sys.jobId, ethers.id("out"), "");
    await networkHelpers.time.increaseTo((await sys.market.getJob(sys.jobId)).challengeEndsAt);
    await sys.market.settle(sys.jobId);
    expect(await sys.market.claimable(newTreasury.address)).to.equal((TOKEN * 250n) / 10_000n);
    expect(await sys.market.claimable(sys.treasury.address)).to.equal(0n);
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

describe("JobMarket.pause / unpause", () => {
  it("test_pause_SetsPausedAndEmitsMarketPaused", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.market.connect(sys.owner).pause()).to.emit(sys.market, "MarketPaused").withArgs(sys.owner.address);
    expect(await sys.market.paused()).to.equal(true);
  });

  it("test_unpause_ClearsPausedAndEmitsMarketUnpaused", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await sys.market.connect(sys.owner).pause();
    await expect(sys.market.connect(sys.owner).unpause())
      .to.emit(sys.market, "MarketUnpaused")
      .withArgs(sys.owner.address);
    expect(await sys.market.paused()).to.equal(false);
  });

  it("test_pause_RevertWhen_AlreadyPaused", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await sys.market.connect(sys.owner).pause();
    await expect(sys.market.connect(sys.owner).pause())
      .to.be.revertedWithCustomError(sys.market, "JobMarketPauseUnchanged")
      .withArgs(true);
  });

  it("test_unpause_RevertWhen_NotPaused", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.market.connect(sys.owner).unpause())
      .to.be.revertedWithCustomError(sys.market, "JobMarketPauseUnchanged")
      .withArgs(false);
  });

  it("test_pause_RevertWhen_CallerIsNotTheOwner", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.market.connect(sys.other).pause())
      .to.be.revertedWithCustomError(sys.market, "OwnableUnauthorizedAccount")
      .withArgs(sys.other.address);
    await sys.market.connect(sys.owner).pause();
    await expect(sys.market.connect(sys.other).unpause())
      .to.be.revertedWithCustomError(sys.market, "OwnableUnauthorizedAccount")
      .withArgs(sys.other.address);
  });
});

describe("JobMarket ownership (Ownable2Step)", () => {
  it("test_transferOwnership_TakesEffectOnlyWhenAccepted", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const timelock = sys.other;
    await expect(sys.market.connect(sys.owner).transferOwnership(timelock.address))
      .to.emit(sys.market, "OwnershipTransferStarted")
      .withArgs(sys.owner.address, timelock.address);
    expect(await sys.market.owner()).to.equal(sys.owner.address);
    expect(await sys.market.pendingOwner()).to.equal(timelock.address);
    await expect(sys.market.connect(timelock).acceptOwnership())
      .to.emit(sys.market, "OwnershipTransferred")
      .withArgs(sys.owner.address, timelock.address);
    expect(await sys.market.owner()).to.equal(timelock.address);
    expect(await sys.market.pendingOwner()).to.equal(ethers.ZeroAddress);
    await expect(sys.market.connect(sys.owner).pause())
      .to.be.revertedWithCustomError(sys.market, "OwnableUnauthorizedAccount")
      .withArgs(sys.owner.address);
    await expect(sys.market.connect(timelock).pause()).to.emit(sys.market, "MarketPaused");
  });

  it("test_acceptOwnership_RevertWhen_CallerIsNotThePendingOwner", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await sys.market.connect(sys.owner).transferOwnership(sys.other.address);
    await expect(sys.market.connect(sys.requester).acceptOwnership())
      .to.be.revertedWithCustomError(sys.market, "OwnableUnauthorizedAccount")
      .withArgs(sys.requester.address);
  });

  it("test_renounceOwnership_FreezesTheParameters", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.market.connect(sys.owner).renounceOwnership())
      .to.emit(sys.market, "OwnershipTransferred")
      .withArgs(sys.owner.address, ethers.ZeroAddress);
    await expect(sys.market.connect(sys.owner).setParameters({ ...DEFAULTS, feeBps: 0n }))
      .to.be.revertedWithCustomError(sys.market, "OwnableUnauthorizedAccount")
      .withArgs(sys.owner.address);
  });

  it("test_transferOwnership_RevertWhen_CallerIsNotTheOwner", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.market.connect(sys.other).transferOwnership(sys.other.address))
      .to.be.revertedWithCustomError(sys.market, "OwnableUnauthorizedAccount")
      .withArgs(sys.other.address);
  });
});

describe("JobMarket constructor and views", () => {
  it("test_views_ReportTheWiring", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    expect(await sys.market.token()).to.equal(await sys.token.getAddress());
    expect(await sys.market.registry()).to.equal(await sys.registry.getAddress());
    expect(await sys.market.randomness()).to.equal(await sys.randomness.getAddress());
    expect(await sys.market.treasury()).to.equal(sys.treasury.address);
    expect(await sys.market.owner()).to.equal(sys.owner.address);
    expect(await sys.market.paused()).to.equal(false);
    expect(await sys.market.jobCount()).to.equal(0n);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(0n);
    expect(await sys.market.MAX_REPLICAS()).to.equal(7n);
    expect(await sys.market.MIN_PHASE()).to.equal(30n);
    expect(await sys.market.MAX_JOB_DURATION()).to.equal(30n * DAY);
    expect(await sys.market.MAX_URI_LENGTH()).to.equal(512n);
    expect(await sys.market.MAX_PRICE()).to.equal((2n ** 96n - 1n) / 8n);
    expect(await sys.registry.market()).to.equal(await sys.market.getAddress());
  });

  async function constructorArgs(sys: Awaited<ReturnType<typeof deploySystem>>) {
    return [
      await sys.token.getAddress(),
      await sys.registry.getAddress(),
      await sys.randomness.getAddress(),
      sys.treasury.address,
      sys.deployer.address,
      DEFAULTS,
    ] as unknown[];
  }

  for (const [i, name] of ["token", "registry", "randomness", "treasury"].entries()) {
    it(`test_constructor_RevertWhen_${name}IsZero`, async () => {
      const sys = await networkHelpers.loadFixture(deploySystem);
      const args = await constructorArgs(sys);
      args[i] = ethers.ZeroAddress;
      await expect(ethers.deployContract("JobMarket", args)).to.be.revertedWithCustomError(
        sys.market,
        "JobMarketZeroAddress",
      );
    });
  }

  it("test_constructor_RevertWhen_OwnerIsZero", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const args = await constructorArgs(sys);
    args[4] = ethers.ZeroAddress;
    await expect(ethers.deployContract("JobMarket", args))
      .to.be.revertedWithCustomError(sys.market, "OwnableInvalidOwner")
      .withArgs(ethers.ZeroAddress);
  });

  it("test_constructor_RevertWhen_ParametersOutOfBounds", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const args = await constructorArgs(sys);
    args[5] = { ...DEFAULTS, feeBps: 1_001n };
    await expect(ethers.deployContract("JobMarket", args))
      .to.be.revertedWithCustomError(sys.market, "JobMarketParameterOutOfBounds")
      .withArgs(name32("feeBps"), 1_001n, 0n, 1_000n);
  });

  it("test_constructor_StoresTheGivenParameters", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const args = await constructorArgs(sys);
    args[5] = EXTREMES;
    const market = (await ethers.deployContract("JobMarket", args)) as unknown as typeof sys.market;
    expect(await currentParameters(market)).to.deep.equal(EXTREMES);
  });

  it("test_constructor_EmitsTreasuryUpdatedAndParameterUpdatedForEveryInitialValue", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const args = await constructorArgs(sys);
    const market = (await ethers.deployContract("JobMarket", args)) as unknown as typeof sys.market;
    const receipt = await market.deploymentTransaction()!.wait();
    const logs = receipt!.logs.map((l) => market.interface.parseLog(l)!);
    const initial = logs.filter((l) => l.name === "ParameterUpdated").map((l) => [l.args[0], l.args[1], l.args[2]]);
    // Every parameter of the defaults is non-zero, so each "changes" from zero, in declaration order.
    expect(initial).to.deep.equal(Object.entries(DEFAULTS).map(([k, v]) => [name32(k), 0n, v]));
    const treasury = logs.filter((l) => l.name === "TreasuryUpdated").map((l) => [l.args[0], l.args[1]]);
    expect(treasury).to.deep.equal([[ethers.ZeroAddress, sys.treasury.address]]);
  });

  it("test_constructor_SkipsParametersThatStartAtZero", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const args = await constructorArgs(sys);
    args[5] = EXTREMES; // honestShareBps = 0: nothing to report for it
    const market = (await ethers.deployContract("JobMarket", args)) as unknown as typeof sys.market;
    const receipt = await market.deploymentTransaction()!.wait();
    const names = receipt!.logs
      .map((l) => market.interface.parseLog(l)!)
      .filter((l) => l.name === "ParameterUpdated")
      .map((l) => l.args[0]);
    expect(names).to.deep.equal(
      Object.entries(EXTREMES)
        .filter(([, v]) => v !== 0n)
        .map(([k]) => name32(k)),
    );
  });
});
