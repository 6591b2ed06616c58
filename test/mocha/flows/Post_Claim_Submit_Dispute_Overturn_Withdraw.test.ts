import { expect } from "chai";
import { JobStatus, TOKEN, ethers, expectConservation, networkHelpers, providerOf } from "../fixture.js";
import {
  COURT_DEFAULTS,
  OUT,
  TRUE_OUT,
  Verdict,
  commitVerdicts,
  drawnDisputeFixture,
  expectedResolution,
  revealVerdicts,
} from "../helpers/dispute.js";

describe("flow: Post_Claim_Submit_Dispute_Overturn_Withdraw (k = 1)", () => {
  it("a wrong result is disputed, re-executed by three verifiers and overturned; everyone withdraws what they are owed", async () => {
    const sys = await networkHelpers.loadFixture(drawnDisputeFixture);
    await commitVerdicts(sys, sys.jobId, sys.verifiers, [TRUE_OUT, TRUE_OUT, TRUE_OUT]);
    await revealVerdicts(sys, sys.jobId, sys.verifiers, [TRUE_OUT, TRUE_OUT, TRUE_OUT]);
    // Anyone resolves: here a verifier.
    await sys.court.connect(sys.verifiers[0]).resolve(sys.jobId);
    const e = expectedResolution({
      params: COURT_DEFAULTS,
      verdict: Verdict.Overturned,
      bond: 2n * TOKEN,
      collateral: 4n * TOKEN,
      winners: 3,
      faulty: 0,
    });
    await expectConservation(sys);

    // The requester: its escrow from the market, its compensation from the court.
    const requesterBefore = await sys.token.balanceOf(sys.requester.address);
    await expect(sys.market.connect(sys.requester).withdraw())
      .to.emit(sys.market, "Withdrawn")
      .withArgs(sys.requester.address, 2n * TOKEN);
    await expect(sys.court.connect(sys.requester).withdraw())
      .to.emit(sys.court, "Withdrawn")
      .withArgs(sys.requester.address, e.compensation);
    expect(await sys.token.balanceOf(sys.requester.address)).to.equal(requesterBefore + 2n * TOKEN + e.compensation);
    // The challenger: its bond back and its reward.
    await expect(sys.court.connect(sys.challenger).withdraw())
      .to.emit(sys.court, "Withdrawn")
      .withArgs(sys.challenger.address, e.challengerPaid);
    for (const v of sys.verifiers) {
      await expect(sys.court.connect(v).withdraw())
        .to.emit(sys.court, "Withdrawn")
        .withArgs(v.address, e.verifierPayment);
    }
    // The provider gets nothing, and has nothing to withdraw.
    await expect(sys.court.connect(sys.claimer).withdraw())
      .to.be.revertedWithCustomError(sys.court, "DisputeCourtNothingToWithdraw")
      .withArgs(sys.claimer.address);
    await expect(sys.market.connect(sys.claimer).withdraw()).to.be.revertedWithCustomError(
      sys.market,
      "JobMarketNothingToWithdraw",
    );
    expect((await providerOf(sys.registry, sys.claimer)).stake).to.equal(996n * TOKEN);
    // The treasury (the Timelock) holds the rest of the slash.
    expect(await sys.court.claimable(await sys.timelock.getAddress())).to.equal(e.treasuryPaid);
    await expect(sys.court.connect(sys.owner).withdraw())
      .to.emit(sys.court, "Withdrawn")
      .withArgs(sys.owner.address, e.treasuryPaid);
    expect(await sys.token.balanceOf(await sys.court.getAddress())).to.equal(0n);
    expect((await sys.market.getJob(sys.jobId)).status).to.equal(JobStatus.Refunded);
    await expectConservation(sys);
  });

  it("a right result survives the dispute; the challenger's bond pays the provider and the verifiers", async () => {
    const sys = await networkHelpers.loadFixture(drawnDisputeFixture);
    await commitVerdicts(sys, sys.jobId, sys.verifiers, [OUT, OUT, OUT]);
    await revealVerdicts(sys, sys.jobId, sys.verifiers, [OUT, OUT, OUT]);
    await sys.court.connect(sys.requester).resolve(sys.jobId);
    const fee = (TOKEN * 250n) / 10_000n;
    await expect(sys.market.connect(sys.claimer).withdraw())
      .to.emit(sys.market, "Withdrawn")
      .withArgs(sys.claimer.address, TOKEN - fee);
    await expect(sys.court.connect(sys.claimer).withdraw())
      .to.emit(sys.court, "Withdrawn")
      .withArgs(sys.claimer.address, (14n * TOKEN) / 10n);
    await expect(sys.court.connect(sys.challenger).withdraw()).to.be.revertedWithCustomError(
      sys.court,
      "DisputeCourtNothingToWithdraw",
    );
    expect((await providerOf(sys.registry, sys.claimer)).completed).to.equal(1n);
    await expectConservation(sys, [ethers.ZeroAddress]);
  });
});
