import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { ZeroHash } from "ethers";
import { expect } from "chai";
import { commitment } from "@hashwork/sdk/results";
import {
  JobStatus,
  TOKEN,
  advanceTo,
  atNextBlock,
  claimSlots,
  claimedJobFixture,
  commitAll,
  drawSchedule,
  ethers,
  expectConservation,
  forceAudit,
  networkHelpers,
  openJob3Fixture,
  openJobFixture,
  passChallengeWindow,
  providerOf,
  revealAll,
  saltOf,
  slotIndex,
  type Answer,
} from "../fixture.js";
import { right } from "../helpers/stages.js";

/** Collateral of the default job: 15x its 2-token budget. */
const COLLATERAL = 30n * TOKEN;
const PRICE = TOKEN / 100n; // every fixture provider's price per Mfuel

type Sys = Awaited<ReturnType<typeof openJobFixture>>;

/** `p`'s commitment to `a` on `jobId` with `saltOf(p)`, as `commitAll` commits it. */
const commitmentOf = (jobId: bigint, p: HardhatEthersSigner, a: Answer = right) =>
  commitment(jobId, p.address, a.output, a.fuel, saltOf(p));

const blockOf = async (tx: Promise<{ wait(): Promise<{ blockNumber: number } | null> }>) =>
  BigInt((await (await tx).wait())!.blockNumber);
const timeOf = async (block: bigint) => BigInt((await ethers.provider.getBlock(block))!.timestamp);

/**
 * Runs the default k = 1 job to settlement: claimed with its commitment in one transaction (`committing`) or claimed
 * and then committed, not audited, revealed `right`, past the challenge window, settled. Returns what it paid.
 */
async function settleK1(committing: boolean) {
  const sys: Sys = await networkHelpers.loadFixture(openJobFixture);
  const [{ signer: p, at }] = await drawSchedule(sys, sys.jobId, sys.providers);
  await advanceTo((await sys.market.getJob(sys.jobId)).postedAt, at);
  if (committing) {
    await sys.market.connect(p).claim(sys.jobId, commitmentOf(sys.jobId, p));
  } else {
    await sys.market.connect(p).claim(sys.jobId, ZeroHash);
    await commitAll(sys, sys.jobId, [p], [right]);
  }
  await forceAudit(sys, sys.jobId, false);
  await revealAll(sys, sys.jobId, [p], [right]);
  await passChallengeWindow(sys, sys.jobId);
  await expect(sys.market.settle(sys.jobId)).to.emit(sys.market, "JobSettled");
  expect((await sys.market.getJob(sys.jobId)).status).to.equal(JobStatus.Completed);
  await expectConservation(sys);
  const rec = await providerOf(sys.registry, p);
  return {
    provider: await sys.market.claimable(p.address),
    requester: await sys.market.claimable(sys.requester.address),
    treasury: await sys.market.claimable(sys.treasury.address),
    locked: rec.locked,
    stake: rec.stake,
    activeJobs: rec.activeJobs,
  };
}

describe("JobMarket.claim with a commitment", () => {
  it("test_claim_WithACommitmentTakesAndCommitsTheSlotAndClosesCommitsOfAK1Job", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    const [{ signer: p, at }] = await drawSchedule(sys, sys.jobId, sys.providers);
    await advanceTo((await sys.market.getJob(sys.jobId)).postedAt, at);
    const c = commitmentOf(sys.jobId, p);
    const tx = sys.market.connect(p).claim(sys.jobId, c);
    const block = await blockOf(tx);
    await expect(tx).to.emit(sys.market, "JobClaimed").withArgs(sys.jobId, p.address, 0, PRICE, 0, COLLATERAL, c);
    await expect(tx).to.emit(sys.market, "CommitsClosed").withArgs(sys.jobId, block);
    await expect(tx).to.not.emit(sys.market, "ResultCommitted");
    const job = await sys.market.getJob(sys.jobId);
    expect([job.claimed, job.committedMask, job.commitsClosedBlock, job.commitsClosedAt]).to.deep.equal([
      1n,
      1n,
      block,
      await timeOf(block),
    ]);
    expect(job.status).to.equal(JobStatus.Open);
    const [a] = await sys.market.getAssignments(sys.jobId);
    expect([a!.provider, a!.pricePerMfuel, a!.minMfuel, a!.result]).to.deep.equal([p.address, PRICE, 0n, c]);
    const rec = await providerOf(sys.registry, p);
    expect([rec.locked, rec.activeJobs]).to.deep.equal([COLLATERAL, 1n]);
    await expectConservation(sys);
  });

  it("test_claim_WithACommitmentRevealsSettlesAndPaysAsClaimThenCommitResult", async () => {
    const committing = await settleK1(true);
    const twoTransactions = await settleK1(false);
    expect(committing).to.deep.equal(twoTransactions);
    expect(committing.provider).to.be.greaterThan(0n);
    expect([committing.locked, committing.activeJobs, committing.stake]).to.deep.equal([0n, 0n, 1_000n * TOKEN]);
  });

  it("test_claim_AK3JobsCommitsCloseOnlyOnceAClaimsCommitmentAndTwoCommitResultsAreAllIn", async () => {
    const sys = await networkHelpers.loadFixture(openJob3Fixture);
    const draws = (await drawSchedule(sys, sys.jobId, sys.providers)).slice(0, 3);
    expect(draws.length).to.equal(3);
    const { postedAt } = await sys.market.getJob(sys.jobId);
    const [first, second, third] = draws.map((d) => d.signer) as [
      HardhatEthersSigner,
      HardhatEthersSigner,
      HardhatEthersSigner,
    ];

    // The first claim commits in the same transaction; commits stay open (two slots free).
    await advanceTo(postedAt, draws[0]!.at);
    const c1 = commitmentOf(sys.jobId, first);
    const tx1 = sys.market.connect(first).claim(sys.jobId, c1);
    await expect(tx1).to.emit(sys.market, "JobClaimed").withArgs(sys.jobId, first.address, 0, PRICE, 0, COLLATERAL, c1);
    await expect(tx1).to.not.emit(sys.market, "CommitsClosed");
    await expect(tx1).to.not.emit(sys.market, "ResultCommitted");
    expect((await sys.market.getJob(sys.jobId)).committedMask).to.equal(0b001n);

    // Two plain claims fill the job; nothing more is committed.
    for (const [i, p] of [second, third].entries()) {
      await advanceTo(postedAt, draws[i + 1]!.at);
      await expect(sys.market.connect(p).claim(sys.jobId, ZeroHash))
        .to.emit(sys.market, "JobClaimed")
        .withArgs(sys.jobId, p.address, i + 1, PRICE, 0, COLLATERAL, ZeroHash);
    }
    let job = await sys.market.getJob(sys.jobId);
    expect([job.claimed, job.committedMask, job.commitsClosedAt]).to.deep.equal([3n, 0b001n, 0n]);

    // The second replica's commitResult: two of three.
    const c2 = commitmentOf(sys.jobId, second);
    const tx2 = sys.market.connect(second).commitResult(sys.jobId, 1, c2);
    await expect(tx2).to.emit(sys.market, "ResultCommitted").withArgs(sys.jobId, second.address, c2);
    await expect(tx2).to.not.emit(sys.market, "CommitsClosed");
    job = await sys.market.getJob(sys.jobId);
    expect([job.committedMask, job.commitsClosedAt]).to.deep.equal([0b011n, 0n]);

    // The third closes commits.
    const c3 = commitmentOf(sys.jobId, third);
    const tx3 = sys.market.connect(third).commitResult(sys.jobId, 2, c3);
    const block = await blockOf(tx3);
    await expect(tx3).to.emit(sys.market, "ResultCommitted").withArgs(sys.jobId, third.address, c3);
    await expect(tx3).to.emit(sys.market, "CommitsClosed").withArgs(sys.jobId, block);
    job = await sys.market.getJob(sys.jobId);
    expect([job.committedMask, job.commitsClosedBlock]).to.deep.equal([0b111n, block]);
    expect((await sys.market.getAssignments(sys.jobId)).map((a) => a.result)).to.deep.equal([c1, c2, c3]);

    // Every replica reveals the usual way and the job completes.
    await forceAudit(sys, sys.jobId, false);
    await revealAll(sys, sys.jobId, [first, second, third], [right, right, right]);
    await passChallengeWindow(sys, sys.jobId);
    await sys.market.settle(sys.jobId);
    expect((await sys.market.getJob(sys.jobId)).status).to.equal(JobStatus.Completed);
    const paid = await Promise.all([first, second, third].map((p) => sys.market.claimable(p.address)));
    expect(paid[0]).to.be.greaterThan(0n);
    expect(paid).to.deep.equal([paid[0], paid[0], paid[0]]);
    await expectConservation(sys);
  });

  it("test_claim_TheLastClaimOfAK3JobClosesCommitsWhenItCommitsAfterTheOthers", async () => {
    const sys = await networkHelpers.loadFixture(openJob3Fixture);
    const draws = (await drawSchedule(sys, sys.jobId, sys.providers)).slice(0, 3);
    const [a, b] = await claimSlots(sys, sys.jobId, [draws[0]!.signer, draws[1]!.signer], 2);
    await commitAll(sys, sys.jobId, [a!, b!], [right, right]);
    expect((await sys.market.getJob(sys.jobId)).commitsClosedAt).to.equal(0n);
    const last = draws[2]!.signer;
    await advanceTo((await sys.market.getJob(sys.jobId)).postedAt, draws[2]!.at);
    const c = commitmentOf(sys.jobId, last);
    const tx = sys.market.connect(last).claim(sys.jobId, c);
    const block = await blockOf(tx);
    await expect(tx).to.emit(sys.market, "JobClaimed").withArgs(sys.jobId, last.address, 2, PRICE, 0, COLLATERAL, c);
    await expect(tx).to.emit(sys.market, "CommitsClosed").withArgs(sys.jobId, block);
    await expect(tx).to.not.emit(sys.market, "ResultCommitted");
    const job = await sys.market.getJob(sys.jobId);
    expect([job.committedMask, job.commitsClosedBlock]).to.deep.equal([0b111n, block]);
  });

  it("test_claim_WithACommitmentRevertWhen_NotDrawn", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    const draws = await drawSchedule(sys, sys.jobId, sys.providers);
    // The provider drawn last is not drawn a second before its turn (still in the future: the draw widens slowly).
    const { signer: p, at } = draws[draws.length - 1]!;
    const { postedAt } = await sys.market.getJob(sys.jobId);
    expect(postedAt + at - 1n).to.be.greaterThan(BigInt(await networkHelpers.time.latest()));
    await atNextBlock(postedAt + at - 1n);
    await expect(sys.market.connect(p).claim(sys.jobId, commitmentOf(sys.jobId, p)))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotDrawn")
      .withArgs(sys.jobId, p.address);
    const job = await sys.market.getJob(sys.jobId);
    expect([job.claimed, job.committedMask, job.commitsClosedAt]).to.deep.equal([0n, 0n, 0n]);
    expect((await providerOf(sys.registry, p)).locked).to.equal(0n);
  });

  it("test_claim_WithACommitmentRevertWhen_SlotsFull", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    const next = sys.providers.find((q) => q !== sys.claimer)!;
    await expect(sys.market.connect(next).claim(sys.jobId, commitmentOf(sys.jobId, next)))
      .to.be.revertedWithCustomError(sys.market, "JobMarketSlotsFull")
      .withArgs(sys.jobId, 1);
    const job = await sys.market.getJob(sys.jobId);
    expect([job.claimed, job.committedMask, job.commitsClosedAt]).to.deep.equal([1n, 0n, 0n]);
    expect((await sys.market.getAssignments(sys.jobId))[0]!.result).to.equal(ZeroHash);
    expect((await providerOf(sys.registry, next)).locked).to.equal(0n);
  });

  it("test_claim_WithACommitmentRevertWhen_ClaimDeadlinePassed", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    const { claimDeadline } = await sys.market.getJob(sys.jobId);
    await atNextBlock(claimDeadline + 1n);
    const p = sys.providers[0]!;
    await expect(sys.market.connect(p).claim(sys.jobId, commitmentOf(sys.jobId, p)))
      .to.be.revertedWithCustomError(sys.market, "JobMarketClaimClosed")
      .withArgs(sys.jobId, claimDeadline);
    const job = await sys.market.getJob(sys.jobId);
    expect([job.claimed, job.committedMask, job.commitsClosedAt]).to.deep.equal([0n, 0n, 0n]);
  });

  it("test_commitResult_RevertWhen_TheClaimAlreadyCommitted", async () => {
    const sys = await networkHelpers.loadFixture(openJob3Fixture);
    const [{ signer: p, at }] = await drawSchedule(sys, sys.jobId, sys.providers);
    await advanceTo((await sys.market.getJob(sys.jobId)).postedAt, at);
    const c = commitmentOf(sys.jobId, p);
    await sys.market.connect(p).claim(sys.jobId, c);
    const slot = await slotIndex(sys.market, sys.jobId, p);
    await expect(sys.market.connect(p).commitResult(sys.jobId, slot, ethers.id("another")))
      .to.be.revertedWithCustomError(sys.market, "JobMarketAlreadyCommitted")
      .withArgs(sys.jobId, p.address);
    expect((await sys.market.getAssignments(sys.jobId))[slot]!.result).to.equal(c);
  });
});
