import { expect } from "chai";
import { INPUT_UNAVAILABLE } from "@hashwork/sdk/results";
import {
  JobStatus,
  Outcome,
  TOKEN,
  answer,
  claimAuditor,
  claimSlots,
  commitVerdicts,
  ethers,
  expectConservation,
  fund,
  jobRequest,
  networkFixture,
  networkHelpers,
  passChallengeWindow,
  providerOf,
  revealAll,
  revealVerdicts,
  type System,
  verifierPay,
} from "../fixture.js";
import { deliver } from "../helpers/court.js";
import { expectedSettlement, worth } from "../helpers/money.js";

/**
 * Issue 11: a requester that withholds its own input. Whether an input was served cannot be proven, so "input
 * unavailable" (the reserved output hash, any fuel) is never paid and never slashed, and never disagrees with
 * anything: the requester cannot turn its own unavailable input into a provider's slash. On 985df8e the same move
 * earned the requester 1.2 x the max price (a dispute it won against the provider's "input unavailable").
 */
const right = answer("right");
// Any fuel: the word is resultOf(IU, 0). No execution, no final state.
const unavailable = { output: INPUT_UNAVAILABLE, fuel: 3_000_000n, state: ethers.ZeroHash };

/** Posts a job whose escrow the requester holds beforehand, so `worth` measures the requester's gain exactly. */
async function postMeasured(sys: System, replicas: number) {
  const req = await jobRequest({ replicas });
  const [escrow] = await sys.market.escrowFor(req);
  await fund(sys, sys.requester, escrow, await sys.market.getAddress());
  const before = await worth(sys, sys.requester);
  await sys.market.connect(sys.requester).postJob(req);
  return { jobId: await sys.market.jobCount(), before };
}

describe("adversarial: InputWithholding", () => {
  it("k = 1: the provider reveals 'input unavailable', nobody may challenge it, the provider is released and the requester loses the audit fee", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const { jobId, before } = await postMeasured(sys, 1);
    const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
    await deliver(sys, jobId, [provider!], [unavailable]);
    // The requester now serves the input and would like a panel to convict the provider: there is no way to one.
    const bond = await sys.court.bondFor((await sys.market.getJob(jobId)).budget);
    await fund(sys, sys.requester, bond, await sys.court.getAddress());
    await expect(sys.court.connect(sys.requester).challenge(jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotChallengeable")
      .withArgs(jobId);
    const job = await sys.market.getJob(jobId);
    // Settles at once (nothing payable waits for a challenge window).
    await expect(sys.market.connect(sys.other).settle(jobId))
      .to.emit(sys.market, "AssignmentReleased")
      .withArgs(jobId, provider!.address, job.collateral);
    const [settled] = await sys.market.queryFilter(sys.market.filters.JobSettled(jobId));
    expect(settled!.args.outcome).to.equal(Outcome.InputUnavailable);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(job.budget + job.fee);
    const p = await providerOf(sys.registry, provider!);
    expect([p.stake, p.locked, p.slashes, p.noShows, p.completed]).to.deep.equal([1_000n * TOKEN, 0n, 0n, 0n, 0n]);
    expect((await worth(sys, sys.requester)) - bond - before).to.equal(-job.auditFee); // -0.24
    await expectConservation(sys);
  });

  it("k = 1 audited: the requester serves the input to the auditor only; the auditor's real answer convicts nobody", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const { jobId, before } = await postMeasured(sys, 1);
    const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
    await deliver(sys, jobId, [provider!], [unavailable], true);
    const auditor = await claimAuditor(sys, jobId, sys.verifiers);
    await commitVerdicts(sys, jobId, [auditor], [right]);
    await revealAll(sys, jobId, [provider!], [unavailable]);
    await revealVerdicts(sys, jobId, [auditor], [right]);
    const job = await sys.market.getJob(jobId);
    await expect(sys.market.settle(jobId)).to.not.emit(sys.market, "VerificationStarted");
    expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Refunded);
    expect((await providerOf(sys.registry, provider!)).stake).to.equal(1_000n * TOKEN);
    expect(await sys.market.claimable(provider!.address)).to.equal(0n);
    // The auditor re-executed and is paid its fuel at the job's price (0.8); it is not blamed either.
    expect(await sys.court.claimable(auditor.address)).to.equal(verifierPay(right.fuel, job.maxPricePerMfuel));
    expect((await providerOf(sys.registry, auditor)).stake).to.equal(1_000n * TOKEN);
    expect((await worth(sys, sys.requester)) - before).to.equal(-job.auditFee);
    await expectConservation(sys);
  });

  it("k = 3: input withheld from one replica: its 'input unavailable' is released, the other two are paid for their fuel", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const { jobId, before } = await postMeasured(sys, 3);
    const claimers = await claimSlots(sys, jobId, sys.providers, 3);
    await deliver(sys, jobId, claimers, [right, right, unavailable]);
    await passChallengeWindow(sys, jobId);
    const job = await sys.market.getJob(jobId);
    const params = await sys.market.parameters();
    const price = TOKEN / 100n;
    const e = expectedSettlement({
      job,
      params,
      completed: true,
      fuel: right.fuel,
      winners: [{ pricePerMfuel: price }, { pricePerMfuel: price }],
    });
    const settle = sys.market.settle(jobId);
    await expect(settle)
      .to.emit(sys.market, "AssignmentReleased")
      .withArgs(jobId, claimers[2]!.address, job.collateral);
    await expect(settle).to.not.emit(sys.market, "AssignmentSlashed");
    for (const c of claimers.slice(0, 2)) expect(await sys.market.claimable(c.address)).to.equal(e.payments[0]); // 0.4
    const p = await providerOf(sys.registry, claimers[2]!);
    expect([p.stake, p.locked, p.slashes, p.completed]).to.deep.equal([1_000n * TOKEN, 0n, 0n, 0n]);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(e.refund);
    // The requester paid for the two results it got, the fee and the audit fee on their fuel (0.096 of the 0.24
    // escrowed); nothing came back from the third.
    expect(before - (await worth(sys, sys.requester))).to.equal(e.paid + job.fee + e.auditFee);
    await expectConservation(sys);
  });

  it("k = 2: input withheld from one replica leaves no majority: refund, the honest replica released unpaid, nobody slashed", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const { jobId, before } = await postMeasured(sys, 2);
    const claimers = await claimSlots(sys, jobId, sys.providers, 2);
    await deliver(sys, jobId, claimers, [right, unavailable]);
    const job = await sys.market.getJob(jobId);
    await expect(sys.market.settle(jobId)).to.not.emit(sys.market, "AssignmentSlashed");
    const [settled] = await sys.market.queryFilter(sys.market.filters.JobSettled(jobId));
    expect(settled!.args.outcome).to.equal(Outcome.NoConsensus);
    for (const c of claimers) {
      expect(await sys.market.claimable(c.address)).to.equal(0n);
      expect((await providerOf(sys.registry, c)).stake).to.equal(1_000n * TOKEN);
    }
    expect((await worth(sys, sys.requester)) - before).to.equal(-job.auditFee);
    await expectConservation(sys);
  });
});
