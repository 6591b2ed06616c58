import { expect } from "chai";
import type { ContractTransactionResponse } from "ethers";
import {
  JobStatus,
  Outcome,
  VerificationReason,
  expectConservation,
  networkHelpers,
  passChallengeWindow,
  providersFixture,
  type System,
} from "../fixture.js";
import { right, toRevealed, wrong } from "../helpers/stages.js";

/** `count` k = 1 jobs revealed `right` by their replica, unaudited, past their challenge windows. */
async function settleableJobs(sys: System, count: number): Promise<bigint[]> {
  const ids: bigint[] = [];
  for (let i = 0; i < count; i++) ids.push((await toRevealed(sys, [right])).jobId);
  await passChallengeWindow(sys, ids[ids.length - 1]);
  return ids;
}

async function statusOf(sys: System, jobId: bigint) {
  return (await sys.market.getJob(jobId)).status;
}

async function gasOf(tx: Promise<ContractTransactionResponse>) {
  return (await (await tx).wait())!.gasUsed;
}

describe("JobMarket.settleMany", () => {
  it("test_settleMany_SettlesEveryJobAsSettleDoes", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const ids = await settleableJobs(sys, 3);
    const settled = await eventsOf(sys, sys.market.settleMany(ids), "JobSettled");
    expect(settled.map((e) => [e.jobId, e.requester, e.outcome])).to.deep.equal(
      ids.map((id) => [id, sys.requester.address, Outcome.Completed]),
    );
    for (const id of ids) expect(await statusOf(sys, id)).to.equal(JobStatus.Completed);
    await expectConservation(sys);
  });

  it("test_settleMany_PaysTheSameAsSeparateSettlements", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const ids = await settleableJobs(sys, 4);
    const accounts = [sys.requester.address, ...sys.providers.map((p) => p.address)];
    const snapshot = await networkHelpers.takeSnapshot();
    for (const id of ids) await sys.market.settle(id);
    const separately = await Promise.all(accounts.map((a) => sys.market.claimable(a)));
    await snapshot.restore();
    await sys.market.settleMany(ids);
    const batched = await Promise.all(accounts.map((a) => sys.market.claimable(a)));
    expect(batched).to.deep.equal(separately);
    await expectConservation(sys);
  });

  it("test_settleMany_SkipsAJobSomeoneElseSettled", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const ids = await settleableJobs(sys, 3);
    await sys.market.connect(sys.requester).settle(ids[1]); // the requester got there first
    const settled = await eventsOf(sys, sys.market.settleMany(ids), "JobSettled");
    expect(settled.map((e) => e.jobId)).to.deep.equal([ids[0], ids[2]]);
    await expectConservation(sys);
  });

  it("test_settleMany_RevertWhen_OneJobIsNotSettleable_NothingSettles", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const ids = await settleableJobs(sys, 2);
    const inWindow = (await toRevealed(sys, [right])).jobId; // its challenge window is still open
    await expect(sys.market.settleMany([...ids, inWindow]))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotSettleable")
      .withArgs(inWindow);
    for (const id of ids) expect(await statusOf(sys, id)).to.equal(JobStatus.Open);
    await expect(sys.market.settleMany([...ids, 999n]))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(999n, JobStatus.None);
  });

  it("test_settleMany_RevertWhen_EmptyOrOverTheBound", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const max = 32n; // IJobMarket.settleMany's bound
    await expect(sys.market.settleMany([]))
      .to.be.revertedWithCustomError(sys.market, "JobMarketBatchSize")
      .withArgs(0n, max);
    const tooMany = Array.from({ length: Number(max) + 1 }, (_, i) => BigInt(i + 1));
    await expect(sys.market.settleMany(tooMany))
      .to.be.revertedWithCustomError(sys.market, "JobMarketBatchSize")
      .withArgs(max + 1n, max);
  });

  it("test_settleMany_SendsADisagreementToTheCourtBesidePaidJobs", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const paid = await settleableJobs(sys, 1);
    const split = (await toRevealed(sys, [right, wrong, right])).jobId;
    const started = await eventsOf(sys, sys.market.settleMany([paid[0], split]), "VerificationStarted");
    expect(started.map((e) => [e.jobId, e.reason])).to.deep.equal([[split, VerificationReason.Disagreement]]);
    expect(await statusOf(sys, paid[0])).to.equal(JobStatus.Completed);
    expect(await statusOf(sys, split)).to.equal(JobStatus.Verifying);
    await expectConservation(sys);
  });

  it("test_settleMany_CostsLessPerJobThanSeparateSettlements", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const ids = await settleableJobs(sys, 4);
    const snapshot = await networkHelpers.takeSnapshot();
    let separately = 0n;
    for (const id of ids) separately += await gasOf(sys.market.settle(id));
    await snapshot.restore();
    const batched = await gasOf(sys.market.settleMany(ids));
    // One transaction base (21,000) and the cold accesses the jobs share, saved three times over at least.
    expect(separately - batched).to.be.greaterThan(3n * 21_000n);
  });
});

/** The arguments of every `name` event the market emitted in `tx`, in log order. */
async function eventsOf(sys: System, tx: Promise<ContractTransactionResponse>, name: string) {
  const receipt = await (await tx).wait();
  return receipt!.logs
    .map((log) => sys.market.interface.parseLog(log))
    .filter((e) => e?.name === name)
    .map((e) => e!.args);
}
