import { expect } from "chai";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import {
  INPUT_UNAVAILABLE,
  INPUT_UNAVAILABLE_RESULT,
  commitment,
  executionProof,
  verdictCommitment,
} from "@hashwork/sdk/results";
import {
  MFUEL,
  type Answer,
  VerificationStatus,
  atNextBlock,
  claimAuditor,
  claimSeats,
  commitVerdicts,
  ethers,
  networkHelpers,
  proofFor,
  resultWord,
  revealAll,
  revealVerdicts,
  saltOf,
  type SystemLike,
} from "../fixture.js";
import { auditedJobFixture, panelFixture, revealedJobFixture, right, wrong } from "../helpers/stages.js";

/** `v` reveals `a` for `jobId` with its proof of execution in the current round and its salt (see commitVerdicts). */
async function reveal(sys: SystemLike, jobId: bigint, v: HardhatEthersSigner, a: Answer, uri = "") {
  const proof = await proofFor(sys, jobId, a);
  return sys.court.connect(v).revealVerdict(jobId, a.output, a.fuel, proof, saltOf(v), uri);
}

/** `auditedJobFixture` with the auditor drawn (nothing committed). */
async function auditorFixture() {
  const sys = await auditedJobFixture();
  const auditor = await claimAuditor(sys, sys.jobId, sys.verifiers);
  return { ...sys, auditor };
}

/** `panelFixture` with all three panel seats drawn (nothing committed). */
async function seatedPanelFixture() {
  const sys = await panelFixture();
  const panel = await claimSeats(
    sys,
    sys.jobId,
    sys.verifiers.filter((v) => v !== sys.auditor),
    3,
  );
  return { ...sys, panel };
}

describe("VerificationCourt.commitVerdict", () => {
  it("test_commitVerdict_StoresTheCommitmentAndEmitsVerdictCommitted", async () => {
    const sys = await networkHelpers.loadFixture(auditorFixture);
    const proof = await proofFor(sys, sys.jobId, right);
    const c = verdictCommitment(sys.jobId, sys.auditor.address, right.output, right.fuel, proof, saltOf(sys.auditor));
    expect(await sys.court.auditCommitted(sys.jobId)).to.equal(false);
    await expect(sys.court.connect(sys.auditor).commitVerdict(sys.jobId, c))
      .to.emit(sys.court, "VerdictCommitted")
      .withArgs(sys.jobId, sys.auditor.address, 0, c);
    expect(await sys.court.auditCommitted(sys.jobId)).to.equal(true);
    expect((await sys.court.getRound(sys.jobId, 0)).committedMask).to.equal(1n);
    expect((await sys.court.getSeats(sys.jobId, 0))[0]!.result).to.equal(c);
    expect(await sys.court.auditResult(sys.jobId)).to.deep.equal([ethers.ZeroHash, false]);
  });

  it("test_commitVerdict_APanelSeatCommitsInItsRound", async () => {
    const sys = await networkHelpers.loadFixture(seatedPanelFixture);
    const v = sys.panel[2]!;
    const c = verdictCommitment(
      sys.jobId,
      v.address,
      right.output,
      right.fuel,
      await proofFor(sys, sys.jobId, right),
      saltOf(v),
    );
    await expect(sys.court.connect(v).commitVerdict(sys.jobId, c))
      .to.emit(sys.court, "VerdictCommitted")
      .withArgs(sys.jobId, v.address, 1, c);
    expect((await sys.court.getRound(sys.jobId, 1)).committedMask).to.equal(0b100n);
  });

  it("test_commitVerdict_RevertWhen_ZeroHash", async () => {
    const sys = await networkHelpers.loadFixture(auditorFixture);
    await expect(
      sys.court.connect(sys.auditor).commitVerdict(sys.jobId, ethers.ZeroHash),
    ).to.be.revertedWithCustomError(sys.court, "VerificationCourtZeroHash");
  });

  it("test_commitVerdict_RevertWhen_NotVerifier", async () => {
    const sys = await networkHelpers.loadFixture(auditorFixture);
    const other = sys.verifiers.find((v) => v !== sys.auditor)!;
    await expect(sys.court.connect(other).commitVerdict(sys.jobId, ethers.id("c")))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtNotVerifier")
      .withArgs(sys.jobId, other.address);
  });

  it("test_commitVerdict_RevertWhen_AlreadyCommitted", async () => {
    const sys = await networkHelpers.loadFixture(auditorFixture);
    await sys.court.connect(sys.auditor).commitVerdict(sys.jobId, ethers.id("c1"));
    await expect(sys.court.connect(sys.auditor).commitVerdict(sys.jobId, ethers.id("c2")))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtAlreadyCommitted")
      .withArgs(sys.jobId, sys.auditor.address);
  });

  it("test_commitVerdict_RevertWhen_DeadlinePassed", async () => {
    const sys = await networkHelpers.loadFixture(auditorFixture);
    const { commitEndsAt } = await sys.court.getRound(sys.jobId, 0);
    await atNextBlock(commitEndsAt);
    await sys.court.connect(sys.auditor).commitVerdict.staticCall(sys.jobId, ethers.id("c")); // the last second works
    await atNextBlock(commitEndsAt + 1n);
    await expect(sys.court.connect(sys.auditor).commitVerdict(sys.jobId, ethers.id("c")))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtDeadlinePassed")
      .withArgs(sys.jobId, commitEndsAt);
  });

  it("test_commitVerdict_RevertWhen_NotOpen", async () => {
    const sys = await networkHelpers.loadFixture(revealedJobFixture);
    await expect(sys.court.connect(sys.verifiers[0]!).commitVerdict(sys.jobId, ethers.id("c")))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtNotOpen")
      .withArgs(sys.jobId, VerificationStatus.None);
  });
});

describe("VerificationCourt.revealVerdict", () => {
  it("test_revealVerdict_TheAuditorRevealsAsSoonAsItCommittedAndEmitsVerdictRevealed", async () => {
    const sys = await networkHelpers.loadFixture(auditorFixture);
    await commitVerdicts(sys, sys.jobId, [sys.auditor], [right]);
    // The replicas have not revealed: the auditor's reveal cannot have copied them.
    // Its proof of execution binds the digest of the final state to the audit round's seed.
    const round = await sys.court.getRound(sys.jobId, 0);
    const proof = executionProof(await sys.randomness.seedFor(round.openedBlock), right.state);
    await expect(reveal(sys, sys.jobId, sys.auditor, right, "ipfs://v"))
      .to.emit(sys.court, "VerdictRevealed")
      .withArgs(sys.jobId, sys.auditor.address, 0, right.output, right.fuel, proof, "ipfs://v");
    const [seat] = await sys.court.getSeats(sys.jobId, 0);
    expect([seat!.result, seat!.fuelUsed, seat!.proof]).to.deep.equal([resultWord(right), right.fuel, proof]);
    expect(await sys.court.auditResult(sys.jobId)).to.deep.equal([resultWord(right), true]);
    expect((await sys.court.getRound(sys.jobId, 0)).revealedMask).to.equal(1n);
  });

  it("test_revealVerdict_InputUnavailableIsStoredAsItsReservedResult", async () => {
    const sys = await networkHelpers.loadFixture(auditorFixture);
    const a = sys.auditor;
    const iu = { output: INPUT_UNAVAILABLE, fuel: 5n, state: ethers.ZeroHash }; // any fuel: it is not a result
    await commitVerdicts(sys, sys.jobId, [a], [iu]);
    await reveal(sys, sys.jobId, a, iu);
    expect(await sys.court.auditResult(sys.jobId)).to.deep.equal([INPUT_UNAVAILABLE_RESULT, true]);
    // The fuel it names is kept as revealed; pay ignores it (see resolve.test.ts).
    expect((await sys.court.getSeats(sys.jobId, 0))[0]!.fuelUsed).to.equal(5n);
  });

  it("test_revealVerdict_RevertWhen_RevealNotOpen_APanelBeforeEverySeatCommitted", async () => {
    const sys = await networkHelpers.loadFixture(seatedPanelFixture);
    await commitVerdicts(sys, sys.jobId, sys.panel.slice(0, 2), [right, right]);
    const v = sys.panel[0]!;
    await expect(reveal(sys, sys.jobId, v, right))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtRevealNotOpen")
      .withArgs(sys.jobId);
    // The last seat commits: reveals open at once.
    await commitVerdicts(sys, sys.jobId, sys.panel.slice(2), [right]);
    await expect(reveal(sys, sys.jobId, v, right))
      .to.emit(sys.court, "VerdictRevealed")
      .withArgs(sys.jobId, v.address, 1, right.output, right.fuel, await proofFor(sys, sys.jobId, right), "");
  });

  it("test_revealVerdict_APartPanelRevealsOnceTheDrawClosed", async () => {
    const sys = await networkHelpers.loadFixture(panelFixture);
    const [v] = await claimSeats(
      sys,
      sys.jobId,
      sys.verifiers.filter((x) => x !== sys.auditor),
      1,
    );
    await commitVerdicts(sys, sys.jobId, [v!], [right]);
    const round = await sys.court.getRound(sys.jobId, 1);
    await atNextBlock(round.drawEndsAt);
    await expect(reveal(sys, sys.jobId, v!, right)).to.be.revertedWithCustomError(
      sys.court,
      "VerificationCourtRevealNotOpen",
    );
    await atNextBlock(round.drawEndsAt + 1n);
    await expect(reveal(sys, sys.jobId, v!, right)).to.emit(sys.court, "VerdictRevealed");
  });

  it("test_revealVerdict_APanelRevealsOnceItsCommitDeadlinePassed", async () => {
    const sys = await networkHelpers.loadFixture(seatedPanelFixture);
    await commitVerdicts(sys, sys.jobId, sys.panel.slice(0, 2), [right, right]); // the third never commits
    const round = await sys.court.getRound(sys.jobId, 1);
    await atNextBlock(round.commitEndsAt + 1n);
    await revealVerdicts(sys, sys.jobId, sys.panel.slice(0, 2), [right, right]);
    expect((await sys.court.getRound(sys.jobId, 1)).revealedMask).to.equal(0b11n);
  });

  it("test_revealVerdict_RevertWhen_DeadlinePassed", async () => {
    const sys = await networkHelpers.loadFixture(seatedPanelFixture);
    await commitVerdicts(sys, sys.jobId, sys.panel, [right, right, right]);
    const { revealEndsAt } = await sys.court.getRound(sys.jobId, 1);
    const v = sys.panel[0]!;
    await atNextBlock(revealEndsAt + 1n);
    await expect(reveal(sys, sys.jobId, v, right))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtDeadlinePassed")
      .withArgs(sys.jobId, revealEndsAt);
  });

  it("test_revealVerdict_RevertWhen_NotCommitted", async () => {
    const sys = await networkHelpers.loadFixture(auditorFixture);
    await expect(reveal(sys, sys.jobId, sys.auditor, right))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtNotCommitted")
      .withArgs(sys.jobId, sys.auditor.address);
  });

  it("test_revealVerdict_RevertWhen_AlreadyRevealed", async () => {
    const sys = await networkHelpers.loadFixture(auditorFixture);
    await commitVerdicts(sys, sys.jobId, [sys.auditor], [right]);
    await revealVerdicts(sys, sys.jobId, [sys.auditor], [right]);
    await expect(reveal(sys, sys.jobId, sys.auditor, right))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtAlreadyRevealed")
      .withArgs(sys.jobId, sys.auditor.address);
  });

  it("test_revealVerdict_RevertWhen_NotVerifier", async () => {
    const sys = await networkHelpers.loadFixture(auditorFixture);
    await expect(reveal(sys, sys.jobId, sys.other, right))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtNotVerifier")
      .withArgs(sys.jobId, sys.other.address);
  });

  it("test_revealVerdict_RevertWhen_ZeroHash", async () => {
    const sys = await networkHelpers.loadFixture(auditorFixture);
    const a = sys.auditor;
    const none = { output: ethers.ZeroHash, fuel: 1n, state: right.state };
    await commitVerdicts(sys, sys.jobId, [a], [none]);
    await expect(reveal(sys, sys.jobId, a, none)).to.be.revertedWithCustomError(sys.court, "VerificationCourtZeroHash");
  });

  it("test_revealVerdict_RevertWhen_FuelOverLimit", async () => {
    const sys = await networkHelpers.loadFixture(auditorFixture);
    const a = sys.auditor;
    const fuel = 100n * MFUEL + 1n;
    const over = { ...right, fuel };
    await commitVerdicts(sys, sys.jobId, [a], [over]);
    await expect(reveal(sys, sys.jobId, a, over))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtFuelOverLimit")
      .withArgs(sys.jobId, fuel, 100n * MFUEL);
  });

  it("test_revealVerdict_RevertWhen_CommitmentMismatch", async () => {
    const sys = await networkHelpers.loadFixture(auditorFixture);
    const a = sys.auditor;
    await commitVerdicts(sys, sys.jobId, [a], [right]);
    const proof = await proofFor(sys, sys.jobId, right);
    for (const [output, fuel, p, salt] of [
      [wrong.output, right.fuel, proof, saltOf(a)],
      [right.output, right.fuel - 1n, proof, saltOf(a)],
      [right.output, right.fuel, ethers.id("another proof"), saltOf(a)],
      [right.output, right.fuel, proof, ethers.id("another salt")],
    ] as const) {
      await expect(sys.court.connect(a).revealVerdict(sys.jobId, output, fuel, p, salt, ""))
        .to.be.revertedWithCustomError(sys.court, "VerificationCourtCommitmentMismatch")
        .withArgs(sys.jobId, a.address);
    }
  });

  it("test_revealVerdict_RevertWhen_CommitmentMismatch_AReplicasCommitmentWithoutAProof", async () => {
    const sys = await networkHelpers.loadFixture(auditorFixture);
    const a = sys.auditor;
    // A verifier's commitment binds its proof of execution: the replicas' format does not open.
    await sys.court
      .connect(a)
      .commitVerdict(sys.jobId, commitment(sys.jobId, a.address, right.output, right.fuel, saltOf(a)));
    await expect(reveal(sys, sys.jobId, a, right))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtCommitmentMismatch")
      .withArgs(sys.jobId, a.address);
  });

  it("test_revealVerdict_RevertWhen_URITooLong", async () => {
    const sys = await networkHelpers.loadFixture(auditorFixture);
    const a = sys.auditor;
    await commitVerdicts(sys, sys.jobId, [a], [right]);
    await expect(reveal(sys, sys.jobId, a, right, "x".repeat(513)))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtURITooLong")
      .withArgs(513, 512);
    await expect(reveal(sys, sys.jobId, a, right, "x".repeat(512))).to.emit(sys.court, "VerdictRevealed");
  });

  it("test_revealVerdict_RevertWhen_NotOpen", async () => {
    const sys = await networkHelpers.loadFixture(revealedJobFixture);
    const none = ethers.ZeroHash; // no round, no seed: any proof
    await expect(
      sys.court.connect(sys.other).revealVerdict(sys.jobId, right.output, right.fuel, none, saltOf(sys.other), ""),
    )
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtNotOpen")
      .withArgs(sys.jobId, VerificationStatus.None);
  });

  it("test_revealVerdict_TheAuditorCannotRevealOnceAPanelReplacedItsRound", async () => {
    const sys = await networkHelpers.loadFixture(auditorFixture);
    await commitVerdicts(sys, sys.jobId, [sys.auditor], [right]);
    await revealAll(sys, sys.jobId, sys.claimers, [right]);
    // The auditor does not reveal in time: the unanswered audit sends the job to a panel (round 1).
    await networkHelpers.time.increaseTo((await sys.market.timeline(sys.jobId)).revealEndsAt + 1n);
    const proof = await proofFor(sys, sys.jobId, right); // the audit round's
    await sys.market.settle(sys.jobId);
    await expect(
      sys.court.connect(sys.auditor).revealVerdict(sys.jobId, right.output, right.fuel, proof, saltOf(sys.auditor), ""),
    )
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtNotVerifier")
      .withArgs(sys.jobId, sys.auditor.address);
  });
});
