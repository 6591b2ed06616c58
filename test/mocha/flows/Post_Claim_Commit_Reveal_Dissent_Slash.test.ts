import { expect } from "chai";
import {
  Fault,
  Outcome,
  TOKEN,
  claimSlots,
  commitAll,
  currentParameters,
  ethers,
  expectConservation,
  expectedSettlement,
  networkHelpers,
  postJob,
  providerOf,
  providersFixture,
  revealAll,
  type Params,
  type System,
} from "../fixture.js";

const OUT = ethers.id("honest output");
const WRONG = ethers.id("tampered output");

async function runDissent(sys: System, params: Params, maxPrice = 2n * TOKEN) {
  const jobId = await postJob(sys, { replicas: 3, maxPrice });
  const job = await sys.market.getJob(jobId);
  const claimers = await claimSlots(sys, jobId, sys.providers, 3);
  const [h1, h2, dissenter] = claimers;
  await commitAll(sys, jobId, claimers, [OUT, OUT, WRONG]);
  await revealAll(sys, jobId, claimers, [OUT, OUT, WRONG]);
  await expectConservation(sys);

  const e = expectedSettlement({
    params,
    feeBps: job.feeBps,
    collateral: job.collateral,
    escrow: 3n * job.maxPrice,
    winnerPrices: [TOKEN, TOKEN],
    paid: true,
    dissenters: 1,
    noShows: 0,
  });
  const totalBefore = await sys.registry.totalStake();
  const settle = sys.market.settle(jobId);
  await expect(settle)
    .to.emit(sys.market, "AssignmentSlashed")
    .withArgs(jobId, dissenter.address, Fault.Dissent, e.dissentSlash);
  await expect(settle)
    .to.emit(sys.registry, "ProviderSlashed")
    .withArgs(
      dissenter.address,
      jobId,
      Fault.Dissent,
      e.dissentSlash,
      1_000n * TOKEN - e.dissentSlash,
      totalBefore - e.dissentSlash,
    );
  for (const h of [h1, h2]) {
    await expect(settle)
      .to.emit(sys.market, "ProviderPaid")
      .withArgs(jobId, h.address, e.payments[0], e.fees[0], e.bonus);
  }
  await expect(settle)
    .to.emit(sys.market, "JobSettled")
    .withArgs(
      jobId,
      sys.requester.address,
      Outcome.Completed,
      OUT,
      e.paid,
      e.feeTotal,
      e.refund,
      e.compensation,
      e.slashed,
    );
  await expect(settle).to.changeTokenBalances(
    ethers,
    sys.token,
    [sys.registry, sys.market],
    [-e.dissentSlash, e.dissentSlash],
  );
  return { jobId, h1, h2, dissenter, e };
}

describe("flow: Post_Claim_Commit_Reveal_Dissent_Slash (k = 3)", () => {
  it("slashes the dissenter by dissentSlashBps and splits it requester / honest replicas / treasury", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const params = await currentParameters(sys.market);
    const { h1, h2, dissenter, e } = await runDissent(sys, params);

    // Defaults: collateral 4 tokens, dissent slash 100% = 4; requester 50% = 2; honest 30% = 1.2 (0.6 each);
    // treasury the remaining 0.8 plus the fees.
    expect(e.dissentSlash).to.equal(4n * TOKEN);
    expect(e.compensation).to.equal(2n * TOKEN);
    expect(e.bonus).to.equal((6n * TOKEN) / 10n);
    expect(e.treasury - e.feeTotal).to.equal((8n * TOKEN) / 10n);

    expect(await sys.market.claimable(sys.requester.address)).to.equal(e.refund + e.compensation);
    expect(await sys.market.claimable(sys.treasury.address)).to.equal(e.treasury);
    for (const h of [h1, h2]) expect(await sys.market.claimable(h.address)).to.equal(e.payments[0] + e.bonus);
    expect(await sys.market.claimable(dissenter.address)).to.equal(0n);

    const rec = await providerOf(sys.registry, dissenter);
    expect([rec.stake, rec.locked, rec.activeJobs, rec.slashes, rec.consecutiveFaults]).to.deep.equal([
      1_000n * TOKEN - e.dissentSlash,
      0n,
      0n,
      1n,
      1n,
    ]);
    expect(await sys.registry.reputation(dissenter.address)).to.equal(0n);
    await expectConservation(sys);

    for (const [who, amount] of [
      [h1, e.payments[0] + e.bonus],
      [h2, e.payments[0] + e.bonus],
      [sys.requester, e.refund + e.compensation],
      [sys.treasury, e.treasury],
    ] as const) {
      await expect(sys.market.connect(who).withdraw()).to.changeTokenBalances(
        ethers,
        sys.token,
        [sys.market, who],
        [-amount, amount],
      );
      await expectConservation(sys);
    }
    expect(await sys.token.balanceOf(await sys.market.getAddress())).to.equal(0n);
  });

  it("splits with rounding when governance set partial shares; the dust goes to the treasury", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const params = {
      ...(await currentParameters(sys.market)),
      dissentSlashBps: 3_333n,
      requesterShareBps: 4_001n,
      honestShareBps: 3_001n,
    };
    await sys.market.connect(sys.owner).setParameters(params);
    // A max price a few wei off a round number makes the slashed amount odd in its last digits.
    const { h1, e } = await runDissent(sys, params, 2n * TOKEN + 7n);
    expect(e.bonus * 2n).to.not.equal((e.slashed * params.honestShareBps) / 10_000n); // there is dust
    expect(await sys.market.claimable(h1.address)).to.equal(e.payments[0] + e.bonus);
    expect(await sys.market.claimable(sys.treasury.address)).to.equal(e.treasury);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(e.refund + e.compensation);
    await expectConservation(sys);
  });
});
