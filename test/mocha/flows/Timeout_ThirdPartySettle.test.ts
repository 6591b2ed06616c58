import { expect } from "chai";
import {
  Fault,
  Outcome,
  TOKEN,
  answer,
  auditFeeKept,
  claimSeats,
  claimSlots,
  commitAll,
  expectConservation,
  forceAudit,
  networkFixture,
  networkHelpers,
  postJob,
  providerOf,
  resultWord,
  revealAll,
  noClaimsSettlement,
} from "../fixture.js";
import { challengeAs, commitSome, deliver, revealSome } from "../helpers/court.js";
import { worth } from "../helpers/money.js";

/**
 * Nothing stays stuck: once a deadline passes, anyone (here a stranger with no stake in the job) can settle it,
 * decide its audit or resolve its panel, and gains nothing by doing so.
 */
const right = answer("right");

describe("flow: Timeout_ThirdPartySettle", () => {
  it("a stranger settles an unclaimed job after the claim deadline: the whole escrow goes back", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const jobId = await postJob(sys, { replicas: 2 });
    const job = await sys.market.getJob(jobId);
    await networkHelpers.time.increaseTo(job.claimDeadline);
    expect(await sys.market.isSettleable(jobId)).to.equal(false);
    await networkHelpers.time.increase(1);
    expect(await sys.market.isSettleable(jobId)).to.equal(true);
    const before = await worth(sys, sys.other);
    const escrow = 2n * job.budget + job.fee + job.auditFee;
    await expect(sys.market.connect(sys.other).settle(jobId))
      .to.emit(sys.market, "JobSettled")
      .withArgs(...noClaimsSettlement(jobId, sys.requester.address, escrow));
    expect(await sys.market.claimable(sys.requester.address)).to.equal(escrow);
    expect(await worth(sys, sys.other)).to.equal(before); // the settler gains nothing
    await expectConservation(sys);
  });

  it("a stranger finalises a k = 1 result once the challenge window is over", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const jobId = await postJob(sys);
    const [p] = await claimSlots(sys, jobId, sys.providers, 1);
    await deliver(sys, jobId, [p!], [right]);
    const { challengeEndsAt } = await sys.market.timeline(jobId);
    await networkHelpers.time.increaseTo(challengeEndsAt);
    expect(await sys.market.isSettleable(jobId)).to.equal(false);
    await networkHelpers.time.increase(1);
    expect(await sys.market.isSettleable(jobId)).to.equal(true);
    const job = await sys.market.getJob(jobId);
    const pay = (4n * TOKEN) / 10n;
    const kept = auditFeeKept(right.fuel, job.maxPricePerMfuel, (await sys.market.parameters()).auditFeeBps); // 0.096
    await expect(sys.market.connect(sys.other).settle(jobId))
      .to.emit(sys.market, "JobSettled")
      .withArgs(
        jobId,
        sys.requester.address,
        Outcome.Completed,
        resultWord(right),
        right.fuel,
        pay,
        job.fee,
        kept,
        job.budget - pay + job.auditFee - kept,
        0n,
        0n,
        kept,
      );
    expect(await sys.market.claimable(p!.address)).to.equal(pay);
    await expectConservation(sys);
  });

  it("a stranger settles a k = 3 job with a reveal missing after the reveal deadline; the withholder is slashed", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const jobId = await postJob(sys, { replicas: 3 });
    const claimers = await claimSlots(sys, jobId, sys.providers, 3);
    await commitAll(sys, jobId, claimers, [right, right, right]);
    // A stranger takes the audit decision too (the contract's own randomness decides; forced here to "not audited").
    await forceAudit(sys, jobId, false);
    await revealAll(sys, jobId, claimers.slice(0, 2), [right, right]);
    const { revealEndsAt } = await sys.market.timeline(jobId);
    await networkHelpers.time.increaseTo(revealEndsAt);
    expect(await sys.market.isSettleable(jobId)).to.equal(false);
    await networkHelpers.time.increaseTo((await sys.market.timeline(jobId)).challengeEndsAt + 1n);
    expect(await sys.market.isSettleable(jobId)).to.equal(true);
    const job = await sys.market.getJob(jobId);
    const settle = sys.market.connect(sys.other).settle(jobId);
    await expect(settle)
      .to.emit(sys.market, "AssignmentSlashed")
      .withArgs(jobId, claimers[2]!.address, Fault.Withheld, job.collateral);
    await expect(settle).to.emit(sys.market, "JobSettled");
    await expectConservation(sys);
  });

  it("a stranger resolves a panel with a reveal missing after its reveal deadline; the silent verifier is slashed", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const jobId = await postJob(sys);
    const [p] = await claimSlots(sys, jobId, sys.providers, 1);
    await deliver(sys, jobId, [p!], [answer("wrong")]);
    await challengeAs(sys, sys.requester, jobId);
    expect(await sys.court.isResolvable(jobId)).to.equal(false);
    const before = await worth(sys, sys.other);
    // All three commit, the third never reveals: the stranger resolves after the reveal deadline.
    const panel = await claimSeats(sys, jobId, sys.verifiers, 3);
    await commitSome(sys, jobId, panel, [right, right, right]);
    await revealSome(sys, jobId, panel, [right, right]);
    const { revealEndsAt } = await sys.court.getRound(jobId, 1);
    await networkHelpers.time.setNextBlockTimestamp(revealEndsAt);
    await expect(sys.court.connect(sys.other).resolve(jobId)).to.be.revertedWithCustomError(
      sys.court,
      "VerificationCourtNotResolvable",
    );
    await networkHelpers.mine(); // the reveal deadline's block
    expect(await sys.court.isResolvable(jobId)).to.equal(false);
    await sys.court.connect(sys.other).resolve(jobId); // one second later
    const [resolved] = await sys.court.queryFilter(sys.court.filters.VerificationFinalized(jobId));
    expect(resolved!.args.verdict).to.equal(resultWord(right));
    expect(await sys.court.claimable(panel[2]!.address)).to.equal(0n);
    const job = await sys.market.getJob(jobId);
    const slash = (job.collateral * (await sys.court.parameters()).verifierSlashBps) / 10_000n;
    expect((await providerOf(sys.registry, panel[2]!)).stake).to.equal(1_000n * TOKEN - slash);
    expect(await worth(sys, sys.other)).to.equal(before);
    await expectConservation(sys);
  });
});
