import { expect } from "chai";
import {
  BPS,
  Fault,
  Outcome,
  TOKEN,
  VerificationReason,
  answer,
  claimSlots,
  currentParameters,
  ethers,
  expectConservation,
  networkFixture,
  networkHelpers,
  postJob,
  providerOf,
  resultWord,
  type Params,
  type System,
  verifierPay,
} from "../fixture.js";
import { deliver, runPanel } from "../helpers/court.js";
import { eventArgs, expectedSettlement, withdrawExactly } from "../helpers/money.js";

/**
 * k = 3, one replica reveals a different answer: the disagreement goes to a verifier panel at once, whose majority
 * decides; the dissenter loses dissentSlashBps of its collateral, split between the requester (made whole, at most
 * the k budgets it escrowed for replicas), the honest replicas and the court's pool (which keeps the challenger's
 * share when nobody challenged, what the requester's cap leaves, and the rounding dust).
 */
const right = answer("right");
const wrong = answer("tampered");

async function runDissent(sys: System, params: Params, maxPricePerMfuel = (2n * TOKEN) / 100n) {
  const jobId = await postJob(sys, { replicas: 3, maxPricePerMfuel });
  const claimers = await claimSlots(sys, jobId, sys.providers, 3);
  const [h1, h2, dissenter] = claimers as [typeof sys.other, typeof sys.other, typeof sys.other];
  await deliver(sys, jobId, claimers, [right, right, wrong]);
  await expect(sys.market.connect(sys.other).settle(jobId))
    .to.emit(sys.market, "VerificationStarted")
    .withArgs(jobId, VerificationReason.Disagreement, ethers.ZeroAddress, resultWord(right));
  await expectConservation(sys);
  const job = await sys.market.getJob(jobId);
  const price = { pricePerMfuel: TOKEN / 100n };
  const e = expectedSettlement({
    job,
    params,
    completed: true,
    fuel: right.fuel,
    winners: [price, price],
    dissenters: 1,
    verified: true,
  });
  const totalBefore = await sys.registry.totalStake();
  const courtBefore = await sys.market.claimable(await sys.court.getAddress());
  const { panel } = await runPanel(sys, jobId, sys.verifiers, [right, right, right]);
  const [slashed] = await sys.registry.queryFilter(sys.registry.filters.ProviderSlashed(dissenter.address, jobId));
  expect(eventArgs(slashed)).to.deep.include({
    reason: Fault.Dissent,
    amount: e.dissentSlash,
    stake: 1_000n * TOKEN - e.dissentSlash,
    totalStake: totalBefore - e.dissentSlash,
  });
  const [settled] = await sys.market.queryFilter(sys.market.filters.JobSettled(jobId));
  expect(eventArgs(settled)).to.deep.include({
    outcome: Outcome.Completed,
    result: resultWord(right),
    fuelUsed: right.fuel,
    paid: e.paid,
    fee: job.fee,
    auditFee: e.auditFee,
    refund: e.refund,
    compensation: e.compensation,
    slashed: e.slashed,
  });
  for (const h of [h1, h2]) {
    const [paid] = await sys.market.queryFilter(sys.market.filters.ProviderPaid(jobId, h.address));
    expect([paid!.args.payment, paid!.args.bonus]).to.deep.equal([e.payments[0], e.bonus]);
  }
  expect((await sys.market.claimable(await sys.court.getAddress())) - courtBefore).to.equal(e.toCourt);
  return { jobId, job, h1, h2, dissenter, panel, e };
}

describe("flow: Post_Claim_Commit_Reveal_Panel_Dissent_Slash (k = 3)", () => {
  it("slashes the dissenter its whole collateral: the requester's half capped at the 6 it escrowed, a fifth to the honest two, the rest to the pool", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const params = await currentParameters(sys.market);
    const { job, h1, h2, dissenter, panel, e } = await runDissent(sys, params);
    // Collateral 30, slash 100% = 30: the requester's half (15) capped at 3 x 2 = 6, honest 6 (3 each), pool 18 (the
    // unclaimed challenger share and the rest of the requester's half too).
    expect([e.dissentSlash, e.compensation, e.bonus]).to.deep.equal([30n * TOKEN, 6n * TOKEN, 3n * TOKEN]);
    expect(e.toCourt - e.auditFee).to.equal(18n * TOKEN);
    const rec = await providerOf(sys.registry, dissenter);
    // One fault, short of the jail threshold: not jailed.
    expect([rec.stake, rec.locked, rec.activeJobs, rec.slashes, rec.jailedUntil]).to.deep.equal([
      970n * TOKEN,
      0n,
      0n,
      1n,
      0n,
    ]);
    expect(await sys.registry.reputation(dissenter.address)).to.equal(0n);
    expect(await sys.market.claimable(dissenter.address)).to.equal(0n);
    await withdrawExactly(sys, [
      [h1, e.payments[0]! + e.bonus],
      [h2, e.payments[0]! + e.bonus],
      [sys.requester, e.requester],
      [sys.treasury, job.fee],
    ]);
    await withdrawExactly(
      sys,
      panel.map((v) => [v, verifierPay(right.fuel, job.maxPricePerMfuel)]),
      "court",
    );
    // The market now holds nothing but what the court has not collected.
    expect(await sys.token.balanceOf(await sys.market.getAddress())).to.equal(
      await sys.market.claimable(await sys.court.getAddress()),
    );
    await expectConservation(sys);
  });

  it("splits with rounding when governance set partial shares; the dust goes to the court's pool", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const params = {
      ...(await currentParameters(sys.market)),
      dissentSlashBps: 3_333n,
      requesterShareBps: 4_001n,
      honestShareBps: 3_001n,
      auditRateBps: 1_700n, // the floor at 15x collateral and a third slashed: 1 / (1 + 15 x 0.3333) = 16.67%
      auditFeeBps: 1_700n,
    };
    await sys.market.connect(sys.owner).setParameters(params);
    // A price a wei off a round number makes the honest share odd: it does not split in two.
    const { h1, e } = await runDissent(sys, params, (2n * TOKEN) / 100n + 1n);
    expect(e.bonus * 2n).to.not.equal((e.slashed * params.honestShareBps) / BPS); // there is dust
    expect(await sys.market.claimable(h1.address)).to.equal(e.payments[0]! + e.bonus);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(e.requester);
    await expectConservation(sys);
  });
});
