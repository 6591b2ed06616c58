import { ZeroHash } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import {
  AuditState,
  DAY,
  Fault,
  JobStatus,
  Outcome,
  TOKEN,
  answer,
  claimAuditor,
  claimSlots,
  commitAll,
  commitVerdicts,
  ethers,
  expectConservation,
  networkFixture,
  networkHelpers,
  passChallengeWindow,
  postJob,
  providerOf,
  revealAll,
  revealVerdicts,
  type System,
  verifierPay,
} from "../fixture.js";
import { expectedSettlement, withdrawExactly } from "../helpers/money.js";

/**
 * A claimer that never commits is a no-show: slashed noShowSlashBps (25% of the 30-token collateral) once anyone
 * settles after the commit deadline; a k = 3 job with a slot undelivered is always audited; `jailThreshold` faults
 * within `faultWindow` (a sliding window, counting only faults since the provider's last jail) jail it for
 * `jailDuration`, whatever it completed in between.
 */
const right = answer("right");

/** Posts a k = 1 job and has `p` claim it (it will never commit); returns the job and its commit deadline. */
async function claimedNoShow(sys: System, p: HardhatEthersSigner) {
  const jobId = await postJob(sys, { claimWindow: 3_600n });
  await claimSlots(sys, jobId, [p], 1);
  return { jobId, commitDeadline: (await sys.market.getJob(jobId)).commitDeadline };
}

describe("flow: Post_Claim_NoShow_Slash_Jail", () => {
  it("k = 1: a claimer that never commits is slashed 7.5; the requester gets its escrow back and half the slash, at most the 2 it escrowed", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const jobId = await postJob(sys);
    const [p] = await claimSlots(sys, jobId, sys.providers, 1);
    const job = await sys.market.getJob(jobId);
    await networkHelpers.time.increaseTo(job.commitDeadline + 1n);
    const e = expectedSettlement({ job, params: await sys.market.parameters(), completed: false, noShows: 1 });
    expect(e.noShowSlash).to.equal((75n * TOKEN) / 10n);
    expect(e.compensation).to.equal(job.budget); // half of 7.5, capped at the budget it escrowed for the replica
    const total = await sys.registry.totalStake();
    const settle = sys.market.connect(sys.other).settle(jobId);
    await expect(settle)
      .to.emit(sys.market, "AssignmentSlashed")
      .withArgs(jobId, p!.address, Fault.NoShow, e.noShowSlash);
    await expect(settle)
      .to.emit(sys.registry, "ProviderSlashed")
      .withArgs(p!.address, jobId, Fault.NoShow, e.noShowSlash, 1_000n * TOKEN - e.noShowSlash, total - e.noShowSlash);
    // Nothing was committed: no audit, and the audit fee is refunded with the rest.
    await expect(settle)
      .to.emit(sys.market, "JobSettled")
      .withArgs(
        jobId,
        sys.requester.address,
        Outcome.NoResult,
        ethers.ZeroHash,
        0n,
        0n,
        0n,
        0n,
        job.budget + job.fee + job.auditFee,
        e.compensation,
        e.slashed,
        e.toCourt,
      );
    expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Refunded);
    expect(await sys.market.claimable(await sys.court.getAddress())).to.equal(e.toCourt); // the other 5.5
    const rec = await providerOf(sys.registry, p!);
    expect([rec.stake, rec.locked, rec.noShows, rec.jailedUntil]).to.deep.equal([
      1_000n * TOKEN - e.noShowSlash,
      0n,
      1n,
      0n, // one fault, short of the jail threshold
    ]);
    await withdrawExactly(sys, [[sys.requester, e.requester]]);
    await expectConservation(sys);
  });

  it("k = 3: a claimer that never commits is slashed; the job is audited, and the agreeing two are paid with its share", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const jobId = await postJob(sys, { replicas: 3 });
    const [a, b, silent] = await claimSlots(sys, jobId, sys.providers, 3);
    await commitAll(sys, jobId, [a!, b!], [right, right]);
    await networkHelpers.time.increaseTo((await sys.market.getJob(jobId)).commitDeadline + 1n);
    await sys.market.decideAudit(jobId); // commits closed with a slot undelivered: always audited
    expect((await sys.market.getJob(jobId)).audit).to.equal(AuditState.Audited);
    const auditor = await claimAuditor(sys, jobId, sys.verifiers);
    await commitVerdicts(sys, jobId, [auditor], [right]);
    await revealAll(sys, jobId, [a!, b!], [right, right]);
    await revealVerdicts(sys, jobId, [auditor], [right]);
    await passChallengeWindow(sys, jobId);
    const job = await sys.market.getJob(jobId);
    const price = { pricePerMfuel: TOKEN / 100n };
    const e = expectedSettlement({
      job,
      params: await sys.market.parameters(),
      completed: true,
      fuel: right.fuel,
      winners: [price, price],
      noShows: 1,
    });
    const settle = sys.market.settle(jobId);
    await expect(settle)
      .to.emit(sys.market, "AssignmentSlashed")
      .withArgs(jobId, silent!.address, Fault.NoShow, e.noShowSlash);
    for (const h of [a!, b!])
      await expect(settle).to.emit(sys.market, "ProviderPaid").withArgs(jobId, h.address, e.payments[0], e.bonus);
    const pay = verifierPay(right.fuel, job.maxPricePerMfuel); // 0.8: its 40 Mfuel at the job's 0.02
    await expect(settle).to.emit(sys.court, "VerifierPaid").withArgs(jobId, auditor.address, 0, pay, true);
    expect(e.bonus).to.equal((75n * TOKEN) / 100n); // 20% of 7.5, halved
    await withdrawExactly(sys, [
      [a!, e.payments[0]! + e.bonus],
      [b!, e.payments[0]! + e.bonus],
      [sys.requester, e.requester],
      [sys.treasury, job.fee],
    ]);
    await withdrawExactly(sys, [[auditor, pay]], "court");
    await expectConservation(sys);
  });

  it("jails when jailThreshold faults fall within the fault window, refuses its claims while jailed, and lets it back after", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const p = sys.providers[0]!;
    const threshold = await sys.registry.jailThreshold();
    const duration = await sys.registry.jailDuration();
    expect([threshold, duration, await sys.registry.faultWindow()]).to.deep.equal([3n, DAY, 7n * DAY]);
    const jobs = [];
    for (let i = 0n; i < threshold; i++) jobs.push(await claimedNoShow(sys, p));
    // Three no-shows counted three days apart: the third falls one second short of a week after the first.
    const start = jobs.reduce((t, j) => (j.commitDeadline > t ? j.commitDeadline : t), 0n) + 1n;
    const gap = 3n * DAY;
    for (const [i, job] of jobs.slice(0, -1).entries()) {
      await networkHelpers.time.setNextBlockTimestamp(start + BigInt(i) * gap);
      await expect(sys.market.connect(sys.other).settle(job.jobId)).to.not.emit(sys.registry, "ProviderJailed");
      expect((await providerOf(sys.registry, p)).noShows).to.equal(BigInt(i + 1));
    }
    const jailedAt = start + 7n * DAY - 1n;
    await networkHelpers.time.setNextBlockTimestamp(jailedAt);
    const settle = await sys.market.connect(sys.other).settle(jobs.at(-1)!.jobId);
    const until = jailedAt + duration;
    await expect(settle).to.emit(sys.registry, "ProviderJailed").withArgs(p.address, until, threshold);
    const rec = await providerOf(sys.registry, p);
    expect([rec.jailedUntil, rec.faultsAtJail, rec.noShows]).to.deep.equal([until, 3n, 3n]);
    expect(await sys.registry.reputation(p.address)).to.equal(0n);
    await expectConservation(sys);

    // While jailed every claim is refused, however wide the draw; others are unaffected.
    const blocked = await postJob(sys, { claimWindow: 3_600n }); // widened 61x by its deadline: everyone is drawn
    await networkHelpers.mine(2);
    await networkHelpers.time.setNextBlockTimestamp((await sys.market.getJob(blocked)).claimDeadline);
    await expect(sys.market.connect(p).claim(blocked, ZeroHash))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryJailed")
      .withArgs(p.address, until);
    await expect(sys.market.connect(sys.providers[1]!).claim(blocked, ZeroHash)).to.emit(sys.market, "JobClaimed");

    // After the jail term the provider claims again.
    await networkHelpers.time.increaseTo(until);
    const next = await postJob(sys, { claimWindow: 3_600n });
    await claimSlots(sys, next, [p], 1);
    expect((await sys.market.getAssignments(next))[0]!.provider).to.equal(p.address);
    await expectConservation(sys);
  });
});
