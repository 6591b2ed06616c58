import { expect } from "chai";
import type { BlockhashRandomness } from "../../sdk/src/typechain/index.js";
import { claimSlots, ethers, networkHelpers, openJobFixture, postJob, providersFixture } from "./fixture.js";

async function randomnessFixture() {
  const randomness = (await ethers.deployContract("BlockhashRandomness", [])) as unknown as BlockhashRandomness;
  await networkHelpers.mine(5);
  return { randomness, postedBlock: BigInt(await ethers.provider.getBlockNumber()) };
}

const latest = async () => BigInt(await ethers.provider.getBlockNumber());
const hashOf = async (n: bigint) => (await ethers.provider.getBlock(n))!.hash!;

describe("BlockhashRandomness.seedFor", () => {
  it("test_seedFor_IsTheHashOfTheBlockAfterThePostingBlock", async () => {
    const { randomness, postedBlock } = await networkHelpers.loadFixture(randomnessFixture);
    await networkHelpers.mine(2); // views run at the latest block: it must be past the seed block
    const seed = await randomness.seedFor(postedBlock);
    expect(seed).to.equal(await hashOf(postedBlock + 1n));
    expect(seed).to.not.equal(ethers.ZeroHash);
  });

  it("test_seedFor_IsStableWhileTheSeedBlockIsReadable", async () => {
    const { randomness, postedBlock } = await networkHelpers.loadFixture(randomnessFixture);
    await networkHelpers.mine(2);
    const seed = await randomness.seedFor(postedBlock);
    await networkHelpers.mine(200);
    expect(await randomness.seedFor(postedBlock)).to.equal(seed);
    const [a, b] = await ethers.getSigners();
    expect(await randomness.connect(a).seedFor(postedBlock)).to.equal(await randomness.connect(b).seedFor(postedBlock));
  });

  it("test_seedFor_RevertWhen_SeedBlockNotMinedYet", async () => {
    const { randomness, postedBlock } = await networkHelpers.loadFixture(randomnessFixture);
    const now = await latest();
    expect(now).to.equal(postedBlock);
    await expect(randomness.seedFor(postedBlock))
      .to.be.revertedWithCustomError(randomness, "RandomnessSeedNotReady")
      .withArgs(postedBlock + 1n, now);
    await expect(randomness.seedFor(postedBlock + 10n))
      .to.be.revertedWithCustomError(randomness, "RandomnessSeedNotReady")
      .withArgs(postedBlock + 11n, now);
  });

  it("test_seedFor_RevertWhen_SeedBlockIsTheCurrentBlock", async () => {
    const { randomness, postedBlock } = await networkHelpers.loadFixture(randomnessFixture);
    await networkHelpers.mine(1); // the seed block exists but its hash is not readable from inside it
    await expect(randomness.seedFor(postedBlock))
      .to.be.revertedWithCustomError(randomness, "RandomnessSeedNotReady")
      .withArgs(postedBlock + 1n, postedBlock + 1n);
    await networkHelpers.mine(1);
    expect(await randomness.seedFor(postedBlock)).to.equal(await hashOf(postedBlock + 1n));
  });

  it("test_seedFor_FallsBackToTheNewestCongruentBlockAfter256Blocks", async () => {
    const { randomness, postedBlock } = await networkHelpers.loadFixture(randomnessFixture);
    const seedBlock = postedBlock + 1n;
    // Age 255 (latest = seedBlock + 256): the original seed block is the oldest readable one.
    await networkHelpers.mine(Number(seedBlock + 256n - (await latest())));
    expect(await randomness.seedFor(postedBlock)).to.equal(await hashOf(seedBlock));
    // Age 256: it is no longer readable; the seed moves a whole window forward.
    await networkHelpers.mine(1);
    expect(await randomness.seedFor(postedBlock)).to.equal(await hashOf(seedBlock + 256n));
  });

  it("test_seedFor_NeverReturnsZeroLongAfterPosting", async () => {
    const { randomness, postedBlock } = await networkHelpers.loadFixture(randomnessFixture);
    const seedBlock = postedBlock + 1n;
    await networkHelpers.mine(300);
    const at300 = await randomness.seedFor(postedBlock);
    expect(at300).to.equal(await hashOf(seedBlock + 256n));
    expect(at300).to.not.equal(await hashOf(seedBlock));
    await networkHelpers.mine(700);
    const age = (await latest()) - 1n - seedBlock;
    const expected = seedBlock + (age / 256n) * 256n;
    const seed = await randomness.seedFor(postedBlock);
    expect(seed).to.equal(await hashOf(expected));
    expect(seed).to.not.equal(ethers.ZeroHash);
  });
});

describe("BlockhashRandomness in the market", () => {
  it("test_claim_RevertWhen_TheSeedIsNotReady", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys);
    const { postedBlock } = await sys.market.getJob(jobId);
    await expect(sys.market.connect(sys.providers[0]).claim(jobId, { gasLimit: 1_000_000 }))
      .to.be.revertedWithCustomError(sys.randomness, "RandomnessSeedNotReady")
      .withArgs(postedBlock + 1n, postedBlock + 1n);
  });

  it("test_claim_UsesTheFallbackSeedOnceTheSeedBlockAgedOut", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    const { postedBlock } = await sys.market.getJob(sys.jobId);
    await networkHelpers.mine(300); // 300 s at one second per block: still inside the 600 s claim window
    expect(await sys.randomness.seedFor(postedBlock)).to.equal(await hashOf(postedBlock + 1n + 256n));
    const [p] = await claimSlots(sys, sys.jobId, sys.providers, 1); // draws computed with the fallback seed
    expect((await sys.market.getAssignments(sys.jobId))[0].provider).to.equal(p.address);
  });
});
