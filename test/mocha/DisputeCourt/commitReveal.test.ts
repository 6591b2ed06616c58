import { expect } from "chai";
import { commitment } from "../../../sdk/src/results.js";
import { ethers, networkHelpers, saltOf } from "../fixture.js";
import {
  DisputeStatus,
  OUT,
  TRUE_OUT,
  commitVerdicts,
  disputedJobFixture,
  drawVerifiers,
  drawnDisputeFixture,
  revealVerdicts,
} from "../helpers/dispute.js";

describe("DisputeCourt.commitVerdict", () => {
  it("test_commitVerdict_StoresTheCommitmentAndEmitsVerdictCommitted", async () => {
    const sys = await networkHelpers.loadFixture(drawnDisputeFixture);
    const v = sys.verifiers[1];
    const c = commitment(sys.jobId, v.address, TRUE_OUT, saltOf(v, "verdict"));
    await expect(sys.court.connect(v).commitVerdict(sys.jobId, c))
      .to.emit(sys.court, "VerdictCommitted")
      .withArgs(sys.jobId, v.address, c);
    expect((await sys.court.getDispute(sys.jobId)).committedMask).to.equal(2n);
    expect((await sys.court.getVerifiers(sys.jobId))[1].hash).to.equal(c);
  });

  it("test_commitVerdict_RevertWhen_ZeroCommitment", async () => {
    const sys = await networkHelpers.loadFixture(drawnDisputeFixture);
    await expect(
      sys.court.connect(sys.verifiers[0]).commitVerdict(sys.jobId, ethers.ZeroHash),
    ).to.be.revertedWithCustomError(sys.court, "DisputeCourtZeroHash");
  });

  it("test_commitVerdict_RevertWhen_NotAVerifier", async () => {
    const sys = await networkHelpers.loadFixture(drawnDisputeFixture);
    await expect(sys.court.connect(sys.claimer).commitVerdict(sys.jobId, OUT))
      .to.be.revertedWithCustomError(sys.court, "DisputeCourtNotVerifier")
      .withArgs(sys.jobId, sys.claimer.address);
  });

  it("test_commitVerdict_RevertWhen_AlreadyCommitted", async () => {
    const sys = await networkHelpers.loadFixture(drawnDisputeFixture);
    await sys.court.connect(sys.verifiers[0]).commitVerdict(sys.jobId, OUT);
    await expect(sys.court.connect(sys.verifiers[0]).commitVerdict(sys.jobId, TRUE_OUT))
      .to.be.revertedWithCustomError(sys.court, "DisputeCourtAlreadyCommitted")
      .withArgs(sys.jobId, sys.verifiers[0].address);
  });

  it("test_commitVerdict_RevertWhen_CommitDeadlinePassed", async () => {
    const sys = await networkHelpers.loadFixture(drawnDisputeFixture);
    const { commitDeadline } = await sys.court.getDispute(sys.jobId);
    await networkHelpers.time.setNextBlockTimestamp(commitDeadline + 1n);
    await expect(sys.court.connect(sys.verifiers[0]).commitVerdict(sys.jobId, OUT))
      .to.be.revertedWithCustomError(sys.court, "DisputeCourtDeadlinePassed")
      .withArgs(sys.jobId, commitDeadline);
  });

  it("test_commitVerdict_RevertWhen_DisputeNotOpen", async () => {
    const sys = await networkHelpers.loadFixture(drawnDisputeFixture);
    await expect(sys.court.connect(sys.verifiers[0]).commitVerdict(3n, OUT))
      .to.be.revertedWithCustomError(sys.court, "DisputeCourtNotOpen")
      .withArgs(3n, DisputeStatus.None);
  });
});

describe("DisputeCourt.revealVerdict", () => {
  it("test_revealVerdict_OpensOnceEverySlotCommittedAndEmitsVerdictRevealed", async () => {
    const sys = await networkHelpers.loadFixture(drawnDisputeFixture);
    await commitVerdicts(sys, sys.jobId, sys.verifiers.slice(0, 2), [TRUE_OUT, TRUE_OUT]);
    // The third slot has not committed and the commit deadline is ahead: reveals are closed.
    await expect(
      sys.court.connect(sys.verifiers[0]).revealVerdict(sys.jobId, TRUE_OUT, saltOf(sys.verifiers[0], "verdict"), ""),
    )
      .to.be.revertedWithCustomError(sys.court, "DisputeCourtRevealNotOpen")
      .withArgs(sys.jobId);
    await commitVerdicts(sys, sys.jobId, sys.verifiers.slice(2), [TRUE_OUT]);
    const v = sys.verifiers[0];
    await expect(sys.court.connect(v).revealVerdict(sys.jobId, TRUE_OUT, saltOf(v, "verdict"), "ipfs://verdict"))
      .to.emit(sys.court, "VerdictRevealed")
      .withArgs(sys.jobId, v.address, TRUE_OUT, "ipfs://verdict");
    expect((await sys.court.getDispute(sys.jobId)).revealedMask).to.equal(1n);
    expect((await sys.court.getVerifiers(sys.jobId))[0].hash).to.equal(TRUE_OUT);
  });

  it("test_revealVerdict_OpensAfterTheDrawDeadlineWhenEveryDrawnVerifierCommitted", async () => {
    const sys = await networkHelpers.loadFixture(disputedJobFixture);
    const verifiers = await drawVerifiers(sys, sys.jobId, sys.candidates, 2);
    await commitVerdicts(sys, sys.jobId, verifiers, [OUT, OUT]);
    const { drawDeadline } = await sys.court.getDispute(sys.jobId);
    await networkHelpers.time.setNextBlockTimestamp(drawDeadline + 1n);
    await revealVerdicts(sys, sys.jobId, verifiers, [OUT, OUT]);
    // Two of three slots agree: a strict majority of the slot count.
    expect(await sys.court.isResolvable(sys.jobId)).to.equal(true);
  });

  it("test_revealVerdict_RevertWhen_NotCommitted", async () => {
    const sys = await networkHelpers.loadFixture(drawnDisputeFixture);
    await commitVerdicts(sys, sys.jobId, sys.verifiers.slice(0, 2), [OUT, OUT]);
    const { commitDeadline } = await sys.court.getDispute(sys.jobId);
    await networkHelpers.time.setNextBlockTimestamp(commitDeadline + 1n);
    const v = sys.verifiers[2];
    await expect(sys.court.connect(v).revealVerdict(sys.jobId, OUT, saltOf(v, "verdict"), ""))
      .to.be.revertedWithCustomError(sys.court, "DisputeCourtNotCommitted")
      .withArgs(sys.jobId, v.address);
  });

  it("test_revealVerdict_RevertWhen_AlreadyRevealed", async () => {
    const sys = await networkHelpers.loadFixture(drawnDisputeFixture);
    await commitVerdicts(sys, sys.jobId, sys.verifiers, [OUT, OUT, OUT]);
    await revealVerdicts(sys, sys.jobId, sys.verifiers.slice(0, 1), [OUT]);
    const v = sys.verifiers[0];
    await expect(sys.court.connect(v).revealVerdict(sys.jobId, OUT, saltOf(v, "verdict"), ""))
      .to.be.revertedWithCustomError(sys.court, "DisputeCourtAlreadyRevealed")
      .withArgs(sys.jobId, v.address);
  });

  it("test_revealVerdict_RevertWhen_CommitmentMismatch", async () => {
    const sys = await networkHelpers.loadFixture(drawnDisputeFixture);
    await commitVerdicts(sys, sys.jobId, sys.verifiers, [OUT, OUT, OUT]);
    const v = sys.verifiers[0];
    await expect(sys.court.connect(v).revealVerdict(sys.jobId, TRUE_OUT, saltOf(v, "verdict"), ""))
      .to.be.revertedWithCustomError(sys.court, "DisputeCourtCommitmentMismatch")
      .withArgs(sys.jobId, v.address);
  });

  it("test_revealVerdict_RevertWhen_ZeroHash", async () => {
    const sys = await networkHelpers.loadFixture(drawnDisputeFixture);
    await commitVerdicts(sys, sys.jobId, sys.verifiers, [OUT, OUT, OUT]);
    const v = sys.verifiers[0];
    await expect(
      sys.court.connect(v).revealVerdict(sys.jobId, ethers.ZeroHash, saltOf(v, "verdict"), ""),
    ).to.be.revertedWithCustomError(sys.court, "DisputeCourtZeroHash");
  });

  it("test_revealVerdict_RevertWhen_URITooLong", async () => {
    const sys = await networkHelpers.loadFixture(drawnDisputeFixture);
    await commitVerdicts(sys, sys.jobId, sys.verifiers, [OUT, OUT, OUT]);
    const v = sys.verifiers[0];
    await expect(sys.court.connect(v).revealVerdict(sys.jobId, OUT, saltOf(v, "verdict"), "x".repeat(513)))
      .to.be.revertedWithCustomError(sys.court, "DisputeCourtURITooLong")
      .withArgs(513n, 512n);
  });

  it("test_revealVerdict_RevertWhen_RevealDeadlinePassed", async () => {
    const sys = await networkHelpers.loadFixture(drawnDisputeFixture);
    await commitVerdicts(sys, sys.jobId, sys.verifiers, [OUT, OUT, OUT]);
    const { revealDeadline } = await sys.court.getDispute(sys.jobId);
    await networkHelpers.time.setNextBlockTimestamp(revealDeadline + 1n);
    const v = sys.verifiers[0];
    await expect(sys.court.connect(v).revealVerdict(sys.jobId, OUT, saltOf(v, "verdict"), ""))
      .to.be.revertedWithCustomError(sys.court, "DisputeCourtDeadlinePassed")
      .withArgs(sys.jobId, revealDeadline);
  });
});
