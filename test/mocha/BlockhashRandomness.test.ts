import { ZeroHash } from "ethers";
import { expect } from "chai";
import type { BlockhashRandomness } from "@hashwork/sdk/typechain";
import { lotteryWins } from "@hashwork/sdk/lottery";
import {
  JobStatus,
  TOKEN,
  claimSlots,
  ethers,
  expectConservation,
  networkHelpers,
  openJob3Fixture,
  openJobFixture,
  noClaimsSettlement,
} from "./fixture.js";

/** `IRandomnessSource.SeedStatus` */
const SeedStatus = { NotReady: 0n, Fixable: 1n, Fixed: 2n, Expired: 3n } as const;

/** A fresh source and a trigger block `b` (the latest block when the fixture returns). */
async function randomnessFixture() {
  const randomness = (await ethers.deployContract("BlockhashRandomness", [true])) as unknown as BlockhashRandomness;
  await networkHelpers.mine(5);
  return { randomness, b: BigInt(await ethers.provider.getBlockNumber()) };
}

const latest = async () => BigInt(await ethers.provider.getBlockNumber());
const hashOf = async (n: bigint) => (await ethers.provider.getBlock(n))!.hash!;
/** Mines until the latest block is `n`. */
const mineTo = async (n: bigint) => networkHelpers.mine(Number(n - (await latest())));

describe("BlockhashRandomness.fixSeed", () => {
  it("test_fixSeed_StoresTheHashOfTheNextBlockAndEmitsSeedFixed", async () => {
    const { randomness, b } = await networkHelpers.loadFixture(randomnessFixture);
    await networkHelpers.mine(1); // the next transaction is mined in b + 2: the hash of b + 1 is readable
    const seed = await hashOf(b + 1n);
    await expect(randomness.fixSeed(b)).to.emit(randomness, "SeedFixed").withArgs(b, seed);
    expect(await randomness.seedFor(b)).to.equal(seed);
    expect(await randomness.seedStatus(b)).to.equal(SeedStatus.Fixed);
  });

  it("test_fixSeed_StoresOnceAndNeverChanges", async () => {
    const { randomness, b } = await networkHelpers.loadFixture(randomnessFixture);
    await networkHelpers.mine(1);
    await randomness.fixSeed(b);
    const seed = await hashOf(b + 1n);
    await networkHelpers.mine(300); // long past the blockhash window
    await expect(randomness.fixSeed(b)).to.not.emit(randomness, "SeedFixed");
    expect(await randomness.fixSeed.staticCall(b)).to.equal(seed);
    expect(await randomness.seedFor(b)).to.equal(seed);
    expect(await randomness.seedStatus(b)).to.equal(SeedStatus.Fixed);
  });

  it("test_fixSeed_AcceptsTheLastBlockOfTheWindow", async () => {
    const { randomness, b } = await networkHelpers.loadFixture(randomnessFixture);
    // Mined in b + 257: the seed block b + 1 is the oldest of the 256 readable hashes.
    await mineTo(b + 256n);
    await expect(randomness.fixSeed(b))
      .to.emit(randomness, "SeedFixed")
      .withArgs(b, await hashOf(b + 1n));
  });

  it("test_fixSeed_RevertWhen_SeedNotReady", async () => {
    const { randomness, b } = await networkHelpers.loadFixture(randomnessFixture);
    // Mined in b + 1: the seed block is the transaction's own block.
    await expect(randomness.fixSeed(b))
      .to.be.revertedWithCustomError(randomness, "RandomnessSeedNotReady")
      .withArgs(b, b + 1n);
  });

  it("test_fixSeed_RevertWhen_SeedExpired", async () => {
    const { randomness, b } = await networkHelpers.loadFixture(randomnessFixture);
    await mineTo(b + 257n); // mined in b + 258: the hash of b + 1 is out of reach
    await expect(randomness.fixSeed(b))
      .to.be.revertedWithCustomError(randomness, "RandomnessSeedExpired")
      .withArgs(b, b + 258n);
  });
});

describe("BlockhashRandomness.seedFor", () => {
  it("test_seedFor_IsTheLiveHashBeforeFixingWithoutStoringIt", async () => {
    const { randomness, b } = await networkHelpers.loadFixture(randomnessFixture);
    await networkHelpers.mine(2); // views run at the latest block: it must be past the seed block
    expect(await randomness.seedFor(b)).to.equal(await hashOf(b + 1n));
    expect(await randomness.seedStatus(b)).to.equal(SeedStatus.Fixable);
  });

  it("test_seedFor_RevertWhen_SeedNotReady", async () => {
    const { randomness, b } = await networkHelpers.loadFixture(randomnessFixture);
    await expect(randomness.seedFor(b))
      .to.be.revertedWithCustomError(randomness, "RandomnessSeedNotReady")
      .withArgs(b, b);
    await networkHelpers.mine(1);
    await expect(randomness.seedFor(b))
      .to.be.revertedWithCustomError(randomness, "RandomnessSeedNotReady")
      .withArgs(b, b + 1n);
  });

  it("test_seedFor_RevertWhen_ExpiredUnfixed", async () => {
    const { randomness, b } = await networkHelpers.loadFixture(randomnessFixture);
    await networkHelpers.mine(300);
    const now = await latest();
    await expect(randomness.seedFor(b))
      .to.be.revertedWithCustomError(randomness, "RandomnessSeedExpired")
      .withArgs(b, now);
  });
});

describe("BlockhashRandomness.seedStatus", () => {
  it("test_seedStatus_GoesNotReadyFixableExpired", async () => {
    const { randomness, b } = await networkHelpers.loadFixture(randomnessFixture);
    expect(await randomness.seedStatus(b)).to.equal(SeedStatus.NotReady); // latest = b
    await networkHelpers.mine(1);
    expect(await randomness.seedStatus(b)).to.equal(SeedStatus.NotReady); // latest = b + 1, the seed block itself
    await networkHelpers.mine(1);
    expect(await randomness.seedStatus(b)).to.equal(SeedStatus.Fixable); // latest = b + 2
    await mineTo(b + 257n);
    expect(await randomness.seedStatus(b)).to.equal(SeedStatus.Fixable); // the seed block is 256 blocks back
    await networkHelpers.mine(1);
    expect(await randomness.seedStatus(b)).to.equal(SeedStatus.Expired);
  });

  it("test_seedStatus_FixedStaysFixed", async () => {
    const { randomness, b } = await networkHelpers.loadFixture(randomnessFixture);
    await networkHelpers.mine(1);
    await randomness.fixSeed(b);
    await networkHelpers.mine(300);
    expect(await randomness.seedStatus(b)).to.equal(SeedStatus.Fixed);
    expect(await randomness.seedStatus(b + 1n)).to.equal(SeedStatus.Expired); // another trigger block, never fixed
  });
});

describe("BlockhashRandomness.trySeed", () => {
  it("test_trySeed_ReportsStatusAndSeedInOneCallWithoutReverting", async () => {
    const { randomness, b } = await networkHelpers.loadFixture(randomnessFixture);
    const zero = ethers.ZeroHash;
    expect(await randomness.trySeed(b)).to.deep.equal([SeedStatus.NotReady, zero]);
    await networkHelpers.mine(2); // latest = b + 2: the hash of b + 1 is readable
    const seed = await hashOf(b + 1n);
    expect(await randomness.trySeed(b)).to.deep.equal([SeedStatus.Fixable, seed]);
    expect(await randomness.seedFor(b)).to.equal(seed, "the seed fixSeed would store");
    await mineTo(b + 258n);
    expect(await randomness.trySeed(b)).to.deep.equal([SeedStatus.Expired, zero]);
  });

  it("test_trySeed_ReturnsTheFixedSeedForever", async () => {
    const { randomness, b } = await networkHelpers.loadFixture(randomnessFixture);
    await networkHelpers.mine(1);
    await randomness.fixSeed(b);
    const seed = await hashOf(b + 1n);
    await networkHelpers.mine(300);
    expect(await randomness.trySeed(b)).to.deep.equal([SeedStatus.Fixed, seed]);
  });
});

describe("BlockhashRandomness in the market", () => {
  it("test_claim_RevertWhen_TheSeedIsNotReady", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    const { postedBlock } = await sys.market.getJob(sys.jobId);
    // The claim is mined in postedBlock + 1, the seed block.
    await expect(sys.market.connect(sys.providers[0]!).claim(sys.jobId, ZeroHash))
      .to.be.revertedWithCustomError(sys.randomness, "RandomnessSeedNotReady")
      .withArgs(postedBlock, postedBlock + 1n);
  });

  it("test_claim_KeepsTheJobsSeedInTheMarketWhileSlotsStayOpen", async () => {
    const sys = await networkHelpers.loadFixture(openJob3Fixture);
    const { postedBlock } = await sys.market.getJob(sys.jobId);
    await networkHelpers.mine(1);
    const seed = await hashOf(postedBlock + 1n);
    const [p] = await claimSlots(sys, sys.jobId, sys.providers, 1);
    // Later claims need this seed even after BLOCKHASH forgot it: the market keeps it with the job (a recycled slot),
    // so the source stores nothing and its status expires with the window.
    expect(await sys.randomness.seedStatus(postedBlock)).to.equal(SeedStatus.Fixable);
    expect(await sys.market.drawSeed(sys.jobId)).to.equal(seed);
    await networkHelpers.mine(300);
    expect(await sys.randomness.seedStatus(postedBlock)).to.equal(SeedStatus.Expired);
    expect(await sys.market.drawSeed(sys.jobId)).to.equal(seed);
    expect((await sys.market.getAssignments(sys.jobId))[0]!.provider).to.equal(p!.address);
  });

  it("test_claim_OfTheLastSlotReadsTheSeedWithoutStoringIt", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture); // k = 1: the first claim is the last
    const { postedBlock } = await sys.market.getJob(sys.jobId);
    await networkHelpers.mine(1);
    const [p] = await claimSlots(sys, sys.jobId, sys.providers, 1);
    // No draw of the job follows, so nothing stored (a new slot saved); the claim was drawn by the live seed.
    expect(await sys.randomness.seedStatus(postedBlock)).to.equal(SeedStatus.Fixable);
    expect((await sys.market.getAssignments(sys.jobId))[0]!.provider).to.equal(p!.address);
  });

  it("test_claim_RevertWhen_TheSeedExpiredUnfixedAndTheJobThenSettlesAsARefund", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    const job = await sys.market.getJob(sys.jobId);
    await networkHelpers.mine(300); // 300 s at one second per block: still inside the 600 s claim window
    expect(BigInt(await networkHelpers.time.latest())).to.be.lessThan(job.claimDeadline);
    await expect(sys.market.connect(sys.providers[0]!).claim(sys.jobId, ZeroHash)).to.be.revertedWithCustomError(
      sys.randomness,
      "RandomnessSeedExpired",
    );
    expect(await sys.market.isDrawn(sys.jobId, sys.providers[0]!.address)).to.equal(false);
    expect(await sys.market.isSettleable(sys.jobId)).to.equal(true);
    const escrow = job.budget + job.fee + job.auditFee;
    await expect(sys.market.settle(sys.jobId))
      .to.emit(sys.market, "JobSettled")
      .withArgs(...noClaimsSettlement(sys.jobId, sys.requester.address, escrow));
    expect((await sys.market.getJob(sys.jobId)).status).to.equal(JobStatus.Refunded);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(escrow);
    await expectConservation(sys);
  });

  it("test_isDrawn_IsMonotoneInTimeOnceTheSeedIsFixed", async () => {
    const sys = await networkHelpers.loadFixture(openJob3Fixture);
    const job = await sys.market.getJob(sys.jobId);
    await networkHelpers.mine(1);
    await sys.randomness.fixSeed(job.postedBlock);
    const seed = await sys.randomness.seedFor(job.postedBlock);
    const { wideningPeriod } = await sys.market.parameters();
    const total = await sys.registry.totalStakeAt(job.postedBlock - 1n);
    // Five samples 100 blocks (100 s) apart span more than the 256-block window: a re-rolled seed would show here.
    let drawn = new Set<string>();
    for (let sample = 0; sample < 5; sample++) {
      const now = BigInt(await networkHelpers.time.latest());
      const current = new Set<string>();
      for (const p of sys.providers) {
        const wins = await sys.market.isDrawn(sys.jobId, p.address);
        const expected = lotteryWins({
          seed,
          jobId: sys.jobId,
          provider: p.address,
          stake: 1_000n * TOKEN,
          totalStake: total,
          replicas: 3n,
          elapsed: now - job.postedAt,
          wideningPeriod,
        });
        expect(wins, `isDrawn of ${p.address} at ${now - job.postedAt} s`).to.equal(expected);
        if (wins) current.add(p.address);
      }
      for (const p of drawn) expect(current.has(p), `${p} stays drawn`).to.equal(true);
      drawn = current;
      await networkHelpers.mine(100);
    }
    expect(await sys.randomness.seedFor(job.postedBlock)).to.equal(seed);
    // Everyone drawn can still claim with the seed fixed 500 blocks ago.
    const first = sys.providers.find((p) => drawn.has(p.address))!;
    await expect(sys.market.connect(first).claim(sys.jobId, ZeroHash)).to.emit(sys.market, "JobClaimed");
  });
});
