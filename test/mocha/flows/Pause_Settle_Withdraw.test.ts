import { ZeroHash } from "ethers";
import { expect } from "chai";
import {
  JobStatus,
  TOKEN,
  answer,
  auditFeeKept,
  claimSlots,
  ethers,
  commitAll,
  expectConservation,
  forceAudit,
  fund,
  jobRequest,
  networkFixture,
  networkHelpers,
  passChallengeWindow,
  postJob,
  revealAll,
} from "../fixture.js";
import { challengeAs, deliver, runPanel } from "../helpers/court.js";
import { expectedSettlement, withdrawExactly } from "../helpers/money.js";

/**
 * The brake: the owner (the Timelock) pauses until it unpauses; a guardian it appoints pauses for a bounded time.
 * Either way only new jobs and claims stop: commits, reveals, settlement, cancels before the seed, verification and
 * withdrawals keep working.
 */
const right = answer("right");
const wrong = answer("wrong");

describe("flow: Pause_Settle_Withdraw", () => {
  it("the owner's pause stops new jobs and claims only; the rest goes on, and unpausing reopens the market", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const running = await postJob(sys); // claimed before the pause, committed during it
    // Nobody can claim it during the pause; its claim deadline passes while the others are verified.
    const waiting = await postJob(sys, { claimWindow: 600n });
    const contested = await postJob(sys); // challenged and verified during the pause
    const [p] = await claimSlots(sys, running, sys.providers, 1);
    const [q] = await claimSlots(sys, contested, sys.providers, 1);
    await deliver(sys, contested, [q!], [wrong]);
    const cancelled = await postJob(sys);
    // The pause lands in the block after that posting; in the same block the requester cancels (its seed does not
    // exist yet): cancelling is not stopped by the pause.
    await ethers.provider.send("evm_setAutomine", [false]);
    try {
      const pause = await sys.market.connect(sys.owner).pause({ gasLimit: 200_000n });
      const cancel = await sys.market.connect(sys.requester).cancelJob(cancelled, { gasLimit: 200_000n });
      await networkHelpers.mine();
      await expect(pause)
        .to.emit(sys.market, "MarketPaused")
        .withArgs(sys.owner.address, 2n ** 40n - 1n);
      await expect(cancel).to.emit(sys.market, "JobCancelled");
    } finally {
      await ethers.provider.send("evm_setAutomine", [true]);
    }

    const req = await jobRequest();
    await fund(sys, sys.requester, (await sys.market.escrowFor(req))[0], await sys.market.getAddress());
    await expect(sys.market.connect(sys.requester).postJob(req)).to.be.revertedWithCustomError(
      sys.market,
      "JobMarketPaused",
    );
    await expect(sys.market.connect(sys.providers[0]!).claim(waiting, ZeroHash)).to.be.revertedWithCustomError(
      sys.market,
      "JobMarketPaused",
    );

    await commitAll(sys, running, [p!], [right]);
    await forceAudit(sys, running, false);
    await revealAll(sys, running, [p!], [right]);
    const bond = await challengeAs(sys, sys.requester, contested);
    await runPanel(sys, contested, sys.verifiers, [right, right, right]);
    await passChallengeWindow(sys, running);
    await expect(sys.market.settle(running)).to.emit(sys.market, "JobSettled");
    await expect(sys.market.settle(waiting)).to.emit(sys.market, "JobSettled"); // unclaimed: refunded
    expect((await sys.market.getJob(running)).status).to.equal(JobStatus.Completed);
    expect((await sys.market.getJob(contested)).status).to.equal(JobStatus.Refunded);
    await expectConservation(sys);
    const params = await sys.market.parameters();
    const [r, c] = [await sys.market.getJob(running), await sys.market.getJob(contested)];
    const paid = expectedSettlement({
      job: r,
      params,
      completed: true,
      fuel: right.fuel,
      winners: [{ pricePerMfuel: TOKEN / 100n }],
    });
    const overturned = expectedSettlement({
      job: c,
      params,
      completed: false,
      fuel: right.fuel, // the verdict's
      dissenters: 1,
      verified: true,
    });
    const escrow = r.budget + r.fee + r.auditFee; // the waiting and the cancelled job's, refunded in full
    await withdrawExactly(sys, [
      [p!, paid.payments[0]!],
      [sys.requester, paid.refund + overturned.requester + 2n * escrow],
      [sys.treasury, r.fee],
    ]);
    await withdrawExactly(sys, [[sys.requester, bond + overturned.challengerReward]], "court");
    await sys.registry.connect(p!).requestUnstake(1n); // the registry is never paused
    await expectConservation(sys);

    await expect(sys.market.connect(sys.owner).unpause())
      .to.emit(sys.market, "MarketUnpaused")
      .withArgs(sys.owner.address);
    expect(await sys.market.pausedUntil()).to.equal(0n);
    await expect(sys.market.connect(sys.requester).postJob(await jobRequest())).to.emit(sys.market, "JobPosted");
    await expectConservation(sys);
  });

  it("the guardian's pause lasts guardianPauseDuration, settles and withdrawals go on, and governance may end it early", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const guardian = sys.other;
    await expect(sys.market.connect(sys.owner).setGuardian(guardian.address))
      .to.emit(sys.market, "GuardianUpdated")
      .withArgs("0x0000000000000000000000000000000000000000", guardian.address);
    const jobId = await postJob(sys);
    const [p] = await claimSlots(sys, jobId, sys.providers, 1);
    await deliver(sys, jobId, [p!], [right]);
    const pause = await sys.market.connect(guardian).guardianPause();
    const { guardianPauseDuration } = await sys.market.parameters();
    const until = BigInt((await pause.getBlock())!.timestamp) + guardianPauseDuration;
    expect(await sys.market.pausedUntil()).to.equal(until);
    await passChallengeWindow(sys, jobId);
    await expect(sys.market.settle(jobId)).to.emit(sys.market, "JobSettled");
    const job = await sys.market.getJob(jobId);
    const pay = (right.fuel * TOKEN) / 100n / 1_000_000n; // 0.4
    await withdrawExactly(sys, [[p!, pay]]);
    // The escrow less 0.4, the fee and the audit fee kept on the 40 Mfuel used (0.096 of the 0.24).
    const kept = auditFeeKept(right.fuel, job.maxPricePerMfuel, (await sys.market.parameters()).auditFeeBps);
    await withdrawExactly(sys, [[sys.requester, job.budget - pay + job.auditFee - kept]]);
    const req = await jobRequest();
    await fund(sys, sys.requester, (await sys.market.escrowFor(req))[0], await sys.market.getAddress());
    await expect(sys.market.connect(sys.requester).postJob(req)).to.be.revertedWithCustomError(
      sys.market,
      "JobMarketPaused",
    );
    await expect(sys.market.connect(sys.owner).unpause()).to.emit(sys.market, "MarketUnpaused");
    expect(await sys.market.pausedUntil()).to.equal(0n);
    await expect(sys.market.connect(sys.requester).postJob(await jobRequest())).to.emit(sys.market, "JobPosted");
    // The guardian's cooldown stands even though governance ended its pause early.
    await expect(sys.market.connect(guardian).guardianPause())
      .to.be.revertedWithCustomError(sys.market, "JobMarketGuardianCoolingDown")
      .withArgs(until + guardianPauseDuration);
    await expectConservation(sys);
  });
});
