import { ZeroHash } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { firstWinningElapsed, lotteryWins } from "@hashwork/sdk/lottery";
import {
  TOKEN,
  addProvider,
  atNextBlock,
  drawSchedule,
  ethers,
  expectConservation,
  fund,
  jobRequest,
  networkHelpers,
  postJob,
  providersFixture,
} from "../fixture.js";

/**
 * The lottery's stake checkpoint: a job's draw weighs stake and total stake as of the block *before* its posting
 * block, so stake added in the posting block or later (a top-up after seeing the job, stake moved to a fresh identity)
 * counts for nothing; stake removed after the checkpoint still counts (but cannot be locked).
 */
describe("flow: Lottery_StakeCheckpoint", () => {
  it("only drawn providers may claim; the rest revert JobMarketNotDrawn", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys);
    const [first, ...rest] = await drawSchedule(sys, jobId, sys.providers);
    const { postedAt, collateral } = await sys.market.getJob(jobId);
    const now = BigInt(await networkHelpers.time.latest());
    const claimAt = postedAt + first!.at > now ? postedAt + first!.at : now + 1n;
    const notYet = rest.find((d) => postedAt + d.at > claimAt);
    expect(notYet, "someone is drawn later than the first claimer").to.not.equal(undefined);
    await atNextBlock(claimAt);
    await expect(sys.market.connect(notYet!.signer).claim(jobId, ZeroHash))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotDrawn")
      .withArgs(jobId, notYet!.signer.address);
    await expect(sys.market.connect(first!.signer).claim(jobId, ZeroHash))
      .to.emit(sys.market, "JobClaimed")
      .withArgs(jobId, first!.signer.address, 0, TOKEN / 100n, 0, collateral, ZeroHash);
    await expectConservation(sys);
  });

  it("stake added in the posting block does not count: the checkpoint is the block before", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const late = sys.other;
    await sys.registry.connect(late).register("ipfs://late", 1, TOKEN / 100n, 0, 4);
    await fund(sys, late, 100_000n * TOKEN, await sys.registry.getAddress());
    const req = await jobRequest();
    await fund(sys, sys.requester, (await sys.market.escrowFor(req))[0], await sys.market.getAddress());
    // The stake and the posting land in one block.
    await ethers.provider.send("evm_setAutomine", [false]);
    try {
      await sys.registry.connect(late).stake(100_000n * TOKEN, { gasLimit: 500_000n });
      await sys.market.connect(sys.requester).postJob(req, { gasLimit: 1_000_000n });
      await networkHelpers.mine();
    } finally {
      await ethers.provider.send("evm_setAutomine", [true]);
    }
    const jobId = await sys.market.jobCount();
    const { postedBlock, claimDeadline } = await sys.market.getJob(jobId);
    expect(await sys.registry.stakeAt(late.address, postedBlock)).to.equal(100_000n * TOKEN);
    expect(await sys.registry.stakeAt(late.address, postedBlock - 1n)).to.equal(0n);
    expect(await sys.registry.totalStakeAt(postedBlock - 1n)).to.equal(7_000n * TOKEN);
    await networkHelpers.mine(2);
    await atNextBlock(claimDeadline); // the widest the draw ever gets
    await expect(sys.market.connect(late).claim(jobId, ZeroHash))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotDrawn")
      .withArgs(jobId, late.address);
    await expectConservation(sys);
  });

  it("stake topped up after the posting block does not count", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const signers = await ethers.getSigners();
    const small: HardhatEthersSigner[] = [sys.other, signers[10]!, signers[11]!];
    for (const s of small) await addProvider(sys, s, { stake: 5n * TOKEN });
    const jobId = await postJob(sys);
    const job = await sys.market.getJob(jobId);
    // After seeing the job (and soon its seed), each small provider tops up 10,000 tokens.
    for (const s of small) {
      await fund(sys, s, 10_000n * TOKEN, await sys.registry.getAddress());
      await sys.registry.connect(s).stake(10_000n * TOKEN);
    }
    await networkHelpers.mine(2);
    const seed = await sys.randomness.seedFor(job.postedBlock);
    const { wideningPeriod } = await sys.market.parameters();
    const checkpoint = job.postedBlock - 1n;
    const totalAtCheckpoint = await sys.registry.totalStakeAt(checkpoint);
    const totalNow = await sys.registry.totalStake();
    expect([totalAtCheckpoint, totalNow]).to.deep.equal([7_015n * TOKEN, 37_015n * TOKEN]);
    const now = BigInt(await networkHelpers.time.latest());
    const window = job.claimDeadline - job.postedAt;

    // Find a provider and a moment at which the topped-up stake would win but the checkpoint's stake loses.
    let found: { s: HardhatEthersSigner; elapsed: bigint } | undefined;
    for (const s of small) {
      expect(await sys.registry.stakeAt(s.address, checkpoint)).to.equal(5n * TOKEN);
      const common = { seed, jobId, provider: s.address, replicas: 1n, wideningPeriod };
      const withTopUp = firstWinningElapsed({ ...common, stake: 10_005n * TOKEN, totalStake: totalNow }, window);
      if (withTopUp === undefined) continue;
      const elapsed = withTopUp > now + 1n - job.postedAt ? withTopUp : now + 1n - job.postedAt;
      if (!lotteryWins({ ...common, stake: 5n * TOKEN, totalStake: totalAtCheckpoint, elapsed })) {
        found = { s, elapsed };
        break;
      }
    }
    expect(found, "a topped-up provider that would have been drawn").to.not.equal(undefined);
    await atNextBlock(job.postedAt + found!.elapsed);
    await expect(sys.market.connect(found!.s).claim(jobId, ZeroHash))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotDrawn")
      .withArgs(jobId, found!.s.address);
  });

  it("stake moved to a fresh identity after posting gains nothing", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const fresh = sys.other;
    await sys.registry.connect(fresh).register("ipfs://sybil", 1, TOKEN / 100n, 0, 4);
    const jobId = await postJob(sys);
    // A provider unbonds and the same owner stakes the same amount under a new, registered identity.
    await sys.registry.connect(sys.providers[0]!).requestUnstake(1_000n * TOKEN);
    await fund(sys, fresh, 1_000n * TOKEN, await sys.registry.getAddress());
    await sys.registry.connect(fresh).stake(1_000n * TOKEN);
    const job = await sys.market.getJob(jobId);
    expect(await sys.registry.stakeAt(fresh.address, job.postedBlock - 1n)).to.equal(0n);
    await networkHelpers.mine(2);
    await atNextBlock(job.claimDeadline); // the widest the draw ever gets
    await expect(sys.market.connect(fresh).claim(jobId, ZeroHash))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotDrawn")
      .withArgs(jobId, fresh.address);
    await expectConservation(sys);
  });
});
