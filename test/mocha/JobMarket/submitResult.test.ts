import { expect } from "chai";
import { commitment } from "../../../sdk/src/results.js";
import {
  JobStatus,
  atNextBlock,
  claimedJob3Fixture,
  claimedJobFixture,
  ethers,
  networkHelpers,
  openJobFixture,
} from "../fixture.js";

const OUT = ethers.id("output");

describe("JobMarket.submitResult", () => {
  it("test_submitResult_RecordsTheHashAndOpensTheChallengeWindow", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    const { challengeWindow } = await sys.market.parameters();
    const at = BigInt(await networkHelpers.time.latest()) + 5n;
    await atNextBlock(at);
    await expect(sys.market.connect(sys.claimer).submitResult(sys.jobId, OUT, "ipfs://out"))
      .to.emit(sys.market, "ResultSubmitted")
      .withArgs(sys.jobId, sys.claimer.address, OUT, "ipfs://out", at + challengeWindow);
    const job = await sys.market.getJob(sys.jobId);
    expect(job.committedMask).to.equal(1n);
    expect(job.revealedMask).to.equal(0n);
    expect(job.challengeEndsAt).to.equal(at + challengeWindow);
    expect((await sys.market.getAssignments(sys.jobId))[0].hash).to.equal(OUT);
    expect(await sys.market.isSettleable(sys.jobId)).to.equal(false);
  });

  it("test_submitResult_SettlesOnlyOnceTheChallengeWindowEnds", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    await sys.market.connect(sys.claimer).submitResult(sys.jobId, OUT, "ipfs://out");
    const { challengeEndsAt } = await sys.market.getJob(sys.jobId);
    await atNextBlock(challengeEndsAt - 1n);
    await expect(sys.market.settle(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotSettleable")
      .withArgs(sys.jobId);
    await networkHelpers.time.increaseTo(challengeEndsAt);
    expect(await sys.market.isSettleable(sys.jobId)).to.equal(true);
    await expect(sys.market.settle(sys.jobId)).to.emit(sys.market, "JobSettled");
  });

  it("test_submitResult_AcceptedAtTheCommitDeadline", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    const { commitDeadline } = await sys.market.getJob(sys.jobId);
    await atNextBlock(commitDeadline);
    await expect(sys.market.connect(sys.claimer).submitResult(sys.jobId, OUT, "")).to.emit(
      sys.market,
      "ResultSubmitted",
    );
  });

  it("test_submitResult_AcceptsA512ByteURI", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    await expect(sys.market.connect(sys.claimer).submitResult(sys.jobId, OUT, "u".repeat(512))).to.emit(
      sys.market,
      "ResultSubmitted",
    );
  });

  it("test_submitResult_RevertWhen_JobHasSeveralReplicas", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    await expect(sys.market.connect(sys.claimers[0]).submitResult(sys.jobId, OUT, "ipfs://out"))
      .to.be.revertedWithCustomError(sys.market, "JobMarketWrongMode")
      .withArgs(sys.jobId, 3);
  });

  it("test_submitResult_RevertWhen_CallerNotTheClaimer", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    const stranger = sys.providers.find((p) => p !== sys.claimer)!;
    await expect(sys.market.connect(stranger).submitResult(sys.jobId, OUT, "ipfs://out"))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotAssigned")
      .withArgs(sys.jobId, stranger.address);
  });

  it("test_submitResult_RevertWhen_NobodyClaimed", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    // The empty slot's provider is the zero address; nobody can pass as it.
    await expect(sys.market.connect(sys.providers[0]).submitResult(sys.jobId, OUT, "ipfs://out"))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotAssigned")
      .withArgs(sys.jobId, sys.providers[0].address);
  });

  it("test_submitResult_RevertWhen_AlreadySubmitted", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    await sys.market.connect(sys.claimer).submitResult(sys.jobId, OUT, "ipfs://out");
    await expect(sys.market.connect(sys.claimer).submitResult(sys.jobId, ethers.id("other"), "ipfs://out2"))
      .to.be.revertedWithCustomError(sys.market, "JobMarketAlreadyCommitted")
      .withArgs(sys.jobId, sys.claimer.address);
  });

  it("test_submitResult_RevertWhen_CommitDeadlinePassed", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    const { commitDeadline } = await sys.market.getJob(sys.jobId);
    await atNextBlock(commitDeadline + 1n);
    await expect(sys.market.connect(sys.claimer).submitResult(sys.jobId, OUT, "ipfs://out"))
      .to.be.revertedWithCustomError(sys.market, "JobMarketDeadlinePassed")
      .withArgs(sys.jobId, commitDeadline);
  });

  it("test_submitResult_RevertWhen_HashIsZero", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    await expect(
      sys.market.connect(sys.claimer).submitResult(sys.jobId, ethers.ZeroHash, "ipfs://out"),
    ).to.be.revertedWithCustomError(sys.market, "JobMarketZeroHash");
  });

  it("test_submitResult_RevertWhen_URITooLong", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    await expect(sys.market.connect(sys.claimer).submitResult(sys.jobId, OUT, "u".repeat(513)))
      .to.be.revertedWithCustomError(sys.market, "JobMarketURITooLong")
      .withArgs(513, 512);
  });

  it("test_submitResult_RevertWhen_JobSettled", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    const { commitDeadline } = await sys.market.getJob(sys.jobId);
    await networkHelpers.time.increaseTo(commitDeadline + 1n);
    await sys.market.settle(sys.jobId); // no-show
    await expect(sys.market.connect(sys.claimer).submitResult(sys.jobId, OUT, "ipfs://out"))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(sys.jobId, JobStatus.Refunded);
  });

  it("test_submitResult_CommitmentsAreNotAcceptedForK1", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    const c = commitment(sys.jobId, sys.claimer.address, OUT, ethers.id("salt"));
    await expect(sys.market.connect(sys.claimer).commitResult(sys.jobId, c))
      .to.be.revertedWithCustomError(sys.market, "JobMarketWrongMode")
      .withArgs(sys.jobId, 1);
  });
});
