import { expect } from "chai";
import { INPUT_UNAVAILABLE } from "../../../sdk/src/results.js";
import {
  Fault,
  JobStatus,
  Outcome,
  TOKEN,
  claimedJobFixture,
  ethers,
  fund,
  expectConservation,
  networkHelpers,
  providerOf,
  type System,
} from "../fixture.js";
import {
  COURT_DEFAULTS,
  DisputeStatus,
  OUT,
  TRUE_OUT,
  Verdict,
  commitVerdicts,
  disputedJobFixture,
  drawVerifiers,
  drawnDisputeFixture,
  expectedResolution,
  revealVerdicts,
} from "../helpers/dispute.js";

type Drawn = Awaited<ReturnType<typeof drawnDisputeFixture>>;

const BOND = 2n * TOKEN; // 100% of the 2-token max price
const COLLATERAL = 4n * TOKEN; // the job's: 200% of the max price
const PRICE = TOKEN; // the claimer's price
const FEE = (PRICE * 250n) / 10_000n;

async function deliver(sys: Drawn, hashes: (string | undefined)[]) {
  await commitVerdicts(sys, sys.jobId, sys.verifiers, hashes as string[]);
  const d = await sys.court.getDispute(sys.jobId);
  if (hashes.some((h) => h === undefined)) await networkHelpers.time.increaseTo(d.commitDeadline + 1n);
  await revealVerdicts(sys, sys.jobId, sys.verifiers, hashes as string[]);
}

async function treasuryOf(sys: System) {
  return await sys.market.treasury();
}

describe("DisputeCourt.resolve", () => {
  it("test_resolve_Overturned_SlashesTheProviderRefundsAndRewards", async () => {
    const sys = await networkHelpers.loadFixture(drawnDisputeFixture);
    await deliver(sys, [TRUE_OUT, TRUE_OUT, TRUE_OUT]);
    expect(await sys.court.isResolvable(sys.jobId)).to.equal(true);
    const e = expectedResolution({
      params: COURT_DEFAULTS,
      verdict: Verdict.Overturned,
      bond: BOND,
      collateral: COLLATERAL,
      winners: 3,
      faulty: 0,
    });
    const tx = sys.court.connect(sys.requester).resolve(sys.jobId);
    await expect(tx)
      .to.emit(sys.court, "DisputeResolved")
      .withArgs(
        sys.jobId,
        sys.challenger.address,
        sys.claimer.address,
        Verdict.Overturned,
        TRUE_OUT,
        e.providerSlashed,
        0n,
        e.compensation,
        e.challengerPaid,
        0n,
        e.verifierPayment,
        e.treasuryPaid,
      );
    await expect(tx)
      .to.emit(sys.market, "JobSettled")
      .withArgs(sys.jobId, sys.requester.address, Outcome.Overturned, ethers.ZeroHash, 0n, 0n, 2n * TOKEN, 0n, 0n);
    await expect(tx)
      .to.emit(sys.registry, "ProviderSlashed")
      .withArgs(sys.claimer.address, sys.jobId, Fault.Dissent, COLLATERAL, 1_000n * TOKEN - COLLATERAL, anyTotal());
    for (const v of sys.verifiers) {
      await expect(tx).to.emit(sys.court, "VerifierReleased").withArgs(sys.jobId, v.address, true, e.verifierPayment);
    }
    // 4 slashed: 1.6 to the requester, 0.8 + the bond to the challenger, 1.2 to the verifiers (0.4 each), 0.4 left.
    expect(e.compensation).to.equal((16n * TOKEN) / 10n);
    expect(e.challengerPaid).to.equal(BOND + (8n * TOKEN) / 10n);
    expect(e.verifierPayment).to.equal((4n * TOKEN) / 10n);
    expect(e.treasuryPaid).to.equal((4n * TOKEN) / 10n);
    expect(await sys.court.claimable(sys.requester.address)).to.equal(e.compensation);
    expect(await sys.court.claimable(sys.challenger.address)).to.equal(e.challengerPaid);
    expect(await sys.court.claimable(await treasuryOf(sys))).to.equal(e.treasuryPaid);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(2n * TOKEN);
    expect(await sys.market.claimable(sys.claimer.address)).to.equal(0n);
    const job = await sys.market.getJob(sys.jobId);
    expect(job.status).to.equal(JobStatus.Refunded);
    const d = await sys.court.getDispute(sys.jobId);
    expect([d.status, d.verdict]).to.deep.equal([DisputeStatus.Resolved, Verdict.Overturned]);
    const provider = await providerOf(sys.registry, sys.claimer);
    expect([provider.locked, provider.activeJobs, provider.slashes]).to.deep.equal([0n, 0n, 1n]);
    for (const v of sys.verifiers) {
      const rec = await providerOf(sys.registry, v);
      expect([rec.locked, rec.activeJobs, rec.completed]).to.deep.equal([0n, 0n, 1n]);
    }
    await expectConservation(sys);
  });

  it("test_resolve_Upheld_TheBondPaysTheProviderAndTheVerifiers", async () => {
    const sys = await networkHelpers.loadFixture(drawnDisputeFixture);
    await deliver(sys, [OUT, OUT, OUT]);
    const e = expectedResolution({
      params: COURT_DEFAULTS,
      verdict: Verdict.Upheld,
      bond: BOND,
      collateral: COLLATERAL,
      winners: 3,
      faulty: 0,
    });
    const tx = sys.court.resolve(sys.jobId);
    await expect(tx)
      .to.emit(sys.court, "DisputeResolved")
      .withArgs(
        sys.jobId,
        sys.challenger.address,
        sys.claimer.address,
        Verdict.Upheld,
        OUT,
        0n,
        0n,
        0n,
        0n,
        e.providerPaid,
        e.verifierPayment,
        e.treasuryPaid,
      );
    await expect(tx)
      .to.emit(sys.market, "JobSettled")
      .withArgs(sys.jobId, sys.requester.address, Outcome.Completed, OUT, PRICE, FEE, TOKEN, 0n, 0n);
    await expect(tx)
      .to.emit(sys.market, "ProviderPaid")
      .withArgs(sys.jobId, sys.claimer.address, PRICE - FEE, FEE, 0n);
    // Bond 2: 0.6 to the verifiers (0.2 each), 1.4 to the provider, nothing left.
    expect(e.providerPaid).to.equal((14n * TOKEN) / 10n);
    expect(e.verifierPayment).to.equal((2n * TOKEN) / 10n);
    expect(e.treasuryPaid).to.equal(0n);
    expect(await sys.court.claimable(sys.claimer.address)).to.equal(e.providerPaid);
    expect(await sys.court.claimable(sys.challenger.address)).to.equal(0n);
    for (const v of sys.verifiers) expect(await sys.court.claimable(v.address)).to.equal(e.verifierPayment);
    expect((await sys.market.getJob(sys.jobId)).status).to.equal(JobStatus.Completed);
    await expectConservation(sys);
  });

  it("test_resolve_Overturned_SlashesTheDissentingVerifierAndPaysTheMajority", async () => {
    const sys = await networkHelpers.loadFixture(drawnDisputeFixture);
    await deliver(sys, [TRUE_OUT, OUT, TRUE_OUT]);
    const e = expectedResolution({
      params: COURT_DEFAULTS,
      verdict: Verdict.Overturned,
      bond: BOND,
      collateral: COLLATERAL,
      winners: 2,
      faulty: 1,
    });
    const tx = sys.court.resolve(sys.jobId);
    await expect(tx)
      .to.emit(sys.court, "VerifierSlashed")
      .withArgs(sys.jobId, sys.verifiers[1].address, Fault.Dissent, TOKEN);
    await expect(tx)
      .to.emit(sys.court, "DisputeResolved")
      .withArgs(
        sys.jobId,
        sys.challenger.address,
        sys.claimer.address,
        Verdict.Overturned,
        TRUE_OUT,
        e.providerSlashed,
        TOKEN,
        e.compensation,
        e.challengerPaid,
        0n,
        e.verifierPayment,
        e.treasuryPaid,
      );
    // The majority shares 1.2 from the provider's slash plus the dissenter's 1: 1.1 each.
    expect(e.verifierPayment).to.equal((11n * TOKEN) / 10n);
    for (const v of [sys.verifiers[0], sys.verifiers[2]]) {
      await expect(tx).to.emit(sys.court, "VerifierReleased").withArgs(sys.jobId, v.address, true, e.verifierPayment);
    }
    const dissenter = await providerOf(sys.registry, sys.verifiers[1]);
    expect([dissenter.locked, dissenter.slashes, dissenter.stake]).to.deep.equal([0n, 1n, 999n * TOKEN]);
    await expectConservation(sys);
  });

  it("test_resolve_Upheld_SlashesANoShowVerifierAfterTheCommitDeadline", async () => {
    const sys = await networkHelpers.loadFixture(drawnDisputeFixture);
    await deliver(sys, [OUT, OUT, undefined]);
    // Reveals opened at the commit deadline; both committed verifiers revealed, so it resolves before the reveal
    // deadline.
    expect(await sys.court.isResolvable(sys.jobId)).to.equal(true);
    const e = expectedResolution({
      params: COURT_DEFAULTS,
      verdict: Verdict.Upheld,
      bond: BOND,
      collateral: COLLATERAL,
      winners: 2,
      faulty: 1,
    });
    const tx = sys.court.resolve(sys.jobId);
    await expect(tx)
      .to.emit(sys.court, "VerifierSlashed")
      .withArgs(sys.jobId, sys.verifiers[2].address, Fault.NoShow, TOKEN);
    await expect(tx)
      .to.emit(sys.court, "DisputeResolved")
      .withArgs(
        sys.jobId,
        sys.challenger.address,
        sys.claimer.address,
        Verdict.Upheld,
        OUT,
        0n,
        TOKEN,
        0n,
        0n,
        e.providerPaid,
        e.verifierPayment,
        e.treasuryPaid,
      );
    expect((await providerOf(sys.registry, sys.verifiers[2])).noShows).to.equal(1n);
    await expectConservation(sys);
  });

  it("test_resolve_Inconclusive_WithoutAMajority_ReturnsTheBond", async () => {
    const sys = await networkHelpers.loadFixture(drawnDisputeFixture);
    await deliver(sys, [TRUE_OUT, OUT, ethers.id("third")]);
    const tx = sys.court.resolve(sys.jobId);
    await expect(tx)
      .to.emit(sys.court, "DisputeResolved")
      .withArgs(
        sys.jobId,
        sys.challenger.address,
        sys.claimer.address,
        Verdict.Inconclusive,
        ethers.ZeroHash,
        0n,
        0n,
        0n,
        BOND,
        0n,
        0n,
        0n,
      );
    for (const v of sys.verifiers) {
      await expect(tx).to.emit(sys.court, "VerifierReleased").withArgs(sys.jobId, v.address, false, 0n);
    }
    await expect(tx).to.not.emit(sys.court, "VerifierSlashed");
    // The result stands: the job settles as usual.
    await expect(tx)
      .to.emit(sys.market, "JobSettled")
      .withArgs(sys.jobId, sys.requester.address, Outcome.Completed, OUT, PRICE, FEE, TOKEN, 0n, 0n);
    expect(await sys.court.claimable(sys.challenger.address)).to.equal(BOND);
    for (const v of sys.verifiers) {
      const rec = await providerOf(sys.registry, v);
      expect([rec.locked, rec.activeJobs, rec.completed, rec.slashes]).to.deep.equal([0n, 0n, 0n, 0n]);
    }
    await expectConservation(sys);
  });

  it("test_resolve_Inconclusive_WhenTheMajoritySaysInputUnavailableAgainstARealResult", async () => {
    const sys = await networkHelpers.loadFixture(drawnDisputeFixture);
    await deliver(sys, [INPUT_UNAVAILABLE, INPUT_UNAVAILABLE, undefined]);
    const tx = sys.court.resolve(sys.jobId);
    await expect(tx)
      .to.emit(sys.court, "DisputeResolved")
      .withArgs(
        sys.jobId,
        sys.challenger.address,
        sys.claimer.address,
        Verdict.Inconclusive,
        INPUT_UNAVAILABLE,
        0n,
        TOKEN,
        0n,
        BOND,
        0n,
        0n,
        TOKEN,
      );
    // Only the no-show is slashed; its slash goes to the treasury (no deciding majority to pay).
    await expect(tx)
      .to.emit(sys.court, "VerifierSlashed")
      .withArgs(sys.jobId, sys.verifiers[2].address, Fault.NoShow, TOKEN);
    await expectConservation(sys);
  });

  it("test_resolve_Inconclusive_WhenNobodyVerifiesByTheDrawDeadline", async () => {
    const sys = await networkHelpers.loadFixture(disputedJobFixture);
    const d = await sys.court.getDispute(sys.jobId);
    expect(await sys.court.isResolvable(sys.jobId)).to.equal(false);
    await expect(sys.court.resolve(sys.jobId))
      .to.be.revertedWithCustomError(sys.court, "DisputeCourtNotResolvable")
      .withArgs(sys.jobId);
    await networkHelpers.time.increaseTo(d.drawDeadline + 1n);
    expect(await sys.court.isResolvable(sys.jobId)).to.equal(true);
    await expect(sys.court.resolve(sys.jobId))
      .to.emit(sys.court, "DisputeResolved")
      .withArgs(
        sys.jobId,
        sys.challenger.address,
        sys.claimer.address,
        Verdict.Inconclusive,
        ethers.ZeroHash,
        0n,
        0n,
        0n,
        BOND,
        0n,
        0n,
        0n,
      );
    await expectConservation(sys);
  });

  it("test_resolve_AfterTheRevealDeadline_SlashesEveryoneSilent", async () => {
    const sys = await networkHelpers.loadFixture(drawnDisputeFixture);
    await commitVerdicts(sys, sys.jobId, sys.verifiers, [OUT, OUT, OUT]);
    await revealVerdicts(sys, sys.jobId, sys.verifiers.slice(0, 1), [OUT]);
    expect(await sys.court.isResolvable(sys.jobId)).to.equal(false);
    const d = await sys.court.getDispute(sys.jobId);
    await networkHelpers.time.setNextBlockTimestamp(d.revealDeadline);
    await expect(sys.court.resolve(sys.jobId)).to.be.revertedWithCustomError(sys.court, "DisputeCourtNotResolvable");
    await networkHelpers.time.setNextBlockTimestamp(d.revealDeadline + 1n);
    const tx = sys.court.resolve(sys.jobId);
    // One reveal is no strict majority of three: inconclusive, two no-shows.
    await expect(tx)
      .to.emit(sys.court, "DisputeResolved")
      .withArgs(
        sys.jobId,
        sys.challenger.address,
        sys.claimer.address,
        Verdict.Inconclusive,
        ethers.ZeroHash,
        0n,
        2n * TOKEN,
        0n,
        BOND,
        0n,
        0n,
        2n * TOKEN,
      );
    await expectConservation(sys);
  });

  it("test_resolve_Upheld_InputUnavailableResultStillRefundsTheRequester", async () => {
    const sys = await networkHelpers.loadFixture(claimedJobFixture);
    await sys.market.connect(sys.claimer).submitResult(sys.jobId, INPUT_UNAVAILABLE, "");
    await fund(sys, sys.other, BOND, await sys.court.getAddress());
    await sys.court.connect(sys.other).dispute(sys.jobId);
    const candidates = sys.providers.filter((p) => p.address !== sys.claimer.address);
    const verifiers = await drawVerifiers(sys, sys.jobId, candidates, 3);
    await commitVerdicts(sys, sys.jobId, verifiers, [INPUT_UNAVAILABLE, INPUT_UNAVAILABLE, INPUT_UNAVAILABLE]);
    await revealVerdicts(sys, sys.jobId, verifiers, [INPUT_UNAVAILABLE, INPUT_UNAVAILABLE, INPUT_UNAVAILABLE]);
    const tx = sys.court.resolve(sys.jobId);
    await expect(tx)
      .to.emit(sys.court, "DisputeResolved")
      .withArgs(
        sys.jobId,
        sys.other.address,
        sys.claimer.address,
        Verdict.Upheld,
        INPUT_UNAVAILABLE,
        0n,
        0n,
        0n,
        0n,
        (14n * TOKEN) / 10n,
        (2n * TOKEN) / 10n,
        0n,
      );
    await expect(tx)
      .to.emit(sys.market, "JobSettled")
      .withArgs(sys.jobId, sys.requester.address, Outcome.InputUnavailable, INPUT_UNAVAILABLE, 0n, 0n, BOND, 0n, 0n);
    await expectConservation(sys);
  });

  it("test_resolve_RevertWhen_NotOpen", async () => {
    const sys = await networkHelpers.loadFixture(drawnDisputeFixture);
    await expect(sys.court.resolve(99n))
      .to.be.revertedWithCustomError(sys.court, "DisputeCourtNotOpen")
      .withArgs(99n, DisputeStatus.None);
    await deliver(sys, [OUT, OUT, OUT]);
    await sys.court.resolve(sys.jobId);
    await expect(sys.court.resolve(sys.jobId))
      .to.be.revertedWithCustomError(sys.court, "DisputeCourtNotOpen")
      .withArgs(sys.jobId, DisputeStatus.Resolved);
    expect(await sys.court.isResolvable(sys.jobId)).to.equal(false);
  });
});

function anyTotal() {
  return (x: unknown) => typeof x === "bigint";
}
