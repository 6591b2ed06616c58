import { expect } from "chai";
import { commitment } from "../../../sdk/src/results.js";
import {
  JobStatus,
  atNextBlock,
  claimSlots,
  claimedJob3Fixture,
  claimedJobFixture,
  commitAll,
  ethers,
  networkHelpers,
  openJob3Fixture,
  revealAll,
  saltOf,
} from "../fixture.js";

const OUT = ethers.id("output");
const SAME = [OUT, OUT, OUT];

describe("JobMarket.commitResult", () => {
  it("test_commitResult_RecordsTheCommitmentAndEmitsResultCommitted", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    for (const [slot, p] of sys.claimers.entries()) {
      const c = commitment(sys.jobId, p.address, OUT, saltOf(p));
      await expect(sys.market.connect(p).commitResult(sys.jobId, c))
        .to.emit(sys.market, "ResultCommitted")
        .withArgs(sys.jobId, p.address, c);
      expect((await sys.market.getJob(sys.jobId)).committedMask).to.equal((1n << BigInt(slot + 1)) - 1n);
      expect((await sys.market.getAssignments(sys.jobId))[slot].hash).to.equal(c);
    }
  });

  it("test_commitResult_AllowedBeforeEverySlotIsClaimed", async () => {
    const sys = await networkHelpers.loadFixture(openJob3Fixture);
    const [p] = await claimSlots(sys, sys.jobId, sys.providers, 1);
    await expect(
      sys.market.connect(p).commitResult(sys.jobId, commitment(sys.jobId, p.address, OUT, saltOf(p))),
    ).to.emit(sys.market, "ResultCommitted");
    // Reveals stay closed while the other slots can still be claimed and committed.
    await expect(sys.market.connect(p).revealResult(sys.jobId, OUT, saltOf(p), ""))
      .to.be.revertedWithCustomError(sys.market, "JobMarketRevealNotOpen")
      .withArgs(sys.jobId);
  });

  it("test_commitResult_AcceptedAtTheCommitDeadline", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    const p = sys.claimers[0];
    await atNextBlock((await sys.market.getJob(sys.jobId)).commitDeadline);
    await expect(sys.market.connect(p).commitResult(sys.jobId, ethers.id("c"))).to.emit(sys.market, "ResultCommitted");
  });

  it("test_commitResult_RevertWhen_JobHasOneReplica", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    await expect(sys.market.connect(sys.claimer).commitResult(sys.jobId, ethers.id("c")))
      .to.be.revertedWithCustomError(sys.market, "JobMarketWrongMode")
      .withArgs(sys.jobId, 1);
  });

  it("test_commitResult_RevertWhen_CommitmentIsZero", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    await expect(
      sys.market.connect(sys.claimers[0]).commitResult(sys.jobId, ethers.ZeroHash),
    ).to.be.revertedWithCustomError(sys.market, "JobMarketZeroHash");
  });

  it("test_commitResult_RevertWhen_CallerHasNoSlot", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    const stranger = sys.providers.find((p) => !sys.claimers.includes(p))!;
    await expect(sys.market.connect(stranger).commitResult(sys.jobId, ethers.id("c")))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotAssigned")
      .withArgs(sys.jobId, stranger.address);
  });

  it("test_commitResult_RevertWhen_AlreadyCommitted", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    const p = sys.claimers[1];
    await sys.market.connect(p).commitResult(sys.jobId, ethers.id("c1"));
    await expect(sys.market.connect(p).commitResult(sys.jobId, ethers.id("c2")))
      .to.be.revertedWithCustomError(sys.market, "JobMarketAlreadyCommitted")
      .withArgs(sys.jobId, p.address);
  });

  it("test_commitResult_RevertWhen_CommitDeadlinePassed", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    const { commitDeadline } = await sys.market.getJob(sys.jobId);
    await atNextBlock(commitDeadline + 1n);
    await expect(sys.market.connect(sys.claimers[0]).commitResult(sys.jobId, ethers.id("c")))
      .to.be.revertedWithCustomError(sys.market, "JobMarketDeadlinePassed")
      .withArgs(sys.jobId, commitDeadline);
  });

  it("test_commitResult_RevertWhen_JobSettled", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    const [a, b, c] = sys.claimers;
    await commitAll(sys, sys.jobId, [a, b], [OUT, OUT]);
    const { commitDeadline } = await sys.market.getJob(sys.jobId);
    await networkHelpers.time.increaseTo(commitDeadline + 1n);
    await revealAll(sys, sys.jobId, [a, b], [OUT, OUT]);
    await sys.market.settle(sys.jobId);
    await expect(sys.market.connect(c).commitResult(sys.jobId, ethers.id("c")))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(sys.jobId, JobStatus.Completed);
  });
});

describe("JobMarket.revealResult", () => {
  it("test_revealResult_OpensOnceEveryClaimedSlotCommitted", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    await commitAll(sys, sys.jobId, sys.claimers, SAME);
    for (const [slot, p] of sys.claimers.entries()) {
      await expect(sys.market.connect(p).revealResult(sys.jobId, OUT, saltOf(p), `ipfs://out/${slot}`))
        .to.emit(sys.market, "ResultRevealed")
        .withArgs(sys.jobId, p.address, OUT, `ipfs://out/${slot}`);
      expect((await sys.market.getJob(sys.jobId)).revealedMask).to.equal((1n << BigInt(slot + 1)) - 1n);
      expect((await sys.market.getAssignments(sys.jobId))[slot].hash).to.equal(OUT);
    }
    expect(await sys.market.isSettleable(sys.jobId)).to.equal(true); // every commitment opened
  });

  it("test_revealResult_OpensAtTheCommitDeadlineWhenSomeoneDidNotCommit", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    const [a, b] = sys.claimers;
    await commitAll(sys, sys.jobId, [a, b], [OUT, OUT]);
    await expect(sys.market.connect(a).revealResult(sys.jobId, OUT, saltOf(a), ""))
      .to.be.revertedWithCustomError(sys.market, "JobMarketRevealNotOpen")
      .withArgs(sys.jobId);
    await atNextBlock((await sys.market.getJob(sys.jobId)).commitDeadline + 1n);
    await expect(sys.market.connect(a).revealResult(sys.jobId, OUT, saltOf(a), "")).to.emit(
      sys.market,
      "ResultRevealed",
    );
  });

  it("test_revealResult_OpensAtTheClaimDeadlineWhenEveryClaimerCommitted", async () => {
    const sys = await networkHelpers.loadFixture(openJob3Fixture);
    const claimers = await claimSlots(sys, sys.jobId, sys.providers, 2); // the third slot stays empty
    await commitAll(sys, sys.jobId, claimers, [OUT, OUT]);
    const { claimDeadline } = await sys.market.getJob(sys.jobId);
    await atNextBlock(claimDeadline);
    await expect(sys.market.connect(claimers[0]).revealResult(sys.jobId, OUT, saltOf(claimers[0]), ""))
      .to.be.revertedWithCustomError(sys.market, "JobMarketRevealNotOpen")
      .withArgs(sys.jobId);
    await atNextBlock(claimDeadline + 1n);
    await expect(sys.market.connect(claimers[0]).revealResult(sys.jobId, OUT, saltOf(claimers[0]), "")).to.emit(
      sys.market,
      "ResultRevealed",
    );
  });

  it("test_revealResult_AcceptedAtTheRevealDeadline", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    await commitAll(sys, sys.jobId, sys.claimers, SAME);
    const p = sys.claimers[2];
    await atNextBlock((await sys.market.getJob(sys.jobId)).revealDeadline);
    await expect(sys.market.connect(p).revealResult(sys.jobId, OUT, saltOf(p), "")).to.emit(
      sys.market,
      "ResultRevealed",
    );
  });

  it("test_revealResult_RevertWhen_JobHasOneReplica", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    await expect(sys.market.connect(sys.claimer).revealResult(sys.jobId, OUT, saltOf(sys.claimer), ""))
      .to.be.revertedWithCustomError(sys.market, "JobMarketWrongMode")
      .withArgs(sys.jobId, 1);
  });

  it("test_revealResult_RevertWhen_CallerHasNoSlot", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    await commitAll(sys, sys.jobId, sys.claimers, SAME);
    const stranger = sys.providers.find((p) => !sys.claimers.includes(p))!;
    await expect(sys.market.connect(stranger).revealResult(sys.jobId, OUT, saltOf(stranger), ""))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotAssigned")
      .withArgs(sys.jobId, stranger.address);
  });

  it("test_revealResult_RevertWhen_NotCommitted", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    const [a, b, c] = sys.claimers;
    await commitAll(sys, sys.jobId, [a, b], [OUT, OUT]);
    await atNextBlock((await sys.market.getJob(sys.jobId)).commitDeadline + 1n);
    await expect(sys.market.connect(c).revealResult(sys.jobId, OUT, saltOf(c), ""))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotCommitted")
      .withArgs(sys.jobId, c.address);
  });

  it("test_revealResult_RevertWhen_AlreadyRevealed", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    await commitAll(sys, sys.jobId, sys.claimers, SAME);
    const p = sys.claimers[0];
    await sys.market.connect(p).revealResult(sys.jobId, OUT, saltOf(p), "");
    await expect(sys.market.connect(p).revealResult(sys.jobId, OUT, saltOf(p), ""))
      .to.be.revertedWithCustomError(sys.market, "JobMarketAlreadyRevealed")
      .withArgs(sys.jobId, p.address);
  });

  it("test_revealResult_RevertWhen_RevealDeadlinePassed", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    await commitAll(sys, sys.jobId, sys.claimers, SAME);
    const { revealDeadline } = await sys.market.getJob(sys.jobId);
    await atNextBlock(revealDeadline + 1n);
    const p = sys.claimers[0];
    await expect(sys.market.connect(p).revealResult(sys.jobId, OUT, saltOf(p), ""))
      .to.be.revertedWithCustomError(sys.market, "JobMarketDeadlinePassed")
      .withArgs(sys.jobId, revealDeadline);
  });

  it("test_revealResult_RevertWhen_HashIsZero", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    const [p] = sys.claimers;
    // Committing to the zero hash is possible; revealing it is not.
    await commitAll(sys, sys.jobId, sys.claimers, [ethers.ZeroHash, OUT, OUT]);
    await expect(
      sys.market.connect(p).revealResult(sys.jobId, ethers.ZeroHash, saltOf(p), ""),
    ).to.be.revertedWithCustomError(sys.market, "JobMarketZeroHash");
  });

  it("test_revealResult_RevertWhen_SaltDoesNotMatch", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    await commitAll(sys, sys.jobId, sys.claimers, SAME);
    const p = sys.claimers[0];
    await expect(sys.market.connect(p).revealResult(sys.jobId, OUT, ethers.id("wrong salt"), ""))
      .to.be.revertedWithCustomError(sys.market, "JobMarketCommitmentMismatch")
      .withArgs(sys.jobId, p.address);
  });

  it("test_revealResult_RevertWhen_HashDiffersFromTheCommittedOne", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    await commitAll(sys, sys.jobId, sys.claimers, SAME);
    const p = sys.claimers[0];
    await expect(sys.market.connect(p).revealResult(sys.jobId, ethers.id("changed my mind"), saltOf(p), ""))
      .to.be.revertedWithCustomError(sys.market, "JobMarketCommitmentMismatch")
      .withArgs(sys.jobId, p.address);
  });

  it("test_revealResult_RevertWhen_CommitmentWasCopiedFromAnotherProvider", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    const [honest, copier, third] = sys.claimers;
    const honestCommitment = commitment(sys.jobId, honest.address, OUT, saltOf(honest));
    await sys.market.connect(honest).commitResult(sys.jobId, honestCommitment);
    await sys.market.connect(copier).commitResult(sys.jobId, honestCommitment); // copied from the mempool
    await commitAll(sys, sys.jobId, [third], [OUT]);
    await sys.market.connect(honest).revealResult(sys.jobId, OUT, saltOf(honest), "");
    // Even knowing the honest hash and salt, the copier cannot open a commitment bound to another address.
    await expect(sys.market.connect(copier).revealResult(sys.jobId, OUT, saltOf(honest), ""))
      .to.be.revertedWithCustomError(sys.market, "JobMarketCommitmentMismatch")
      .withArgs(sys.jobId, copier.address);
  });

  it("test_revealResult_RevertWhen_URITooLong", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    await commitAll(sys, sys.jobId, sys.claimers, SAME);
    const p = sys.claimers[0];
    await expect(sys.market.connect(p).revealResult(sys.jobId, OUT, saltOf(p), "u".repeat(513)))
      .to.be.revertedWithCustomError(sys.market, "JobMarketURITooLong")
      .withArgs(513, 512);
  });

  it("test_revealResult_RevertWhen_JobSettled", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    const [a, b, c] = sys.claimers;
    await commitAll(sys, sys.jobId, sys.claimers, SAME);
    await revealAll(sys, sys.jobId, [a, b], [OUT, OUT]);
    const { revealDeadline } = await sys.market.getJob(sys.jobId);
    await networkHelpers.time.increaseTo(revealDeadline + 1n);
    await sys.market.settle(sys.jobId);
    await expect(sys.market.connect(c).revealResult(sys.jobId, OUT, saltOf(c), ""))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(sys.jobId, JobStatus.Completed);
  });
});
