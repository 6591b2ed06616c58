import { expect } from "chai";
import { INPUT_UNAVAILABLE, INPUT_UNAVAILABLE_RESULT } from "@hashwork/sdk/results";
import {
  JobStatus,
  Outcome,
  TOKEN,
  answer,
  claimSlots,
  ethers,
  expectConservation,
  networkHelpers,
  postJob,
  providerOf,
  providersFixture,
} from "../fixture.js";
import { deliver } from "../helpers/court.js";
import { withdrawExactly } from "../helpers/money.js";

/**
 * Replicas that cannot fetch the input reveal "input unavailable" (the reserved output hash, any fuel). It is never
 * paid and never slashed, and never disagrees with anything: when it wins, the requester is refunded at once (all but
 * the audit fee, since something was committed) and every replica is released.
 */
const unavailable = { output: INPUT_UNAVAILABLE, fuel: 0n, state: ethers.ZeroHash }; // no execution, no state

describe("flow: Post_Claim_InputUnavailable_Refund", () => {
  it("k = 3, all three cannot fetch the input: refunded at once, nobody paid, nobody slashed", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys, { replicas: 3 });
    const claimers = await claimSlots(sys, jobId, sys.providers, 3);
    await deliver(sys, jobId, claimers, [unavailable, unavailable, { ...unavailable, fuel: 5n }]);
    const job = await sys.market.getJob(jobId);
    const refund = 3n * job.budget + job.fee; // 6.15: everything but the audit fee
    const settle = sys.market.settle(jobId); // no challenge window: nothing payable
    for (const p of claimers) {
      await expect(settle).to.emit(sys.market, "AssignmentReleased").withArgs(jobId, p.address, job.collateral);
    }
    await expect(settle).to.not.emit(sys.market, "AssignmentSlashed");
    await expect(settle).to.not.emit(sys.market, "ProviderPaid");
    await expect(settle)
      .to.emit(sys.market, "JobSettled")
      .withArgs(
        jobId,
        sys.requester.address,
        Outcome.InputUnavailable,
        INPUT_UNAVAILABLE_RESULT,
        0n,
        0n,
        0n,
        job.auditFee,
        refund,
        0n,
        0n,
        job.auditFee,
      );
    expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Refunded);
    for (const p of claimers) {
      const rec = await providerOf(sys.registry, p);
      // Collateral back, no completion credited, no fault recorded.
      expect([rec.stake, rec.locked, rec.activeJobs, rec.completed, rec.slashes, rec.noShows]).to.deep.equal([
        1_000n * TOKEN,
        0n,
        0n,
        0n,
        0n,
        0n,
      ]);
      expect(await sys.market.claimable(p.address)).to.equal(0n);
    }
    expect(await sys.market.claimable(sys.treasury.address)).to.equal(0n);
    await withdrawExactly(sys, [[sys.requester, refund]]);
    await expectConservation(sys);
  });

  it("k = 3, two cannot fetch the input and one reveals an answer: 'input unavailable' wins, the answer is released unpaid", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys, { replicas: 3 });
    const claimers = await claimSlots(sys, jobId, sys.providers, 3);
    await deliver(sys, jobId, claimers, [unavailable, unavailable, answer("made up")]);
    const job = await sys.market.getJob(jobId);
    const settle = sys.market.settle(jobId);
    await expect(settle).to.not.emit(sys.market, "VerificationStarted"); // it abstains: no disagreement
    await expect(settle).to.not.emit(sys.market, "AssignmentSlashed");
    await expect(settle)
      .to.emit(sys.market, "AssignmentReleased")
      .withArgs(jobId, claimers[2]!.address, job.collateral);
    const [settled] = await sys.market.queryFilter(sys.market.filters.JobSettled(jobId));
    expect(settled!.args.outcome).to.equal(Outcome.InputUnavailable);
    expect(await sys.market.claimable(claimers[2]!.address)).to.equal(0n);
    expect((await providerOf(sys.registry, claimers[2]!)).stake).to.equal(1_000n * TOKEN);
    await withdrawExactly(sys, [[sys.requester, 3n * job.budget + job.fee]]);
    await expectConservation(sys);
  });
});
