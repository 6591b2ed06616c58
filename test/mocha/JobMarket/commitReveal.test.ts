import { expect } from "chai";
import { INPUT_UNAVAILABLE, INPUT_UNAVAILABLE_RESULT, commitment, isAuditedBySeed } from "@hashwork/sdk/results";
import {
  AuditState,
  JobStatus,
  MFUEL,
  atNextBlock,
  claimSlots,
  claimedJob3Fixture,
  claimedJobFixture,
  commitAll,
  ethers,
  networkHelpers,
  postJob,
  proofFor,
  resultWord,
  revealAll,
  revealVerdicts,
  revealAs,
  saltOf,
  slotIndex,
} from "../fixture.js";
import {
  auditCommittedFixture,
  auditedJobFixture,
  committedJobFixture,
  decidedJobFixture,
  right,
  setAuditSeed,
  wrong,
} from "../helpers/stages.js";

const REVEAL = 600n; // revealPeriod
const DRAW = 600n; // auditDrawPeriod
const EXECUTION = 32n; // execution time of the default 100 Mfuel job
const CHALLENGE = 600n; // challengeWindow

const blockOf = async (tx: Promise<{ wait(): Promise<{ blockNumber: number } | null> }>) =>
  BigInt((await (await tx).wait())!.blockNumber);
const timeOf = async (block: bigint) => BigInt((await ethers.provider.getBlock(block))!.timestamp);

describe("JobMarket.commitResult", () => {
  it("test_commitResult_StoresTheCommitmentAndEmitsResultCommitted", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    const p = sys.claimers[1]!;
    const c = commitment(sys.jobId, p.address, right.output, right.fuel, saltOf(p));
    const tx = sys.market.connect(p).commitResult(sys.jobId, await slotIndex(sys.market, sys.jobId, p), c);
    await expect(tx).to.emit(sys.market, "ResultCommitted").withArgs(sys.jobId, p.address, c);
    await expect(tx).to.not.emit(sys.market, "CommitsClosed");
    const job = await sys.market.getJob(sys.jobId);
    expect([job.committedMask, job.commitsClosedAt]).to.deep.equal([0b010n, 0n]);
    expect((await sys.market.getAssignments(sys.jobId))[1]!.result).to.equal(c);
  });

  it("test_commitResult_TheLastCommitmentOfAFullJobClosesCommits", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    await commitAll(sys, sys.jobId, sys.claimers.slice(0, 2), [right, right]);
    const last = sys.claimers[2]!;
    const tx = sys.market
      .connect(last)
      .commitResult(
        sys.jobId,
        await slotIndex(sys.market, sys.jobId, last),
        commitment(sys.jobId, last.address, right.output, right.fuel, saltOf(last)),
      );
    const block = await blockOf(tx);
    await expect(tx).to.emit(sys.market, "CommitsClosed").withArgs(sys.jobId, block);
    const job = await sys.market.getJob(sys.jobId);
    expect([job.committedMask, job.commitsClosedBlock, job.commitsClosedAt]).to.deep.equal([
      0b111n,
      block,
      await timeOf(block),
    ]);
    expect(job.audit).to.equal(AuditState.Undecided);
  });

  it("test_commitResult_CommitsOfAJobWithFreeSlotsStayOpen", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    const job3 = await postJob(sys, { replicas: 3 });
    const claimers = await claimSlots(
      sys,
      job3,
      sys.providers.filter((p) => !sys.claimers.includes(p)),
      2,
    );
    await commitAll(sys, job3, claimers, [right, right]);
    const job = await sys.market.getJob(job3);
    expect([job.committedMask, job.commitsClosedAt]).to.deep.equal([0b11n, 0n]);
  });

  it("test_commitResult_AcceptsACommitmentAtTheDeadline", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    const { commitDeadline } = await sys.market.getJob(sys.jobId);
    await atNextBlock(commitDeadline);
    await expect(
      sys.market
        .connect(sys.claimer)
        .commitResult(sys.jobId, await slotIndex(sys.market, sys.jobId, sys.claimer), ethers.id("c")),
    ).to.emit(sys.market, "CommitsClosed");
  });

  it("test_commitResult_RevertWhen_DeadlinePassed", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    const { commitDeadline } = await sys.market.getJob(sys.jobId);
    await atNextBlock(commitDeadline + 1n);
    await expect(
      sys.market
        .connect(sys.claimer)
        .commitResult(sys.jobId, await slotIndex(sys.market, sys.jobId, sys.claimer), ethers.id("c")),
    )
      .to.be.revertedWithCustomError(sys.market, "JobMarketDeadlinePassed")
      .withArgs(sys.jobId, commitDeadline);
  });

  it("test_commitResult_RevertWhen_ZeroHash", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    await expect(
      sys.market
        .connect(sys.claimer)
        .commitResult(sys.jobId, await slotIndex(sys.market, sys.jobId, sys.claimer), ethers.ZeroHash),
    ).to.be.revertedWithCustomError(sys.market, "JobMarketZeroHash");
  });

  it("test_commitResult_RevertWhen_NotAssigned", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    const outsider = sys.providers.find((p) => p !== sys.claimer)!;
    await expect(
      sys.market
        .connect(outsider)
        .commitResult(sys.jobId, await slotIndex(sys.market, sys.jobId, outsider), ethers.id("c")),
    )
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotAssigned")
      .withArgs(sys.jobId, outsider.address);
  });

  it("test_commitResult_RevertWhen_AlreadyCommitted", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    const p = sys.claimers[0]!;
    await sys.market.connect(p).commitResult(sys.jobId, await slotIndex(sys.market, sys.jobId, p), ethers.id("c1"));
    await expect(
      sys.market.connect(p).commitResult(sys.jobId, await slotIndex(sys.market, sys.jobId, p), ethers.id("c2")),
    )
      .to.be.revertedWithCustomError(sys.market, "JobMarketAlreadyCommitted")
      .withArgs(sys.jobId, p.address);
  });

  it("test_commitResult_RevertWhen_SlotIsAnotherReplicas", async () => {
    // The caller names its slot instead of the market scanning for it: naming another replica's slot commits nothing.
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    const [first, second] = sys.claimers;
    expect(await slotIndex(sys.market, sys.jobId, second!)).to.equal(1);
    await expect(sys.market.connect(second!).commitResult(sys.jobId, 0, ethers.id("c")))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotAssigned")
      .withArgs(sys.jobId, second!.address);
    await expect(sys.market.connect(first!).commitResult(sys.jobId, 1, ethers.id("c")))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotAssigned")
      .withArgs(sys.jobId, first!.address);
    expect((await sys.market.getJob(sys.jobId)).committedMask).to.equal(0n);
  });

  it("test_commitResult_RevertWhen_SlotNotClaimed", async () => {
    // Slots beyond the claimed ones (a recycled record's old assignments may sit there) and beyond MAX_REPLICAS are
    // nobody's: the same error, never a panic.
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    for (const slot of [1, 6, 7, 255]) {
      await expect(sys.market.connect(sys.claimer).commitResult(sys.jobId, slot, ethers.id("c")))
        .to.be.revertedWithCustomError(sys.market, "JobMarketNotAssigned")
        .withArgs(sys.jobId, sys.claimer.address);
    }
  });

  it("test_commitResult_RevertWhen_JobNotOpen", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    await expect(
      sys.market.connect(sys.claimer).commitResult(7n, await slotIndex(sys.market, 7n, sys.claimer), ethers.id("c")),
    )
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(7n, JobStatus.None);
  });
});

describe("JobMarket.decideAudit", () => {
  it("test_decideAudit_NotAudited_EmitsAuditDecidedWithTheRevealWindow", async () => {
    const sys = await networkHelpers.loadFixture(committedJobFixture);
    await setAuditSeed(sys, sys.jobId, false);
    const job = await sys.market.getJob(sys.jobId);
    // A k = 1 job's reveal period counts from the decision: its replica may have been waiting out the challenge window
    // to reveal and settle at once (revealAndSettle), and a decision anybody takes must leave it a whole period.
    const at = job.commitsClosedAt + 100n;
    await atNextBlock(at);
    const revealEndsAt = at + REVEAL;
    await expect(sys.market.connect(sys.other).decideAudit(sys.jobId))
      .to.emit(sys.market, "AuditDecided")
      .withArgs(sys.jobId, false, job.commitsClosedBlock, 0, 0, revealEndsAt);
    const decided = await sys.market.getJob(sys.jobId);
    expect([decided.audit, decided.commitsClosedAt, decided.commitsClosedBlock]).to.deep.equal([
      AuditState.NotAudited,
      at,
      job.commitsClosedBlock, // the seed's trigger never moves
    ]);
    expect(await sys.market.timeline(sys.jobId)).to.deep.equal([
      0n,
      0n,
      revealEndsAt,
      revealEndsAt + CHALLENGE + EXECUTION,
    ]);
    // Not audited: the court has nothing to offer an auditor.
    const [terms, seedBlock, openedAt] = await sys.market.auditTerms(sys.jobId);
    expect([terms.requester, seedBlock, openedAt]).to.deep.equal([ethers.ZeroAddress, 0n, 0n]);
  });

  it("test_decideAudit_Audited_EmitsAuditDecidedWithTheAuditWindows", async () => {
    const sys = await networkHelpers.loadFixture(committedJobFixture);
    await setAuditSeed(sys, sys.jobId, true);
    const job = await sys.market.getJob(sys.jobId);
    const drawEndsAt = job.commitsClosedAt + DRAW;
    const commitEndsAt = drawEndsAt + EXECUTION;
    const revealEndsAt = commitEndsAt + REVEAL;
    await expect(sys.market.decideAudit(sys.jobId))
      .to.emit(sys.market, "AuditDecided")
      .withArgs(sys.jobId, true, job.commitsClosedBlock, drawEndsAt, commitEndsAt, revealEndsAt);
    expect(await sys.market.timeline(sys.jobId)).to.deep.equal([
      drawEndsAt,
      commitEndsAt,
      revealEndsAt,
      revealEndsAt + CHALLENGE + EXECUTION,
    ]);
    const [terms, seedBlock, openedAt, times] = await sys.market.auditTerms(sys.jobId);
    expect([terms.requester, terms.resourceClass, terms.minReputation, terms.maxFuel]).to.deep.equal([
      sys.requester.address,
      0n,
      0n,
      100n * MFUEL,
    ]);
    expect([terms.budget, terms.collateral, terms.executionTime, terms.agreed]).to.deep.equal([
      job.budget,
      job.collateral,
      EXECUTION,
      ethers.ZeroHash,
    ]);
    expect([seedBlock, openedAt, times.auditDrawEndsAt]).to.deep.equal([
      job.commitsClosedBlock,
      job.commitsClosedAt,
      drawEndsAt,
    ]);
  });

  it("test_decideAudit_FollowsTheSeedOfTheBlockAfterTheLastCommitment", async () => {
    const sys = await networkHelpers.loadFixture(committedJobFixture);
    const job = await sys.market.getJob(sys.jobId);
    await networkHelpers.mine(1);
    await sys.market.decideAudit(sys.jobId);
    const seed = (await ethers.provider.getBlock(job.commitsClosedBlock + 1n))!.hash!;
    expect(await sys.randomness.seedFor(job.commitsClosedBlock)).to.equal(seed);
    const audited = isAuditedBySeed(seed, sys.jobId, job.auditRateBps);
    expect((await sys.market.getJob(sys.jobId)).audit).to.equal(audited ? AuditState.Audited : AuditState.NotAudited);
    // Only an audited job's auditor draw needs the seed again: only then is it stored (2 = Fixed, 1 = Fixable).
    expect(await sys.randomness.seedStatus(job.commitsClosedBlock)).to.equal(audited ? 2n : 1n);
  });

  it("test_decideAudit_AuditsAJobWhoseCommitsClosedAtTheDeadlineWithSlotsMissing", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    await commitAll(sys, sys.jobId, sys.claimers.slice(0, 2), [right, right]);
    const { commitDeadline } = await sys.market.getJob(sys.jobId);
    const at = commitDeadline + 5n;
    await atNextBlock(at);
    const tx = sys.market.decideAudit(sys.jobId);
    const block = await blockOf(tx);
    // Fail closed: audited whatever the seed, its windows opening at the decision.
    await expect(tx)
      .to.emit(sys.market, "AuditDecided")
      .withArgs(sys.jobId, true, block, at + DRAW, at + DRAW + EXECUTION, at + DRAW + EXECUTION + REVEAL);
    const job = await sys.market.getJob(sys.jobId);
    expect([job.audit, job.commitsClosedAt, job.commitsClosedBlock]).to.deep.equal([AuditState.Audited, at, block]);
  });

  it("test_decideAudit_NotAuditedWhenNothingWasCommitted", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    const { commitDeadline } = await sys.market.getJob(sys.jobId);
    const at = commitDeadline + 1n;
    await atNextBlock(at);
    const tx = sys.market.decideAudit(sys.jobId);
    await expect(tx)
      .to.emit(sys.market, "AuditDecided")
      .withArgs(sys.jobId, false, await blockOf(tx), 0, 0, at + REVEAL);
  });

  it("test_decideAudit_AuditsWhenTheSeedExpiredUndecided", async () => {
    const sys = await networkHelpers.loadFixture(committedJobFixture);
    await networkHelpers.mine(300);
    const tx = sys.market.decideAudit(sys.jobId);
    const block = await blockOf(tx);
    const at = await timeOf(block);
    await expect(tx)
      .to.emit(sys.market, "AuditDecided")
      .withArgs(sys.jobId, true, block, at + DRAW, at + DRAW + EXECUTION, at + DRAW + EXECUTION + REVEAL);
  });

  it("test_decideAudit_RevertWhen_CommitsNotClosed", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    await commitAll(sys, sys.jobId, sys.claimers.slice(0, 2), [right, right]);
    await expect(sys.market.decideAudit(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketCommitsNotClosed")
      .withArgs(sys.jobId);
  });

  it("test_decideAudit_RevertWhen_TheSeedIsNotReady", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    const tx = sys.market
      .connect(sys.claimer)
      .commitResult(sys.jobId, await slotIndex(sys.market, sys.jobId, sys.claimer), ethers.id("c"));
    const block = await blockOf(tx);
    // Mined in the block after the last commitment: its hash is the seed.
    await expect(sys.market.decideAudit(sys.jobId))
      .to.be.revertedWithCustomError(sys.randomness, "RandomnessSeedNotReady")
      .withArgs(block, block + 1n);
  });

  it("test_decideAudit_RevertWhen_AuditAlreadyDecided", async () => {
    const sys = await networkHelpers.loadFixture(decidedJobFixture);
    await expect(sys.market.decideAudit(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketAuditAlreadyDecided")
      .withArgs(sys.jobId);
  });

  it("test_decideAudit_RevertWhen_JobNotOpen", async () => {
    const sys = await networkHelpers.loadFixture(decidedJobFixture);
    await expect(sys.market.decideAudit(sys.jobId + 1n))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(sys.jobId + 1n, JobStatus.None);
  });
});

describe("JobMarket.revealResult", () => {
  it("test_revealResult_OpensTheCommitmentAndEmitsResultRevealed", async () => {
    const sys = await networkHelpers.loadFixture(decidedJobFixture);
    const p = sys.claimers[0]!;
    const tx = revealAs(sys, sys.jobId, p, right, { uri: "ipfs://out" });
    await expect(tx)
      .to.emit(sys.market, "ResultRevealed")
      .withArgs(sys.jobId, p.address, right.output, right.fuel, "ipfs://out");
    const at = await timeOf(await blockOf(tx));
    const job = await sys.market.getJob(sys.jobId);
    // The only committed replica revealed: reveals close now and the challenge window runs from here.
    expect([job.revealedMask, job.fuel, job.revealsClosedAt]).to.deep.equal([1n, right.fuel, at]);
    expect((await sys.market.getAssignments(sys.jobId))[0]!.result).to.equal(resultWord(right));
    expect((await sys.market.timeline(sys.jobId)).challengeEndsAt).to.equal(at + CHALLENGE + EXECUTION);
  });

  it("test_revealResult_TakesTheAuditDecision", async () => {
    const sys = await networkHelpers.loadFixture(committedJobFixture);
    await setAuditSeed(sys, sys.jobId, false);
    const p = sys.claimers[0]!;
    const job = await sys.market.getJob(sys.jobId);
    const at = job.commitsClosedAt + REVEAL + 50n; // past the commitment's reveal period: a k = 1 job's counts from now
    await atNextBlock(at);
    await expect(revealAs(sys, sys.jobId, p, right))
      .to.emit(sys.market, "AuditDecided")
      .withArgs(sys.jobId, false, job.commitsClosedBlock, 0, 0, at + REVEAL);
  });

  it("test_revealResult_RevealsCloseOnlyWhenEveryCommittedReplicaRevealed", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    await commitAll(sys, sys.jobId, sys.claimers, [right, right, wrong]);
    await setAuditSeed(sys, sys.jobId, false);
    await revealAll(sys, sys.jobId, sys.claimers.slice(0, 2), [right, right]);
    expect((await sys.market.getJob(sys.jobId)).revealsClosedAt).to.equal(0n);
    await revealAll(sys, sys.jobId, sys.claimers.slice(2), [wrong]);
    const job = await sys.market.getJob(sys.jobId);
    expect([job.revealedMask, job.fuel]).to.deep.equal([0b111n, wrong.fuel]);
    expect(job.revealsClosedAt).to.not.equal(0n);
  });

  it("test_revealResult_InputUnavailableIsStoredAsItsReservedResultWhateverTheFuel", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    const p = sys.claimer;
    await sys.market
      .connect(p)
      .commitResult(
        sys.jobId,
        await slotIndex(sys.market, sys.jobId, p),
        commitment(sys.jobId, p.address, INPUT_UNAVAILABLE, 7n, saltOf(p)),
      );
    await setAuditSeed(sys, sys.jobId, false);
    await expect(revealAs(sys, sys.jobId, p, { output: INPUT_UNAVAILABLE, fuel: 7n }))
      .to.emit(sys.market, "ResultRevealed")
      .withArgs(sys.jobId, p.address, INPUT_UNAVAILABLE, 7n, "");
    expect((await sys.market.getAssignments(sys.jobId))[0]!.result).to.equal(INPUT_UNAVAILABLE_RESULT);
    expect((await sys.market.getJob(sys.jobId)).fuel).to.equal(0n); // not a real result: no fuel recorded
  });

  it("test_revealResult_RevertWhen_RevealNotOpen_AuditedAndTheAuditorHasNotCommitted", async () => {
    const sys = await networkHelpers.loadFixture(auditedJobFixture);
    const p = sys.claimers[0]!;
    const t = await sys.market.timeline(sys.jobId);
    await atNextBlock(t.auditCommitEndsAt);
    await expect(revealAs(sys, sys.jobId, p, right))
      .to.be.revertedWithCustomError(sys.market, "JobMarketRevealNotOpen")
      .withArgs(sys.jobId);
    // Once the auditor's commit window is over, the replicas reveal whether or not an auditor came.
    await atNextBlock(t.auditCommitEndsAt + 1n);
    await expect(revealAs(sys, sys.jobId, p, right)).to.emit(sys.market, "ResultRevealed");
    // The auditor never revealed: reveals stay open until their deadline.
    expect((await sys.market.getJob(sys.jobId)).revealsClosedAt).to.equal(0n);
  });

  it("test_revealResult_AuditedOpensOnceTheAuditorCommittedAndClosesWhenItRevealsLast", async () => {
    const sys = await networkHelpers.loadFixture(auditCommittedFixture);
    await revealAll(sys, sys.jobId, sys.claimers, [right]);
    expect((await sys.market.getJob(sys.jobId)).revealsClosedAt).to.equal(0n); // the auditor has not revealed
    const proof = await proofFor(sys, sys.jobId, right);
    const tx = sys.court
      .connect(sys.auditor)
      .revealVerdict(sys.jobId, right.output, right.fuel, proof, saltOf(sys.auditor), "ipfs://verdict");
    const at = await timeOf(await blockOf(tx));
    expect((await sys.market.getJob(sys.jobId)).revealsClosedAt).to.equal(at);
  });

  it("test_revealResult_AuditedClosesWhenTheLastReplicaRevealsAfterTheAuditor", async () => {
    const sys = await networkHelpers.loadFixture(auditCommittedFixture);
    await revealVerdicts(sys, sys.jobId, [sys.auditor], [right]);
    expect((await sys.market.getJob(sys.jobId)).revealsClosedAt).to.equal(0n); // the replica has not revealed
    const p = sys.claimers[0]!;
    const tx = revealAs(sys, sys.jobId, p, right);
    const at = await timeOf(await blockOf(tx));
    expect((await sys.market.getJob(sys.jobId)).revealsClosedAt).to.equal(at);
  });

  it("test_revealResult_RevertWhen_DeadlinePassed", async () => {
    const sys = await networkHelpers.loadFixture(decidedJobFixture);
    const p = sys.claimers[0]!;
    const { revealEndsAt } = await sys.market.timeline(sys.jobId);
    await atNextBlock(revealEndsAt + 1n);
    await expect(revealAs(sys, sys.jobId, p, right))
      .to.be.revertedWithCustomError(sys.market, "JobMarketDeadlinePassed")
      .withArgs(sys.jobId, revealEndsAt);
  });

  it("test_revealResult_AcceptsARevealAtTheDeadline", async () => {
    const sys = await networkHelpers.loadFixture(decidedJobFixture);
    const p = sys.claimers[0]!;
    const { revealEndsAt } = await sys.market.timeline(sys.jobId);
    await atNextBlock(revealEndsAt);
    await expect(revealAs(sys, sys.jobId, p, right)).to.emit(sys.market, "ResultRevealed");
  });

  it("test_revealResult_RevertWhen_SlotIsAnotherReplicas", async () => {
    const sys = await networkHelpers.loadFixture(decidedJobFixture);
    const p = sys.claimers[0]!;
    for (const slot of [1, 2, 3, 255]) {
      await expect(sys.market.connect(p).revealResult(sys.jobId, slot, right.output, right.fuel, saltOf(p), ""))
        .to.be.revertedWithCustomError(sys.market, "JobMarketNotAssigned")
        .withArgs(sys.jobId, p.address);
    }
    await expect(sys.market.connect(p).revealResult(sys.jobId, 0, right.output, right.fuel, saltOf(p), "")).to.emit(
      sys.market,
      "ResultRevealed",
    );
  });

  it("test_revealResult_RevertWhen_NotAssigned", async () => {
    const sys = await networkHelpers.loadFixture(decidedJobFixture);
    await expect(revealAs(sys, sys.jobId, sys.other, right))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotAssigned")
      .withArgs(sys.jobId, sys.other.address);
  });

  it("test_revealResult_RevertWhen_NotCommitted", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    await commitAll(sys, sys.jobId, sys.claimers.slice(0, 2), [right, right]);
    const late = sys.claimers[2]!;
    await expect(revealAs(sys, sys.jobId, late, right))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotCommitted")
      .withArgs(sys.jobId, late.address);
  });

  it("test_revealResult_RevertWhen_CommitsNotClosed", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    await commitAll(sys, sys.jobId, sys.claimers.slice(0, 2), [right, right]);
    const p = sys.claimers[0]!;
    await expect(revealAs(sys, sys.jobId, p, right))
      .to.be.revertedWithCustomError(sys.market, "JobMarketCommitsNotClosed")
      .withArgs(sys.jobId);
  });

  it("test_revealResult_RevertWhen_AlreadyRevealed", async () => {
    const sys = await networkHelpers.loadFixture(decidedJobFixture);
    const p = sys.claimers[0]!;
    await revealAs(sys, sys.jobId, p, right);
    await expect(revealAs(sys, sys.jobId, p, right))
      .to.be.revertedWithCustomError(sys.market, "JobMarketAlreadyRevealed")
      .withArgs(sys.jobId, p.address);
  });

  it("test_revealResult_RevertWhen_ZeroHash", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    const p = sys.claimer;
    await sys.market
      .connect(p)
      .commitResult(
        sys.jobId,
        await slotIndex(sys.market, sys.jobId, p),
        commitment(sys.jobId, p.address, ethers.ZeroHash, 1n, saltOf(p)),
      );
    await setAuditSeed(sys, sys.jobId, false);
    await expect(revealAs(sys, sys.jobId, p, { output: ethers.ZeroHash, fuel: 1n })).to.be.revertedWithCustomError(
      sys.market,
      "JobMarketZeroHash",
    );
  });

  it("test_revealResult_RevertWhen_FuelOverLimit", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    const p = sys.claimer;
    const fuel = 100n * MFUEL + 1n; // one more than the job's maxFuel
    await sys.market
      .connect(p)
      .commitResult(
        sys.jobId,
        await slotIndex(sys.market, sys.jobId, p),
        commitment(sys.jobId, p.address, right.output, fuel, saltOf(p)),
      );
    await setAuditSeed(sys, sys.jobId, false);
    await expect(revealAs(sys, sys.jobId, p, { output: right.output, fuel }))
      .to.be.revertedWithCustomError(sys.market, "JobMarketFuelOverLimit")
      .withArgs(sys.jobId, fuel, 100n * MFUEL);
  });

  it("test_revealResult_RevertWhen_CommitmentMismatch", async () => {
    const sys = await networkHelpers.loadFixture(decidedJobFixture);
    const p = sys.claimers[0]!;
    // Another salt, another output, another fuel: each is a different commitment.
    for (const [output, fuel, salt] of [
      [right.output, right.fuel, ethers.id("other salt")],
      [wrong.output, right.fuel, saltOf(p)],
      [right.output, right.fuel + 1n, saltOf(p)],
    ] as const) {
      await expect(revealAs(sys, sys.jobId, p, { output, fuel }, { salt }))
        .to.be.revertedWithCustomError(sys.market, "JobMarketCommitmentMismatch")
        .withArgs(sys.jobId, p.address);
    }
  });

  it("test_revealResult_RevertWhen_URITooLong", async () => {
    const sys = await networkHelpers.loadFixture(decidedJobFixture);
    const p = sys.claimers[0]!;
    await expect(revealAs(sys, sys.jobId, p, right, { uri: "x".repeat(513) }))
      .to.be.revertedWithCustomError(sys.market, "JobMarketURITooLong")
      .withArgs(513, 512);
    await expect(revealAs(sys, sys.jobId, p, right, { uri: "x".repeat(512) })).to.emit(sys.market, "ResultRevealed");
  });

  it("test_revealResult_RevertWhen_JobNotOpen", async () => {
    const sys = await networkHelpers.loadFixture(decidedJobFixture);
    const p = sys.claimers[0]!;
    await expect(revealAs(sys, sys.jobId + 1n, p, right))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(sys.jobId + 1n, JobStatus.None);
  });
});
