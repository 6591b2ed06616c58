import { ZeroHash } from "ethers";
import { expect } from "chai";
import {
  JobStatus,
  MFUEL,
  Outcome,
  TOKEN,
  answer,
  claimSlots,
  expectConservation,
  networkHelpers,
  passChallengeWindow,
  postJob,
  providerOf,
  providersFixture,
  resultWord,
} from "../fixture.js";
import { deliver } from "../helpers/court.js";
import { expectedSettlement, withdrawExactly } from "../helpers/money.js";

/**
 * The happy path, unaudited: post, claim, commit, reveal, wait out the challenge window, settle, withdraw. Each
 * replica is paid its fuel at its own price (at least its minimum billable fuel, at most the budget); the requester
 * gets the rest of the escrow back; the fee goes to the treasury and the audit fee, kept on the fuel used at the job's
 * price (the rest refunded), to the court. Job: 100 Mfuel at up to 0.02 per Mfuel (budget 2 per replica, audit fee
 * 0.24 escrowed); the answer burns 40 Mfuel (audit fee kept: 12% of 0.8 = 0.096).
 */
const right = answer("right"); // 40 Mfuel

describe("flow: Post_Claim_Commit_Reveal_Settle_Withdraw", () => {
  it("k = 1: the provider is paid 40 Mfuel at its 0.01, the requester refunded the rest, and everyone withdraws", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys);
    const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
    expect((await providerOf(sys.registry, provider!)).locked).to.equal(30n * TOKEN);
    await deliver(sys, jobId, [provider!], [right]);
    await expectConservation(sys);
    // Revealed: settleable only once the challenge window is over.
    expect(await sys.market.isSettleable(jobId)).to.equal(false);
    await expect(sys.market.settle(jobId)).to.be.revertedWithCustomError(sys.market, "JobMarketNotSettleable");
    await passChallengeWindow(sys, jobId);
    const job = await sys.market.getJob(jobId);
    const e = expectedSettlement({
      job,
      params: await sys.market.parameters(),
      completed: true,
      fuel: right.fuel,
      winners: [{ pricePerMfuel: TOKEN / 100n }],
    });
    expect([e.payments[0], e.refund, job.fee, job.auditFee, e.auditFee]).to.deep.equal([
      (4n * TOKEN) / 10n,
      (1_744n * TOKEN) / 1_000n, // 2 - 0.4 + 0.24 - 0.096
      (5n * TOKEN) / 100n,
      (24n * TOKEN) / 100n,
      (96n * TOKEN) / 1_000n,
    ]);
    const settle = sys.market.connect(sys.other).settle(jobId);
    await expect(settle).to.emit(sys.market, "ProviderPaid").withArgs(jobId, provider!.address, e.payments[0], 0n);
    await expect(settle)
      .to.emit(sys.market, "JobSettled")
      .withArgs(
        jobId,
        sys.requester.address,
        Outcome.Completed,
        resultWord(right),
        right.fuel,
        e.paid,
        job.fee,
        e.auditFee,
        e.refund,
        0n,
        0n,
        e.toCourt,
      );
    expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Completed);
    const rec = await providerOf(sys.registry, provider!);
    expect([rec.locked, rec.activeJobs, rec.completed]).to.deep.equal([0n, 0n, 1n]);
    expect(await sys.market.claimable(await sys.court.getAddress())).to.equal(e.auditFee);
    await withdrawExactly(sys, [
      [provider!, e.payments[0]!],
      [sys.requester, e.refund],
      [sys.treasury, job.fee],
    ]);
    // What is left in the market is the court's income.
    expect(await sys.token.balanceOf(await sys.market.getAddress())).to.equal(e.auditFee);
    await expectConservation(sys);
  });

  it("k = 3 at three prices: each replica is paid the agreed fuel at its own price, a minimum billable fuel rounds up", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const [cheap, mid, minimum, tooBig] = sys.providers as [
      typeof sys.other,
      typeof sys.other,
      typeof sys.other,
      typeof sys.other,
    ];
    const offer = (p: typeof cheap, price: bigint, minMfuel: number) =>
      sys.registry.connect(p).updateOffer(`ipfs://${p.address}`, 1, price, minMfuel, 4);
    await offer(cheap, TOKEN / 100n, 0); // 0.01
    await offer(mid, (15n * TOKEN) / 1_000n, 0); // 0.015
    await offer(minimum, (2n * TOKEN) / 100n, 60); // 0.02, but never less than 60 Mfuel
    await offer(tooBig, TOKEN / 100n, 101); // a minimum above the job's 100 Mfuel: it cannot claim
    const jobId = await postJob(sys, { replicas: 3 });
    await networkHelpers.mine(2); // the seed block
    await expect(sys.market.connect(tooBig).claim(jobId, ZeroHash))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryMinimumTooHigh")
      .withArgs(101n * MFUEL, 100n * MFUEL);
    const claimers = await claimSlots(sys, jobId, [cheap, mid, minimum], 3);
    await deliver(sys, jobId, claimers, [right, right, right]);
    await passChallengeWindow(sys, jobId);
    const job = await sys.market.getJob(jobId);
    const price = new Map([
      [cheap, { pricePerMfuel: TOKEN / 100n }],
      [mid, { pricePerMfuel: (15n * TOKEN) / 1_000n }],
      [minimum, { pricePerMfuel: (2n * TOKEN) / 100n, minMfuel: 60n }],
    ]);
    const e = expectedSettlement({
      job,
      params: await sys.market.parameters(),
      completed: true,
      fuel: right.fuel,
      winners: claimers.map((c) => price.get(c)!),
    });
    const pay = new Map(claimers.map((c, i) => [c, e.payments[i]!]));
    expect([pay.get(cheap), pay.get(mid), pay.get(minimum)]).to.deep.equal([
      (4n * TOKEN) / 10n, // 40 Mfuel x 0.01
      (6n * TOKEN) / 10n, // 40 Mfuel x 0.015
      (12n * TOKEN) / 10n, // 60 Mfuel (its minimum) x 0.02
    ]);
    const settle = sys.market.settle(jobId);
    for (const c of claimers)
      await expect(settle).to.emit(sys.market, "ProviderPaid").withArgs(jobId, c.address, pay.get(c), 0n);
    await expect(settle)
      .to.emit(sys.market, "JobSettled")
      .withArgs(
        jobId,
        sys.requester.address,
        Outcome.Completed,
        resultWord(right),
        right.fuel,
        e.paid,
        job.fee,
        e.auditFee,
        e.refund,
        0n,
        0n,
        e.toCourt,
      );
    // Escrow 6.39: paid 2.2, fee 0.15, audit fee kept 0.096 (of 0.24), refund 3.944.
    expect(e.refund).to.equal((3_944n * TOKEN) / 1_000n);
    await withdrawExactly(sys, [
      ...claimers.map((c) => [c, pay.get(c)!] as [typeof c, bigint]),
      [sys.requester, e.refund],
      [sys.treasury, job.fee],
    ]);
    await expectConservation(sys);
  });
});
