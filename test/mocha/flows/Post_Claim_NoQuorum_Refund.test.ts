import { expect } from "chai";
import { INPUT_UNAVAILABLE } from "@hashwork/sdk/results";
import {
  AuditState,
  Fault,
  Outcome,
  TOKEN,
  answer,
  claimSlots,
  commitAll,
  ethers,
  expectConservation,
  forceAudit,
  networkHelpers,
  postJob,
  providerOf,
  providersFixture,
  revealAll,
} from "../fixture.js";
import { expectedSettlement, withdrawExactly } from "../helpers/money.js";

/**
 * k = 3 without a quorum: no answer reaches a strict majority of the three slots and no two real answers differ (that
 * would go to a panel). The requester is refunded; replicas that delivered are released unpaid; those that withheld
 * or never committed are slashed, the requester compensated from it (half, capped at the 3 x 2 it escrowed for
 * replicas: made whole, never enriched).
 */
const right = answer("lonely output");

describe("flow: Post_Claim_NoQuorum_Refund (k = 3)", () => {
  it("an answer, an 'input unavailable' and a withheld reveal: no majority; the withholder is slashed, the requester refunded", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys, { replicas: 3 });
    const [answered, unavailable, withheld] = await claimSlots(sys, jobId, sys.providers, 3);
    const iu = { output: INPUT_UNAVAILABLE, fuel: 0n, state: ethers.ZeroHash };
    await commitAll(sys, jobId, [answered!, unavailable!, withheld!], [right, iu, answer("never shown")]);
    await forceAudit(sys, jobId, false);
    await revealAll(sys, jobId, [answered!, unavailable!], [right, iu]);
    expect(await sys.market.isSettleable(jobId)).to.equal(false); // one commitment still unopened
    await networkHelpers.time.increaseTo((await sys.market.timeline(jobId)).revealEndsAt + 1n);
    const job = await sys.market.getJob(jobId);
    const e = expectedSettlement({ job, params: await sys.market.parameters(), completed: false, dissenters: 1 });
    const settle = sys.market.connect(sys.other).settle(jobId);
    await expect(settle)
      .to.emit(sys.market, "AssignmentSlashed")
      .withArgs(jobId, withheld!.address, Fault.Withheld, e.dissentSlash);
    for (const p of [answered!, unavailable!]) {
      await expect(settle).to.emit(sys.market, "AssignmentReleased").withArgs(jobId, p.address, job.collateral);
    }
    await expect(settle).to.not.emit(sys.market, "ProviderPaid");
    await expect(settle)
      .to.emit(sys.market, "JobSettled")
      .withArgs(
        jobId,
        sys.requester.address,
        Outcome.NoConsensus,
        ethers.ZeroHash,
        0n,
        0n,
        0n,
        job.auditFee,
        e.refund,
        e.compensation,
        e.slashed,
        e.toCourt,
      );
    // Half the 30 slashed is 15, capped at the 6 the requester escrowed for replicas.
    expect([e.refund, e.compensation]).to.deep.equal([(615n * TOKEN) / 100n, 6n * TOKEN]);
    for (const p of [answered!, unavailable!]) {
      const rec = await providerOf(sys.registry, p);
      expect([rec.stake, rec.locked, rec.completed, rec.slashes, rec.noShows]).to.deep.equal([
        1_000n * TOKEN,
        0n,
        0n,
        0n,
        0n,
      ]);
    }
    expect(await sys.market.claimable(sys.treasury.address)).to.equal(0n);
    await withdrawExactly(sys, [[sys.requester, e.requester]]);
    await expectConservation(sys);
  });

  it("two of three never commit: the job is audited (fail closed), nobody audits it, the lone answer is no majority", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys, { replicas: 3 });
    const [honest, gone1, gone2] = await claimSlots(sys, jobId, sys.providers, 3);
    await commitAll(sys, jobId, [honest!], [right]);
    await networkHelpers.time.increaseTo((await sys.market.getJob(jobId)).commitDeadline + 1n);
    await sys.market.decideAudit(jobId);
    expect((await sys.market.getJob(jobId)).audit).to.equal(AuditState.Audited);
    const t = await sys.market.timeline(jobId);
    await networkHelpers.time.increaseTo(t.auditCommitEndsAt + 1n); // no auditor committed: reveals open
    await revealAll(sys, jobId, [honest!], [right]);
    await networkHelpers.time.increaseTo(t.revealEndsAt + 1n);
    const job = await sys.market.getJob(jobId);
    const e = expectedSettlement({ job, params: await sys.market.parameters(), completed: false, noShows: 2 });
    const settle = sys.market.connect(sys.other).settle(jobId);
    for (const g of [gone1!, gone2!]) {
      await expect(settle)
        .to.emit(sys.market, "AssignmentSlashed")
        .withArgs(jobId, g.address, Fault.NoShow, e.noShowSlash);
    }
    await expect(settle).to.not.emit(sys.market, "ProviderPaid");
    await expect(settle)
      .to.emit(sys.market, "JobSettled")
      .withArgs(
        jobId,
        sys.requester.address,
        Outcome.NoConsensus,
        ethers.ZeroHash,
        0n,
        0n,
        0n,
        job.auditFee,
        e.refund,
        e.compensation,
        e.slashed,
        e.toCourt,
      );
    // Two no-shows lose 7.5 each; half of the 15 is 7.5, capped at 6.
    expect([e.noShowSlash, e.compensation]).to.deep.equal([(75n * TOKEN) / 10n, 6n * TOKEN]);
    expect(await sys.market.claimable(honest!.address)).to.equal(0n);
    const rec = await providerOf(sys.registry, honest!);
    expect([rec.stake, rec.locked, rec.completed, rec.slashes, rec.noShows]).to.deep.equal([
      1_000n * TOKEN,
      0n,
      0n,
      0n,
      0n,
    ]);
    expect(await sys.market.claimable(await sys.court.getAddress())).to.equal(e.toCourt);
    await withdrawExactly(sys, [[sys.requester, e.requester]]);
    await expectConservation(sys);
  });
});
