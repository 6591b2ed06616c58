import { expect } from "chai";
import { verdictCommitment } from "@hashwork/sdk/results";
import {
  Fault,
  JobStatus,
  TOKEN,
  VerificationStatus,
  answer,
  auditFeeKept,
  bps,
  claimSeats,
  claimSlots,
  commitVerdicts,
  currentCourtParameters,
  ethers,
  expectConservation,
  fund,
  networkFixture,
  networkHelpers,
  postJob,
  proofFor,
  providerOf,
  saltOf,
  type System,
  verifierPay,
} from "../fixture.js";
import { challengeAs, deliver, pastRound, revealSome, runPanel } from "../helpers/court.js";
import { expectedSettlement, worth } from "../helpers/money.js";

/**
 * Attacks on challenges and verifier panels (the old DisputeCourt scenarios on the VerificationCourt): challenging
 * one's own job, griefing honest results, copying another verifier, a verifier cartel below majority, the edges of
 * the challenge window, resolving twice, and a market paused while a panel sits. Defaults: budget 2 (100 Mfuel at
 * 0.02), collateral 30, bond 8; a verifier is paid the fuel it revealed at the job's price (0.8 for the 40 Mfuel of
 * these answers) and slashed 15 outside the verdict.
 */
const right = answer("right");
const wrong = answer("wrong");

/** A k = 1 job whose provider revealed `a`, unaudited, inside its challenge window. */
async function revealedK1(sys: System, a = right) {
  const jobId = await postJob(sys);
  const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
  await deliver(sys, jobId, [provider!], [a]);
  return { jobId, provider: provider!, job: await sys.market.getJob(jobId) };
}

describe("adversarial: Court", () => {
  it("a provider challenging its own result is refused and nothing moves", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const { jobId, provider, job } = await revealedK1(sys);
    const bond = await sys.court.bondFor(job.budget);
    await fund(sys, provider, bond, await sys.court.getAddress());
    const before = await worth(sys, provider);
    const poolBefore = await sys.court.pool();
    await expect(sys.court.connect(provider).challenge(jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotChallengeable")
      .withArgs(jobId);
    expect(await worth(sys, provider)).to.equal(before);
    expect(await sys.token.balanceOf(provider.address)).to.equal(bond);
    expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Open);
    expect((await sys.court.getVerification(jobId)).status).to.equal(VerificationStatus.None);
    expect(await sys.court.pool()).to.equal(poolBefore);
    await expectConservation(sys);
  });

  it("a griefer front-running the requester with challenges of honest results loses every bond; the pool only grows", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const griefer = sys.other;
    const poolBefore = await sys.court.pool();
    const owed = new Map<string, bigint>(); // court claimable balances the griefing created
    const credit = (a: string, x: bigint) => owed.set(a, (owed.get(a) ?? 0n) + x);
    let lost = 0n;
    let auditFees = 0n;
    let panelPay = 0n;
    for (let i = 0; i < 3; i++) {
      const { jobId, provider, job } = await revealedK1(sys);
      const bond = await challengeAs(sys, griefer, jobId);
      lost += bond;
      // The requester, who checked the result too late, cannot open a second challenge of the same job.
      await fund(sys, sys.requester, bond, await sys.court.getAddress());
      await expect(sys.court.connect(sys.requester).challenge(jobId))
        .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
        .withArgs(jobId, JobStatus.Verifying);
      const { panel } = await runPanel(sys, jobId, sys.verifiers, [right, right, right]);
      const [settled] = await sys.court.queryFilter(sys.court.filters.ChallengeSettled(jobId));
      expect([settled!.args.won, settled!.args.bondReturned, settled!.args.reward]).to.deep.equal([false, 0n, 0n]);
      // The provider is paid as if nobody had challenged: 40 Mfuel at 0.01.
      const [paid] = await sys.market.queryFilter(sys.market.filters.ProviderPaid(jobId));
      expect([paid!.args.provider, paid!.args.payment]).to.deep.equal([provider.address, (4n * TOKEN) / 10n]);
      const pay = verifierPay(right.fuel, job.maxPricePerMfuel); // 0.8
      for (const v of panel) credit(v.address, pay);
      auditFees += auditFeeKept(right.fuel, job.maxPricePerMfuel, (await sys.market.parameters()).auditFeeBps);
      panelPay += 3n * pay;
    }
    expect(lost).to.equal(24n * TOKEN);
    expect(await worth(sys, griefer)).to.equal(0n);
    for (const [a, x] of owed) expect(await sys.court.claimable(a), a).to.equal(x);
    // Each lost bond (8) paid its panel (2.4) and left 5.6 in the pool, plus the job's audit fee on its fuel (0.096).
    expect(panelPay).to.equal((72n * TOKEN) / 10n);
    expect(await sys.court.pool()).to.equal(poolBefore + lost - panelPay + auditFees);
    await expectConservation(sys);
  });

  it("a verifier that copies another verifier's commitment cannot reveal it and is slashed (Withheld)", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const { jobId, job } = await revealedK1(sys, wrong);
    await challengeAs(sys, sys.requester, jobId);
    const [a, copier, c] = await claimSeats(sys, jobId, sys.verifiers, 3);
    const proof = await proofFor(sys, jobId, right);
    const aCommitment = verdictCommitment(jobId, a!.address, right.output, right.fuel, proof, saltOf(a!));
    await sys.court.connect(a!).commitVerdict(jobId, aCommitment);
    await sys.court.connect(copier!).commitVerdict(jobId, aCommitment); // copied from the chain
    await commitVerdicts(sys, jobId, [c!], [right]);
    await revealSome(sys, jobId, [a!, c!], [right, right]);
    // The commitment binds the verifier's address: the copier cannot open it even knowing a's answer, proof and salt.
    await expect(sys.court.connect(copier!).revealVerdict(jobId, right.output, right.fuel, proof, saltOf(a!), ""))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtCommitmentMismatch")
      .withArgs(jobId, copier!.address);
    expect(await sys.court.isResolvable(jobId)).to.equal(false); // the copier's reveal is still outstanding
    await pastRound(sys, jobId, "revealEndsAt");
    const slash = bps(job.collateral, (await sys.court.parameters()).verifierSlashBps);
    await expect(sys.court.resolve(jobId))
      .to.emit(sys.court, "VerifierSlashed")
      .withArgs(jobId, copier!.address, 1, Fault.Withheld, slash);
    expect(await sys.court.claimable(copier!.address)).to.equal(0n); // unpaid
    const pay = verifierPay(right.fuel, job.maxPricePerMfuel);
    for (const v of [a!, c!]) expect(await sys.court.claimable(v.address)).to.equal(pay);
    expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Refunded); // 2 of 3 seats overturned it
    await expectConservation(sys);
  });

  it("a cartel of verifiers below majority (2 of 5) voting for the provider's wrong result is paid 0.8 and slashed 15 each", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    await sys.court
      .connect(sys.owner)
      .setParameters({ ...(await currentCourtParameters(sys.court)), panelSize: 5, bondBps: 50_000n });
    const { jobId, provider, job } = await revealedK1(sys, wrong);
    await challengeAs(sys, sys.requester, jobId);
    // The cartel agrees on the wrong result and on a made-up proof of execution: two equal ballots, not a majority.
    const { panel } = await runPanel(sys, jobId, sys.verifiers, [wrong, wrong, right, right, right]);
    const slash = bps(job.collateral, (await sys.court.parameters()).verifierSlashBps);
    for (const [i, v] of panel.entries()) {
      expect(await sys.court.claimable(v.address)).to.equal(verifierPay(wrong.fuel, job.maxPricePerMfuel)); // 0.8
      expect((await providerOf(sys.registry, v)).stake).to.equal(1_000n * TOKEN - (i < 2 ? slash : 0n));
    }
    expect((await providerOf(sys.registry, provider)).stake).to.equal(1_000n * TOKEN - job.collateral);
    await expectConservation(sys);
  });

  it("a challenge on the last second of the challenge window is accepted; one second later it is refused and the job settles", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const first = await revealedK1(sys, wrong);
    const second = await revealedK1(sys, wrong);
    const bond = await sys.court.bondFor(first.job.budget);
    await fund(sys, sys.other, 2n * bond, await sys.court.getAddress());
    const t1 = await sys.market.timeline(first.jobId);
    await networkHelpers.time.setNextBlockTimestamp(t1.challengeEndsAt);
    await expect(sys.market.settle(first.jobId)).to.be.revertedWithCustomError(sys.market, "JobMarketNotSettleable");
    await expect(sys.court.connect(sys.other).challenge(first.jobId)).to.emit(sys.court, "ChallengeOpened");

    const t2 = await sys.market.timeline(second.jobId);
    await networkHelpers.time.setNextBlockTimestamp(t2.challengeEndsAt + 1n);
    await expect(sys.court.connect(sys.other).challenge(second.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketDeadlinePassed")
      .withArgs(second.jobId, t2.challengeEndsAt);
    await expect(sys.market.settle(second.jobId)).to.emit(sys.market, "JobSettled");
    expect((await sys.market.getJob(second.jobId)).status).to.equal(JobStatus.Completed);
    await expectConservation(sys);
  });

  it("resolving twice, in one block from two accounts, pays once; the settled job cannot be settled again", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const { jobId, provider, job } = await revealedK1(sys, wrong);
    const bond = await challengeAs(sys, sys.requester, jobId);
    const panel = await claimSeats(sys, jobId, sys.verifiers, 3);
    await commitVerdicts(sys, jobId, panel, [right, right, right]);
    await revealSome(sys, jobId, panel, [right, right, right]); // all three agree: resolvable at once
    await ethers.provider.send("evm_setAutomine", [false]);
    try {
      const gasLimit = 3_000_000n;
      const a = await sys.court.connect(sys.other).resolve(jobId, { gasLimit });
      const b = await sys.court.connect(sys.requester).resolve(jobId, { gasLimit });
      await networkHelpers.mine();
      expect((await a.wait())!.status).to.equal(1);
      const second = await b.wait().then(
        () => "mined",
        () => "reverted",
      );
      expect(second).to.equal("reverted"); // VerificationCourtNotOpen
      expect((await ethers.provider.getTransactionReceipt(b.hash))!.blockNumber).to.equal(
        (await a.wait())!.blockNumber,
      );
    } finally {
      await ethers.provider.send("evm_setAutomine", [true]);
    }
    const e = expectedSettlement({
      job,
      params: await sys.market.parameters(),
      completed: false,
      fuel: right.fuel, // the verdict's
      dissenters: 1,
      verified: true,
    });
    expect(await sys.market.claimable(sys.requester.address)).to.equal(e.requester);
    expect(await sys.court.claimable(sys.requester.address)).to.equal(bond + e.challengerReward);
    expect((await providerOf(sys.registry, provider)).stake).to.equal(1_000n * TOKEN - job.collateral);
    await expect(sys.market.settle(jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(jobId, JobStatus.Refunded);
    await expect(sys.court.resolve(jobId))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtNotOpen")
      .withArgs(jobId, VerificationStatus.Final);
    await expectConservation(sys);
  });

  it("a market paused while a panel sits still resolves it and pays everyone out; a challenge can be opened while paused", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const sitting = await revealedK1(sys, wrong);
    const later = await revealedK1(sys, wrong);
    const bond = await challengeAs(sys, sys.requester, sitting.jobId);
    await sys.market.connect(sys.owner).pause();
    await challengeAs(sys, sys.other, later.jobId);
    for (const jobId of [sitting.jobId, later.jobId]) {
      await runPanel(sys, jobId, sys.verifiers, [right, right, right]);
      expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Refunded);
    }
    const e = expectedSettlement({
      job: sitting.job,
      params: await sys.market.parameters(),
      completed: false,
      fuel: right.fuel, // the verdict's
      dissenters: 1,
      verified: true,
    });
    await expect(sys.market.connect(sys.requester).withdraw())
      .to.emit(sys.market, "Withdrawn")
      .withArgs(sys.requester.address, 2n * e.requester);
    await expect(sys.court.connect(sys.requester).withdraw())
      .to.emit(sys.court, "Withdrawn")
      .withArgs(sys.requester.address, bond + e.challengerReward);
    await expect(sys.court.connect(sys.other).withdraw())
      .to.emit(sys.court, "Withdrawn")
      .withArgs(sys.other.address, bond + e.challengerReward);
    for (const v of sys.verifiers) {
      if ((await sys.court.claimable(v.address)) > 0n) await sys.court.connect(v).withdraw();
    }
    expect(await sys.market.pausedUntil()).to.be.greaterThan(0n);
    await expectConservation(sys);
  });
});
