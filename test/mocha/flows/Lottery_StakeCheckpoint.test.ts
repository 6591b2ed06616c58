import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { firstWinningElapsed, lotteryWins } from "../../../sdk/src/lottery.js";
import {
  TOKEN,
  addProvider,
  atNextBlock,
  drawSchedule,
  ethers,
  fund,
  networkHelpers,
  postJob,
  providersFixture,
} from "../fixture.js";

describe("flow: Lottery_StakeCheckpoint", () => {
  it("only drawn providers may claim; the rest revert JobMarketNotDrawn", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys);
    const [first, ...rest] = await drawSchedule(sys, jobId, sys.providers);
    const { postedAt } = await sys.market.getJob(jobId);
    const now = BigInt(await networkHelpers.time.latest());
    const claimAt = postedAt + first.at > now ? postedAt + first.at : now + 1n;
    const notYet = rest.find((d) => postedAt + d.at > claimAt);
    expect(notYet, "someone is drawn later than the first claimer").to.not.equal(undefined);
    await atNextBlock(claimAt);
    await expect(sys.market.connect(notYet!.signer).claim(jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotDrawn")
      .withArgs(jobId, notYet!.signer.address);
    await expect(sys.market.connect(first.signer).claim(jobId))
      .to.emit(sys.market, "JobClaimed")
      .withArgs(jobId, first.signer.address, 0, TOKEN, 4n * TOKEN);
  });

  it("stake topped up after the posting block does not count: stakeAt uses the posting block", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const signers = await ethers.getSigners();
    const small: HardhatEthersSigner[] = [sys.other, signers[10], signers[11]];
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
    const totalAtPosting = await sys.registry.totalStakeAt(job.postedBlock);
    const totalNow = await sys.registry.totalStake();
    expect(totalAtPosting).to.equal(7_015n * TOKEN);
    expect(totalNow).to.equal(37_015n * TOKEN);
    const now = BigInt(await networkHelpers.time.latest());
    const window = job.claimDeadline - job.postedAt;

    // Find a provider and a moment at which the topped-up stake would win but the posting-block stake loses.
    let found: { s: HardhatEthersSigner; elapsed: bigint } | undefined;
    for (const s of small) {
      expect(await sys.registry.stakeAt(s.address, job.postedBlock)).to.equal(5n * TOKEN);
      expect(await sys.registry.stakeAt(s.address, await ethers.provider.getBlockNumber())).to.equal(10_005n * TOKEN);
      const common = { seed, jobId, provider: s.address, replicas: 1n, wideningPeriod };
      const withTopUp = firstWinningElapsed({ ...common, stake: 10_005n * TOKEN, totalStake: totalNow }, window);
      if (withTopUp === undefined) continue;
      const elapsed = withTopUp > now + 1n - job.postedAt ? withTopUp : now + 1n - job.postedAt;
      if (!lotteryWins({ ...common, stake: 5n * TOKEN, totalStake: totalAtPosting, elapsed })) {
        found = { s, elapsed };
        break;
      }
    }
    expect(found, "a topped-up provider that would have been drawn").to.not.equal(undefined);
    await atNextBlock(job.postedAt + found!.elapsed);
    await expect(sys.market.connect(found!.s).claim(jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotDrawn")
      .withArgs(jobId, found!.s.address);
  });

  it("stake moved to a fresh identity after posting gains nothing", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const fresh = sys.other;
    await sys.registry.connect(fresh).register("ipfs://sybil", 1, TOKEN, 4);
    const jobId = await postJob(sys);
    // A provider unbonds and the same owner stakes the same amount under a new, registered identity.
    await sys.registry.connect(sys.providers[0]).requestUnstake(1_000n * TOKEN);
    await fund(sys, fresh, 1_000n * TOKEN, await sys.registry.getAddress());
    await sys.registry.connect(fresh).stake(1_000n * TOKEN);
    const job = await sys.market.getJob(jobId);
    expect(await sys.registry.stakeAt(fresh.address, job.postedBlock)).to.equal(0n);
    await networkHelpers.mine(2);
    await atNextBlock(job.claimDeadline); // the widest the draw ever gets
    await expect(sys.market.connect(fresh).claim(jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotDrawn")
      .withArgs(jobId, fresh.address);
  });
});
