import { expect } from "chai";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import {
  AuditState,
  Fault,
  JobStatus,
  Outcome,
  addProvider,
  answer,
  claimSlots,
  commitAll,
  deploySystemWith,
  ethers,
  expectConservation,
  forceAudit,
  networkHelpers,
  passChallengeWindow,
  postJob,
  resultWord,
  revealAll,
  type System,
} from "../fixture.js";

/**
 * Recycled job records: job n takes the storage of job n - ring once that job is finished. These tests deploy a ring
 * of two, so job 3 recycles job 1's record (and job 5 job 3's); the production ring is 65,536.
 */
async function ringOfTwoFixture() {
  const sys = await deploySystemWith({ recordRing: 2n });
  for (const p of sys.providers) await addProvider(sys, p);
  return sys;
}

/** Runs `jobId` to a completed, unaudited settlement with every replica revealing `right`. */
async function complete(sys: System, jobId: bigint, replicas: number) {
  const claimers = await claimSlots(sys, jobId, sys.providers, replicas);
  const answers = claimers.map(() => answer("right"));
  await commitAll(sys, jobId, claimers, answers);
  await forceAudit(sys, jobId, false);
  await revealAll(sys, jobId, claimers, answers);
  await passChallengeWindow(sys, jobId);
  await sys.market.settle(jobId);
  return claimers;
}

/** Moves past `jobId`'s claim deadline and settles it unclaimed (a refund). */
async function refundUnclaimed(sys: System, jobId: bigint) {
  const { claimDeadline } = await sys.market.getJob(jobId);
  await networkHelpers.time.increaseTo(claimDeadline + 1n);
  await sys.market.settle(jobId);
}

describe("JobMarket job records", () => {
  it("test_records_AFinishedJobsRecordIsRecycledWholeAndItsViewSaysArchived", async () => {
    const sys = await networkHelpers.loadFixture(ringOfTwoFixture);
    expect(await sys.market.recordRing()).to.equal(2n);
    const first = await postJob(sys, { replicas: 3 });
    await complete(sys, first, 3);
    await postJob(sys); // job 2: ring position 0
    const third = await postJob(sys, { maxFuel: 50_000_000n }); // job 3: job 1's record
    const archived = await sys.market.getJob(first);
    expect(archived.status).to.equal(JobStatus.Archived);
    expect(archived.requester).to.equal("0x0000000000000000000000000000000000000000");
    expect(await sys.market.getAssignments(first)).to.deep.equal([]);
    await expect(sys.market.settle(first))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(first, JobStatus.Archived);
    // Nothing of job 1 carries over: progress, audit, fuel and the replica count are job 3's own.
    const job = await sys.market.getJob(third);
    expect([job.status, job.audit, job.replicas, job.claimed]).to.deep.equal([
      JobStatus.Open,
      AuditState.Undecided,
      1n,
      0n,
    ]);
    expect([job.committedMask, job.revealedMask, job.fuel, job.commitsClosedAt, job.revealsClosedAt]).to.deep.equal([
      0n,
      0n,
      0n,
      0n,
      0n,
    ]);
    expect(job.maxFuel).to.equal(50_000_000n);
    // Claiming reuses slot 0, whose result word is job 1's revealed result until job 3's replica commits: the view
    // shows no result for an uncommitted slot.
    const [claimer] = await claimSlots(sys, third, sys.providers, 1);
    const [slot] = await sys.market.getAssignments(third);
    expect(slot!.provider).to.equal(claimer!.address);
    expect(slot!.result).to.equal("0x" + "00".repeat(32));
    // A job never posted is None, not Archived.
    expect((await sys.market.getJob(99n)).status).to.equal(JobStatus.None);
  });

  it("test_records_AReplicaOfTheRecycledJobCannotActThroughItsOldSlot", async () => {
    // Commits and reveals name their slot. Job 3 (k = 1) recycles job 1's record (k = 3), whose slot 2 still holds job
    // 1's third replica: naming that slot must not make it a replica of job 3.
    const sys = await networkHelpers.loadFixture(ringOfTwoFixture);
    const first = await postJob(sys, { replicas: 3 });
    const claimers = await complete(sys, first, 3);
    const old = claimers[2]!;
    await postJob(sys);
    const third = await postJob(sys);
    await claimSlots(
      sys,
      third,
      sys.providers.filter((p) => p !== old),
      1,
    );
    await expect(sys.market.connect(old).commitResult(third, 2, ethers.id("c")))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotAssigned")
      .withArgs(third, old.address);
    await expect(sys.market.connect(old).revealResult(third, 2, ethers.id("out"), 1n, ethers.id("salt"), ""))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotAssigned")
      .withArgs(third, old.address);
  });

  it("test_records_AnOldResultInARecycledSlotIsNeverTakenForADelivery", async () => {
    const sys = await networkHelpers.loadFixture(ringOfTwoFixture);
    const first = await postJob(sys);
    const [winner] = await complete(sys, first, 1);
    await postJob(sys);
    const third = await postJob(sys); // recycles job 1: slot 0 holds job 1's agreed result
    // A replica (job 1's winner when the draw favours it) claims slot 0 and never commits: a no-show, whatever the
    // slot held before.
    const claimers = await claimSlots(sys, third, [winner!, ...sys.providers.filter((p) => p !== winner)], 1);
    const { commitDeadline } = await sys.market.getJob(third);
    await networkHelpers.time.increaseTo(commitDeadline + 1n);
    const tx = sys.market.settle(third);
    await expect(tx)
      .to.emit(sys.market, "AssignmentSlashed")
      .withArgs(third, claimers[0]!.address, Fault.NoShow, (v: bigint) => v > 0n);
    const receipt = await (await tx).wait();
    const settled = receipt!.logs.map((l) => sys.market.interface.parseLog(l)).find((e) => e?.name === "JobSettled");
    expect([settled!.args.outcome, settled!.args.result, settled!.args.paid]).to.deep.equal([
      Outcome.NoResult,
      "0x" + "00".repeat(32),
      0n,
    ]);
    await expectConservation(sys);
  });

  it("test_records_ARecycledRecordsOldSeedIsNeverDrawnWith", async () => {
    const sys = await networkHelpers.loadFixture(ringOfTwoFixture);
    const first = await postJob(sys, { replicas: 3 });
    await complete(sys, first, 3); // its first claim kept job 1's seed at ring position 1
    const oldSeed = await sys.market.drawSeed(first);
    await postJob(sys); // job 2: ring position 0
    const third = await postJob(sys, { replicas: 3, claimWindow: 7_200n }); // recycles job 1's record and seed slot
    const { postedBlock } = await sys.market.getJob(third);
    await networkHelpers.mine(2);
    const seedOfThird = (await ethers.provider.getBlock(postedBlock + 1n))!.hash!;
    expect(seedOfThird).to.not.equal(oldSeed);
    // Before its first claim the job's seed is the randomness source's; the first claim overwrites the old one.
    expect(await sys.market.drawSeed(third)).to.equal(seedOfThird);
    const [claimer] = await claimSlots(sys, third, sys.providers, 1);
    expect(await sys.market.drawSeed(third)).to.equal(seedOfThird);
    // Long after BLOCKHASH forgot the seed block, the later claims still draw by job 3's own seed.
    await networkHelpers.mine(300);
    expect(await sys.randomness.seedStatus(postedBlock)).to.equal(3n); // Expired in the source: never stored there
    expect(await sys.market.drawSeed(third)).to.equal(seedOfThird);
    const rest = await claimSlots(
      sys,
      third,
      sys.providers.filter((p) => p !== claimer),
      2,
    );
    expect(rest.length).to.equal(2);
    expect((await sys.market.getJob(third)).claimed).to.equal(3n);
    await expectConservation(sys);
  });

  it("test_records_ARunningJobKeepsItsRecordAndTheNewJobTakesAFreshOne", async () => {
    const sys = await networkHelpers.loadFixture(ringOfTwoFixture);
    const first = await postJob(sys, { replicas: 3, claimWindow: 7_200n }); // still open when job 3 is posted
    await postJob(sys);
    const third = await postJob(sys);
    expect((await sys.market.getJob(first)).status).to.equal(JobStatus.Open);
    expect((await sys.market.getJob(first)).replicas).to.equal(3n);
    const claimers: HardhatEthersSigner[] = await complete(sys, third, 1);
    const done = await sys.market.getJob(third);
    expect(done.status).to.equal(JobStatus.Completed);
    expect((await sys.market.getAssignments(third))[0]!.result).to.equal(resultWord(answer("right")));
    expect((await sys.market.getAssignments(third))[0]!.provider).to.equal(claimers[0]!.address);
    // Job 1 runs on: claimed, refunded at its deadline. Job 5 then recycles its record; job 3 keeps its own.
    await refundUnclaimed(sys, first);
    await postJob(sys);
    const fifth = await postJob(sys);
    expect((await sys.market.getJob(first)).status).to.equal(JobStatus.Archived);
    expect((await sys.market.getJob(third)).status).to.equal(JobStatus.Completed);
    await complete(sys, fifth, 1);
    expect((await sys.market.getJob(fifth)).status).to.equal(JobStatus.Completed);
    await expectConservation(sys);
  });
});
