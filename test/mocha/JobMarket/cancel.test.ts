import { ZeroHash } from "ethers";
import { expect } from "chai";
import {
  JobStatus,
  TOKEN,
  ethers,
  expectConservation,
  fund,
  jobRequest,
  networkHelpers,
  postJob,
  providersFixture,
} from "../fixture.js";

/** The escrow of the fixture's default k = 1 job: budget 2 tokens, fee 2.5%, audit fee 12% of the budget. */
const ESCROW = 2n * TOKEN + (2n * TOKEN * 250n) / 10_000n + (2n * TOKEN * 1_200n) / 10_000n;

describe("JobMarket.cancelJob", () => {
  it("test_cancelJob_InTheBlockAfterPostingRefundsTheWholeEscrow", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys); // the cancel below is mined in the next block: the seed block
    const tx = sys.market.connect(sys.requester).cancelJob(jobId);
    await expect(tx).to.emit(sys.market, "JobCancelled").withArgs(jobId, sys.requester.address, ESCROW);
    await expect(tx).to.changeTokenBalances(ethers, sys.token, [sys.market, sys.requester], [0n, 0n]); // pull payment
    const job = await sys.market.getJob(jobId);
    expect(job.status).to.equal(JobStatus.Cancelled);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(ESCROW);
    expect(await sys.market.isSettleable(jobId)).to.equal(false);
    expect(await sys.market.isDrawn(jobId, sys.providers[0]!.address)).to.equal(false);
    await expectConservation(sys);
    await expect(sys.market.connect(sys.requester).withdraw()).to.changeTokenBalances(
      ethers,
      sys.token,
      [sys.market, sys.requester],
      [-ESCROW, ESCROW],
    );
    await expectConservation(sys);
  });

  it("test_cancelJob_InThePostingBlockItself", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const req = await jobRequest({ replicas: 3 });
    const [escrow] = await sys.market.escrowFor(req);
    await fund(sys, sys.requester, escrow, await sys.market.getAddress());
    await ethers.provider.send("evm_setAutomine", [false]);
    try {
      await sys.market.connect(sys.requester).postJob(req);
      const cancel = await sys.market.connect(sys.requester).cancelJob(1n);
      await networkHelpers.mine(1);
      await expect(cancel).to.emit(sys.market, "JobCancelled").withArgs(1n, sys.requester.address, escrow);
    } finally {
      await ethers.provider.send("evm_setAutomine", [true]);
    }
    const job = await sys.market.getJob(1n);
    expect(job.status).to.equal(JobStatus.Cancelled);
    expect(BigInt(await ethers.provider.getBlockNumber())).to.equal(job.postedBlock);
    await expectConservation(sys);
  });

  it("test_cancelJob_RevertWhen_SeedKnown", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys);
    await networkHelpers.mine(1); // the cancel would be mined in postedBlock + 2: the seed is knowable
    await expect(sys.market.connect(sys.requester).cancelJob(jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketSeedKnown")
      .withArgs(jobId);
    expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Open);
  });

  it("test_cancelJob_RevertWhen_NotRequester", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys);
    await expect(sys.market.connect(sys.other).cancelJob(jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotRequester")
      .withArgs(jobId, sys.other.address);
  });

  it("test_cancelJob_RevertWhen_JobNotOpen", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys);
    await sys.market.connect(sys.requester).cancelJob(jobId);
    await expect(sys.market.connect(sys.requester).cancelJob(jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(jobId, JobStatus.Cancelled);
    await expect(sys.market.connect(sys.requester).cancelJob(99n))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(99n, JobStatus.None);
    // A cancelled job takes no claims either.
    await networkHelpers.mine(2);
    await expect(sys.market.connect(sys.providers[0]!).claim(jobId, ZeroHash))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(jobId, JobStatus.Cancelled);
  });
});
