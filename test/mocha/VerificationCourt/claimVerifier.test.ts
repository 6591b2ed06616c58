import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { firstWinningElapsed, lotteryWins } from "@hashwork/sdk/lottery";
import {
  DAY,
  JobStatus,
  POOL_SEED,
  TOKEN,
  VerificationStatus,
  addProvider,
  advanceTo,
  answer,
  atNextBlock,
  claimSeats,
  claimSlots,
  commitAll,
  commitVerdicts,
  currentCourtParameters,
  currentParameters,
  ethers,
  expectConservation,
  forceAudit,
  fund,
  networkFixture,
  networkHelpers,
  postJob,
  providerOf,
  revealAll,
  revealVerdicts,
  type System,
} from "../fixture.js";
import {
  auditedJobFixture,
  challengedFixture,
  nextDrawn,
  panelFixture,
  richFixture,
  right,
  setAuditSeed,
  toCommitted,
  wrong,
} from "../helpers/stages.js";
import { deliver, reservePool } from "../helpers/court.js";

const BUDGET = 2n * TOKEN; // the default job's budget: what each verifier is paid
const COLLATERAL = 30n * TOKEN; // and the collateral each locks

/** The earliest of `candidates` the audit draw of `jobId` admits, computed off-chain (the audit seed is stored). */
async function firstAuditor(sys: System, jobId: bigint, candidates: HardhatEthersSigner[]) {
  const job = await sys.market.getJob(jobId);
  const seed = await sys.randomness.seedFor(job.commitsClosedBlock);
  const { wideningPeriod } = job; // the audit widens with the job's own widening
  const stakeBlock = job.commitsClosedBlock - 1n;
  const totalStake = await sys.registry.totalStakeAt(stakeBlock);
  let first: { signer: HardhatEthersSigner; at: bigint } | undefined;
  for (const signer of candidates) {
    const stake = await sys.registry.lotteryStakeAt(signer.address, stakeBlock);
    const at = firstWinningElapsed(
      { seed, jobId, provider: signer.address, stake, totalStake, replicas: 1n, wideningPeriod },
      600n,
    );
    if (at !== undefined && (first === undefined || at < first.at)) first = { signer, at };
  }
  if (!first) throw new Error("nobody can be drawn as auditor");
  return { ...first, openedAt: job.commitsClosedAt };
}

describe("VerificationCourt.claimVerifier — the audit", () => {
  it("test_claimVerifier_TheFirstAuditorDrawOpensRoundZeroReservesThePayAndLocksCollateral", async () => {
    const sys = await networkHelpers.loadFixture(auditedJobFixture);
    const job = await sys.market.getJob(sys.jobId);
    const t = await sys.market.timeline(sys.jobId);
    const v = await nextDrawn(sys, sys.jobId, sys.verifiers);
    const [pool, reserved] = [await sys.court.pool(), await sys.court.reserved()];
    const tx = sys.court.connect(v).claimVerifier(sys.jobId);
    await expect(tx)
      .to.emit(sys.court, "RoundOpened")
      .withArgs(sys.jobId, 0, 1, job.commitsClosedBlock, t.auditDrawEndsAt, t.auditCommitEndsAt, t.revealEndsAt);
    await expect(tx).to.emit(sys.court, "VerifierDrawn").withArgs(sys.jobId, v.address, 0, 0, COLLATERAL, BUDGET);
    expect(await sys.court.pool()).to.equal(pool - BUDGET);
    expect(await sys.court.reserved()).to.equal(reserved + BUDGET);
    const verification = await sys.court.getVerification(sys.jobId);
    expect([verification.status, verification.round, verification.challenger, verification.bond]).to.deep.equal([
      VerificationStatus.Audit,
      0n,
      ethers.ZeroAddress,
      0n,
    ]);
    const round = await sys.court.getRound(sys.jobId, 0);
    expect([round.seats, round.claimed, round.committedMask, round.revealedMask]).to.deep.equal([1n, 1n, 0n, 0n]);
    expect([round.openedAt, round.drawEndsAt, round.commitEndsAt, round.revealEndsAt, round.openedBlock]).to.deep.equal(
      [job.commitsClosedAt, t.auditDrawEndsAt, t.auditCommitEndsAt, t.revealEndsAt, job.commitsClosedBlock],
    );
    expect(round.wideningPeriod).to.equal(job.wideningPeriod); // the job's, fixed when it was posted
    const seats = await sys.court.getSeats(sys.jobId, 0);
    expect(seats.map((s) => [s.account, s.fuelUsed, s.result])).to.deep.equal([[v.address, 0n, ethers.ZeroHash]]);
    const rec = await providerOf(sys.registry, v);
    expect([rec.locked, rec.activeJobs]).to.deep.equal([COLLATERAL, 1n]);
    expect(await sys.court.isDrawn(sys.jobId, v.address)).to.equal(false); // the round is full
    await expectConservation(sys);
  });

  it("test_claimVerifier_TakesTheAuditDecisionWhenNobodyHasYet", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const { jobId } = await toCommitted(sys, [right]);
    await setAuditSeed(sys, jobId, true);
    // Not decided: the court shows no round yet, but the draw is computable off-chain from the stored seed.
    expect(await sys.court.isDrawn(jobId, sys.verifiers[0]!.address)).to.equal(false);
    const { signer, at, openedAt } = await firstAuditor(sys, jobId, sys.verifiers);
    await advanceTo(openedAt, at);
    const tx = sys.court.connect(signer).claimVerifier(jobId);
    await expect(tx).to.emit(sys.market, "AuditDecided");
    await expect(tx).to.emit(sys.court, "VerifierDrawn").withArgs(jobId, signer.address, 0, 0, COLLATERAL, BUDGET);
  });

  it("test_claimVerifier_RevertWhen_NotAudited", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const { jobId } = await toCommitted(sys, [right]);
    await forceAudit(sys, jobId, false);
    await expect(sys.court.connect(sys.verifiers[0]!).claimVerifier(jobId))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtNotAudited")
      .withArgs(jobId);
    // Undecided with a seed that says "not audited": the claim takes the decision and still finds nothing to audit.
    const second = await toCommitted(sys, [right]);
    await setAuditSeed(sys, second.jobId, false);
    await expect(sys.court.connect(sys.verifiers[0]!).claimVerifier(second.jobId))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtNotAudited")
      .withArgs(second.jobId);
  });

  it("test_claimVerifier_RevertWhen_TheJobCannotBeAuditedYet", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const jobId = await postJob(sys);
    await claimSlots(sys, jobId, sys.providers, 1);
    await expect(sys.court.connect(sys.verifiers[0]!).claimVerifier(jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketCommitsNotClosed")
      .withArgs(jobId);
  });

  it("test_claimVerifier_RevertWhen_SeatsFull", async () => {
    const sys = await networkHelpers.loadFixture(auditedJobFixture);
    const first = await nextDrawn(sys, sys.jobId, sys.verifiers);
    await sys.court.connect(first).claimVerifier(sys.jobId);
    const second = sys.verifiers.find((v) => v !== first)!;
    await expect(sys.court.connect(second).claimVerifier(sys.jobId))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtSeatsFull")
      .withArgs(sys.jobId, 1);
  });

  it("test_claimVerifier_RevertWhen_DrawClosed", async () => {
    const sys = await networkHelpers.loadFixture(auditedJobFixture);
    const { auditDrawEndsAt } = await sys.market.timeline(sys.jobId);
    await atNextBlock(auditDrawEndsAt + 1n);
    await expect(sys.court.connect(sys.verifiers[0]!).claimVerifier(sys.jobId))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtDrawClosed")
      .withArgs(sys.jobId, auditDrawEndsAt);
    expect(await sys.court.isDrawn(sys.jobId, sys.verifiers[0]!.address)).to.equal(false);
  });

  it("test_claimVerifier_RevertWhen_Ineligible_RequesterOrReplica", async () => {
    const sys = await networkHelpers.loadFixture(auditedJobFixture);
    for (const who of [sys.requester, sys.claimers[0]!]) {
      await expect(sys.court.connect(who).claimVerifier(sys.jobId))
        .to.be.revertedWithCustomError(sys.court, "VerificationCourtIneligible")
        .withArgs(sys.jobId, who.address);
    }
  });

  it("test_claimVerifier_RevertWhen_NotDrawn", async () => {
    const sys = await networkHelpers.loadFixture(auditedJobFixture);
    const job = await sys.market.getJob(sys.jobId);
    const seed = await sys.randomness.seedFor(job.commitsClosedBlock);
    const { wideningPeriod } = job;
    const total = await sys.registry.totalStakeAt(job.commitsClosedBlock - 1n);
    const claimAt = BigInt(await networkHelpers.time.latest()) + 1n;
    // One seat among fourteen equal stakes: early on, most verifiers lose.
    const loser = sys.verifiers.find(
      (v) =>
        !lotteryWins({
          seed,
          jobId: sys.jobId,
          provider: v.address,
          stake: 1_000n * TOKEN,
          totalStake: total,
          replicas: 1n,
          elapsed: claimAt - job.commitsClosedAt,
          wideningPeriod,
        }),
    )!;
    await atNextBlock(claimAt);
    const pool = await sys.court.pool();
    await expect(sys.court.connect(loser).claimVerifier(sys.jobId))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtNotDrawn")
      .withArgs(sys.jobId, loser.address);
    expect(await sys.court.pool()).to.equal(pool); // nothing reserved
    expect((await providerOf(sys.registry, loser)).locked).to.equal(0n);
  });

  it("test_claimVerifier_RevertWhen_StakedInTheBlockOfTheLastCommitment", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    // `other` registers before, and stakes in the very block of the commitment that closes commits.
    await sys.registry.connect(sys.other).register("ipfs://late", 1, TOKEN / 100n, 0, 4);
    await fund(sys, sys.other, 1_000n * TOKEN, await sys.registry.getAddress());
    const jobId = await postJob(sys);
    const [p] = await claimSlots(sys, jobId, sys.providers, 1);
    await ethers.provider.send("evm_setAutomine", [false]);
    try {
      await sys.registry.connect(sys.other).stake(1_000n * TOKEN);
      await commitAll(sys, jobId, [p!], [right]);
      await networkHelpers.mine(1);
    } finally {
      await ethers.provider.send("evm_setAutomine", [true]);
    }
    await forceAudit(sys, jobId, true);
    const job = await sys.market.getJob(jobId);
    expect(await sys.registry.stakeAt(sys.other.address, job.commitsClosedBlock)).to.equal(1_000n * TOKEN);
    const { auditDrawEndsAt } = await sys.market.timeline(jobId);
    await networkHelpers.time.increaseTo(auditDrawEndsAt - 1n); // the widest draw
    expect(await sys.court.isDrawn(jobId, sys.other.address)).to.equal(false);
    await expect(sys.court.connect(sys.other).claimVerifier(jobId))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtNotDrawn")
      .withArgs(jobId, sys.other.address);
  });

  it("test_claimVerifier_RevertWhen_PoolInsufficient_AndTheJobFailsClosed", async () => {
    const sys = await networkHelpers.loadFixture(richFixture);
    // Four jobs of a 140-token budget, each within what the 1,000-token pool can verify in full (1,000 / 7) when
    // posted. The fourth commits last, so its audit comes after the others took the pool.
    const price = (14n * TOKEN) / 10n;
    const jobs: bigint[] = [];
    for (let i = 0; i < 4; i++) jobs.push(await postJob(sys, { maxPricePerMfuel: price, commitWindow: 3_600n }));
    const claimers: HardhatEthersSigner[] = [];
    for (const jobId of jobs) {
      const others = sys.providers.filter((p) => !claimers.includes(p)); // one job each, so locks are per job
      claimers.push((await claimSlots(sys, jobId, others, 1))[0]!);
    }
    const budget = (await sys.market.getJob(jobs[3]!)).budget;
    expect(budget).to.equal(140n * TOKEN);
    // Three are challenged; their panels, side by side, reserve seven budgets (3 + 3 + 1): 20 tokens stay free.
    for (const [i, jobId] of jobs.slice(0, 3).entries()) await deliver(sys, jobId, [claimers[i]!], [right]);
    const seated = await reservePool(sys, jobs.slice(0, 3), sys.other, sys.verifiers);
    expect(seated.map((s) => s.length)).to.deep.equal([3, 3, 1]);
    const free = POOL_SEED - 7n * budget;
    expect([await sys.court.pool(), await sys.court.reserved()]).to.deep.equal([free, 7n * budget]);
    const jobId = jobs[3]!;
    await commitAll(sys, jobId, [claimers[3]!], [right]);
    await forceAudit(sys, jobId, true);
    const job = await sys.market.getJob(jobId);
    const v = await nextDrawn(sys, jobId, sys.verifiers);
    await expect(sys.court.connect(v).claimVerifier(jobId))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtPoolInsufficient")
      .withArgs(budget, free);
    // Nobody can audit: the audit goes unanswered, the panel cannot be paid either, and the job fails closed.
    const t = await sys.market.timeline(jobId);
    await networkHelpers.time.increaseTo(t.auditCommitEndsAt + 1n);
    await revealAll(sys, jobId, [claimers[3]!], [right]);
    await networkHelpers.time.increaseTo(t.revealEndsAt + 1n);
    await sys.market.settle(jobId);
    for (let round = 1; round <= 2; round++) {
      const r = await sys.court.getRound(jobId, round);
      await networkHelpers.time.increaseTo(r.drawEndsAt + 1n);
      await sys.court.resolve(jobId);
    }
    const settled = await sys.market.getJob(jobId);
    expect(settled.status).to.equal(JobStatus.Refunded);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(job.budget + job.fee);
    expect((await providerOf(sys.registry, claimers[3]!)).locked).to.equal(0n);
    expect(await sys.court.pool()).to.equal(free + job.auditFee); // never below zero; the audit fee kept on the limit
    await expectConservation(sys);
  });
});

/**
 * A `candidates` member whose draw for the current round of `jobId` comes under the round's widening but not under
 * `slower` (seconds) a few seconds later, when it comes (seconds after the round opened), and its lottery.
 */
async function drawnOnlyByTheRoundsWidening(
  sys: System,
  jobId: bigint,
  round: { openedBlock: bigint; seats: bigint; wideningPeriod: bigint },
  candidates: HardhatEthersSigner[],
  slower: bigint,
) {
  const seed = await sys.randomness.seedFor(round.openedBlock);
  const totalStake = await sys.registry.totalStakeAt(round.openedBlock - 1n);
  for (const signer of candidates) {
    const lottery = {
      seed,
      jobId,
      provider: signer.address,
      stake: await sys.registry.lotteryStakeAt(signer.address, round.openedBlock - 1n),
      totalStake,
      replicas: round.seats,
    };
    const at = firstWinningElapsed({ ...lottery, wideningPeriod: round.wideningPeriod }, 600n);
    const wins = (elapsed: bigint, wideningPeriod: bigint) => lotteryWins({ ...lottery, elapsed, wideningPeriod });
    if (at !== undefined && at >= 10n && !wins(at + 10n, slower)) return { signer, at, wins };
  }
  throw new Error("every candidate is drawn under the slower widening too");
}

describe("VerificationCourt.claimVerifier — panels", () => {
  it("test_claimVerifier_APanelsWideningIsFixedWhenItOpensSoEligibilityOnlyGrows", async () => {
    const sys = await networkHelpers.loadFixture(panelFixture);
    const round = await sys.court.getRound(sys.jobId, 1);
    expect(round.wideningPeriod).to.equal(60n);
    await networkHelpers.mine(2); // the seed block, readable from the next one
    const candidates = sys.verifiers.filter((v) => v !== sys.auditor);
    const { signer, at, wins } = await drawnOnlyByTheRoundsWidening(sys, sys.jobId, round, candidates, DAY);
    // Governance slows the court's widening to a day while the panel draws.
    const params = await currentCourtParameters(sys.court);
    await sys.court.connect(sys.owner).setParameters({ ...params, wideningPeriod: DAY });
    expect((await sys.court.getRound(sys.jobId, 1)).wideningPeriod).to.equal(60n);
    await advanceTo(round.openedAt, at + 4n);
    await networkHelpers.mine(1);
    const elapsed = BigInt(await networkHelpers.time.latest()) - round.openedAt;
    expect([wins(elapsed, 60n), wins(elapsed, DAY)]).to.deep.equal([true, false]);
    expect(await sys.court.isDrawn(sys.jobId, signer.address)).to.equal(true);
    await expect(sys.court.connect(signer).claimVerifier(sys.jobId)).to.emit(sys.court, "VerifierDrawn");
  });

  it("test_claimVerifier_ANewRoundWidensByTheParametersInForceWhenItOpens", async () => {
    const sys = await networkHelpers.loadFixture(panelFixture);
    const params = await currentCourtParameters(sys.court);
    await sys.court.connect(sys.owner).setParameters({ ...params, wideningPeriod: 120n });
    const panel = await claimSeats(
      sys,
      sys.jobId,
      sys.verifiers.filter((v) => v !== sys.auditor),
      3,
    );
    const split = [answer("a"), answer("b"), answer("c")];
    await commitVerdicts(sys, sys.jobId, panel, split);
    await revealVerdicts(sys, sys.jobId, panel, split);
    await sys.court.resolve(sys.jobId);
    expect((await sys.court.getRound(sys.jobId, 1)).wideningPeriod).to.equal(60n);
    expect((await sys.court.getRound(sys.jobId, 2)).wideningPeriod).to.equal(120n);
  });

  it("test_claimVerifier_TheAuditsWideningIsFixedWhenTheAuditIsDecided", async () => {
    const sys = await networkHelpers.loadFixture(auditedJobFixture);
    const job = await sys.market.getJob(sys.jobId);
    expect(job.wideningPeriod).to.equal(60n);
    const round = { openedBlock: job.commitsClosedBlock, seats: 1n, wideningPeriod: job.wideningPeriod };
    const { signer, at } = await drawnOnlyByTheRoundsWidening(sys, sys.jobId, round, sys.verifiers, DAY);
    // Decided, nobody drawn yet: governance slows both the market's widening (jobs posted from now on) and the court's
    // (panels opened from now on) to their slowest. The audit keeps the job's own, fixed when it was posted.
    await sys.market
      .connect(sys.owner)
      .setParameters({ ...(await currentParameters(sys.market)), wideningPeriod: 18n * 3_600n }); // its slowest
    const params = await currentCourtParameters(sys.court);
    await sys.court.connect(sys.owner).setParameters({ ...params, wideningPeriod: DAY });
    await advanceTo(job.commitsClosedAt, at + 2n);
    await networkHelpers.mine(1);
    expect(await sys.court.isDrawn(sys.jobId, signer.address)).to.equal(true);
    await expect(sys.court.connect(signer).claimVerifier(sys.jobId))
      .to.emit(sys.court, "VerifierDrawn")
      .withArgs(sys.jobId, signer.address, 0, 0, COLLATERAL, BUDGET);
    expect((await sys.court.getRound(sys.jobId, 0)).wideningPeriod).to.equal(60n);
  });

  it("test_claimVerifier_TheAuditWidensWithTheJobsWideningNotTheCourts", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    // The court's widening is six times faster than the job's 60 s before the job is even posted.
    const params = await currentCourtParameters(sys.court);
    await sys.court.connect(sys.owner).setParameters({ ...params, wideningPeriod: 10n });
    const { jobId } = await toCommitted(sys, [right]);
    await forceAudit(sys, jobId, true);
    const job = await sys.market.getJob(jobId);
    expect(job.wideningPeriod).to.equal(60n);
    // A verifier the court's widening would admit by now, but the job's not until later.
    const fast = { openedBlock: job.commitsClosedBlock, seats: 1n, wideningPeriod: 10n };
    const { signer, at } = await drawnOnlyByTheRoundsWidening(sys, jobId, fast, sys.verifiers, 60n);
    await advanceTo(job.commitsClosedAt, at + 2n);
    await networkHelpers.mine(1);
    expect(await sys.court.isDrawn(jobId, signer.address)).to.equal(false);
    await expect(sys.court.connect(signer).claimVerifier(jobId))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtNotDrawn")
      .withArgs(jobId, signer.address);
  });

  it("test_claimVerifier_DrawsAPanelSeatWithTheSeedOfTheBlockAfterItOpened", async () => {
    const sys = await networkHelpers.loadFixture(panelFixture);
    const round = await sys.court.getRound(sys.jobId, 1);
    const candidates = sys.verifiers.filter((v) => v !== sys.auditor);
    const v = await nextDrawn(sys, sys.jobId, candidates);
    const reserved = await sys.court.reserved();
    const tx = sys.court.connect(v).claimVerifier(sys.jobId);
    await expect(tx).to.emit(sys.court, "VerifierDrawn").withArgs(sys.jobId, v.address, 1, 0, COLLATERAL, BUDGET);
    await expect(tx).to.not.emit(sys.court, "RoundOpened");
    expect(await sys.court.reserved()).to.equal(reserved + BUDGET);
    expect(await sys.randomness.seedFor(round.openedBlock)).to.equal(
      (await ethers.provider.getBlock(round.openedBlock + 1n))!.hash,
    );
    expect((await sys.court.getRound(sys.jobId, 1)).claimed).to.equal(1n);
  });

  it("test_claimVerifier_RevertWhen_Ineligible_AnEarlierVerifierOfTheJob", async () => {
    const sys = await networkHelpers.loadFixture(panelFixture);
    await expect(sys.court.connect(sys.auditor).claimVerifier(sys.jobId))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtIneligible")
      .withArgs(sys.jobId, sys.auditor.address);
  });

  it("test_claimVerifier_RevertWhen_Ineligible_TheChallenger", async () => {
    const sys = await networkHelpers.loadFixture(challengedFixture);
    await addProvider(sys, sys.other); // eligible by stake, so only the exclusion can stop it
    await expect(sys.court.connect(sys.challenger).claimVerifier(sys.jobId))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtIneligible")
      .withArgs(sys.jobId, sys.challenger.address);
  });

  it("test_claimVerifier_RevertWhen_SeedNotReady", async () => {
    const sys = await networkHelpers.loadFixture(challengedFixture);
    const { openedBlock } = await sys.court.getRound(sys.jobId, 1);
    // Mined in the block right after the panel opened: its hash is the seed.
    await expect(sys.court.connect(sys.verifiers[0]!).claimVerifier(sys.jobId))
      .to.be.revertedWithCustomError(sys.randomness, "RandomnessSeedNotReady")
      .withArgs(openedBlock, openedBlock + 1n);
  });

  it("test_claimVerifier_RevertWhen_StakedInTheBlockThePanelOpened", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    await sys.registry.connect(sys.other).register("ipfs://late", 1, TOKEN / 100n, 0, 4);
    await fund(sys, sys.other, 1_000n * TOKEN, await sys.registry.getAddress());
    const { jobId, claimers } = await toCommitted(sys, [right, right, wrong]);
    await forceAudit(sys, jobId, false);
    await revealAll(sys, jobId, claimers, [right, right, wrong]);
    await ethers.provider.send("evm_setAutomine", [false]);
    try {
      await sys.registry.connect(sys.other).stake(1_000n * TOKEN);
      await sys.market.settle(jobId); // opens the panel in this block
      await networkHelpers.mine(1);
    } finally {
      await ethers.provider.send("evm_setAutomine", [true]);
    }
    const round = await sys.court.getRound(jobId, 1);
    expect(await sys.registry.stakeAt(sys.other.address, round.openedBlock)).to.equal(1_000n * TOKEN);
    await networkHelpers.time.increaseTo(round.drawEndsAt - 1n);
    expect(await sys.court.isDrawn(jobId, sys.other.address)).to.equal(false);
    await expect(sys.court.connect(sys.other).claimVerifier(jobId))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtNotDrawn")
      .withArgs(jobId, sys.other.address);
  });

  it("test_claimVerifier_RevertWhen_NotOpen", async () => {
    const sys = await networkHelpers.loadFixture(panelFixture);
    const panel = await claimSeats(
      sys,
      sys.jobId,
      sys.verifiers.filter((v) => v !== sys.auditor),
      3,
    );
    await commitVerdicts(sys, sys.jobId, panel, [right, right, right]);
    await revealVerdicts(sys, sys.jobId, panel, [right, right, right]);
    await sys.court.resolve(sys.jobId);
    const late = sys.providers.find((p) => p !== sys.claimers[0])!;
    await expect(sys.court.connect(late).claimVerifier(sys.jobId))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtNotOpen")
      .withArgs(sys.jobId, VerificationStatus.Final);
    expect(await sys.court.isDrawn(sys.jobId, late.address)).to.equal(false);
  });
});

describe("VerificationCourt.isDrawn", () => {
  it("test_isDrawn_FalseBeforeTheRoundsSeedExistsAndForNonAuditedJobs", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const { jobId } = await toCommitted(sys, [right]);
    expect(await sys.court.isDrawn(jobId, sys.verifiers[0]!.address)).to.equal(false); // undecided
    await forceAudit(sys, jobId, false);
    expect(await sys.court.isDrawn(jobId, sys.verifiers[0]!.address)).to.equal(false); // not audited
    expect(await sys.court.isDrawn(99n, sys.verifiers[0]!.address)).to.equal(false);
  });

  it("test_isDrawn_TrueForEveryStakedAccountOnceFullyWidened", async () => {
    const sys = await networkHelpers.loadFixture(panelFixture);
    const round = await sys.court.getRound(sys.jobId, 1);
    // Three seats among 14,000 staked tokens: 1,000 × 3 × w(t) >= 14,000 once w(t) >= 4.67, i.e. after 220 s.
    await networkHelpers.mine(1); // the seed block
    await networkHelpers.time.increaseTo(round.openedAt + 230n);
    for (const v of sys.verifiers) expect(await sys.court.isDrawn(sys.jobId, v.address)).to.equal(true);
    expect(await sys.court.isDrawn(sys.jobId, sys.other.address)).to.equal(false); // no stake
  });

  it("test_isDrawn_MatchesTheOffChainLottery", async () => {
    const sys = await networkHelpers.loadFixture(panelFixture);
    const round = await sys.court.getRound(sys.jobId, 1);
    await networkHelpers.mine(1); // the seed block
    await networkHelpers.time.increaseTo(round.openedAt + 30n);
    const seed = await sys.randomness.seedFor(round.openedBlock);
    const { wideningPeriod } = round;
    expect(wideningPeriod).to.equal((await sys.court.parameters()).wideningPeriod);
    for (const v of sys.verifiers) {
      const expected = lotteryWins({
        seed,
        jobId: sys.jobId,
        provider: v.address,
        stake: await sys.registry.lotteryStakeAt(v.address, round.openedBlock - 1n),
        totalStake: await sys.registry.totalStakeAt(round.openedBlock - 1n),
        replicas: 3n,
        elapsed: 30n,
        wideningPeriod,
      });
      expect(await sys.court.isDrawn(sys.jobId, v.address)).to.equal(expected);
    }
  });
});
