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
  verifierPay,
} from "../fixture.js";
import { deliver, runPanel } from "../helpers/court.js";
import { eventArgs, expectedSettlement, withdrawExactly } from "../helpers/money.js";

/**
 * An audited k = 1 job whose auditor gets it wrong: the disagreement goes to a panel, which upholds the provider. The
 * provider is paid as if unaudited (0.4), the requester pays the fee and the audit fee on the fuel used (0.096 of the
 * 0.24 escrowed), every verifier who revealed is paid its fuel at the job's price (0.8 for 40 Mfuel), and the
 * auditor, outside the verdict, is also slashed half its collateral (15) into the pool.
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
      auditFee: e.auditFee,
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
    // Since the auditor's draw (a budget reserved then, the unpaid rest returned at judging), the pool paid the auditor
    // (0.8) and the panel (2.4), took the auditor's slash (15) and the audit fee (0.096).
    const pay = verifierPay(right.fuel, job.maxPricePerMfuel);
    expect(await sys.court.pool()).to.equal(poolBefore + job.budget - 4n * pay + slash + e.auditFee);
    await withdrawExactly(sys, [
      [provider!, e.payments[0]!],
      [sys.requester, e.refund],
      [sys.treasury, job.fee],
    ]);
    await withdrawExactly(
      sys,
      [auditor, ...panel].map((v) => [v, pay]),
      "court",
    );
    await expectConservation(sys);
  });
});
