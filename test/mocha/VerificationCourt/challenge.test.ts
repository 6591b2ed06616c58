import { expect } from "chai";
import {
  Fault,
  JobStatus,
  MFUEL,
  Outcome,
  TOKEN,
  auditFeeKept,
  VerificationReason,
  VerificationStatus,
  addProvider,
  answer,
  claimAuditor,
  claimSeats,
  claimSlots,
  commitAll,
  commitVerdicts,
  currentCourtParameters,
  currentParameters,
  deploySystem,
  ethers,
  expectConservation,
  forceAudit,
  fund,
  networkFixture,
  networkHelpers,
  postJob,
  providerOf,
  resultWord,
  revealAll,
  revealVerdicts,
  verifierPay,
  type Answer,
  type System,
} from "../fixture.js";
import { deployMockSystem } from "../helpers/mockToken.js";
import { challengedFixture, revealedJobFixture, right, toChallenged, toRevealed, wrong } from "../helpers/stages.js";

const BUDGET = 2n * TOKEN;
const BOND = 4n * BUDGET; // bondBps 40,000
const COLLATERAL = 30n * TOKEN;
const AUDIT_FEE = (BUDGET * 1_200n) / 10_000n;
const MAX_PRICE = BUDGET / 100n; // the job's 0.02 token per Mfuel
const KEPT = auditFeeKept(40n * MFUEL, MAX_PRICE, 1_200n); // the audit fee kept on a 40-Mfuel result
const REWARD = (COLLATERAL * 2_000n) / 10_000n; // challengerShareBps of the slashed collateral (6 tokens < the bond)
const PAY = (40n * MFUEL * (TOKEN / 100n)) / MFUEL; // the provider's 40 Mfuel at 0.01 token
const VERIFIER_PAY = verifierPay(40n * MFUEL, MAX_PRICE); // a verifier's 40 Mfuel at the job's price: 0.8 token
/** What a panel of three that revealed 40 Mfuel each gives back to the pool of the budgets reserved for it. */
const PANEL_REST = 3n * (BUDGET - VERIFIER_PAY);

/** Draws the current round's three seats (never the same verifier twice), commits and reveals `answers`. */
async function votes(sys: System & { jobId: bigint }, answers: Answer[], exclude: string[] = []) {
  const panel = await claimSeats(
    sys,
    sys.jobId,
    sys.verifiers.filter((v) => !exclude.includes(v.address)),
    3,
  );
  await commitVerdicts(sys, sys.jobId, panel, answers);
  await revealVerdicts(sys, sys.jobId, panel, answers);
  return panel;
}

describe("VerificationCourt.challenge", () => {
  it("test_challenge_PullsTheBondOpensAPanelAndEmitsChallengeOpened", async () => {
    const sys = await networkHelpers.loadFixture(revealedJobFixture);
    expect(await sys.court.bondFor(BUDGET)).to.equal(BOND);
    await fund(sys, sys.other, BOND, await sys.court.getAddress());
    const pool = await sys.court.pool();
    const tx = sys.court.connect(sys.other).challenge(sys.jobId);
    await expect(tx)
      .to.emit(sys.court, "ChallengeOpened")
      .withArgs(sys.jobId, sys.other.address, resultWord(right), BOND);
    await expect(tx)
      .to.emit(sys.market, "VerificationStarted")
      .withArgs(sys.jobId, VerificationReason.Challenge, sys.other.address, resultWord(right));
    await expect(tx).to.changeTokenBalances(ethers, sys.token, [sys.other, sys.court], [-BOND, BOND]);
    const block = BigInt((await (await tx).wait())!.blockNumber);
    const at = BigInt((await ethers.provider.getBlock(block))!.timestamp);
    // Draw 600 s, then the job's 32 s execution time to commit, then 600 s to reveal.
    await expect(tx)
      .to.emit(sys.court, "RoundOpened")
      .withArgs(sys.jobId, 1, 3, block, at + 600n, at + 632n, at + 1_232n);
    const v = await sys.court.getVerification(sys.jobId);
    expect([v.status, v.round, v.challenger, v.bond, v.agreed, v.verdict]).to.deep.equal([
      VerificationStatus.Panel,
      1n,
      sys.other.address,
      BOND,
      resultWord(right),
      ethers.ZeroHash,
    ]);
    expect(await sys.court.pool()).to.equal(pool); // a bond is owed, not pooled
    await expectConservation(sys);
  });

  it("test_challenge_Won_ReturnsTheBondWithTheChallengersShare", async () => {
    const sys = await networkHelpers.loadFixture(challengedFixture);
    await votes(sys, [right, right, right]);
    const pool = await sys.court.pool();
    const tx = sys.court.resolve(sys.jobId);
    await expect(tx)
      .to.emit(sys.court, "ChallengeSettled")
      .withArgs(sys.jobId, sys.challenger.address, true, BOND, REWARD);
    await expect(tx)
      .to.emit(sys.market, "JobSettled")
      .withArgs(
        sys.jobId,
        sys.requester.address,
        Outcome.Overturned,
        resultWord(right),
        right.fuel,
        0n,
        0n,
        KEPT,
        BUDGET + (BUDGET * 250n) / 10_000n + AUDIT_FEE - KEPT,
        BUDGET, // half the slash, capped at the budget escrowed for the one replica
        COLLATERAL,
        KEPT + COLLATERAL - BUDGET, // the court keeps the audit fee and the slash nobody else was paid
      );
    expect(await sys.court.claimable(sys.challenger.address)).to.equal(BOND + REWARD);
    // The pool keeps the audit fee and the slash the market did not distribute, less the challenger's share, and gets
    // back what the panel's reservations did not pay.
    expect(await sys.court.pool()).to.equal(pool + KEPT + COLLATERAL - BUDGET - REWARD + PANEL_REST);
    await expect(sys.court.connect(sys.challenger).withdraw())
      .to.emit(sys.court, "Withdrawn")
      .withArgs(sys.challenger.address, BOND + REWARD);
    await expectConservation(sys);
  });

  it("test_challenge_Lost_ForfeitsTheBondToThePool", async () => {
    const sys = await networkHelpers.loadFixture(challengedFixture);
    await votes(sys, [wrong, wrong, wrong]); // the panel confirms the agreed result
    const pool = await sys.court.pool();
    const tx = sys.court.resolve(sys.jobId);
    await expect(tx).to.emit(sys.court, "ChallengeSettled").withArgs(sys.jobId, sys.challenger.address, false, 0n, 0n);
    await expect(tx).to.emit(sys.market, "ProviderPaid").withArgs(sys.jobId, sys.claimers[0]!.address, PAY, 0n);
    expect((await sys.market.getJob(sys.jobId)).status).to.equal(JobStatus.Completed);
    expect(await sys.court.claimable(sys.challenger.address)).to.equal(0n);
    expect(await sys.court.pool()).to.equal(pool + BOND + KEPT + PANEL_REST);
    await expectConservation(sys);
  });

  it("test_challenge_Won_TheRewardIsCappedAtTheBond", async () => {
    // A 30% challenger share (fixed when the job is posted) of the 30-token slash is 9 tokens, above the 8-token
    // bond: a challenge never wins more than it risks, so a bought panel majority cannot pay; the rest stays in the
    // pool.
    const base = await networkHelpers.loadFixture(networkFixture);
    const params = await currentParameters(base.market);
    await base.market.connect(base.owner).setParameters({ ...params, challengerShareBps: 3_000n });
    const sys = { ...base, ...(await toChallenged(base)) };
    await votes(sys, [right, right, right]);
    const pool = await sys.court.pool();
    await expect(sys.court.resolve(sys.jobId))
      .to.emit(sys.court, "ChallengeSettled")
      .withArgs(sys.jobId, sys.challenger.address, true, BOND, BOND);
    expect((COLLATERAL * 3_000n) / 10_000n).to.be.greaterThan(BOND);
    expect(await sys.court.claimable(sys.challenger.address)).to.equal(2n * BOND);
    expect(await sys.court.pool()).to.equal(pool + KEPT + COLLATERAL - BUDGET - BOND + PANEL_REST);
    await expectConservation(sys);
  });

  it("test_challenge_Won_TheSharesFixedAtPostingApplyWhateverGovernanceSetSince", async () => {
    const sys = await networkHelpers.loadFixture(challengedFixture);
    // Governance raises the challenger's share and the dissent slash after the job was posted: the job keeps its own.
    const params = await currentParameters(sys.market);
    await sys.market
      .connect(sys.owner)
      .setParameters({ ...params, challengerShareBps: 3_000n, noShowSlashBps: 5_000n });
    await votes(sys, [right, right, right]);
    await expect(sys.court.resolve(sys.jobId))
      .to.emit(sys.court, "ChallengeSettled")
      .withArgs(sys.jobId, sys.challenger.address, true, BOND, REWARD);
    await expectConservation(sys);
  });

  it("test_challenge_NoVerdict_PaysTheChallengedReplicasOutOfTheBondAndReturnsTheRest", async () => {
    const sys = await networkHelpers.loadFixture(challengedFixture);
    await noVerdict(sys);
    const provider = sys.claimers[0]!;
    const tx = sys.court.resolve(sys.jobId);
    // The job fails closed (refunded, its replica released unpaid), but a challenge nobody could decide must not get
    // the requester the output for free: the bond pays the replica of the challenged result what it would have earned.
    await expect(tx).to.emit(sys.court, "ReplicaCompensated").withArgs(sys.jobId, provider.address, PAY);
    await expect(tx)
      .to.emit(sys.court, "ChallengeSettled")
      .withArgs(sys.jobId, sys.challenger.address, false, BOND - PAY, 0n);
    await expect(tx)
      .to.emit(sys.market, "JobSettled")
      .withArgs(
        sys.jobId,
        sys.requester.address,
        Outcome.NoVerdict,
        ethers.ZeroHash,
        0n,
        0n,
        0n,
        AUDIT_FEE, // no result says how much fuel was used: kept on the whole budget
        BUDGET + (BUDGET * 250n) / 10_000n,
        0n,
        0n,
        AUDIT_FEE,
      );
    await expect(tx).to.not.emit(sys.market, "ProviderPaid");
    expect(await sys.court.claimable(sys.challenger.address)).to.equal(BOND - PAY);
    expect(await sys.court.claimable(provider.address)).to.equal(PAY);
    expect(await sys.market.claimable(provider.address)).to.equal(0n);
    const rec = await providerOf(sys.registry, provider);
    expect([rec.locked, rec.slashes, rec.completed]).to.deep.equal([0n, 0n, 0n]);
    await expect(sys.court.connect(provider).withdraw())
      .to.emit(sys.court, "Withdrawn")
      .withArgs(provider.address, PAY);
    await expectConservation(sys);
  });

  it("test_challenge_NoVerdict_CompensatesOnlyTheReplicasThatRevealedTheChallengedResultAtTheirMinimum", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    // Every provider bills at least 60 Mfuel; two replicas reveal the 40-Mfuel result, the third withholds.
    for (const p of sys.providers) await sys.registry.connect(p).updateOffer("ipfs://p", 1, TOKEN / 100n, 60, 4);
    const { jobId, claimers } = await toRevealedWithholding(sys);
    const bond = await challengeAs(sys, jobId, sys.requester);
    await noVerdict({ ...sys, jobId });
    const billed = (60n * MFUEL * (TOKEN / 100n)) / MFUEL;
    const tx = sys.court.resolve(jobId);
    for (const p of claimers.slice(0, 2)) {
      await expect(tx).to.emit(sys.court, "ReplicaCompensated").withArgs(jobId, p.address, billed);
    }
    // The withholder is slashed by the failed-closed settlement and is not compensated.
    await expect(tx)
      .to.emit(sys.market, "AssignmentSlashed")
      .withArgs(jobId, claimers[2]!.address, Fault.Withheld, COLLATERAL);
    await expect(tx)
      .to.emit(sys.court, "ChallengeSettled")
      .withArgs(jobId, sys.requester.address, false, bond - 2n * billed, 0n);
    expect(await sys.court.claimable(claimers[2]!.address)).to.equal(0n);
    await expectConservation(sys);
  });

  it("test_challenge_NoVerdict_TheBondPaysTheReplicasAsFarAsItGoes", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    // Five replicas at the job's own price using the whole fuel limit: each would earn a budget, five budgets in all,
    // and the bond is four.
    for (const p of sys.providers) await sys.registry.connect(p).updateOffer("ipfs://p", 1, MAX_PRICE, 0, 4);
    const full = answer("full", 100n * MFUEL);
    const { jobId, claimers } = await toRevealed(sys, [full, full, full, full, full]);
    const bond = await challengeAs(sys, jobId, sys.requester);
    expect(bond).to.equal(4n * BUDGET);
    await noVerdict({ ...sys, jobId });
    const tx = sys.court.resolve(jobId);
    for (const p of claimers.slice(0, 4)) {
      await expect(tx).to.emit(sys.court, "ReplicaCompensated").withArgs(jobId, p.address, BUDGET);
    }
    await expect(tx).to.emit(sys.court, "ReplicaCompensated").withArgs(jobId, claimers[4]!.address, 0n);
    await expect(tx).to.emit(sys.court, "ChallengeSettled").withArgs(jobId, sys.requester.address, false, 0n, 0n);
    await expectConservation(sys);
  });

  it("test_challenge_RevertWhen_Ineligible_TheAuditor", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const jobId = await postJob(sys);
    const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
    await commitAll(sys, jobId, [provider!], [right]);
    await forceAudit(sys, jobId, true);
    const auditor = await claimAuditor(sys, jobId, sys.verifiers);
    await commitVerdicts(sys, jobId, [auditor], [right]);
    await revealAll(sys, jobId, [provider!], [right]);
    await revealVerdicts(sys, jobId, [auditor], [right]);
    await fund(sys, auditor, BOND, await sys.court.getAddress());
    await expect(sys.court.connect(auditor).challenge(jobId))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtIneligible")
      .withArgs(jobId, auditor.address);
  });

  it("test_challenge_RevertWhen_AllowanceTooLow", async () => {
    const sys = await networkHelpers.loadFixture(revealedJobFixture);
    await fund(sys, sys.other, BOND); // funded, not approved
    await expect(sys.court.connect(sys.other).challenge(sys.jobId))
      .to.be.revertedWithCustomError(sys.token, "ERC20InsufficientAllowance")
      .withArgs(await sys.court.getAddress(), 0n, BOND);
  });

  it("test_challenge_RevertWhen_TransferShortfall", async () => {
    const mock = await networkHelpers.loadFixture(deployMockSystem);
    for (const p of mock.providers) await addProvider(mock, p);
    const jobId = await postJob(mock);
    const [p] = await claimSlots(mock, jobId, mock.providers, 1);
    await commitAll(mock, jobId, [p!], [right]);
    await forceAudit(mock, jobId, false);
    await revealAll(mock, jobId, [p!], [right]);
    await fund(mock, mock.other, 10n * TOKEN, await mock.court.getAddress());
    await mock.token.setFeeBps(100n); // a 1% fee-on-transfer token
    await expect(mock.court.connect(mock.other).challenge(jobId))
      .to.be.revertedWithCustomError(mock.court, "TransferShortfall")
      .withArgs(BOND, (BOND * 99n) / 100n);
  });
});

/** Funds `who` with the bond of `jobId` and challenges it; returns the bond. */
async function challengeAs(sys: System, jobId: bigint, who: System["requester"]) {
  const bond = await sys.court.bondFor((await sys.market.getJob(jobId)).budget);
  await fund(sys, who, bond, await sys.court.getAddress());
  await sys.court.connect(who).challenge(jobId);
  return bond;
}

/** Two panels in a row (the last allowed) that split three ways: the challenge ends without a verdict at resolve. */
async function noVerdict(sys: System & { jobId: bigint }) {
  const first = await votes(sys, [answer("a1"), answer("b1"), answer("c1")]);
  await sys.court.resolve(sys.jobId);
  await votes(
    sys,
    [answer("a2"), answer("b2"), answer("c2")],
    first.map((v) => v.address),
  );
}

/** A k = 3 job, not audited, where two replicas reveal `wrong` and the third withholds; reveals closed. */
async function toRevealedWithholding(sys: System) {
  const jobId = await postJob(sys, { replicas: 3 });
  const claimers = await claimSlots(sys, jobId, sys.providers, 3);
  await commitAll(sys, jobId, claimers, [wrong, wrong, right]);
  await forceAudit(sys, jobId, false);
  await revealAll(sys, jobId, claimers.slice(0, 2), [wrong, wrong]);
  await networkHelpers.time.increaseTo((await sys.market.timeline(jobId)).revealEndsAt + 1n);
  return { jobId, claimers };
}

describe("VerificationCourt.bondFor", () => {
  it("test_bondFor_IsBondBpsOfTheBudgetFlooredAtMinBond", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    expect(await sys.court.bondFor(BUDGET)).to.equal(BOND);
    expect(await sys.court.bondFor(TOKEN / 10n)).to.equal(TOKEN); // 0.4 token, floored at 1 token
    expect(await sys.court.bondFor(TOKEN / 4n)).to.equal(TOKEN); // exactly the floor
    expect(await sys.court.bondFor(0n)).to.equal(TOKEN);
    const params = await currentCourtParameters(sys.court);
    await sys.court.connect(sys.owner).setParameters({ ...params, bondBps: 200_000n, minBond: 1n });
    expect(await sys.court.bondFor(BUDGET)).to.equal(20n * BUDGET);
    expect(await sys.court.bondFor(0n)).to.equal(1n);
  });
});
