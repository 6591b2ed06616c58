import { expect } from "chai";
import { TOKEN, addProvider, ethers, networkHelpers, providerOf } from "../fixture.js";
import {
  DisputeStatus,
  disputedJobFixture,
  drawVerifiers,
  drawnDisputeFixture,
  verifierSchedule,
} from "../helpers/dispute.js";

describe("DisputeCourt.claimVerifier", () => {
  it("test_claimVerifier_LocksCollateralAndEmitsVerifierDrawn", async () => {
    const sys = await networkHelpers.loadFixture(disputedJobFixture);
    const [first] = await verifierSchedule(sys, sys.jobId, sys.candidates);
    const { openedAt } = await sys.court.getDispute(sys.jobId);
    if (BigInt(await networkHelpers.time.latest()) < openedAt + first.at) {
      await networkHelpers.time.setNextBlockTimestamp(openedAt + first.at);
    }
    expect(await sys.court.isDrawn(sys.jobId, first.signer.address)).to.equal(
      BigInt(await networkHelpers.time.latest()) >= openedAt + first.at,
    );
    await expect(sys.court.connect(first.signer).claimVerifier(sys.jobId))
      .to.emit(sys.court, "VerifierDrawn")
      .withArgs(sys.jobId, first.signer.address, 0n, 4n * TOKEN);
    const rec = await providerOf(sys.registry, first.signer);
    expect([rec.locked, rec.activeJobs]).to.deep.equal([4n * TOKEN, 1n]);
    expect((await sys.court.getDispute(sys.jobId)).claimed).to.equal(1n);
    const [v] = await sys.court.getVerifiers(sys.jobId);
    expect([v.account, v.hash]).to.deep.equal([first.signer.address, ethers.ZeroHash]);
    expect(await sys.court.isDrawn(sys.jobId, first.signer.address)).to.equal(true);
  });

  it("test_claimVerifier_TakesSlotsInOrder", async () => {
    const sys = await networkHelpers.loadFixture(drawnDisputeFixture);
    const slots = await sys.court.getVerifiers(sys.jobId);
    expect(slots.map((v) => v.account)).to.deep.equal(sys.verifiers.map((v) => v.address));
  });

  it("test_claimVerifier_RevertWhen_SeedNotReady", async () => {
    const sys = await networkHelpers.loadFixture(disputedJobFixture);
    const { openedBlock } = await sys.court.getDispute(sys.jobId);
    expect(await sys.court.isDrawn(sys.jobId, sys.candidates[0].address)).to.equal(false);
    await expect(sys.court.connect(sys.candidates[0]).claimVerifier(sys.jobId))
      .to.be.revertedWithCustomError(sys.randomness, "RandomnessSeedNotReady")
      .withArgs(openedBlock + 1n, openedBlock + 1n);
  });

  it("test_claimVerifier_RevertWhen_LotteryLost", async () => {
    const sys = await networkHelpers.loadFixture(disputedJobFixture);
    const draws = await verifierSchedule(sys, sys.jobId, sys.candidates);
    const late = draws.find((d) => d.at > 5n);
    if (!late) throw new Error("every candidate wins at once");
    expect(await sys.court.isDrawn(sys.jobId, late.signer.address)).to.equal(false);
    await expect(sys.court.connect(late.signer).claimVerifier(sys.jobId))
      .to.be.revertedWithCustomError(sys.court, "DisputeCourtNotDrawn")
      .withArgs(sys.jobId, late.signer.address);
  });

  for (const who of ["claimer", "challenger", "requester"] as const) {
    it(`test_claimVerifier_RevertWhen_CallerIsThe${who}`, async () => {
      const sys = await networkHelpers.loadFixture(disputedJobFixture);
      await networkHelpers.mine(2);
      const signer = sys[who];
      await expect(sys.court.connect(signer).claimVerifier(sys.jobId))
        .to.be.revertedWithCustomError(sys.court, "DisputeCourtIneligibleVerifier")
        .withArgs(sys.jobId, signer.address);
    });
  }

  it("test_claimVerifier_RevertWhen_AlreadyAVerifier", async () => {
    const sys = await networkHelpers.loadFixture(disputedJobFixture);
    const [v] = await drawVerifiers(sys, sys.jobId, sys.candidates, 1);
    await expect(sys.court.connect(v).claimVerifier(sys.jobId))
      .to.be.revertedWithCustomError(sys.court, "DisputeCourtAlreadyVerifier")
      .withArgs(sys.jobId, v.address);
  });

  it("test_claimVerifier_RevertWhen_SlotsFull", async () => {
    const sys = await networkHelpers.loadFixture(drawnDisputeFixture);
    const rest = sys.candidates.filter((c) => !sys.verifiers.includes(c));
    await expect(sys.court.connect(rest[0]).claimVerifier(sys.jobId))
      .to.be.revertedWithCustomError(sys.court, "DisputeCourtSlotsFull")
      .withArgs(sys.jobId, 3n);
  });

  it("test_claimVerifier_RevertWhen_DrawClosed", async () => {
    const sys = await networkHelpers.loadFixture(disputedJobFixture);
    const { drawDeadline } = await sys.court.getDispute(sys.jobId);
    await networkHelpers.time.increaseTo(drawDeadline + 1n);
    await expect(sys.court.connect(sys.candidates[0]).claimVerifier(sys.jobId))
      .to.be.revertedWithCustomError(sys.court, "DisputeCourtDrawClosed")
      .withArgs(sys.jobId, drawDeadline);
  });

  it("test_claimVerifier_RevertWhen_NoDispute", async () => {
    const sys = await networkHelpers.loadFixture(disputedJobFixture);
    await expect(sys.court.connect(sys.candidates[0]).claimVerifier(7n))
      .to.be.revertedWithCustomError(sys.court, "DisputeCourtNotOpen")
      .withArgs(7n, DisputeStatus.None);
    expect(await sys.court.isDrawn(7n, sys.candidates[0].address)).to.equal(false);
  });

  it("test_claimVerifier_RevertWhen_IneligibleInTheRegistry", async () => {
    const sys = await networkHelpers.loadFixture(disputedJobFixture);
    // A provider asking more than the job's max price cannot verify it.
    await sys.registry.connect(sys.candidates[0]).updateOffer("ipfs://p", 1, 3n * TOKEN, 4);
    const { drawDeadline } = await sys.court.getDispute(sys.jobId);
    await networkHelpers.time.setNextBlockTimestamp(drawDeadline); // every staker wins by now
    await expect(sys.court.connect(sys.candidates[0]).claimVerifier(sys.jobId))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryPriceTooHigh")
      .withArgs(3n * TOKEN, 2n * TOKEN);
  });

  it("test_claimVerifier_StakeAddedAfterTheDisputeDoesNotCount", async () => {
    const sys = await networkHelpers.loadFixture(disputedJobFixture);
    const late = (await ethers.getSigners())[12];
    await addProvider(sys, late, { stake: 1_000_000n * TOKEN });
    await networkHelpers.mine(2);
    // Its stake as of the dispute block is zero: it never wins.
    const { drawDeadline } = await sys.court.getDispute(sys.jobId);
    await networkHelpers.time.increaseTo(drawDeadline - 1n);
    expect(await sys.court.isDrawn(sys.jobId, late.address)).to.equal(false);
    await expect(sys.court.connect(late).claimVerifier(sys.jobId))
      .to.be.revertedWithCustomError(sys.court, "DisputeCourtNotDrawn")
      .withArgs(sys.jobId, late.address);
  });
});
