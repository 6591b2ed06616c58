import { expect } from "chai";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { INPUT_UNAVAILABLE } from "../../../sdk/src/results.js";
import {
  Fault,
  JobStatus,
  Outcome,
  TOKEN,
  atNextBlock,
  claimSlots,
  claimedJob3Fixture,
  claimedJobFixture,
  commitAll,
  currentParameters,
  ethers,
  expectConservation,
  expectedSettlement,
  networkHelpers,
  openJob3Fixture,
  openJobFixture,
  postJob,
  providerOf,
  providersFixture,
  revealAll,
  type System,
} from "../fixture.js";

const OUT = ethers.id("output");
const WRONG = ethers.id("wrong output");

/** Commits and reveals `hashes[i]` for `claimers[i]`; `null` stays silent. Ends after every reveal. */
async function deliver(sys: System, jobId: bigint, claimers: HardhatEthersSigner[], hashes: (string | null)[]) {
  const who = claimers.filter((_, i) => hashes[i] !== null);
  const what = hashes.filter((h): h is string => h !== null);
  await commitAll(sys, jobId, who, what);
  if (who.length < claimers.length) {
    await networkHelpers.time.increaseTo((await sys.market.getJob(jobId)).commitDeadline + 1n);
  }
  await revealAll(sys, jobId, who, what);
}

describe("JobMarket.settle", () => {
  it("test_settle_RefundsWhenNobodyClaimed", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    const { claimDeadline } = await sys.market.getJob(sys.jobId);
    await atNextBlock(claimDeadline);
    await expect(sys.market.settle(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotSettleable")
      .withArgs(sys.jobId);
    await atNextBlock(claimDeadline + 1n);
    const tx = sys.market.connect(sys.other).settle(sys.jobId);
    await expect(tx)
      .to.emit(sys.market, "JobSettled")
      .withArgs(sys.jobId, sys.requester.address, Outcome.NoClaims, ethers.ZeroHash, 0n, 0n, 2n * TOKEN, 0n, 0n);
    await expect(tx).to.not.emit(sys.market, "ProviderPaid");
    await expect(tx).to.not.emit(sys.market, "AssignmentSlashed");
    expect((await sys.market.getJob(sys.jobId)).status).to.equal(JobStatus.Refunded);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(2n * TOKEN);
    await expectConservation(sys);
  });

  it("test_settle_K1_PaysTheProviderItsPriceLessTheFee", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    const p = sys.claimer;
    await sys.market.connect(p).submitResult(sys.jobId, OUT, "ipfs://out");
    await networkHelpers.time.increaseTo((await sys.market.getJob(sys.jobId)).challengeEndsAt);
    // price 1 token, fee 250 bps = 0.025 token; the unused 1 token of the 2-token escrow goes back.
    const fee = (TOKEN * 250n) / 10_000n;
    const tx = sys.market.connect(sys.other).settle(sys.jobId);
    await expect(tx)
      .to.emit(sys.market, "ProviderPaid")
      .withArgs(sys.jobId, p.address, TOKEN - fee, fee, 0n);
    await expect(tx)
      .to.emit(sys.market, "JobSettled")
      .withArgs(sys.jobId, sys.requester.address, Outcome.Completed, OUT, TOKEN, fee, TOKEN, 0n, 0n);
    await expect(tx).to.not.emit(sys.registry, "ProviderSlashed");
    expect((await sys.market.getJob(sys.jobId)).status).to.equal(JobStatus.Completed);
    expect(await sys.market.claimable(p.address)).to.equal(TOKEN - fee);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(TOKEN);
    expect(await sys.market.claimable(sys.treasury.address)).to.equal(fee);
    const rec = await providerOf(sys.registry, p);
    expect([rec.locked, rec.activeJobs, rec.completed, rec.stake]).to.deep.equal([0n, 0n, 1n, 1_000n * TOKEN]);
    expect(await sys.registry.reputation(p.address)).to.equal(1n);
    await expectConservation(sys);
  });

  it("test_settle_K1_SlashesANoShowAfterTheCommitDeadline", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    const p = sys.claimer;
    const { commitDeadline } = await sys.market.getJob(sys.jobId);
    await atNextBlock(commitDeadline);
    await expect(sys.market.settle(sys.jobId)).to.be.revertedWithCustomError(sys.market, "JobMarketNotSettleable");
    await atNextBlock(commitDeadline + 1n);
    const total = await sys.registry.totalStake();
    // no-show: 2,500 bps of the 4-token collateral = 1 token; half to the requester, no winners, rest to treasury.
    const tx = sys.market.settle(sys.jobId);
    await expect(tx).to.emit(sys.market, "AssignmentSlashed").withArgs(sys.jobId, p.address, Fault.NoShow, TOKEN);
    await expect(tx)
      .to.emit(sys.registry, "ProviderSlashed")
      .withArgs(p.address, sys.jobId, Fault.NoShow, TOKEN, 999n * TOKEN, total - TOKEN);
    await expect(tx)
      .to.emit(sys.market, "JobSettled")
      .withArgs(
        sys.jobId,
        sys.requester.address,
        Outcome.NoResult,
        ethers.ZeroHash,
        0n,
        0n,
        2n * TOKEN,
        TOKEN / 2n,
        TOKEN,
      );
    await expect(tx).to.changeTokenBalances(ethers, sys.token, [sys.registry, sys.market], [-TOKEN, TOKEN]);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(2n * TOKEN + TOKEN / 2n);
    expect(await sys.market.claimable(sys.treasury.address)).to.equal(TOKEN / 2n);
    const rec = await providerOf(sys.registry, p);
    expect([rec.stake, rec.locked, rec.activeJobs, rec.noShows, rec.consecutiveFaults]).to.deep.equal([
      999n * TOKEN,
      0n,
      0n,
      1n,
      1n,
    ]);
    expect((await sys.market.getJob(sys.jobId)).status).to.equal(JobStatus.Refunded);
    await expectConservation(sys);
  });

  it("test_settle_K1_RefundsWhenInputUnavailable", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    await sys.market.connect(sys.claimer).submitResult(sys.jobId, INPUT_UNAVAILABLE, "");
    await networkHelpers.time.increaseTo((await sys.market.getJob(sys.jobId)).challengeEndsAt);
    const tx = sys.market.settle(sys.jobId);
    await expect(tx).to.emit(sys.market, "ProviderPaid").withArgs(sys.jobId, sys.claimer.address, 0n, 0n, 0n);
    await expect(tx)
      .to.emit(sys.market, "JobSettled")
      .withArgs(
        sys.jobId,
        sys.requester.address,
        Outcome.InputUnavailable,
        INPUT_UNAVAILABLE,
        0n,
        0n,
        2n * TOKEN,
        0n,
        0n,
      );
    await expect(tx).to.not.emit(sys.market, "AssignmentSlashed");
    const rec = await providerOf(sys.registry, sys.claimer);
    expect([rec.locked, rec.activeJobs, rec.completed, rec.stake]).to.deep.equal([0n, 0n, 0n, 1_000n * TOKEN]);
    expect((await sys.market.getJob(sys.jobId)).status).to.equal(JobStatus.Refunded);
    await expectConservation(sys);
  });

  it("test_settle_K3_PaysEveryReplicaOfAUnanimousResult", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    await deliver(sys, sys.jobId, sys.claimers, [OUT, OUT, OUT]);
    expect(await sys.market.isSettleable(sys.jobId)).to.equal(true); // early: every commitment is open
    const fee = (TOKEN * 250n) / 10_000n;
    const tx = sys.market.settle(sys.jobId);
    for (const p of sys.claimers) {
      await expect(tx)
        .to.emit(sys.market, "ProviderPaid")
        .withArgs(sys.jobId, p.address, TOKEN - fee, fee, 0n);
    }
    await expect(tx)
      .to.emit(sys.market, "JobSettled")
      .withArgs(sys.jobId, sys.requester.address, Outcome.Completed, OUT, 3n * TOKEN, 3n * fee, 3n * TOKEN, 0n, 0n);
    await expectConservation(sys);
  });

  it("test_settle_K3_RefundsTheEscrowOfUnclaimedSlots", async () => {
    const sys = await networkHelpers.loadFixture(openJob3Fixture);
    const claimers = await claimSlots(sys, sys.jobId, sys.providers, 2);
    await commitAll(sys, sys.jobId, claimers, [OUT, OUT]);
    await networkHelpers.time.increaseTo((await sys.market.getJob(sys.jobId)).claimDeadline + 1n);
    await revealAll(sys, sys.jobId, claimers, [OUT, OUT]);
    const fee = (TOKEN * 250n) / 10_000n;
    // Two of three agree: a strict majority of k = 3. Escrow 6, two prices of 1 paid, 4 refunded.
    await expect(sys.market.settle(sys.jobId))
      .to.emit(sys.market, "JobSettled")
      .withArgs(sys.jobId, sys.requester.address, Outcome.Completed, OUT, 2n * TOKEN, 2n * fee, 4n * TOKEN, 0n, 0n);
    await expectConservation(sys);
  });

  it("test_settle_K3_SlashesADissenterWithExactRoundedSplits", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    // Awkward numbers, so every rounding step shows: the bonus dust must end with the treasury.
    const params = {
      ...(await currentParameters(sys.market)),
      dissentSlashBps: 7_777n,
      noShowSlashBps: 777n,
      requesterShareBps: 3_333n,
      honestShareBps: 3_333n,
    };
    await sys.market.connect(sys.owner).setParameters(params);
    const { claimers, jobId } = sys;
    await deliver(sys, jobId, claimers, [OUT, OUT, WRONG]);
    const job = await sys.market.getJob(jobId);
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
    const tx = sys.market.settle(jobId);
    await expect(tx)
      .to.emit(sys.market, "AssignmentSlashed")
      .withArgs(jobId, claimers[2].address, Fault.Dissent, e.dissentSlash);
    for (const p of claimers.slice(0, 2)) {
      await expect(tx)
        .to.emit(sys.market, "ProviderPaid")
        .withArgs(jobId, p.address, e.payments[0], e.fees[0], e.bonus);
    }
    await expect(tx)
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
    await tx;
    expect(await sys.market.claimable(sys.requester.address)).to.equal(e.requester);
    expect(await sys.market.claimable(sys.treasury.address)).to.equal(e.treasury);
    expect(e.treasury).to.equal(e.feeTotal + e.slashed - e.compensation - 2n * e.bonus);
    expect((await providerOf(sys.registry, claimers[2])).stake).to.equal(1_000n * TOKEN - e.dissentSlash);
    await expectConservation(sys);
  });

  it("test_settle_K5_SlashesDissentersAndNoShowsInOneSettlement", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys, { replicas: 5 });
    const claimers = await claimSlots(sys, jobId, sys.providers, 5);
    const params = await currentParameters(sys.market);
    await deliver(sys, jobId, claimers, [OUT, OUT, OUT, WRONG, null]);
    const job = await sys.market.getJob(jobId);
    const e = expectedSettlement({
      params,
      feeBps: job.feeBps,
      collateral: job.collateral,
      escrow: 5n * job.maxPrice,
      winnerPrices: [TOKEN, TOKEN, TOKEN],
      paid: true,
      dissenters: 1,
      noShows: 1,
    });
    const tx = sys.market.settle(jobId);
    await expect(tx)
      .to.emit(sys.market, "AssignmentSlashed")
      .withArgs(jobId, claimers[3].address, Fault.Dissent, e.dissentSlash);
    await expect(tx)
      .to.emit(sys.market, "AssignmentSlashed")
      .withArgs(jobId, claimers[4].address, Fault.NoShow, e.noShowSlash);
    for (const p of claimers.slice(0, 3)) {
      await expect(tx)
        .to.emit(sys.market, "ProviderPaid")
        .withArgs(jobId, p.address, e.payments[0], e.fees[0], e.bonus);
    }
    await expect(tx)
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
    await tx;
    expect(await sys.market.claimable(sys.requester.address)).to.equal(e.requester);
    expect(await sys.market.claimable(sys.treasury.address)).to.equal(e.treasury);
    for (const p of claimers.slice(0, 3)) {
      expect(await sys.market.claimable(p.address)).to.equal(e.payments[0] + e.bonus);
    }
    await expectConservation(sys);
  });

  it("test_settle_K3_ReleasesEveryoneWithoutAMajority", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    await deliver(sys, sys.jobId, sys.claimers, [ethers.id("a"), ethers.id("b"), ethers.id("c")]);
    const tx = sys.market.settle(sys.jobId);
    await expect(tx)
      .to.emit(sys.market, "JobSettled")
      .withArgs(sys.jobId, sys.requester.address, Outcome.NoConsensus, ethers.ZeroHash, 0n, 0n, 6n * TOKEN, 0n, 0n);
    await expect(tx).to.not.emit(sys.market, "AssignmentSlashed");
    await expect(tx).to.not.emit(sys.market, "ProviderPaid");
    const collateral = (await sys.market.getJob(sys.jobId)).collateral;
    const released = (await (await tx).wait())!.logs
      .map((l) => sys.market.interface.parseLog(l))
      .filter((l) => l?.name === "AssignmentReleased")
      .map((l) => [l!.args[0], l!.args[1], l!.args[2]]);
    expect(released).to.deep.equal(sys.claimers.map((p) => [sys.jobId, p.address, collateral]));
    for (const p of sys.claimers) {
      const rec = await providerOf(sys.registry, p);
      expect([rec.locked, rec.activeJobs, rec.completed, rec.slashes]).to.deep.equal([0n, 0n, 0n, 0n]);
    }
    await expectConservation(sys);
  });

  it("test_settle_K3_RevertWhen_RevealsStillOutstanding", async () => {
    const sys = await networkHelpers.loadFixture(claimedJob3Fixture);
    await commitAll(sys, sys.jobId, sys.claimers, [OUT, OUT, OUT]);
    await revealAll(sys, sys.jobId, sys.claimers.slice(0, 2), [OUT, OUT]);
    expect(await sys.market.isSettleable(sys.jobId)).to.equal(false);
    await expect(sys.market.settle(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotSettleable")
      .withArgs(sys.jobId);
    const { revealDeadline } = await sys.market.getJob(sys.jobId);
    await atNextBlock(revealDeadline);
    await expect(sys.market.settle(sys.jobId)).to.be.revertedWithCustomError(sys.market, "JobMarketNotSettleable");
    await atNextBlock(revealDeadline + 1n);
    await expect(sys.market.settle(sys.jobId))
      .to.emit(sys.market, "AssignmentSlashed")
      .withArgs(sys.jobId, sys.claimers[2].address, Fault.NoShow, TOKEN);
  });

  it("test_settle_K1_RevertWhen_ClaimedButNothingSubmittedYet", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    expect(await sys.market.isSettleable(sys.jobId)).to.equal(false);
    await expect(sys.market.settle(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotSettleable")
      .withArgs(sys.jobId);
  });

  it("test_settle_RevertWhen_AlreadySettled", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    await networkHelpers.time.increaseTo((await sys.market.getJob(sys.jobId)).claimDeadline + 1n);
    await sys.market.settle(sys.jobId);
    expect(await sys.market.isSettleable(sys.jobId)).to.equal(false);
    await expect(sys.market.settle(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(sys.jobId, JobStatus.Refunded);
  });

  it("test_settle_RevertWhen_JobDoesNotExist", async () => {
    const sys = await networkHelpers.loadFixture(openJobFixture);
    expect(await sys.market.isSettleable(7n)).to.equal(false);
    await expect(sys.market.settle(7n))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(7n, JobStatus.None);
  });

  it("test_settle_UsesTheFeeAndCollateralFixedAtPosting", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    await sys.market.connect(sys.owner).setParameters({
      ...(await currentParameters(sys.market)),
      feeBps: 1_000n,
      collateralBps: 50_000n,
    });
    await sys.market.connect(sys.claimer).submitResult(sys.jobId, OUT, "");
    await networkHelpers.time.increaseTo((await sys.market.getJob(sys.jobId)).challengeEndsAt);
    const fee = (TOKEN * 250n) / 10_000n; // the job's 250 bps, not the new 1,000
    await expect(sys.market.settle(sys.jobId))
      .to.emit(sys.market, "ProviderPaid")
      .withArgs(sys.jobId, sys.claimer.address, TOKEN - fee, fee, 0n);
    expect((await providerOf(sys.registry, sys.claimer)).locked).to.equal(0n); // the 4 tokens locked at claim
  });
});
