import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { ZeroHash } from "ethers";
import { expect } from "chai";
import { commitment } from "@hashwork/sdk/results";
import {
  AuditState,
  BPS,
  Fault,
  JobStatus,
  MFUEL,
  Outcome,
  TOKEN,
  VerificationReason,
  advanceTo,
  answer,
  claimAuditor,
  claimSlots,
  commitAll,
  commitVerdicts,
  drawSchedule,
  ethers,
  expectConservation,
  forceAudit,
  networkFixture,
  networkHelpers,
  passChallengeWindow,
  postJob,
  providerOf,
  resultWord,
  revealAll,
  revealVerdicts,
  saltOf,
  type System,
  slotIndex,
} from "../fixture.js";
import { deliver, runPanel } from "../helpers/court.js";
import { expectedSettlement, worths } from "../helpers/money.js";

/**
 * Attacks on replicas' consensus: copying another replica's commitment, waiting for the others' reveals, withholding
 * a reveal that would lose, and cartels. Any two different real results now go to a verifier panel, so a cartel
 * holding a majority of a job's slots no longer wins by outvoting the honest replica; a cartel holding every slot is
 * caught when the job is audited. On 985df8e a 2-of-3 cartel won and the honest replica was slashed 4 tokens.
 * Defaults: budget 2 per replica, collateral 30, dissent (and withheld) slash 100%, no-show 25%.
 */
const right = answer("right");
const wrong = answer("wrong", 100n * MFUEL); // the cartel bills the whole fuel limit

const params = (sys: System) => sys.market.parameters();
const PRICE = TOKEN / 100n; // every provider's price per Mfuel in the fixture

/**
 * The end of a copied commitment (k = 3, unaudited): the honest pair reveals; h1's answer and salt are then public, but
 * the commitment binds h1's address, so it does not open for the copier, which is slashed as a withholder at
 * settlement while the honest pair and the requester are paid what the settlement formula says.
 */
async function copierCannotRevealAndIsSlashed(
  sys: System,
  jobId: bigint,
  [h1, h2]: [HardhatEthersSigner, HardhatEthersSigner],
  copier: HardhatEthersSigner,
): Promise<void> {
  await forceAudit(sys, jobId, false);
  await revealAll(sys, jobId, [h1, h2], [right, right]);
  await expect(
    sys.market
      .connect(copier)
      .revealResult(jobId, await slotIndex(sys.market, jobId, copier), right.output, right.fuel, saltOf(h1), ""),
  )
    .to.be.revertedWithCustomError(sys.market, "JobMarketCommitmentMismatch")
    .withArgs(jobId, copier.address);

  await passChallengeWindow(sys, jobId);
  const job = await sys.market.getJob(jobId);
  const e = expectedSettlement({
    job,
    params: await params(sys),
    completed: true,
    fuel: right.fuel,
    winners: [{ pricePerMfuel: PRICE }, { pricePerMfuel: PRICE }],
    dissenters: 1,
  });
  await expect(sys.market.settle(jobId))
    .to.emit(sys.market, "AssignmentSlashed")
    .withArgs(jobId, copier.address, Fault.Withheld, e.dissentSlash);
  expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Completed);
  expect((await providerOf(sys.registry, copier)).stake).to.equal(1_000n * TOKEN - job.collateral);
  expect(await sys.market.claimable(copier.address)).to.equal(0n);
  for (const h of [h1, h2]) expect(await sys.market.claimable(h.address)).to.equal(e.payments[0]! + e.bonus); // 0.4 + 3
  expect(await sys.market.claimable(sys.requester.address)).to.equal(e.requester);
  await expectConservation(sys);
}

describe("adversarial: Consensus", () => {
  it("a replica that copies another's commitment cannot reveal it and is slashed like a dissent (Withheld)", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const jobId = await postJob(sys, { replicas: 3 });
    const [h1, h2, copier] = await claimSlots(sys, jobId, sys.providers, 3);
    await commitAll(sys, jobId, [h1!, h2!], [right, right]);
    // The copier reads h1's commitment from the chain and posts it as its own.
    const [a1] = await sys.market.getAssignments(jobId);
    await sys.market.connect(copier!).commitResult(jobId, await slotIndex(sys.market, jobId, copier!), a1!.result);
    expect(commitment(jobId, copier!.address, right.output, right.fuel, saltOf(h1!))).to.not.equal(a1!.result);
    await copierCannotRevealAndIsSlashed(sys, jobId, [h1!, h2!], copier!);
  });

  it("a replica that copies the commitment another's claim carried (JobClaimed) into its own committing claim cannot reveal it and is slashed (Withheld)", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const jobId = await postJob(sys, { replicas: 3 });
    const draws = (await drawSchedule(sys, jobId, sys.providers)).slice(0, 3);
    const { postedAt, collateral } = await sys.market.getJob(jobId);
    const [h1, h2, copier] = draws.map((d) => d.signer) as [
      HardhatEthersSigner,
      HardhatEthersSigner,
      HardhatEthersSigner,
    ];
    // The honest replicas claim and commit in one transaction each.
    for (const [i, h] of [h1, h2].entries()) {
      await advanceTo(postedAt, draws[i]!.at);
      await sys.market.connect(h).claim(jobId, commitment(jobId, h.address, right.output, right.fuel, saltOf(h)));
    }
    // The copier reads h1's commitment from h1's JobClaimed and claims the last slot with it: commits close.
    const [claimedByH1] = await sys.market.queryFilter(sys.market.filters.JobClaimed(jobId, h1.address));
    const copied = claimedByH1!.args.commitment;
    expect(copied).to.equal((await sys.market.getAssignments(jobId))[0]!.result);
    await advanceTo(postedAt, draws[2]!.at);
    await expect(sys.market.connect(copier).claim(jobId, copied))
      .to.emit(sys.market, "CommitsClosed")
      .and.to.emit(sys.market, "JobClaimed")
      .withArgs(jobId, copier.address, 2, PRICE, 0, collateral, copied);
    expect((await sys.market.getJob(jobId)).committedMask).to.equal(0b111n);

    await copierCannotRevealAndIsSlashed(sys, jobId, [h1, h2], copier);
  });

  it("a replica cannot wait for the others' reveals: reveals open only once commits close, and a late claimer cannot commit", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const jobId = await postJob(sys, { replicas: 3 });
    const job = await sys.market.getJob(jobId);
    const [h1, h2] = await claimSlots(sys, jobId, sys.providers, 2);
    await commitAll(sys, jobId, [h1!, h2!], [right, right]);
    // A third slot is still claimable, so its future holder could copy: reveals stay closed.
    await expect(
      sys.market
        .connect(h1!)
        .revealResult(jobId, await slotIndex(sys.market, jobId, h1!), right.output, right.fuel, saltOf(h1!), ""),
    )
      .to.be.revertedWithCustomError(sys.market, "JobMarketCommitsNotClosed")
      .withArgs(jobId);
    const late = sys.providers.find((p) => p !== h1 && p !== h2)!;
    await networkHelpers.time.setNextBlockTimestamp(job.claimDeadline);
    await sys.market.connect(late).claim(jobId, ZeroHash);
    await networkHelpers.time.increaseTo(job.commitDeadline + 1n);
    await expect(
      sys.market
        .connect(late)
        .commitResult(
          jobId,
          await slotIndex(sys.market, jobId, late),
          commitment(jobId, late.address, right.output, right.fuel, saltOf(late)),
        ),
    )
      .to.be.revertedWithCustomError(sys.market, "JobMarketDeadlinePassed")
      .withArgs(jobId, job.commitDeadline);
    // Commits closed with a slot undelivered: the job is audited, and reveals wait for the auditor.
    await sys.market.decideAudit(jobId);
    expect((await sys.market.getJob(jobId)).audit).to.equal(AuditState.Audited);
    await expect(
      sys.market
        .connect(h1!)
        .revealResult(jobId, await slotIndex(sys.market, jobId, h1!), right.output, right.fuel, saltOf(h1!), ""),
    )
      .to.be.revertedWithCustomError(sys.market, "JobMarketRevealNotOpen")
      .withArgs(jobId);
    await expectConservation(sys);
  });

  it("a replica withholding its reveal after seeing it would lose is slashed like a dissent (Withheld), not as a no-show", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const jobId = await postJob(sys, { replicas: 3 });
    const claimers = await claimSlots(sys, jobId, sys.providers, 3);
    await commitAll(sys, jobId, claimers, [right, right, wrong]);
    await forceAudit(sys, jobId, false);
    await revealAll(sys, jobId, claimers.slice(0, 2), [right, right]); // the third sees two rights and keeps quiet
    await networkHelpers.time.increaseTo((await sys.market.timeline(jobId)).challengeEndsAt + 1n);
    const job = await sys.market.getJob(jobId);
    const p = await params(sys);
    const e = expectedSettlement({
      job,
      params: p,
      completed: true,
      fuel: right.fuel,
      winners: [{ pricePerMfuel: PRICE }, { pricePerMfuel: PRICE }],
      dissenters: 1,
    });
    await expect(sys.market.settle(jobId))
      .to.emit(sys.market, "AssignmentSlashed")
      .withArgs(jobId, claimers[2]!.address, Fault.Withheld, job.collateral);
    expect(e.dissentSlash).to.equal(job.collateral); // 30, where a no-show loses 7.5
    expect(e.dissentSlash).to.be.greaterThan((job.collateral * p.noShowSlashBps) / BPS);
    expect((await providerOf(sys.registry, claimers[2]!)).slashes).to.equal(1n);
    await expectConservation(sys);
  });

  it("a cartel below quorum (2 of 5 post the same wrong answer) sends the job to a panel and loses its collateral", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const jobId = await postJob(sys, { replicas: 5 });
    const claimers = await claimSlots(sys, jobId, sys.providers, 5);
    const answers = [wrong, wrong, right, right, right];
    await deliver(sys, jobId, claimers, answers);
    await expect(sys.market.settle(jobId))
      .to.emit(sys.market, "VerificationStarted")
      .withArgs(jobId, VerificationReason.Disagreement, ethers.ZeroAddress, resultWord(right));
    const job = await sys.market.getJob(jobId);
    const e = expectedSettlement({
      job,
      params: await params(sys),
      completed: true,
      fuel: right.fuel,
      winners: Array(3).fill({ pricePerMfuel: PRICE }),
      dissenters: 2,
      verified: true,
    });
    await runPanel(sys, jobId, sys.verifiers, [right, right, right]);
    for (const c of claimers.slice(0, 2)) {
      expect((await providerOf(sys.registry, c)).stake).to.equal(1_000n * TOKEN - job.collateral);
      expect(await sys.market.claimable(c.address)).to.equal(0n);
    }
    for (const h of claimers.slice(2)) expect(await sys.market.claimable(h.address)).to.equal(e.payments[0]! + e.bonus); // 0.4 + 4
    expect(await sys.market.claimable(sys.requester.address)).to.equal(e.requester);
    await expectConservation(sys);
  });

  it("selective k = 3 cartel holding 2 of 3 slots: the panel pays the honest replica and slashes the cartel", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const jobId = await postJob(sys, { replicas: 3 });
    const claimers = await claimSlots(sys, jobId, sys.providers, 3);
    const cartelBefore = await worths(sys, claimers.slice(0, 2));
    await deliver(sys, jobId, claimers, [wrong, wrong, right]);
    await expect(sys.market.settle(jobId)).to.emit(sys.market, "VerificationStarted");
    const job = await sys.market.getJob(jobId);
    const e = expectedSettlement({
      job,
      params: await params(sys),
      completed: true,
      fuel: right.fuel,
      winners: [{ pricePerMfuel: PRICE }],
      dissenters: 2,
      verified: true,
    });
    await runPanel(sys, jobId, sys.verifiers, [right, right, right]);
    expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Completed);
    expect(await sys.market.claimable(claimers[2]!.address)).to.equal(e.payments[0]! + e.bonus); // 0.4 + 12
    const cartelAfter = await worths(sys, claimers.slice(0, 2));
    for (const [i, w] of cartelAfter.entries()) expect(cartelBefore[i]! - w).to.equal(job.collateral);
    await expectConservation(sys);
  });

  it("selective k = 3 cartel holding all 3 slots: caught when audited; at the default audit rate and collateral its expected profit is negative", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    // Unaudited, the cartel's wrong answer is paid: the most it can gain per job.
    const free = await postJob(sys, { replicas: 3 });
    const c1 = await claimSlots(sys, free, sys.providers, 3);
    const before1 = await worths(sys, c1);
    await deliver(sys, free, c1, [wrong, wrong, wrong]);
    await passChallengeWindow(sys, free);
    await sys.market.settle(free);
    const gain = (await worths(sys, c1)).reduce((a, w, i) => a + w - before1[i]!, 0n);
    expect(gain).to.equal(3n * TOKEN); // 100 Mfuel at 0.01 each

    // Audited: the auditor re-executes, disagrees, and the panel overturns all three.
    const caught = await postJob(sys, { replicas: 3 });
    const c2 = await claimSlots(sys, caught, sys.providers, 3);
    const before2 = await worths(sys, c2);
    await deliver(sys, caught, c2, [wrong, wrong, wrong], true);
    const auditor = await claimAuditor(sys, caught, sys.verifiers);
    await commitVerdicts(sys, caught, [auditor], [right]);
    await revealAll(sys, caught, c2, [wrong, wrong, wrong]);
    await revealVerdicts(sys, caught, [auditor], [right]);
    await expect(sys.market.settle(caught))
      .to.emit(sys.market, "VerificationStarted")
      .withArgs(caught, VerificationReason.Disagreement, ethers.ZeroAddress, resultWord(wrong));
    const job = await sys.market.getJob(caught);
    const e = expectedSettlement({
      job,
      params: await params(sys),
      completed: false,
      fuel: right.fuel, // the verdict's: the audit fee is kept on it
      dissenters: 3,
      verified: true,
    });
    expect(e.compensation).to.equal(3n * job.budget); // half of 90 slashed, capped at the 6 escrowed for replicas
    const requesterBefore = await sys.market.claimable(sys.requester.address); // the first job's refund
    await runPanel(
      sys,
      caught,
      sys.verifiers.filter((v) => v !== auditor),
      [right, right, right],
    );
    const [settled] = await sys.market.queryFilter(sys.market.filters.JobSettled(caught));
    expect(settled!.args.outcome).to.equal(Outcome.Overturned);
    expect((await sys.market.claimable(sys.requester.address)) - requesterBefore).to.equal(e.requester);
    const loss = (await worths(sys, c2)).reduce((a, w, i) => a + before2[i]! - w, 0n);
    expect(loss).to.equal(3n * job.collateral); // 90

    // Expected profit per job at the job's audit rate: (1 - r) x gain - r x loss.
    const r = job.auditRateBps;
    const expected = ((BPS - r) * gain - r * loss) / BPS;
    expect(r).to.equal(1_000n);
    expect(expected).to.equal(-(63n * TOKEN) / 10n); // 0.9 x 3 - 0.1 x 90
    // Even billing the whole budget (2 each) unaudited would not pay: 0.9 x 6 - 0.1 x 90 < 0.
    expect((BPS - r) * 3n * job.budget - r * loss).to.be.lessThan(0n);
    await expectConservation(sys);
  });
});
