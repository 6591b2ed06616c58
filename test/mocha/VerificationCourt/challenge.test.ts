import { expect } from "chai";
import {
  JobStatus,
  MFUEL,
  Outcome,
  TOKEN,
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
  type Answer,
} from "../fixture.js";
import { deployMockSystem } from "../helpers/mockToken.js";
import { challengedFixture, revealedJobFixture, right, wrong } from "../helpers/stages.js";

const BUDGET = 2n * TOKEN;
const BOND = 4n * BUDGET; // bondBps 40,000
const COLLATERAL = 30n * TOKEN;
const AUDIT_FEE = (BUDGET * 1_200n) / 10_000n;
const REWARD = (COLLATERAL * 2_000n) / 10_000n; // challengerShareBps of the slashed collateral
const PAY = (40n * MFUEL * (TOKEN / 100n)) / MFUEL; // the provider's 40 Mfuel at 0.01 token

type Challenged = Awaited<ReturnType<typeof challengedFixture>>;

/** Draws the current round's three seats (never the same verifier twice), commits and reveals `answers`. */
async function votes(sys: Challenged, answers: Answer[], exclude: string[] = []) {
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
        AUDIT_FEE,
        BUDGET + (BUDGET * 250n) / 10_000n,
        COLLATERAL / 2n,
        COLLATERAL,
      );
    expect(await sys.court.claimable(sys.challenger.address)).to.equal(BOND + REWARD);
    // The pool keeps the audit fee and the slash the market did not distribute, less the challenger's share.
    expect(await sys.court.pool()).to.equal(pool + AUDIT_FEE + COLLATERAL / 2n - REWARD);
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
    expect(await sys.court.pool()).to.equal(pool + BOND + AUDIT_FEE);
    await expectConservation(sys);
  });

  it("test_challenge_NoVerdict_ReturnsTheBond", async () => {
    const sys = await networkHelpers.loadFixture(challengedFixture);
    const first = await votes(sys, [answer("a1"), answer("b1"), answer("c1")]);
    await sys.court.resolve(sys.jobId);
    await votes(
      sys,
      [answer("a2"), answer("b2"), answer("c2")],
      first.map((v) => v.address),
    );
    const tx = sys.court.resolve(sys.jobId);
    await expect(tx)
      .to.emit(sys.court, "ChallengeSettled")
      .withArgs(sys.jobId, sys.challenger.address, false, BOND, 0n);
    expect(await sys.court.claimable(sys.challenger.address)).to.equal(BOND);
    const provider = await providerOf(sys.registry, sys.claimers[0]!);
    expect([provider.locked, provider.slashes]).to.deep.equal([0n, 0n]);
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
      .to.be.revertedWithCustomError(mock.court, "VerificationCourtTransferShortfall")
      .withArgs(BOND, (BOND * 99n) / 100n);
  });
});

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
