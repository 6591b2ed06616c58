import { expect } from "chai";
import { ZeroAddress, ZeroHash } from "ethers";
import { INPUT_UNAVAILABLE } from "@hashwork/sdk/results";
import {
  Fault,
  JobStatus,
  MFUEL,
  Outcome,
  TOKEN,
  VerificationReason,
  answer,
  bps,
  claimAuditor,
  claimSeats,
  claimSlots,
  commitAll,
  commitVerdicts,
  copied,
  currentCourtParameters,
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
  saltOf,
  type System,
  verifierPay,
  slotIndex,
} from "../fixture.js";
import { abandonRound, challengeAs, deliver, runPanel } from "../helpers/court.js";
import { expectedSettlement, worth } from "../helpers/money.js";

/**
 * Issue 11: verification that nobody can pre-empt, end or starve, and verifiers that cannot be lazy. Defaults: a
 * k = 1 job with budget 2 tokens (100 Mfuel at 0.02), collateral 30 (15x), fee 0.05, audit fee 0.24 escrowed (kept:
 * 12% of the fuel used at the job's price, 0.096 for 40 Mfuel); the right answer burns 40 Mfuel, paid 0.4 at the
 * provider's 0.01 per Mfuel; the challenge bond is 8 (4x the budget); each verifier is paid the fuel it revealed at
 * the job's 0.02 (0.8 for 40 Mfuel) and slashed half its collateral (15) when its ballot (result and proof of
 * execution) is outside the verdict or it never reveals. The requester's compensation is capped at the 2 it escrowed.
 */
const right = answer("right");
const wrong = answer("wrong");

/** A k = 1 job claimed by a provider that revealed `a`, unaudited; the challenge window is open. */
async function revealedK1(sys: System, a = wrong) {
  const jobId = await postJob(sys);
  const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
  await deliver(sys, jobId, [provider!], [a]);
  return { jobId, provider: provider!, job: await sys.market.getJob(jobId), params: await sys.market.parameters() };
}

describe("adversarial: Verification", () => {
  describe("second-account pre-emption", () => {
    it("the provider's second account challenges first: the requester is shut out, but the panel still overturns the wrong result and the pair loses 24", async () => {
      const sys = await networkHelpers.loadFixture(networkFixture);
      const { jobId, provider, job, params } = await revealedK1(sys);
      const second = sys.other; // the provider's second account
      const bond = await sys.court.bondFor(job.budget);
      await fund(sys, second, bond, await sys.court.getAddress());
      const pairBefore = (await worth(sys, provider)) + (await worth(sys, second));
      await expect(sys.court.connect(second).challenge(jobId))
        .to.emit(sys.market, "VerificationStarted")
        .withArgs(jobId, VerificationReason.Challenge, second.address, resultWord(wrong));

      // Nobody else can challenge now, and the second account cannot end what it started.
      await fund(sys, sys.requester, bond, await sys.court.getAddress());
      await expect(sys.court.connect(sys.requester).challenge(jobId))
        .to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen")
        .withArgs(jobId, JobStatus.Verifying);
      await expect(sys.court.connect(second).resolve(jobId)).to.be.revertedWithCustomError(
        sys.court,
        "VerificationCourtNotResolvable",
      );
      await expect(sys.market.connect(second).settle(jobId)).to.be.revertedWithCustomError(
        sys.market,
        "JobMarketJobNotOpen",
      );
      // Neither the provider nor its challenging account may sit on the panel, whatever the draw.
      for (const insider of [provider, second]) {
        await expect(sys.court.connect(insider).claimVerifier(jobId))
          .to.be.revertedWithCustomError(sys.court, "VerificationCourtIneligible")
          .withArgs(jobId, insider.address);
      }

      const e = expectedSettlement({ job, params, completed: false, fuel: right.fuel, dissenters: 1, verified: true });
      await runPanel(sys, jobId, sys.verifiers, [right, right, right]);
      const settled = await sys.market.queryFilter(sys.market.filters.JobSettled(jobId));
      expect(settled[0]!.args.outcome).to.equal(Outcome.Overturned);
      expect(e.compensation).to.equal(job.budget); // half the 30 slashed, capped at the 2 escrowed for the replica
      expect(await sys.market.claimable(sys.requester.address)).to.equal(e.requester); // 2.194 + 2
      expect(await sys.market.claimable(provider.address)).to.equal(0n);
      expect(await sys.court.claimable(second.address)).to.equal(bond + e.challengerReward); // 8 + 6
      const pairAfter = (await worth(sys, provider)) + (await worth(sys, second));
      expect(pairBefore - pairAfter).to.equal(job.collateral - e.challengerReward);
      expect(pairBefore - pairAfter).to.equal(24n * TOKEN);
      await expectConservation(sys);
    });

    it("the second account challenging the provider's honest result is upheld and loses its bond to the pool", async () => {
      const sys = await networkHelpers.loadFixture(networkFixture);
      const { jobId, provider, job, params } = await revealedK1(sys, right);
      const second = sys.other;
      const poolBefore = await sys.court.pool();
      const bond = await challengeAs(sys, second, jobId);
      const { panel } = await runPanel(sys, jobId, sys.verifiers, [right, right, right]);
      const e = expectedSettlement({
        job,
        params,
        completed: true,
        fuel: right.fuel,
        winners: [{ pricePerMfuel: TOKEN / 100n }],
      });
      expect(await sys.market.claimable(provider.address)).to.equal(e.payments[0]); // 0.4, as if unchallenged
      expect(await sys.court.claimable(second.address)).to.equal(0n);
      const pay = verifierPay(right.fuel, job.maxPricePerMfuel); // 0.8
      for (const v of panel) expect(await sys.court.claimable(v.address)).to.equal(pay);
      // The bond paid the panel (2.4) and the rest went to the pool, with the audit fee kept on the fuel (0.096).
      expect(await sys.court.pool()).to.equal(poolBefore + bond - 3n * pay + e.auditFee);
      expect(await worth(sys, second)).to.equal(0n);
      await expectConservation(sys);
    });
  });

  describe("abandoned verification", () => {
    it("a challenge nobody serves is redrawn, then fails closed: refund, provider released unslashed and paid out of the bond, the rest of the bond returned", async () => {
      const sys = await networkHelpers.loadFixture(networkFixture);
      const { jobId, provider, job } = await revealedK1(sys);
      const bond = await challengeAs(sys, sys.requester, jobId);
      const first = abandonRound(sys, jobId);
      await expect(first).to.emit(sys.court, "RoundClosed").withArgs(jobId, 1, ZeroHash, 0n);
      await expect(first).to.emit(sys.court, "RoundOpened");
      expect((await sys.court.getVerification(jobId)).round).to.equal(2n);
      const last = abandonRound(sys, jobId);
      await expect(last).to.emit(sys.court, "VerificationFinalized").withArgs(jobId, ZeroHash, 2);
      // No real result won: the audit fee is kept on the whole fuel limit (0.24).
      await expect(last)
        .to.emit(sys.market, "JobSettled")
        .withArgs(
          jobId,
          sys.requester.address,
          Outcome.NoVerdict,
          ZeroHash,
          0n,
          0n,
          0n,
          job.auditFee,
          job.budget + job.fee,
          0n,
          0n,
          job.auditFee,
        );
      await expect(last).to.emit(sys.market, "AssignmentReleased").withArgs(jobId, provider.address, job.collateral);
      // The challenged result's replica is paid what the result would have paid it (40 Mfuel at 0.01), out of the
      // bond: a challenge nobody could staff does not get the requester the output it read for free.
      const owed = (wrong.fuel * (TOKEN / 100n)) / MFUEL; // 0.4
      await expect(last).to.emit(sys.court, "ReplicaCompensated").withArgs(jobId, provider.address, owed);
      await expect(last)
        .to.emit(sys.court, "ChallengeSettled")
        .withArgs(jobId, sys.requester.address, false, bond - owed, 0n);
      expect(await sys.market.claimable(sys.requester.address)).to.equal(job.budget + job.fee);
      expect(await sys.court.claimable(sys.requester.address)).to.equal(bond - owed);
      expect(await sys.market.claimable(provider.address)).to.equal(0n);
      expect(await sys.court.claimable(provider.address)).to.equal(owed);
      const p = await providerOf(sys.registry, provider);
      expect([p.stake, p.locked, p.slashes, p.completed]).to.deep.equal([1_000n * TOKEN, 0n, 0n, 0n]);
      await expectConservation(sys);
    });

    it("an audit whose auditor and panel never show up: the silent verifiers are slashed, the wrong result is not paid", async () => {
      const sys = await networkHelpers.loadFixture(networkFixture);
      const jobId = await postJob(sys);
      const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
      await deliver(sys, jobId, [provider!], [wrong], true);
      const auditor = await claimAuditor(sys, jobId, sys.verifiers);
      const t = await sys.market.timeline(jobId);
      await networkHelpers.time.increaseTo(t.auditCommitEndsAt + 1n); // the auditor never commits
      await revealAll(sys, jobId, [provider!], [wrong]);
      await networkHelpers.time.increaseTo(t.revealEndsAt + 1n);
      await expect(sys.market.settle(jobId))
        .to.emit(sys.market, "VerificationStarted")
        .withArgs(jobId, VerificationReason.AuditUnanswered, ZeroAddress, resultWord(wrong));
      // Round 1: three verifiers drawn, none commits; round 2: nobody drawn.
      const silent = await claimSeats(
        sys,
        jobId,
        sys.verifiers.filter((v) => v !== auditor),
        3,
      );
      await abandonRound(sys, jobId);
      const job = await sys.market.getJob(jobId);
      const slash = bps(job.collateral, (await sys.court.parameters()).verifierSlashBps); // 15
      await expect(abandonRound(sys, jobId))
        .to.emit(sys.court, "VerifierSlashed")
        .withArgs(jobId, auditor.address, 0, Fault.NoShow, slash);
      for (const v of silent) expect((await providerOf(sys.registry, v)).stake).to.equal(1_000n * TOKEN - slash);
      expect((await providerOf(sys.registry, auditor)).stake).to.equal(1_000n * TOKEN - slash);
      expect(job.status).to.equal(JobStatus.Verifying);
      expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Refunded);
      expect(await sys.market.claimable(provider!.address)).to.equal(0n);
      expect(await sys.market.claimable(sys.requester.address)).to.equal(job.budget + job.fee);
      await expectConservation(sys);
    });
  });

  describe("split verifiers", () => {
    it("a panel with no majority is redrawn; the next panel's majority decides (round-1 verifiers, corroborated by nobody, neither paid nor slashed)", async () => {
      const sys = await networkHelpers.loadFixture(networkFixture);
      const { jobId, provider, job, params } = await revealedK1(sys);
      const bond = await challengeAs(sys, sys.requester, jobId);
      const poolBefore = await sys.court.pool();
      const split = [answer("a"), answer("b"), answer("c")];
      const { panel: first } = await runPanel(sys, jobId, sys.verifiers, split);
      expect((await sys.court.getVerification(jobId)).round).to.equal(2n);
      const candidates = sys.verifiers.filter((v) => !first.includes(v));
      const { panel: second } = await runPanel(sys, jobId, candidates, [right, right, right]);
      const e = expectedSettlement({ job, params, completed: false, fuel: right.fuel, dissenters: 1, verified: true });
      expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Refunded);
      expect((await providerOf(sys.registry, provider)).stake).to.equal(1_000n * TOKEN - job.collateral);
      // Three seats, three ballots: no seat of round 1 is corroborated by another, so none is paid.
      const pay = verifierPay(right.fuel, job.maxPricePerMfuel);
      for (const [i, v] of [...first, ...second].entries()) {
        expect(await sys.court.claimable(v.address)).to.equal(i < 3 ? 0n : pay);
        expect((await providerOf(sys.registry, v)).slashes).to.equal(0n);
      }
      expect(await sys.court.claimable(sys.requester.address)).to.equal(bond + e.challengerReward);
      expect(await sys.court.pool()).to.equal(poolBefore - 3n * pay + e.toCourt - e.challengerReward);
      await expectConservation(sys);
    });

    it("two panels without a majority: no verdict; the requester's escrow comes back, the bond pays the provider its result's price and returns the rest", async () => {
      const sys = await networkHelpers.loadFixture(networkFixture);
      const { jobId, provider, job } = await revealedK1(sys);
      const bond = await challengeAs(sys, sys.requester, jobId);
      const { panel: first } = await runPanel(sys, jobId, sys.verifiers, [answer("a"), answer("b"), undefined]);
      const others = [...sys.verifiers, ...sys.providers].filter((v) => v !== provider && !first.includes(v));
      await runPanel(sys, jobId, others, [right, wrong, answer("c")]);
      expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Refunded);
      expect(await sys.market.claimable(provider.address)).to.equal(0n);
      expect((await providerOf(sys.registry, provider)).stake).to.equal(1_000n * TOKEN);
      expect(await sys.market.claimable(sys.requester.address)).to.equal(job.budget + job.fee);
      const owed = (wrong.fuel * (TOKEN / 100n)) / MFUEL; // what the challenged result would have paid: 0.4
      expect(await sys.court.claimable(provider.address)).to.equal(owed);
      expect(await sys.court.claimable(sys.requester.address)).to.equal(bond - owed);
      // Nobody corroborated anybody: no verifier is paid. The round-1 verifier that never committed is slashed.
      for (const v of sys.verifiers) {
        if (v !== first[2]) expect((await providerOf(sys.registry, v)).slashes).to.equal(0n);
      }
      const slash = bps(job.collateral, (await sys.court.parameters()).verifierSlashBps);
      expect((await providerOf(sys.registry, first[2]!)).stake).to.equal(1_000n * TOKEN - slash);
      expect(await sys.court.claimable(first[2]!.address)).to.equal(0n);
      await expectConservation(sys);
    });
  });

  describe("lazy verifiers", () => {
    it("the auditor cannot see the answer before committing: reveals revert until it commits, and it cannot commit after", async () => {
      const sys = await networkHelpers.loadFixture(networkFixture);
      const jobId = await postJob(sys);
      const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
      await commitAll(sys, jobId, [provider!], [wrong]);
      await forceAudit(sys, jobId, true);
      // On-chain there is only the commitment: it binds the account and a secret salt, not an answer to copy.
      expect((await sys.market.getAssignments(jobId))[0]!.result).to.not.equal(resultWord(wrong));
      const reveal = async () =>
        sys.market
          .connect(provider!)
          .revealResult(
            jobId,
            await slotIndex(sys.market, jobId, provider!),
            wrong.output,
            wrong.fuel,
            saltOf(provider!),
            "",
          );
      await expect(reveal()).to.be.revertedWithCustomError(sys.market, "JobMarketRevealNotOpen").withArgs(jobId);
      const auditor = await claimAuditor(sys, jobId, sys.verifiers);
      await expect(reveal()).to.be.revertedWithCustomError(sys.market, "JobMarketRevealNotOpen").withArgs(jobId);
      await commitVerdicts(sys, jobId, [auditor], [right]);
      await expect(reveal()).to.emit(sys.market, "ResultRevealed");

      // Another audited job: once the auditor's commit window is over, replicas reveal and the auditor is too late.
      const late = await postJob(sys);
      const [p2] = await claimSlots(sys, late, sys.providers, 1);
      await commitAll(sys, late, [p2!], [wrong]);
      await forceAudit(sys, late, true);
      const a2 = await claimAuditor(sys, late, sys.verifiers);
      const t = await sys.market.timeline(late);
      await networkHelpers.time.increaseTo(t.auditCommitEndsAt + 1n);
      await revealAll(sys, late, [p2!], [wrong]);
      await expect(commitVerdicts(sys, late, [a2], [wrong]))
        .to.be.revertedWithCustomError(sys.court, "VerificationCourtDeadlinePassed")
        .withArgs(late, t.auditCommitEndsAt);
      await expectConservation(sys);
    });

    it("a lazy auditor that commits garbage is outvoted by the panel and slashed 15 for its 0.8 of pay", async () => {
      const sys = await networkHelpers.loadFixture(networkFixture);
      const jobId = await postJob(sys);
      const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
      await deliver(sys, jobId, [provider!], [right], true);
      const auditor = await claimAuditor(sys, jobId, sys.verifiers);
      const garbage = answer("garbage");
      await commitVerdicts(sys, jobId, [auditor], [garbage]);
      await revealAll(sys, jobId, [provider!], [right]);
      await revealVerdicts(sys, jobId, [auditor], [garbage]);
      const before = await worth(sys, auditor);
      await expect(sys.market.settle(jobId))
        .to.emit(sys.market, "VerificationStarted")
        .withArgs(jobId, VerificationReason.Disagreement, ZeroAddress, resultWord(right));
      await runPanel(
        sys,
        jobId,
        sys.verifiers.filter((v) => v !== auditor),
        [right, right, right],
      );
      const job = await sys.market.getJob(jobId);
      const slash = bps(job.collateral, (await sys.court.parameters()).verifierSlashBps);
      expect(job.status).to.equal(JobStatus.Completed);
      expect(await sys.market.claimable(provider!.address)).to.equal((right.fuel * (TOKEN / 100n)) / MFUEL);
      const pay = verifierPay(garbage.fuel, job.maxPricePerMfuel);
      expect((await worth(sys, auditor)) - before).to.equal(pay - slash); // +0.8 - 15
      expect(slash).to.equal(15n * TOKEN);
      await expectConservation(sys);
    });

    it("a panel verifier copying the provider's revealed wrong answer is outvoted and slashed when the majority re-executes", async () => {
      const sys = await networkHelpers.loadFixture(networkFixture);
      const { jobId, job } = await revealedK1(sys);
      await challengeAs(sys, sys.requester, jobId);
      // The answer is public once revealed (ResultRevealed); a lazy verifier commits it instead of re-executing, with
      // a proof of execution it has to make up (nobody publishes the final state).
      const [ev] = await sys.market.queryFilter(sys.market.filters.ResultRevealed(jobId));
      const lazy = { output: ev!.args.outputHash, fuel: ev!.args.fuelUsed, state: ethers.id("made-up") };
      const { panel } = await runPanel(sys, jobId, sys.verifiers, [lazy, right, right]);
      const slash = bps(job.collateral, (await sys.court.parameters()).verifierSlashBps);
      const copier = panel[0]!;
      expect(await sys.court.claimable(copier.address)).to.equal(verifierPay(lazy.fuel, job.maxPricePerMfuel));
      expect((await providerOf(sys.registry, copier)).stake).to.equal(1_000n * TOKEN - slash);
      expect((await providerOf(sys.registry, copier)).slashes).to.equal(1n);
      expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Refunded);
      await expectConservation(sys);
    });

    it("a panel verifier copying a revealed right answer (right output and fuel, made-up proof) is outvoted by the executing majority and slashed: -14.2", async () => {
      const sys = await networkHelpers.loadFixture(networkFixture);
      const { jobId, provider, job } = await revealedK1(sys, right);
      await challengeAs(sys, sys.other, jobId); // a griefer: the result is right
      const lazy = copied(right); // what ResultRevealed shows, without the final state nobody publishes
      const seats = await claimSeats(sys, jobId, sys.verifiers, 3);
      const [copier, h1, h2] = [seats[0]!, seats[1]!, seats[2]!];
      const before = await worth(sys, copier);
      await commitVerdicts(sys, jobId, seats, [lazy, right, right]);
      await revealVerdicts(sys, jobId, seats, [lazy, right, right]);
      const pay = verifierPay(right.fuel, job.maxPricePerMfuel); // 0.8 each: every seat revealed 40 Mfuel
      const slash = bps(job.collateral, (await sys.court.parameters()).verifierSlashBps); // 15
      // The verdict is the majority ballot's result, the right one, which the copier named too; but its ballot (result
      // and proof) is not the majority's, so it is not upheld.
      const resolve = sys.court.resolve(jobId);
      await expect(resolve).to.emit(sys.court, "RoundClosed").withArgs(jobId, 1, resultWord(right), right.fuel);
      await expect(resolve).to.emit(sys.court, "VerifierPaid").withArgs(jobId, copier.address, 1, pay, false);
      await expect(resolve)
        .to.emit(sys.court, "VerifierSlashed")
        .withArgs(jobId, copier.address, 1, Fault.Dissent, slash);
      for (const h of [h1, h2]) {
        await expect(resolve).to.emit(sys.court, "VerifierPaid").withArgs(jobId, h.address, 1, pay, true);
        expect((await providerOf(sys.registry, h)).stake).to.equal(1_000n * TOKEN);
      }
      expect((await worth(sys, copier)) - before).to.equal(pay - slash); // -14.2
      expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Completed);
      expect(await sys.market.claimable(provider.address)).to.equal((right.fuel * (TOKEN / 100n)) / MFUEL);
      await expectConservation(sys);
    });

    it("a lazy verifier cannot live off split rounds: in a 5-seat round without a majority only corroborated seats are paid; the copier gets nothing", async () => {
      const sys = await networkHelpers.loadFixture(networkFixture);
      await sys.court
        .connect(sys.owner)
        .setParameters({ ...(await currentCourtParameters(sys.court)), panelSize: 5, bondBps: 50_000n });
      const { jobId, provider, job } = await revealedK1(sys, right);
      await challengeAs(sys, sys.other, jobId);
      // Two executions (the same ballot), a copy of the right answer and two made-up answers: the right ballot holds 2
      // of 5 seats, no majority. (With 3 seats two equal ballots are a majority, so a 3-seat split pays nobody.)
      const ballots = [right, right, copied(right), answer("garbage-1"), answer("garbage-2")];
      const seats = await claimSeats(sys, jobId, sys.verifiers, 5);
      const before = await Promise.all(seats.map((v) => worth(sys, v)));
      await commitVerdicts(sys, jobId, seats, ballots);
      await revealVerdicts(sys, jobId, seats, ballots);
      const pay = verifierPay(right.fuel, job.maxPricePerMfuel);
      const closed = sys.court.resolve(jobId);
      await expect(closed).to.emit(sys.court, "RoundClosed").withArgs(jobId, 1, ZeroHash, 0n);
      await expect(closed).to.not.emit(sys.court, "VerifierSlashed"); // nobody to blame without a verdict
      for (const [i, v] of seats.entries()) {
        const corroborated = i < 2;
        await expect(closed)
          .to.emit(sys.court, "VerifierPaid")
          .withArgs(jobId, v.address, 1, corroborated ? pay : 0n, false);
        expect((await worth(sys, v)) - before[i]!, `seat ${i}`).to.equal(corroborated ? pay : 0n);
      }
      // Round 2, drawn from everyone else, re-executes and decides.
      const rest = [...sys.verifiers, ...sys.providers].filter((v) => v !== provider && !seats.includes(v));
      await runPanel(sys, jobId, rest, [right, right, right, right, right]);
      expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Completed);
      // The round-1 copier was neither paid nor slashed: copying earns nothing in a split, and in a round with a
      // majority it costs the slash (above).
      expect(await sys.court.claimable(seats[2]!.address)).to.equal(0n);
      expect((await providerOf(sys.registry, seats[2]!)).slashes).to.equal(0n);
      await expectConservation(sys);
    });

    it("a lazy auditor revealing 'input unavailable' is paid nothing and the audit counts as unanswered: a panel overturns the audited wrong result", async () => {
      const sys = await networkHelpers.loadFixture(networkFixture);
      const jobId = await postJob(sys);
      const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
      await deliver(sys, jobId, [provider!], [wrong], true);
      const auditor = await claimAuditor(sys, jobId, sys.verifiers);
      const before = await worth(sys, auditor);
      // It even names the whole fuel limit: "input unavailable" is paid nothing, whatever fuel comes with it.
      const abstain = { output: INPUT_UNAVAILABLE, fuel: 100n * MFUEL, state: ethers.id("nothing run") };
      await commitVerdicts(sys, jobId, [auditor], [abstain]);
      await revealAll(sys, jobId, [provider!], [wrong]);
      await revealVerdicts(sys, jobId, [auditor], [abstain]);
      // The replica got the input (it revealed a real result): the auditor checked nothing, so a panel decides.
      await expect(sys.market.settle(jobId))
        .to.emit(sys.market, "VerificationStarted")
        .withArgs(jobId, VerificationReason.AuditUnanswered, ZeroAddress, resultWord(wrong));
      await runPanel(
        sys,
        jobId,
        sys.verifiers.filter((v) => v !== auditor),
        [right, right, right],
      );
      const [paid] = await sys.court.queryFilter(sys.court.filters.VerifierPaid(jobId, auditor.address));
      expect([paid!.args.round, paid!.args.pay, paid!.args.upheld]).to.deep.equal([0n, 0n, false]);
      const job = await sys.market.getJob(jobId);
      expect(job.status).to.equal(JobStatus.Refunded);
      expect((await providerOf(sys.registry, provider!)).stake).to.equal(1_000n * TOKEN - job.collateral);
      expect(await sys.market.claimable(provider!.address)).to.equal(0n);
      // Unpaid and ("input unavailable" is never slashed) unslashed: abstaining neither earns nor lets the wrong
      // result through.
      expect((await worth(sys, auditor)) - before).to.equal(0n);
      await expectConservation(sys);
    });
  });

  it("overstating fuel (k = 1) is a wrong answer: the audit disagrees, the panel overturns it and the expected gain is negative", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const jobId = await postJob(sys);
    const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
    const padded = { ...right, fuel: 90n * MFUEL }; // the right output, billed for 90 Mfuel, not 40
    await deliver(sys, jobId, [provider!], [padded], true);
    const auditor = await claimAuditor(sys, jobId, sys.verifiers);
    await commitVerdicts(sys, jobId, [auditor], [right]);
    await revealAll(sys, jobId, [provider!], [padded]);
    await revealVerdicts(sys, jobId, [auditor], [right]);
    await expect(sys.market.settle(jobId))
      .to.emit(sys.market, "VerificationStarted")
      .withArgs(jobId, VerificationReason.Disagreement, ZeroAddress, resultWord(padded));
    const job = await sys.market.getJob(jobId);
    const params = await sys.market.parameters();
    const e = expectedSettlement({ job, params, completed: false, fuel: right.fuel, dissenters: 1, verified: true });
    await runPanel(
      sys,
      jobId,
      sys.verifiers.filter((v) => v !== auditor),
      [right, right, right],
    );
    const [settled] = await sys.market.queryFilter(sys.market.filters.JobSettled(jobId));
    expect(settled!.args.outcome).to.equal(Outcome.Overturned);
    expect(settled!.args.result).to.equal(resultWord(right));
    expect(await sys.market.claimable(sys.requester.address)).to.equal(e.requester);
    expect((await providerOf(sys.registry, provider!)).stake).to.equal(1_000n * TOKEN - job.collateral);
    // Unaudited, padding would have earned 0.9 - 0.4 = 0.5 more; audited (10%), it costs the whole collateral.
    const gain = ((padded.fuel - right.fuel) * (TOKEN / 100n)) / MFUEL;
    const expected = (gain * (10_000n - job.auditRateBps) - job.collateral * job.auditRateBps) / 10_000n;
    expect(expected).to.be.lessThan(0n);
    await expectConservation(sys);
  });
});
