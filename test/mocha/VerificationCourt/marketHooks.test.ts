import { expect } from "chai";
import {
  VerificationStatus,
  claimAuditor,
  commitVerdicts,
  ethers,
  impersonate,
  networkHelpers,
  passChallengeWindow,
  revealAll,
  revealVerdicts,
} from "../fixture.js";
import { auditedJobFixture, panelFixture, revealedJobFixture, right } from "../helpers/stages.js";

/** The court's side of the market: openPanel and closeAudit, which only the market may call. */
/** Verification terms of a made-up job; the guards under test never read them. */
const TERMS = {
  requester: ethers.ZeroAddress,
  resourceClass: 0,
  minReputation: 0,
  maxFuel: 1n,
  maxPricePerMfuel: 1n,
  budget: 1n,
  collateral: 1n,
  executionTime: 31n,
  agreed: ethers.ZeroHash,
};

describe("VerificationCourt.openPanel", () => {
  it("test_openPanel_RevertWhen_NotMarket", async () => {
    const sys = await networkHelpers.loadFixture(panelFixture);
    await expect(sys.court.connect(sys.other).openPanel(sys.jobId, TERMS))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtNotMarket")
      .withArgs(sys.other.address);
  });

  it("test_openPanel_RevertWhen_AlreadyVerifying", async () => {
    const sys = await networkHelpers.loadFixture(panelFixture);
    // The market never opens a panel twice (the job is Verifying); the court guards it anyway.
    const market = await impersonate(await sys.market.getAddress());
    await expect(sys.court.connect(market).openPanel(sys.jobId, TERMS))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtAlreadyVerifying")
      .withArgs(sys.jobId);
  });
});

describe("VerificationCourt.closeAudit", () => {
  it("test_closeAudit_RevertWhen_NotMarket", async () => {
    const sys = await networkHelpers.loadFixture(revealedJobFixture);
    await expect(sys.court.connect(sys.other).closeAudit(sys.jobId, ethers.ZeroHash))
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtNotMarket")
      .withArgs(sys.other.address);
  });

  it("test_closeAudit_DoesNothingWhenNobodyWasDrawn", async () => {
    const sys = await networkHelpers.loadFixture(auditedJobFixture);
    // Audited, no auditor came, and the replica withheld: settled by the market as a refund, nothing to judge.
    await networkHelpers.time.increaseTo((await sys.market.timeline(sys.jobId)).revealEndsAt + 1n);
    const tx = sys.market.settle(sys.jobId);
    await expect(tx).to.emit(sys.market, "JobSettled");
    await expect(tx).to.not.emit(sys.court, "VerificationFinalized");
    expect((await sys.court.getVerification(sys.jobId)).status).to.equal(VerificationStatus.None);
  });

  it("test_closeAudit_JudgesTheAuditorAgainstTheAgreedResult", async () => {
    const sys = await networkHelpers.loadFixture(auditedJobFixture);
    const auditor = await claimAuditor(sys, sys.jobId, sys.verifiers);
    await commitVerdicts(sys, sys.jobId, [auditor], [right]);
    await revealAll(sys, sys.jobId, sys.claimers, [right]);
    await revealVerdicts(sys, sys.jobId, [auditor], [right]);
    await passChallengeWindow(sys, sys.jobId);
    await expect(sys.market.settle(sys.jobId)).to.emit(sys.court, "VerificationFinalized");
    const v = await sys.court.getVerification(sys.jobId);
    expect([v.status, v.round]).to.deep.equal([VerificationStatus.Final, 0n]);
  });
});
