import { expect } from "chai";
import { INPUT_UNAVAILABLE_RESULT } from "@hashwork/sdk/results";
import {
  Fault,
  JobStatus,
  MFUEL,
  Outcome,
  TOKEN,
  VerificationStatus,
  answer,
  auditFeeKept,
  claimAuditor,
  claimSeats,
  commitVerdicts,
  copied,
  currentCourtParameters,
  ethers,
  expectConservation,
  networkFixture,
  networkHelpers,
  providerOf,
  resultWord,
  revealAll,
  revealVerdicts,
  verifierPay,
  type Answer,
} from "../fixture.js";
import {
  ZERO_ADDRESS,
  auditCommittedFixture,
  auditedJobFixture,
  panelFixture,
  revealedJobFixture,
  right,
  toPanel,
  unavailable,
  wrong,
} from "../helpers/stages.js";

const BUDGET = 2n * TOKEN; // what the court reserves per drawn verifier
const MAX_PRICE = BUDGET / 100n; // the job's 0.02 token per Mfuel
const VPAY = verifierPay(40n * MFUEL, MAX_PRICE); // a verifier that revealed 40 Mfuel: 0.8 token
const COLLATERAL = 30n * TOKEN;
const VERIFIER_SLASH = COLLATERAL / 2n; // verifierSlashBps 50%
const AUDIT_FEE = (BUDGET * 1_200n) / 10_000n;
const KEPT = auditFeeKept(40n * MFUEL, MAX_PRICE, 1_200n); // the audit fee kept on a 40-Mfuel result
const FEE = (BUDGET * 250n) / 10_000n;
const IU = unavailable;

type Panel = Awaited<ReturnType<typeof panelFixture>>;

/** Draws the current round's seats from the verifiers not yet on the job, then commits and reveals `answers`. */
async function votes(sys: Panel, answers: Answer[], exclude: string[] = []) {
  const candidates = sys.verifiers.filter((v) => v !== sys.auditor && !exclude.includes(v.address));
  const panel = await claimSeats(sys, sys.jobId, candidates, answers.length);
  await commitVerdicts(sys, sys.jobId, panel, answers);
  await revealVerdicts(sys, sys.jobId, panel, answers);
  return panel;
}

/** `panelFixture` with panels of five seats (the bond covering five), set before the job reached the court. */
async function fivePanelFixture() {
  const sys = await networkFixture();
  const params = await currentCourtParameters(sys.court);
  await sys.court.connect(sys.owner).setParameters({ ...params, panelSize: 5n, bondBps: 50_000n });
  return { ...sys, ...(await toPanel(sys)) };
}

describe("VerificationCourt.resolve", () => {
  it("test_resolve_AMajorityDecidesPaysEveryRevealerAndSlashesTheVerifierOutsideIt", async () => {
    const sys = await networkHelpers.loadFixture(panelFixture);
    const panel = await votes(sys, [right, right, wrong]);
    expect(await sys.court.reserved()).to.equal(4n * BUDGET); // the auditor and three seats
    expect(await sys.court.isResolvable(sys.jobId)).to.equal(true);
    const pool = await sys.court.pool();
    const tx = sys.court.connect(sys.other).resolve(sys.jobId);
    await expect(tx).to.emit(sys.court, "RoundClosed").withArgs(sys.jobId, 1, resultWord(right), right.fuel);
    for (const v of panel.slice(0, 2)) {
      await expect(tx).to.emit(sys.court, "VerifierPaid").withArgs(sys.jobId, v.address, 1, VPAY, true);
    }
    // Outside a real verdict: paid for the work, slashed for the answer.
    await expect(tx).to.emit(sys.court, "VerifierPaid").withArgs(sys.jobId, panel[2]!.address, 1, VPAY, false);
    await expect(tx)
      .to.emit(sys.court, "VerifierSlashed")
      .withArgs(sys.jobId, panel[2]!.address, 1, Fault.Dissent, VERIFIER_SLASH);
    // The auditor is judged on its result alone (its proof, bound to the audit round's seed, is nobody else's).
    await expect(tx).to.emit(sys.court, "VerifierPaid").withArgs(sys.jobId, sys.auditor.address, 0, VPAY, true);
    await expect(tx).to.emit(sys.court, "VerificationFinalized").withArgs(sys.jobId, resultWord(right), 1);
    await expect(tx)
      .to.emit(sys.market, "AssignmentSlashed")
      .withArgs(sys.jobId, sys.claimers[0]!.address, Fault.Dissent, COLLATERAL);
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
        BUDGET + FEE + AUDIT_FEE - KEPT,
        BUDGET, // half the slash, capped at the budget escrowed for the one replica
        COLLATERAL,
        KEPT + COLLATERAL - BUDGET, // the court keeps the audit fee and the slash nobody else was paid
      );
    await expect(tx).to.not.emit(sys.court, "ChallengeSettled");
    const v = await sys.court.getVerification(sys.jobId);
    expect([v.status, v.round, v.verdict]).to.deep.equal([VerificationStatus.Final, 1n, resultWord(right)]);
    expect((await sys.market.getJob(sys.jobId)).status).to.equal(JobStatus.Refunded);
    for (const x of [...panel, sys.auditor]) expect(await sys.court.claimable(x.address)).to.equal(VPAY);
    expect(await sys.court.reserved()).to.equal(0n);
    // The pool takes the audit fee kept, the market's undistributed slash (the requester got a budget) and the
    // verifier's slash, and gets back what the four reservations did not pay.
    expect(await sys.court.pool()).to.equal(pool + KEPT + COLLATERAL - BUDGET + VERIFIER_SLASH + 4n * (BUDGET - VPAY));
    expect((await providerOf(sys.registry, panel[2]!)).stake).to.equal(1_000n * TOKEN - VERIFIER_SLASH);
    const upheld = await providerOf(sys.registry, panel[0]!);
    expect([upheld.locked, upheld.completed]).to.deep.equal([0n, 1n]);
    expect(await sys.court.isResolvable(sys.jobId)).to.equal(false);
    await expectConservation(sys);
  });

  it("test_resolve_PaysEachVerifierTheFuelItRevealedAtTheJobsPriceAndPoolsTheRest", async () => {
    const sys = await networkHelpers.loadFixture(panelFixture);
    // The dissenter claims 90 Mfuel: paid 1.8 tokens of its 2-token reservation (and slashed for the answer).
    const heavy = answer("heavy", 90n * MFUEL);
    const panel = await votes(sys, [right, right, heavy]);
    const pool = await sys.court.pool();
    const tx = sys.court.resolve(sys.jobId);
    await expect(tx)
      .to.emit(sys.court, "VerifierPaid")
      .withArgs(sys.jobId, panel[2]!.address, 1, verifierPay(heavy.fuel, MAX_PRICE), false);
    expect(verifierPay(heavy.fuel, MAX_PRICE)).to.equal((18n * TOKEN) / 10n);
    expect(await sys.court.claimable(panel[2]!.address)).to.equal((18n * TOKEN) / 10n);
    const rest = 3n * (BUDGET - VPAY) + (BUDGET - (18n * TOKEN) / 10n);
    expect(await sys.court.pool()).to.equal(pool + KEPT + COLLATERAL - BUDGET + VERIFIER_SLASH + rest);
    await expectConservation(sys);
  });

  it("test_resolve_AnInputUnavailableVerifierIsPaidNothingAndNeverSlashed", async () => {
    const sys = await networkHelpers.loadFixture(panelFixture);
    const panel = await votes(sys, [right, right, IU]);
    const pool = await sys.court.pool();
    const tx = sys.court.resolve(sys.jobId);
    // It revealed no work: nothing to pay for, and whether the input was served cannot be proven either way.
    await expect(tx).to.emit(sys.court, "VerifierPaid").withArgs(sys.jobId, panel[2]!.address, 1, 0n, false);
    await expect(tx).to.not.emit(sys.court, "VerifierSlashed"); // the auditor and the other seats agreed
    expect((await providerOf(sys.registry, panel[2]!)).stake).to.equal(1_000n * TOKEN);
    expect(await sys.court.claimable(panel[2]!.address)).to.equal(0n);
    // Its whole reservation returns to the pool.
    expect(await sys.court.pool()).to.equal(pool + KEPT + COLLATERAL - BUDGET + 3n * (BUDGET - VPAY) + BUDGET);
    await expectConservation(sys);
  });

  it("test_resolve_AnInputUnavailableMajorityUpholdsNobody", async () => {
    const sys = await networkHelpers.loadFixture(panelFixture);
    // All three seats say the input could not be fetched: the same ballot (no work, no state), a majority.
    const panel = await votes(sys, [IU, IU, IU]);
    const tx = sys.court.resolve(sys.jobId);
    await expect(tx).to.emit(sys.court, "RoundClosed").withArgs(sys.jobId, 1, INPUT_UNAVAILABLE_RESULT, 0n);
    await expect(tx).to.emit(sys.court, "VerificationFinalized").withArgs(sys.jobId, INPUT_UNAVAILABLE_RESULT, 1);
    // With the verdict: paid nothing, never slashed, and no completion (they did no work, as a replica would not).
    for (const v of panel) {
      await expect(tx).to.emit(sys.court, "VerifierPaid").withArgs(sys.jobId, v.address, 1, 0n, false);
    }
    // The auditor's real answer is not the verdict, which is not real either: paid its fuel, not upheld, not slashed.
    await expect(tx).to.emit(sys.court, "VerifierPaid").withArgs(sys.jobId, sys.auditor.address, 0, VPAY, false);
    await expect(tx).to.not.emit(sys.court, "VerifierSlashed");
    await expect(tx).to.not.emit(sys.market, "AssignmentSlashed");
    for (const v of [...panel, sys.auditor]) {
      const rec = await providerOf(sys.registry, v);
      expect([rec.locked, rec.activeJobs, rec.completed, rec.slashes]).to.deep.equal([0n, 0n, 0n, 0n]);
    }
    const [settled] = await sys.market.queryFilter(sys.market.filters.JobSettled(sys.jobId));
    expect(settled!.args.outcome).to.equal(Outcome.InputUnavailable);
    expect((await sys.market.getJob(sys.jobId)).status).to.equal(JobStatus.Refunded);
    await expectConservation(sys);
  });

  it("test_resolve_ACopiedAnswerIsOutvotedPaidForItsFuelAndSlashed", async () => {
    const sys = await networkHelpers.loadFixture(panelFixture);
    // The third seat reveals the right output and fuel with a made-up proof of execution: it never ran the job.
    const panel = await votes(sys, [right, right, copied(right)]);
    const tx = sys.court.resolve(sys.jobId);
    await expect(tx).to.emit(sys.court, "RoundClosed").withArgs(sys.jobId, 1, resultWord(right), right.fuel);
    await expect(tx).to.emit(sys.court, "VerifierPaid").withArgs(sys.jobId, panel[2]!.address, 1, VPAY, false);
    await expect(tx)
      .to.emit(sys.court, "VerifierSlashed")
      .withArgs(sys.jobId, panel[2]!.address, 1, Fault.Dissent, VERIFIER_SLASH);
    for (const v of panel.slice(0, 2)) {
      await expect(tx).to.emit(sys.court, "VerifierPaid").withArgs(sys.jobId, v.address, 1, VPAY, true);
    }
    const copier = await providerOf(sys.registry, panel[2]!);
    expect([copier.stake, copier.slashes, copier.completed]).to.deep.equal([1_000n * TOKEN - VERIFIER_SLASH, 1n, 0n]);
    await expectConservation(sys);
  });

  it("test_resolve_TheMajorityIsOfBallotsAResultWithoutAgreeingProofsHasNone", async () => {
    const sys = await networkHelpers.loadFixture(panelFixture);
    // Two seats reveal the right result, but one of them copied it: two different ballots, no majority.
    const panel = await votes(sys, [right, copied(right), wrong]);
    const tx = sys.court.resolve(sys.jobId);
    await expect(tx).to.emit(sys.court, "RoundClosed").withArgs(sys.jobId, 1, ethers.ZeroHash, 0);
    // A split round: no seat's ballot is corroborated, so nobody is paid, and nobody is slashed.
    for (const v of panel)
      await expect(tx).to.emit(sys.court, "VerifierPaid").withArgs(sys.jobId, v.address, 1, 0n, false);
    await expect(tx).to.not.emit(sys.court, "VerifierSlashed");
    expect((await sys.court.getVerification(sys.jobId)).round).to.equal(2n);
    await expectConservation(sys);
  });

  it("test_resolve_NoMajorityPaysTheRevealersAndOpensTheNextRound", async () => {
    const sys = await networkHelpers.loadFixture(panelFixture);
    const panel = await votes(sys, [answer("a"), answer("b"), answer("c")]);
    const pool = await sys.court.pool();
    const tx = sys.court.resolve(sys.jobId);
    await expect(tx).to.emit(sys.court, "RoundClosed").withArgs(sys.jobId, 1, ethers.ZeroHash, 0);
    // Every seat cast a ballot nobody else did: a guess and a run cannot be told apart, so nobody is paid.
    for (const v of panel) {
      await expect(tx).to.emit(sys.court, "VerifierPaid").withArgs(sys.jobId, v.address, 1, 0n, false);
    }
    await expect(tx).to.not.emit(sys.court, "VerifierSlashed");
    await expect(tx).to.not.emit(sys.court, "VerificationFinalized");
    const block = BigInt((await (await tx).wait())!.blockNumber);
    const at = BigInt((await ethers.provider.getBlock(block))!.timestamp);
    await expect(tx)
      .to.emit(sys.court, "RoundOpened")
      .withArgs(sys.jobId, 2, 3, block, at + 600n, at + 632n, at + 1_232n);
    const v = await sys.court.getVerification(sys.jobId);
    expect([v.status, v.round]).to.deep.equal([VerificationStatus.Panel, 2n]);
    expect((await sys.market.getJob(sys.jobId)).status).to.equal(JobStatus.Verifying);
    expect(await sys.court.reserved()).to.equal(BUDGET); // the auditor's pay, judged with the final round
    expect(await sys.court.pool()).to.equal(pool + 3n * BUDGET); // the unpaid reservations came back
    for (const v of panel) {
      expect(await sys.court.claimable(v.address)).to.equal(0n);
      expect((await providerOf(sys.registry, v)).locked).to.equal(0n); // released, unslashed
    }
    // The first round's verifiers cannot sit again.
    await expect(sys.court.connect(panel[0]!).claimVerifier(sys.jobId))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtIneligible")
      .withArgs(sys.jobId, panel[0]!.address);
    // The second round decides.
    await votes(
      sys,
      [right, right, right],
      panel.map((p) => p.address),
    );
    await expect(sys.court.resolve(sys.jobId))
      .to.emit(sys.court, "VerificationFinalized")
      .withArgs(sys.jobId, resultWord(right), 2);
    await expectConservation(sys);
  });

  it("test_resolve_NoMajorityInTheLastRoundFailsClosed", async () => {
    const sys = await networkHelpers.loadFixture(panelFixture);
    const first = await votes(sys, [answer("a1"), answer("b1"), answer("c1")]);
    await sys.court.resolve(sys.jobId);
    await votes(
      sys,
      [answer("a2"), answer("b2"), answer("c2")],
      first.map((p) => p.address),
    );
    const tx = sys.court.resolve(sys.jobId);
    await expect(tx).to.emit(sys.court, "VerificationFinalized").withArgs(sys.jobId, ethers.ZeroHash, 2);
    // No verdict: the replica is released unpaid and unslashed, the requester refunded (fee included).
    await expect(tx)
      .to.emit(sys.market, "AssignmentReleased")
      .withArgs(sys.jobId, sys.claimers[0]!.address, COLLATERAL);
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
        AUDIT_FEE,
        BUDGET + FEE,
        0n,
        0n,
        AUDIT_FEE,
      );
    // The auditor's round is not a panel round: it is paid its revealed fuel whatever the verdict, and not upheld.
    await expect(tx).to.emit(sys.court, "VerifierPaid").withArgs(sys.jobId, sys.auditor.address, 0, VPAY, false);
    await expect(tx).to.not.emit(sys.court, "VerifierSlashed");
    await expect(tx).to.not.emit(sys.court, "ReplicaCompensated"); // no challenger, no bond
    expect((await sys.court.getVerification(sys.jobId)).verdict).to.equal(ethers.ZeroHash);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(BUDGET + FEE);
    const provider = await providerOf(sys.registry, sys.claimers[0]!);
    expect([provider.locked, provider.slashes, provider.noShows, provider.completed]).to.deep.equal([0n, 0n, 0n, 0n]);
    await expectConservation(sys);
  });

  it("test_resolve_SlashesVerifiersWhoNeverCommittedOrNeverRevealedAndFreesTheirPay", async () => {
    const sys = await networkHelpers.loadFixture(auditedJobFixture);
    // The auditor is drawn but never commits; the replica reveals once the audit's commit window is over.
    const auditor = await claimAuditor(sys, sys.jobId, sys.verifiers);
    const t = await sys.market.timeline(sys.jobId);
    await networkHelpers.time.increaseTo(t.auditCommitEndsAt + 1n);
    await revealAll(sys, sys.jobId, sys.claimers, [right]);
    await networkHelpers.time.increaseTo(t.revealEndsAt + 1n);
    await sys.market.settle(sys.jobId); // unanswered audit: a panel
    const panel = await claimSeats(
      sys,
      sys.jobId,
      sys.verifiers.filter((v) => v !== auditor),
      3,
    );
    await commitVerdicts(sys, sys.jobId, panel, [right, right, wrong]);
    await revealVerdicts(sys, sys.jobId, panel.slice(0, 2), [right, right]); // the third withholds
    expect(await sys.court.isResolvable(sys.jobId)).to.equal(false);
    await networkHelpers.time.increaseTo((await sys.court.getRound(sys.jobId, 1)).revealEndsAt + 1n);
    const pool = await sys.court.pool();
    const tx = sys.court.resolve(sys.jobId);
    await expect(tx)
      .to.emit(sys.court, "VerifierSlashed")
      .withArgs(sys.jobId, panel[2]!.address, 1, Fault.Withheld, VERIFIER_SLASH);
    await expect(tx)
      .to.emit(sys.court, "VerifierSlashed")
      .withArgs(sys.jobId, auditor.address, 0, Fault.NoShow, VERIFIER_SLASH);
    await expect(tx).to.emit(sys.court, "VerificationFinalized").withArgs(sys.jobId, resultWord(right), 1);
    expect(await sys.court.claimable(auditor.address)).to.equal(0n);
    expect(await sys.court.claimable(panel[2]!.address)).to.equal(0n);
    // Verdict = the replica's result: it completes and is paid.
    expect((await sys.market.getJob(sys.jobId)).status).to.equal(JobStatus.Completed);
    // The pool takes the audit fee kept, both slashes, the two unpaid verifiers' reservations and the rest of the
    // two paid ones'.
    expect(await sys.court.pool()).to.equal(pool + KEPT + 2n * VERIFIER_SLASH + 2n * BUDGET + 2n * (BUDGET - VPAY));
    expect((await providerOf(sys.registry, auditor)).noShows).to.equal(1n);
    expect((await providerOf(sys.registry, panel[2]!)).slashes).to.equal(1n);
    await expectConservation(sys);
  });

  it("test_resolve_ASplitRoundPaysOnlyCorroboratedSeats", async () => {
    const sys = await networkHelpers.loadFixture(fivePanelFixture);
    const [a, b, c] = [answer("a", 10n * MFUEL), answer("b", 20n * MFUEL), answer("c", 30n * MFUEL)];
    // Two seats for a, two for b, one for c: no ballot has the 3 of 5 a verdict needs.
    const panel = await votes(sys, [a, a, b, b, c]);
    const pool = await sys.court.pool();
    const tx = sys.court.resolve(sys.jobId);
    await expect(tx).to.emit(sys.court, "RoundClosed").withArgs(sys.jobId, 1, ethers.ZeroHash, 0);
    // Ballots another seat also cast are paid their fuel; the lone ballot is not paid; nobody is slashed.
    const pays = [a, a, b, b].map((x) => verifierPay(x.fuel, MAX_PRICE));
    for (const [i, pay] of pays.entries()) {
      await expect(tx).to.emit(sys.court, "VerifierPaid").withArgs(sys.jobId, panel[i]!.address, 1, pay, false);
    }
    await expect(tx).to.emit(sys.court, "VerifierPaid").withArgs(sys.jobId, panel[4]!.address, 1, 0n, false);
    await expect(tx).to.not.emit(sys.court, "VerifierSlashed");
    for (const [i, pay] of [...pays, 0n].entries()) {
      expect(await sys.court.claimable(panel[i]!.address)).to.equal(pay);
    }
    const paid = pays.reduce((x, y) => x + y, 0n);
    expect(await sys.court.pool()).to.equal(pool + 5n * BUDGET - paid);
    await expectConservation(sys);
  });

  it("test_resolve_ASplitRoundDoesNotPayACopierWhoseResultOthersComputed", async () => {
    const sys = await networkHelpers.loadFixture(fivePanelFixture);
    // right, right, a copy of right, wrong, wrong: 2 / 1 / 2 ballots, no majority. Both pairs ran the job (their proofs
    // agree); the copier's proof agrees with nobody's.
    const panel = await votes(sys, [right, right, copied(right), wrong, wrong]);
    const tx = sys.court.resolve(sys.jobId);
    await expect(tx).to.emit(sys.court, "RoundClosed").withArgs(sys.jobId, 1, ethers.ZeroHash, 0);
    for (const i of [0, 1, 3, 4]) {
      await expect(tx).to.emit(sys.court, "VerifierPaid").withArgs(sys.jobId, panel[i]!.address, 1, VPAY, false);
    }
    await expect(tx).to.emit(sys.court, "VerifierPaid").withArgs(sys.jobId, panel[2]!.address, 1, 0n, false);
    await expect(tx).to.not.emit(sys.court, "VerifierSlashed");
    await expectConservation(sys);
  });

  it("test_resolve_RevertWhen_NotResolvable", async () => {
    const sys = await networkHelpers.loadFixture(panelFixture);
    const round = await sys.court.getRound(sys.jobId, 1);
    await expect(sys.court.resolve(sys.jobId))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtNotResolvable")
      .withArgs(sys.jobId);
    // With nobody drawn, the round can be closed as soon as its draw is over.
    await networkHelpers.time.increaseTo(round.drawEndsAt);
    expect(await sys.court.isResolvable(sys.jobId)).to.equal(false);
    await networkHelpers.mine(1);
    expect(await sys.court.isResolvable(sys.jobId)).to.equal(true);
    await expect(sys.court.resolve(sys.jobId))
      .to.emit(sys.court, "RoundClosed")
      .withArgs(sys.jobId, 1, ethers.ZeroHash, 0);
  });

  it("test_resolve_RevertWhen_NotOpen", async () => {
    const none = await networkHelpers.loadFixture(revealedJobFixture);
    await expect(none.court.resolve(none.jobId))
      .to.be.revertedWithCustomError(none.court, "VerificationCourtNotOpen")
      .withArgs(none.jobId, VerificationStatus.None);
    const audit = await networkHelpers.loadFixture(auditCommittedFixture);
    await expect(audit.court.resolve(audit.jobId))
      .to.be.revertedWithCustomError(audit.court, "VerificationCourtNotOpen")
      .withArgs(audit.jobId, VerificationStatus.Audit);
    expect(await audit.court.isResolvable(audit.jobId)).to.equal(false);
  });

  it("test_resolve_RevertWhen_AlreadyFinal", async () => {
    const sys = await networkHelpers.loadFixture(panelFixture);
    await votes(sys, [right, right, right]);
    await sys.court.resolve(sys.jobId);
    await expect(sys.court.resolve(sys.jobId))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtNotOpen")
      .withArgs(sys.jobId, VerificationStatus.Final);
    expect((await sys.court.getVerification(sys.jobId)).challenger).to.equal(ZERO_ADDRESS);
  });
});
