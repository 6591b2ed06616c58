import { expect } from "chai";
import {
  Fault,
  JobStatus,
  Outcome,
  TOKEN,
  VerificationReason,
  answer,
  bps,
  claimAuditor,
  claimSlots,
  commitVerdicts,
  ethers,
  expectConservation,
  networkFixture,
  networkHelpers,
  postJob,
  providerOf,
  resultWord,
  revealAll,
  revealVerdicts,
} from "../fixture.js";
import { deliver, runPanel } from "../helpers/court.js";
import { eventArgs, expectedSettlement, withdrawExactly } from "../helpers/money.js";

/**
 * An audited k = 1 job whose auditor gets it wrong: the disagreement goes to a panel, which upholds the provider. The
 * provider is paid as if unaudited (0.4), the requester pays the fee and the audit fee, every verifier who revealed is
 * paid the budget (2), and the auditor, outside the verdict, is also slashed half its collateral (15) into the pool.
 */
const right = answer("right");
const mistaken = answer("the auditor's mistake");

describe("flow: Post_Claim_Commit_Audit_Panel_Upheld", () => {
  it("the panel upholds the provider against its auditor; everyone withdraws exactly what the verdict gives", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const jobId = await postJob(sys);
    const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
    await deliver(sys, jobId, [provider!], [right], true);
    const auditor = await claimAuditor(sys, jobId, sys.verifiers);
    await commitVerdicts(sys, jobId, [auditor], [mistaken]);
    await revealAll(sys, jobId, [provider!], [right]);
    await revealVerdicts(sys, jobId, [auditor], [mistaken]);
    const poolBefore = await sys.court.pool();
    await expect(sys.market.settle(jobId))
      .to.emit(sys.market, "VerificationStarted")
      .withArgs(jobId, VerificationReason.Disagreement, ethers.ZeroAddress, resultWord(right));
    const job = await sys.market.getJob(jobId);
    const slash = bps(job.collateral, (await sys.court.parameters()).verifierSlashBps);
    const e = expectedSettlement({
      job,
      params: await sys.market.parameters(),
      completed: true,
      fuel: right.fuel,
      winners: [{ pricePerMfuel: TOKEN / 100n }],
      verified: true,
    });
    const { panel } = await runPanel(
      sys,
      jobId,
      sys.verifiers.filter((v) => v !== auditor),
      [right, right, right],
    );
    const [settled] = await sys.market.queryFilter(sys.market.filters.JobSettled(jobId));
    expect(eventArgs(settled)).to.deep.include({
      outcome: Outcome.Completed,
      result: resultWord(right),
      paid: e.paid,
      fee: job.fee,
      auditFee: job.auditFee,
      refund: e.refund,
      slashed: 0n,
    });
    const [auditorSlashed] = await sys.court.queryFilter(sys.court.filters.VerifierSlashed(jobId, auditor.address));
    expect([auditorSlashed!.args.round, auditorSlashed!.args.reason, auditorSlashed!.args.amount]).to.deep.equal([
      0n,
      Fault.Dissent,
      slash,
    ]);
    expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Completed);
    expect((await providerOf(sys.registry, provider!)).completed).to.equal(1n);
    expect((await providerOf(sys.registry, auditor)).stake).to.equal(1_000n * TOKEN - slash);
    // Since the auditor's draw (its pay reserved then), the pool paid the panel (6), took the auditor's slash (15)
    // and the audit fee (0.24).
    expect(await sys.court.pool()).to.equal(poolBefore - 3n * job.budget + slash + job.auditFee);
    await withdrawExactly(sys, [
      [provider!, e.payments[0]!],
      [sys.requester, e.refund],
      [sys.treasury, job.fee],
    ]);
    await withdrawExactly(
      sys,
      [auditor, ...panel].map((v) => [v, job.budget]),
      "court",
    );
    await expectConservation(sys);
  });
});
