import { expect } from "chai";
import {
  JobStatus,
  Outcome,
  TOKEN,
  VerificationReason,
  answer,
  claimSlots,
  expectConservation,
  fund,
  networkFixture,
  networkHelpers,
  postJob,
  resultWord,
  verifierPay,
} from "../fixture.js";
import { deliver, runPanel } from "../helpers/court.js";
import { eventArgs, expectedSettlement, withdrawExactly, worth } from "../helpers/money.js";

/**
 * Anyone may challenge an agreed result during its challenge window with a bond (4x the budget: at least a full
 * panel's pay). A panel that upholds the result keeps the bond: it pays the panel (each verifier its fuel at the job's
 * price) and the rest stays in the pool; the provider is paid as if unchallenged.
 */
const right = answer("right");

describe("flow: Post_Claim_Commit_Reveal_Challenge_Upheld", () => {
  it("a challenger of an honest result loses its 8-token bond: 2.4 to the panel, 5.6 to the pool; the provider is paid", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const jobId = await postJob(sys);
    const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
    await deliver(sys, jobId, [provider!], [right]);
    const job = await sys.market.getJob(jobId);
    const challenger = sys.other;
    const bond = await sys.court.bondFor(job.budget);
    expect(bond).to.equal(8n * TOKEN);
    await fund(sys, challenger, bond, await sys.court.getAddress());
    const poolBefore = await sys.court.pool();
    await expect(sys.court.connect(challenger).challenge(jobId))
      .to.emit(sys.market, "VerificationStarted")
      .withArgs(jobId, VerificationReason.Challenge, challenger.address, resultWord(right));
    expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Verifying);
    await expectConservation(sys);
    const { panel } = await runPanel(sys, jobId, sys.verifiers, [right, right, right]);
    const [settledChallenge] = await sys.court.queryFilter(sys.court.filters.ChallengeSettled(jobId));
    expect(eventArgs(settledChallenge)).to.deep.include({
      challenger: challenger.address,
      won: false,
      bondReturned: 0n,
      reward: 0n,
    });
    const e = expectedSettlement({
      job,
      params: await sys.market.parameters(),
      completed: true,
      fuel: right.fuel,
      winners: [{ pricePerMfuel: TOKEN / 100n }],
      verified: true,
    });
    const [settled] = await sys.market.queryFilter(sys.market.filters.JobSettled(jobId));
    expect([settled!.args.outcome, settled!.args.paid, settled!.args.refund]).to.deep.equal([
      Outcome.Completed,
      e.paid,
      e.refund,
    ]);
    expect(await worth(sys, challenger)).to.equal(0n);
    const pay = verifierPay(right.fuel, job.maxPricePerMfuel); // 0.8
    expect(await sys.court.pool()).to.equal(poolBefore + bond - 3n * pay + e.auditFee);
    await withdrawExactly(sys, [
      [provider!, e.payments[0]!],
      [sys.requester, e.refund],
      [sys.treasury, job.fee],
    ]);
    await withdrawExactly(
      sys,
      panel.map((v) => [v, pay]),
      "court",
    );
    await expectConservation(sys);
  });
});
