import { ZeroHash } from "ethers";
import { expect } from "chai";
import { lotteryWins } from "@hashwork/sdk/lottery";
import {
  JobStatus,
  MFUEL,
  TOKEN,
  addProvider,
  advanceTo,
  atNextBlock,
  claimSlots,
  currentParameters,
  drawSchedule,
  ethers,
  expectConservation,
  fund,
  jobRequest,
  networkHelpers,
  openJob3Fixture,
  openJobFixture,
  postJob,
  providerOf,
  providersFixture,
} from "../fixture.js";

/** Collateral of the default job: 15x its 2-token budget. */
const COLLATERAL = 30n * TOKEN;
const PRICE = TOKEN / 100n; // every fixture provider's price per Mfuel

describe("JobMarket.claim", () => {
  it("test_claim_TakesTheSlotLocksCollateralAndEmitsJobClaimed", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    const [{ signer: p, at }] = await drawSchedule(sys, sys.jobId, sys.providers);
    const job0 = await sys.market.getJob(sys.jobId);
    await advanceTo(job0.postedAt, at);
    const tx = sys.market.connect(p).claim(sys.jobId, ZeroHash);
    await expect(tx)
      .to.emit(sys.market, "JobClaimed")
      .withArgs(sys.jobId, p.address, 0, PRICE, 0, COLLATERAL, ZeroHash);
    // k = 1: the only slot's claim reads the seed without storing it (see BlockhashRandomness.test.ts).
    await expect(tx).to.not.emit(sys.randomness, "SeedFixed");
    const job = await sys.market.getJob(sys.jobId);
    expect(job.claimed).to.equal(1n);
    expect(job.status).to.equal(JobStatus.Open);
    const [a] = await sys.market.getAssignments(sys.jobId);
    expect([a.provider, a.pricePerMfuel, a.minMfuel, a.result]).to.deep.equal([p.address, PRICE, 0n, ethers.ZeroHash]);
    expect(await sys.market.isParty(sys.jobId, p.address)).to.equal(true);
    const rec = await providerOf(sys.registry, p);
    expect(rec.locked).to.equal(COLLATERAL);
    expect(rec.activeJobs).to.equal(1n);
    expect(rec.stake).to.equal(1_000n * TOKEN);
    await expectConservation(sys);
  });

  it("test_claim_AMultiSlotJobsFirstClaimKeepsTheSeedInTheMarketNotTheSource", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys, { replicas: 3 });
    const { postedBlock } = await sys.market.getJob(jobId);
    const [first, second] = await drawSchedule(sys, jobId, sys.providers);
    const seed = (await ethers.provider.getBlock(postedBlock + 1n))!.hash!;
    expect(await sys.market.drawSeed(jobId)).to.equal(seed); // before any claim: the source's live seed
    await advanceTo((await sys.market.getJob(jobId)).postedAt, first!.at);
    const tx = sys.market.connect(first!.signer).claim(jobId, ZeroHash);
    await expect(tx).to.emit(sys.market, "JobClaimed");
    // The market keeps the seed for the later claims; the source stores nothing (no new slot there, no SeedFixed).
    await expect(tx).to.not.emit(sys.randomness, "SeedFixed");
    expect(await sys.randomness.seedStatus(postedBlock)).to.equal(1n); // Fixable: not stored by the source
    expect(await sys.market.drawSeed(jobId)).to.equal(seed);
    await advanceTo((await sys.market.getJob(jobId)).postedAt, second!.at);
    await expect(sys.market.connect(second!.signer).claim(jobId, ZeroHash)).to.not.emit(sys.randomness, "SeedFixed");
    expect((await sys.market.getJob(jobId)).claimed).to.equal(2n);
    await expectConservation(sys);
  });

  it("test_drawSeed_RevertWhen_TheJobIsNotStored", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    await expect(sys.market.drawSeed(999n))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(999n, JobStatus.None);
  });

  it("test_claim_FillsSlotsInOrderAtEachProvidersOwnOffer", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    // Three providers with different offers, all within the job's max price and fuel.
    const prices = [TOKEN / 100n, (3n * TOKEN) / 200n, TOKEN / 50n];
    const minimums = [0n, 10n, 100n];
    for (const [i, p] of sys.providers.slice(0, 3).entries()) {
      await sys.registry.connect(p).updateOffer("ipfs://p", 1, prices[i]!, minimums[i]!, 4);
    }
    const jobId = await postJob(sys, { replicas: 3 });
    const draws = await drawSchedule(sys, jobId, sys.providers.slice(0, 3));
    expect(draws.length).to.equal(3);
    const { postedAt } = await sys.market.getJob(jobId);
    for (const [slot, { signer, at }] of draws.entries()) {
      await advanceTo(postedAt, at);
      const i = sys.providers.indexOf(signer);
      await expect(sys.market.connect(signer).claim(jobId, ZeroHash))
        .to.emit(sys.market, "JobClaimed")
        .withArgs(jobId, signer.address, slot, prices[i], minimums[i], COLLATERAL, ZeroHash);
    }
    const assignments = await sys.market.getAssignments(jobId);
    expect(assignments.map((a) => a.provider)).to.deep.equal(draws.map((d) => d.signer.address));
    expect(assignments.map((a) => [a.pricePerMfuel, a.minMfuel])).to.deep.equal(
      draws.map((d) => [prices[sys.providers.indexOf(d.signer)], minimums[sys.providers.indexOf(d.signer)]]),
    );
    expect((await sys.market.getJob(jobId)).claimed).to.equal(3n);
  });

  it("test_claim_WidensTheDrawOverTime", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    const draws = await drawSchedule(sys, sys.jobId, sys.providers);
    expect(draws.length, "every provider is drawn before the claim deadline").to.equal(7);
    // The provider drawn last loses one second before its turn and wins at it.
    const { signer: p, at } = draws[draws.length - 1];
    const { postedAt } = await sys.market.getJob(sys.jobId);
    expect(postedAt + at - 1n).to.be.greaterThan(BigInt(await networkHelpers.time.latest()));
    await atNextBlock(postedAt + at - 1n);
    await expect(sys.market.connect(p).claim(sys.jobId, ZeroHash))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotDrawn")
      .withArgs(sys.jobId, p.address);
    await atNextBlock(postedAt + at);
    await expect(sys.market.connect(p).claim(sys.jobId, ZeroHash)).to.emit(sys.market, "JobClaimed");
  });

  it("test_claim_RevertWhen_NotDrawn", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    const job = await sys.market.getJob(sys.jobId);
    await networkHelpers.mine(2);
    const seed = await sys.randomness.seedFor(job.postedBlock);
    const { wideningPeriod } = await sys.market.parameters();
    const total = await sys.registry.totalStakeAt(job.postedBlock - 1n);
    const claimAt = BigInt(await networkHelpers.time.latest()) + 1n;
    // Each of seven equal stakes wins a k = 1 draw this early with probability ~1/7: one of them loses.
    const loser = sys.providers.find(
      (p) =>
        !lotteryWins({
          seed,
          jobId: sys.jobId,
          provider: p.address,
          stake: 1_000n * TOKEN,
          totalStake: total,
          replicas: 1n,
          elapsed: claimAt - job.postedAt,
          wideningPeriod,
        }),
    );
    expect(loser, "a provider that is not drawn").to.not.equal(undefined);
    await atNextBlock(claimAt);
    await expect(sys.market.connect(loser!).claim(sys.jobId, ZeroHash))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotDrawn")
      .withArgs(sys.jobId, loser!.address);
    // Nothing was locked by the failed attempt.
    expect((await providerOf(sys.registry, loser!)).locked).to.equal(0n);
    expect((await sys.market.getJob(sys.jobId)).claimed).to.equal(0n);
  });

  it("test_claim_RevertWhen_NotDrawnBecauseStakedInThePostingBlock", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    // `other` registers before the job and stakes in the very block the job is posted in.
    await sys.registry.connect(sys.other).register("ipfs://late", 1, PRICE, 0, 4);
    await fund(sys, sys.other, 1_000n * TOKEN, await sys.registry.getAddress());
    const req = await jobRequest();
    const [escrow] = await sys.market.escrowFor(req);
    await fund(sys, sys.requester, escrow, await sys.market.getAddress());
    await ethers.provider.send("evm_setAutomine", [false]);
    try {
      await sys.registry.connect(sys.other).stake(1_000n * TOKEN);
      await sys.market.connect(sys.requester).postJob(req);
      await networkHelpers.mine(1);
    } finally {
      await ethers.provider.send("evm_setAutomine", [true]);
    }
    const jobId = await sys.market.jobCount();
    const job = await sys.market.getJob(jobId);
    expect(await sys.registry.stakeAt(sys.other.address, job.postedBlock)).to.equal(1_000n * TOKEN);
    expect(await sys.registry.stakeAt(sys.other.address, job.postedBlock - 1n)).to.equal(0n);
    // Fully widened by then: every provider staked before the posting block is drawn.
    await networkHelpers.mine(1); // the seed block
    await networkHelpers.time.increaseTo(job.claimDeadline - 1n);
    expect(await sys.market.isDrawn(jobId, sys.providers[0]!.address)).to.equal(true);
    expect(await sys.market.isDrawn(jobId, sys.other.address)).to.equal(false);
    await expect(sys.market.connect(sys.other).claim(jobId, ZeroHash))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotDrawn")
      .withArgs(jobId, sys.other.address);
    await expect(sys.market.connect(sys.providers[0]!).claim(jobId, ZeroHash)).to.emit(sys.market, "JobClaimed");
  });

  it("test_claim_StakeFromTheBlockBeforeThePostingBlockCounts", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    await sys.registry.connect(sys.other).register("ipfs://early", 1, PRICE, 0, 4);
    await fund(sys, sys.other, 1_000n * TOKEN, await sys.registry.getAddress());
    await sys.registry.connect(sys.other).stake(1_000n * TOKEN); // the block right before the posting
    const jobId = await postJob(sys);
    const job = await sys.market.getJob(jobId);
    expect(await sys.registry.stakeAt(sys.other.address, job.postedBlock - 1n)).to.equal(1_000n * TOKEN);
    await networkHelpers.mine(1); // the seed block
    await atNextBlock(job.claimDeadline);
    await expect(sys.market.connect(sys.other).claim(jobId, ZeroHash)).to.emit(sys.market, "JobClaimed");
  });

  it("test_claim_RevertWhen_Paused", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    await sys.market.connect(sys.owner).pause();
    await expect(sys.market.connect(sys.providers[0]!).claim(sys.jobId, ZeroHash)).to.be.revertedWithCustomError(
      sys.market,
      "JobMarketPaused",
    );
  });

  it("test_claim_RevertWhen_JobDoesNotExist", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    await expect(sys.market.connect(sys.providers[0]).claim(99n, ZeroHash))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(99n, JobStatus.None);
  });

  it("test_claim_RevertWhen_SlotsFull", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    const [p] = await claimSlots(sys, sys.jobId, sys.providers, 1);
    const next = sys.providers.find((q) => q !== p)!;
    await expect(sys.market.connect(next).claim(sys.jobId, ZeroHash))
      .to.be.revertedWithCustomError(sys.market, "JobMarketSlotsFull")
      .withArgs(sys.jobId, 1);
  });

  it("test_claim_RevertWhen_ClaimDeadlinePassed", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    const { claimDeadline } = await sys.market.getJob(sys.jobId);
    await atNextBlock(claimDeadline + 1n);
    await expect(sys.market.connect(sys.providers[0]).claim(sys.jobId, ZeroHash))
      .to.be.revertedWithCustomError(sys.market, "JobMarketClaimClosed")
      .withArgs(sys.jobId, claimDeadline);
  });

  it("test_claim_SucceedsAtTheClaimDeadline", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    const { claimDeadline } = await sys.market.getJob(sys.jobId);
    await networkHelpers.mine(2);
    await atNextBlock(claimDeadline); // fully widened by then: any provider with stake wins
    await expect(sys.market.connect(sys.providers[0]).claim(sys.jobId, ZeroHash)).to.emit(sys.market, "JobClaimed");
  });

  it("test_claim_RevertWhen_CallerIsTheRequester", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    await addProvider(sys, sys.requester);
    const jobId = await postJob(sys);
    await networkHelpers.mine(2);
    await expect(sys.market.connect(sys.requester).claim(jobId, ZeroHash))
      .to.be.revertedWithCustomError(sys.market, "JobMarketRequesterCannotClaim")
      .withArgs(jobId);
  });

  it("test_claim_RevertWhen_AlreadyOnTheJob", async () => {
    const sys = await networkHelpers.loadFixture(openJob3Fixture);
    const [p] = await claimSlots(sys, sys.jobId, sys.providers, 1);
    await expect(sys.market.connect(p).claim(sys.jobId, ZeroHash))
      .to.be.revertedWithCustomError(sys.market, "JobMarketAlreadyOnJob")
      .withArgs(sys.jobId, p.address);
  });
});

describe("JobMarket.claim — eligibility checked by the registry", () => {
  it("test_claim_RevertWhen_ProviderNotRegistered", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    await networkHelpers.mine(2);
    await expect(sys.market.connect(sys.other).claim(sys.jobId, ZeroHash))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryNotRegistered")
      .withArgs(sys.other.address);
  });

  it("test_claim_RevertWhen_ClassNotServed", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys, { resourceClass: 3 }); // providers serve class 0 only
    await networkHelpers.mine(2);
    await expect(sys.market.connect(sys.providers[0]).claim(jobId, ZeroHash))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryClassNotServed")
      .withArgs(sys.providers[0].address, 3);
  });

  it("test_claim_ServesAnyClassInTheProvidersBitmask", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const p = sys.providers[0];
    await sys.registry.connect(p).updateOffer("ipfs://gpu", (1n << 3n) | (1n << 31n), PRICE, 0, 4);
    const jobId = await postJob(sys, { resourceClass: 31 });
    await claimSlots(sys, jobId, [p], 1);
    expect((await sys.market.getAssignments(jobId))[0].provider).to.equal(p.address);
  });

  it("test_claim_RevertWhen_PriceAboveTheJobsMaxPrice", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    const p = sys.providers[0];
    await sys.registry.connect(p).updateOffer("ipfs://p", 1, TOKEN / 50n + 1n, 0, 4);
    await networkHelpers.mine(2);
    await expect(sys.market.connect(p).claim(sys.jobId, ZeroHash))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryPriceTooHigh")
      .withArgs(TOKEN / 50n + 1n, TOKEN / 50n);
  });

  it("test_claim_RevertWhen_MinimumBillableFuelAboveTheJobsMaxFuel", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    const p = sys.providers[0];
    // The job's maxFuel is 100 Mfuel: a provider billing at least 101 Mfuel cannot take it, 100 Mfuel can.
    await sys.registry.connect(p).updateOffer("ipfs://p", 1, PRICE, 101, 4);
    await networkHelpers.mine(2);
    await expect(sys.market.connect(p).claim(sys.jobId, ZeroHash))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryMinimumTooHigh")
      .withArgs(101n * MFUEL, 100n * MFUEL);
    await sys.registry.connect(p).updateOffer("ipfs://p", 1, PRICE, 100, 4);
    await claimSlots(sys, sys.jobId, [p], 1);
    expect((await sys.market.getAssignments(sys.jobId))[0]!.minMfuel).to.equal(100n);
  });

  it("test_claim_RevertWhen_AtCapacity", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const p = sys.providers[0];
    await sys.registry.connect(p).updateOffer("ipfs://p", 1, PRICE, 0, 1);
    const first = await postJob(sys);
    await claimSlots(sys, first, [p], 1);
    const second = await postJob(sys);
    await networkHelpers.mine(2);
    await expect(sys.market.connect(p).claim(second, ZeroHash))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryAtCapacity")
      .withArgs(p.address, 1);
  });

  it("test_claim_RevertWhen_FreeStakeBelowCollateral", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    await addProvider(sys, sys.other, { stake: COLLATERAL - 1n });
    const jobId = await postJob(sys);
    await networkHelpers.mine(2);
    await expect(sys.market.connect(sys.other).claim(jobId, ZeroHash))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryInsufficientFreeStake")
      .withArgs(COLLATERAL, COLLATERAL - 1n);
  });

  it("test_claim_RevertWhen_ReputationBelowTheJobsMinimum", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys, { minReputation: 1 });
    await networkHelpers.mine(2);
    await expect(sys.market.connect(sys.providers[0]).claim(jobId, ZeroHash))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryReputationTooLow")
      .withArgs(0, 1);
  });
});

describe("JobMarket.isDrawn", () => {
  it("test_isDrawn_FalseUntilTheSeedIsKnown", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys);
    expect(await sys.market.isDrawn(jobId, sys.providers[0].address)).to.equal(false);
  });

  it("test_isDrawn_TrueForEveryStakedProviderOnceFullyWidened", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    const { postedAt } = await sys.market.getJob(sys.jobId);
    // w(t) = 1 + t / 60 s reaches 7 (one seventh of the stake times seven) at 360 s.
    await networkHelpers.mine(2);
    await networkHelpers.time.increaseTo(postedAt + 400n);
    for (const p of sys.providers) expect(await sys.market.isDrawn(sys.jobId, p.address)).to.equal(true);
    expect(await sys.market.isDrawn(sys.jobId, sys.other.address)).to.equal(false); // no stake
  });

  it("test_isDrawn_MatchesTheOffChainLottery", async () => {
    const sys = await networkHelpers.loadFixture(openJob3Fixture);
    await networkHelpers.mine(2);
    const job = await sys.market.getJob(sys.jobId);
    const block = await ethers.provider.getBlock("latest");
    const seed = await sys.randomness.seedFor(job.postedBlock);
    const { wideningPeriod } = job;
    expect(wideningPeriod).to.equal((await sys.market.parameters()).wideningPeriod);
    for (const p of sys.providers) {
      const expected = lotteryWins({
        seed,
        jobId: sys.jobId,
        provider: p.address,
        stake: await sys.registry.lotteryStakeAt(p.address, job.postedBlock - 1n),
        totalStake: await sys.registry.totalStakeAt(job.postedBlock - 1n),
        replicas: 3n,
        elapsed: BigInt(block!.timestamp) - job.postedAt,
        wideningPeriod,
      });
      expect(await sys.market.isDrawn(sys.jobId, p.address)).to.equal(expected);
    }
  });

  it("test_claim_TheWideningIsFixedAtPostingSoEligibilityOnlyGrows", async () => {
    const sys = await networkHelpers.loadFixture(openJob3Fixture);
    const SLOWEST = 18n * 3_600n; // MarketParameters.MAX_WIDENING_PERIOD
    const job = await sys.market.getJob(sys.jobId);
    expect(job.wideningPeriod).to.equal(60n);
    const draws = await drawSchedule(sys, sys.jobId, sys.providers);
    // Governance slows the widening to its slowest (18 hours) while the job is open.
    await sys.market
      .connect(sys.owner)
      .setParameters({ ...(await currentParameters(sys.market)), wideningPeriod: SLOWEST });
    expect((await sys.market.getJob(sys.jobId)).wideningPeriod).to.equal(60n);
    // A provider drawn under the job's widening that the new widening would not have drawn yet.
    const seed = await sys.randomness.seedFor(job.postedBlock);
    const total = await sys.registry.totalStakeAt(job.postedBlock - 1n);
    const wins = (provider: string, elapsed: bigint, wideningPeriod: bigint) =>
      lotteryWins({
        seed,
        jobId: sys.jobId,
        provider,
        stake: 1_000n * TOKEN,
        totalStake: total,
        replicas: 3n,
        elapsed,
        wideningPeriod,
      });
    const late = draws.find(({ signer, at }) => !wins(signer.address, at, SLOWEST));
    expect(late, "a provider only the job's own widening draws").to.not.equal(undefined);
    await advanceTo(job.postedAt, late!.at);
    await networkHelpers.mine(1);
    const elapsed = BigInt(await networkHelpers.time.latest()) - job.postedAt;
    expect(wins(late!.signer.address, elapsed, SLOWEST)).to.equal(false);
    expect(await sys.market.isDrawn(sys.jobId, late!.signer.address)).to.equal(true);
    await expect(sys.market.connect(late!.signer).claim(sys.jobId, ZeroHash)).to.emit(sys.market, "JobClaimed");
    // A job posted now widens by the new period.
    expect((await sys.market.getJob(await postJob(sys))).wideningPeriod).to.equal(SLOWEST);
  });

  it("test_isDrawn_FalseOnceTheJobIsNoLongerOpen", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    await sys.market.connect(sys.requester).cancelJob(sys.jobId);
    await networkHelpers.time.increase(400);
    expect(await sys.market.isDrawn(sys.jobId, sys.providers[0].address)).to.equal(false);
    expect(await sys.market.isDrawn(42n, sys.providers[0].address)).to.equal(false);
  });
});
