import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import type { ContractTransactionResponse } from "ethers";
import { commitment } from "../../../sdk/src/results.js";
import type { DisputeCourt } from "../../../sdk/src/typechain/index.js";
import {
  Fault,
  JobStatus,
  TOKEN,
  addProvider,
  claimSlots,
  ethers,
  expectConservation,
  fund,
  networkHelpers,
  postJob,
  providerOf,
  providersFixture,
  saltOf,
  type System,
} from "../fixture.js";
import { REENTRANT_CALL, asAttacker, call, deployHookSystem, type HookSystem } from "../helpers/attacker.js";
import {
  COURT_DEFAULTS,
  DisputeStatus,
  OUT,
  TRUE_OUT,
  Verdict,
  commitVerdicts,
  courtParameters,
  drawVerifiers,
  drawnDisputeFixture,
  expectedResolution,
  revealVerdicts,
  submittedJobFixture,
} from "../helpers/dispute.js";

/**
 * Attacks on k = 1 disputes. Every scenario asserts exact balances and ends with conservation of the market, the
 * registry and the court (`expectConservation` with the court: its balance is the bonds of open disputes plus
 * every claimable balance). Defaults: max price 2, collateral 4 (provider's and each verifier's), bond 2.
 */
const BOND = 2n * TOKEN;
const COLLATERAL = 4n * TOKEN;
const PRICE = TOKEN;
const FEE = PRICE / 40n; // 250 bps
const STAKE = 1_000n * TOKEN;

type WithCourt = { court: DisputeCourt };

async function worthOf(sys: System, p: HardhatEthersSigner) {
  const rec = await providerOf(sys.registry, p);
  return rec.stake + (await sys.market.claimable(p.address)) + (await sys.court.claimable(p.address));
}

async function deliver(sys: System, jobId: bigint, verifiers: HardhatEthersSigner[], hashes: string[]) {
  await commitVerdicts(sys, jobId, verifiers, hashes);
  await revealVerdicts(sys, jobId, verifiers, hashes);
}

/** The hook-token market plus a DisputeCourt with the default parameters, wired into the registry. */
async function hookCourtFixture() {
  const sys = await deployHookSystem();
  const court = (await ethers.deployContract("DisputeCourt", [
    await sys.market.getAddress(),
    sys.deployer.address,
    COURT_DEFAULTS,
  ])) as unknown as DisputeCourt;
  await sys.registry.setDisputeCourt(await court.getAddress());
  for (const p of sys.providers) await addProvider(sys, p);
  return { ...sys, court };
}

/** A k = 1 job on the hook market claimed by the first drawn provider, `result` submitted. */
async function hookSubmitted(sys: HookSystem & WithCourt, result: string) {
  const jobId = await postJob(sys);
  const [claimer] = await claimSlots(sys, jobId, sys.providers, 1);
  await sys.market.connect(claimer).submitResult(jobId, result, "");
  return { jobId, claimer, candidates: sys.providers.filter((p) => p !== claimer) };
}

describe("adversarial: Disputes", () => {
  it("a provider disputing its own job is refused and nothing moves", async () => {
    const sys = await networkHelpers.loadFixture(submittedJobFixture);
    await fund(sys, sys.claimer, BOND, await sys.court.getAddress());
    const worth = await worthOf(sys, sys.claimer);
    await expect(sys.court.connect(sys.claimer).dispute(sys.jobId))
      .to.be.revertedWithCustomError(sys.court, "DisputeCourtProviderCannotChallenge")
      .withArgs(sys.jobId);
    expect(await sys.token.balanceOf(sys.claimer.address)).to.equal(BOND);
    expect(await worthOf(sys, sys.claimer)).to.equal(worth);
    expect((await sys.market.getJob(sys.jobId)).status).to.equal(JobStatus.Open);
    expect((await sys.court.getDispute(sys.jobId)).status).to.equal(DisputeStatus.None);
    expect(await sys.token.balanceOf(await sys.court.getAddress())).to.equal(0n);
    await expectConservation(sys);
  });

  it("a griefer front-running the requester with disputes of honest results loses every bond", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const griefer = sys.other;
    const court = await sys.court.getAddress();
    await fund(sys, griefer, 3n * BOND, court);
    await fund(sys, sys.requester, BOND, court);
    const e = expectedResolution({
      params: COURT_DEFAULTS,
      verdict: Verdict.Upheld,
      bond: BOND,
      collateral: COLLATERAL,
      winners: 3,
      faulty: 0,
    });
    // Bond 2: 0.6 to the verifiers (0.2 each), 1.4 to the honest provider, nothing to the treasury.
    expect([e.verifierPayment, e.providerPaid, e.treasuryPaid]).to.deep.equal([
      (2n * TOKEN) / 10n,
      (14n * TOKEN) / 10n,
      0n,
    ]);
    const earned = new Map<string, bigint>();
    const credit = (a: string, x: bigint) => earned.set(a, (earned.get(a) ?? 0n) + x);
    for (let i = 0; i < 3; i++) {
      const jobId = await postJob(sys);
      const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
      await sys.market.connect(provider).submitResult(jobId, OUT, "");
      await sys.court.connect(griefer).dispute(jobId);
      // The requester, who checked the result too late, cannot open a second dispute of the same job.
      await expect(sys.court.connect(sys.requester).dispute(jobId))
        .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
        .withArgs(jobId, JobStatus.Disputed);
      const verifiers = await drawVerifiers(
        sys,
        jobId,
        sys.providers.filter((p) => p !== provider),
        3,
      );
      await deliver(sys, jobId, verifiers, [OUT, OUT, OUT]); // OUT is the right output here
      await expect(sys.court.resolve(jobId))
        .to.emit(sys.court, "DisputeResolved")
        .withArgs(
          jobId,
          griefer.address,
          provider.address,
          Verdict.Upheld,
          OUT,
          0n,
          0n,
          0n,
          0n,
          e.providerPaid,
          e.verifierPayment,
          0n,
        );
      credit(provider.address, e.providerPaid);
      for (const v of verifiers) credit(v.address, e.verifierPayment);
      expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Completed);
      expect(await sys.market.claimable(provider.address)).to.be.at.least(PRICE - FEE);
    }
    expect(await sys.token.balanceOf(griefer.address)).to.equal(0n);
    expect(await sys.court.claimable(griefer.address)).to.equal(0n);
    expect(await sys.token.balanceOf(sys.requester.address)).to.equal(BOND); // never spent
    let paidOut = 0n;
    for (const [a, x] of earned) {
      expect(await sys.court.claimable(a), a).to.equal(x);
      paidOut += x;
    }
    expect(paidOut).to.equal(3n * BOND); // the griefer's six tokens, all to the people it griefed
    expect(await sys.token.balanceOf(court)).to.equal(3n * BOND);
    await expectConservation(sys);
  });

  it("a verifier that copies another verifier's commitment cannot reveal it and is slashed as a no-show", async () => {
    const sys = await networkHelpers.loadFixture(drawnDisputeFixture);
    const [a, copier, c] = sys.verifiers;
    const aCommitment = commitment(sys.jobId, a.address, TRUE_OUT, saltOf(a, "verdict"));
    await sys.court.connect(a).commitVerdict(sys.jobId, aCommitment);
    await sys.court.connect(copier).commitVerdict(sys.jobId, aCommitment); // copied from the mempool / chain
    await sys.court
      .connect(c)
      .commitVerdict(sys.jobId, commitment(sys.jobId, c.address, TRUE_OUT, saltOf(c, "verdict")));
    await sys.court.connect(a).revealVerdict(sys.jobId, TRUE_OUT, saltOf(a, "verdict"), "");
    // The commitment binds the verifier's address: the copier cannot open it even knowing a's hash and salt.
    await expect(sys.court.connect(copier).revealVerdict(sys.jobId, TRUE_OUT, saltOf(a, "verdict"), ""))
      .to.be.revertedWithCustomError(sys.court, "DisputeCourtCommitmentMismatch")
      .withArgs(sys.jobId, copier.address);
    await sys.court.connect(c).revealVerdict(sys.jobId, TRUE_OUT, saltOf(c, "verdict"), "");
    expect(await sys.court.isResolvable(sys.jobId)).to.equal(false); // the copier's reveal is still outstanding
    await networkHelpers.time.increaseTo((await sys.court.getDispute(sys.jobId)).revealDeadline + 1n);
    const e = expectedResolution({
      params: COURT_DEFAULTS,
      verdict: Verdict.Overturned,
      bond: BOND,
      collateral: COLLATERAL,
      winners: 2,
      faulty: 1,
    });
    const tx = sys.court.resolve(sys.jobId);
    await expect(tx).to.emit(sys.court, "VerifierSlashed").withArgs(sys.jobId, copier.address, Fault.NoShow, TOKEN);
    await expect(tx)
      .to.emit(sys.court, "DisputeResolved")
      .withArgs(
        sys.jobId,
        sys.challenger.address,
        sys.claimer.address,
        Verdict.Overturned,
        TRUE_OUT,
        COLLATERAL,
        TOKEN,
        e.compensation,
        e.challengerPaid,
        0n,
        e.verifierPayment,
        e.treasuryPaid,
      );
    // Provider's 4: 1.6 requester, 0.8 + bond challenger, 1.2 verifiers; plus the copier's 1: 2.2 / 2 = 1.1 each.
    expect(e.verifierPayment).to.equal((11n * TOKEN) / 10n);
    expect(e.treasuryPaid).to.equal((4n * TOKEN) / 10n);
    const rec = await providerOf(sys.registry, copier);
    expect([rec.stake, rec.locked, rec.noShows]).to.deep.equal([STAKE - TOKEN, 0n, 1n]);
    for (const v of [a, c]) expect(await sys.court.claimable(v.address)).to.equal(e.verifierPayment);
    expect(await sys.court.claimable(copier.address)).to.equal(0n);
    await expectConservation(sys);
  });

  it("a cartel of verifiers below majority (2 of 5) voting for the provider's wrong result is slashed", async () => {
    const sys = await networkHelpers.loadFixture(submittedJobFixture);
    const params = { ...(await courtParameters(sys)), verifiers: 5n };
    await sys.court.connect(sys.owner).setParameters(params);
    await sys.court.connect(sys.challenger).dispute(sys.jobId);
    const verifiers = await drawVerifiers(sys, sys.jobId, sys.candidates, 5);
    const cartel = verifiers.slice(0, 2);
    const honest = verifiers.slice(2);
    await deliver(sys, sys.jobId, verifiers, [OUT, OUT, TRUE_OUT, TRUE_OUT, TRUE_OUT]);
    const e = expectedResolution({
      params,
      verdict: Verdict.Overturned,
      bond: BOND,
      collateral: COLLATERAL,
      winners: 3,
      faulty: 2,
    });
    const tx = sys.court.resolve(sys.jobId);
    for (const v of cartel) {
      await expect(tx).to.emit(sys.court, "VerifierSlashed").withArgs(sys.jobId, v.address, Fault.Dissent, TOKEN);
    }
    await expect(tx)
      .to.emit(sys.court, "DisputeResolved")
      .withArgs(
        sys.jobId,
        sys.challenger.address,
        sys.claimer.address,
        Verdict.Overturned,
        TRUE_OUT,
        COLLATERAL,
        2n * TOKEN,
        e.compensation,
        e.challengerPaid,
        0n,
        e.verifierPayment,
        e.treasuryPaid,
      );
    // 1.2 of the provider's slash + the cartel's 2 = 3.2, a third each (rounding dust to the treasury).
    expect(e.verifierPayment).to.equal((32n * TOKEN) / 30n);
    expect(e.treasuryPaid).to.equal((4n * TOKEN) / 10n + 2n); // 2 wei of dust
    for (const v of cartel) {
      const rec = await providerOf(sys.registry, v);
      expect([rec.stake, rec.locked, rec.slashes]).to.deep.equal([STAKE - TOKEN, 0n, 1n]);
      expect(await sys.court.claimable(v.address)).to.equal(0n);
    }
    for (const v of honest) expect(await sys.court.claimable(v.address)).to.equal(e.verifierPayment);
    expect((await providerOf(sys.registry, sys.claimer)).stake).to.equal(STAKE - COLLATERAL);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(2n * TOKEN); // the escrow back
    expect(await sys.court.claimable(sys.requester.address)).to.equal(e.compensation);
    await expectConservation(sys);
  });

  it("a dispute on the last second of the challenge window is accepted; one second later it is refused and the job settles", async () => {
    const sys = await networkHelpers.loadFixture(submittedJobFixture);
    const { challengeEndsAt } = await sys.market.getJob(sys.jobId);
    const id = await networkHelpers.takeSnapshot();
    // Last second: settlement is not possible yet, a dispute is.
    await networkHelpers.time.setNextBlockTimestamp(challengeEndsAt - 1n);
    await expect(sys.market.settle(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotSettleable")
      .withArgs(sys.jobId);
    await networkHelpers.time.setNextBlockTimestamp(challengeEndsAt - 1n);
    await expect(sys.court.connect(sys.challenger).dispute(sys.jobId)).to.emit(sys.court, "DisputeOpened");
    expect((await sys.market.getJob(sys.jobId)).status).to.equal(JobStatus.Disputed);
    expect(await sys.token.balanceOf(await sys.court.getAddress())).to.equal(BOND);
    await expectConservation(sys);

    await id.restore();
    // At the end of the window: a dispute is refused, settlement is possible — never both, never neither.
    await networkHelpers.time.setNextBlockTimestamp(challengeEndsAt);
    await expect(sys.court.connect(sys.challenger).dispute(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketDeadlinePassed")
      .withArgs(sys.jobId, challengeEndsAt);
    await sys.market.settle(sys.jobId);
    await expect(sys.court.connect(sys.challenger).dispute(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(sys.jobId, JobStatus.Completed);
    expect(await sys.token.balanceOf(sys.challenger.address)).to.equal(100n * TOKEN);
    expect(await sys.market.claimable(sys.claimer.address)).to.equal(PRICE - FEE);
    expect(await sys.token.balanceOf(await sys.court.getAddress())).to.equal(0n);
    await expectConservation(sys);
  });

  it("resolving twice, in one block from two accounts, pays once; the resolved job cannot be settled again", async () => {
    const sys = await networkHelpers.loadFixture(drawnDisputeFixture);
    await deliver(sys, sys.jobId, sys.verifiers, [TRUE_OUT, TRUE_OUT, TRUE_OUT]);
    await ethers.provider.send("evm_setAutomine", [false]);
    let first: ContractTransactionResponse | undefined;
    let second: ContractTransactionResponse | undefined;
    try {
      const gasLimit = 2_000_000n;
      first = await sys.court.connect(sys.requester).resolve(sys.jobId, { gasLimit });
      second = await sys.court.connect(sys.other).resolve(sys.jobId, { gasLimit });
      await networkHelpers.mine();
    } finally {
      await ethers.provider.send("evm_setAutomine", [true]);
    }
    expect((await first!.wait())!.status).to.equal(1);
    const outcome = await second!.wait().then(
      () => "mined",
      () => "reverted",
    );
    expect(outcome).to.equal("reverted"); // DisputeCourtNotOpen(jobId, Resolved)
    await expect(sys.court.resolve(sys.jobId))
      .to.be.revertedWithCustomError(sys.court, "DisputeCourtNotOpen")
      .withArgs(sys.jobId, DisputeStatus.Resolved);
    await expect(sys.market.settle(sys.jobId))
      .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
      .withArgs(sys.jobId, JobStatus.Refunded);
    const e = expectedResolution({
      params: COURT_DEFAULTS,
      verdict: Verdict.Overturned,
      bond: BOND,
      collateral: COLLATERAL,
      winners: 3,
      faulty: 0,
    });
    expect(await sys.court.claimable(sys.challenger.address)).to.equal(e.challengerPaid);
    expect(await sys.court.claimable(sys.requester.address)).to.equal(e.compensation);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(2n * TOKEN);
    expect((await providerOf(sys.registry, sys.claimer)).stake).to.equal(STAKE - COLLATERAL); // slashed once
    await expectConservation(sys);
  });

  it("a market paused while a dispute is open still resolves it and pays everyone out", async () => {
    const sys = await networkHelpers.loadFixture(submittedJobFixture);
    await sys.market.connect(sys.owner).pause();
    // Pausing stops new jobs only: disputes, verification, resolution and withdrawals go on.
    await expect(postJob(sys)).to.be.revertedWithCustomError(sys.market, "JobMarketPaused");
    await sys.court.connect(sys.challenger).dispute(sys.jobId);
    const verifiers = await drawVerifiers(sys, sys.jobId, sys.candidates, 3);
    await deliver(sys, sys.jobId, verifiers, [TRUE_OUT, TRUE_OUT, TRUE_OUT]);
    await sys.court.resolve(sys.jobId);
    expect(await sys.market.paused()).to.equal(true);
    const e = expectedResolution({
      params: COURT_DEFAULTS,
      verdict: Verdict.Overturned,
      bond: BOND,
      collateral: COLLATERAL,
      winners: 3,
      faulty: 0,
    });
    const payees: [HardhatEthersSigner, bigint, bigint][] = [
      [sys.requester, e.compensation, 2n * TOKEN], // court, market
      [sys.challenger, e.challengerPaid, 0n],
      ...verifiers.map((v): [HardhatEthersSigner, bigint, bigint] => [v, e.verifierPayment, 0n]),
    ];
    for (const [who, fromCourt, fromMarket] of payees) {
      const before = await sys.token.balanceOf(who.address);
      if (fromCourt) await sys.court.connect(who).withdraw();
      if (fromMarket) await sys.market.connect(who).withdraw();
      expect((await sys.token.balanceOf(who.address)) - before).to.equal(fromCourt + fromMarket);
    }
    await sys.court.connect(sys.owner).withdraw(); // the treasury's 0.4
    expect(e.treasuryPaid).to.equal((4n * TOKEN) / 10n);
    expect(await sys.token.balanceOf(await sys.court.getAddress())).to.equal(0n);
    expect(await sys.token.balanceOf(await sys.market.getAddress())).to.equal(0n);
    await expectConservation(sys);
  });

  describe("re-entrancy through a hook token", () => {
    it("a token that re-enters resolve, withdraw and settle while the provider's slash moves gains nothing", async () => {
      const sys = await networkHelpers.loadFixture(hookCourtFixture);
      const attacker = await sys.attacker.getAddress();
      const court = await sys.court.getAddress();
      const market = await sys.market.getAddress();
      // The attacker contract is the challenger: it posts the bond and is owed bond + reward afterwards.
      await sys.token.transfer(attacker, BOND);
      await asAttacker(sys, sys.token, call(sys.token, "approve", [court, BOND]));
      const { jobId, claimer, candidates } = await hookSubmitted(sys, OUT);
      await asAttacker(sys, sys.court, call(sys.court, "dispute", [jobId]));
      const asSystem = sys as unknown as System;
      const verifiers = await drawVerifiers(asSystem, jobId, candidates, 3);
      await deliver(asSystem, jobId, verifiers, [TRUE_OUT, TRUE_OUT, TRUE_OUT]);
      // The provider's slash (registry -> court) is the first transfer of resolve; the token calls out then.
      await sys.attacker
        .connect(sys.attackerOwner)
        .arm(
          ethers.ZeroAddress,
          [court, court, market, court],
          [
            call(sys.court, "resolve", [jobId]),
            call(sys.court, "withdraw"),
            call(sys.market, "settle", [jobId]),
            call(sys.court, "dispute", [jobId]),
          ],
        );
      const tx = sys.court.connect(sys.other).resolve(jobId);
      await expect(tx).to.emit(sys.court, "DisputeResolved");
      for (const i of [0, 1, 3]) {
        expect(await sys.attacker.reentryOk(i), `re-entry ${i}`).to.equal(false);
        expect(await sys.attacker.reentryReturn(i)).to.equal(REENTRANT_CALL);
      }
      // market.settle: the market's guard is free (it is called last), but a disputed job is not settleable.
      expect(await sys.attacker.reentryOk(2)).to.equal(false);
      expect(await sys.attacker.reentryReturn(2)).to.equal(
        sys.market.interface.encodeErrorResult("JobMarketJobNotOpen", [jobId, JobStatus.Disputed]),
      );
      const e = expectedResolution({
        params: COURT_DEFAULTS,
        verdict: Verdict.Overturned,
        bond: BOND,
        collateral: COLLATERAL,
        winners: 3,
        faulty: 0,
      });
      expect(await sys.court.claimable(attacker)).to.equal(e.challengerPaid);
      expect(await sys.court.claimable(sys.requester.address)).to.equal(e.compensation);
      for (const v of verifiers) expect(await sys.court.claimable(v.address)).to.equal(e.verifierPayment);
      expect(await sys.court.claimable(sys.treasury.address)).to.equal(e.treasuryPaid);
      expect(await sys.market.claimable(sys.requester.address)).to.equal(2n * TOKEN);
      expect((await providerOf(sys.registry, claimer)).stake).to.equal(STAKE - COLLATERAL);
      expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Refunded);
      await expectConservation(sys, [attacker]);
    });

    it("a challenger contract that re-enters withdraw from its token hook is paid exactly once", async () => {
      const sys = await networkHelpers.loadFixture(hookCourtFixture);
      const attacker = await sys.attacker.getAddress();
      const court = await sys.court.getAddress();
      await sys.token.transfer(attacker, BOND);
      await asAttacker(sys, sys.token, call(sys.token, "approve", [court, BOND]));
      const { jobId, candidates } = await hookSubmitted(sys, OUT);
      await asAttacker(sys, sys.court, call(sys.court, "dispute", [jobId]));
      const asSystem = sys as unknown as System;
      const verifiers = await drawVerifiers(asSystem, jobId, candidates, 3);
      await deliver(asSystem, jobId, verifiers, [TRUE_OUT, TRUE_OUT, TRUE_OUT]);
      await sys.court.connect(sys.other).resolve(jobId);
      const owed = await sys.court.claimable(attacker);
      expect(owed).to.equal(BOND + (8n * TOKEN) / 10n);
      await sys.attacker
        .connect(sys.attackerOwner)
        .arm(attacker, [court, court], [call(sys.court, "withdraw"), call(sys.court, "resolve", [jobId])]);
      const before = await sys.token.balanceOf(attacker);
      await asAttacker(sys, sys.court, call(sys.court, "withdraw"));
      expect(await sys.attacker.reentries()).to.equal(2n);
      for (const i of [0, 1]) {
        expect(await sys.attacker.reentryOk(i)).to.equal(false);
        expect(await sys.attacker.reentryReturn(i)).to.equal(REENTRANT_CALL);
      }
      expect((await sys.token.balanceOf(attacker)) - before).to.equal(owed);
      expect(await sys.court.claimable(attacker)).to.equal(0n);
      await expectConservation(sys, [attacker]);
    });
  });
});
