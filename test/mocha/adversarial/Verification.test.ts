import { expect } from "chai";
import { ZeroAddress, ZeroHash } from "ethers";
import { INPUT_UNAVAILABLE } from "../../../sdk/src/results.js";
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
} from "../fixture.js";
import { abandonRound, challengeAs, deliver, runPanel } from "../helpers/court.js";
import { expectedSettlement, worth } from "../helpers/money.js";

/**
 * Issue 11: verification that nobody can pre-empt, end or starve, and verifiers that cannot be lazy. Defaults: a
 * k = 1 job with budget 2 tokens, collateral 30 (15x), fee 0.05, audit fee 0.24; the right answer burns 40 Mfuel,
 * paid 0.4 at the provider's 0.01 per Mfuel; the challenge bond is 8 (4x the budget); each verifier is paid the
 * budget and slashed half its collateral (15) when it reveals outside the verdict or never reveals.
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

      const e = expectedSettlement({ job, params, completed: false, dissenters: 1, verified: true });
      await runPanel(sys, jobId, sys.verifiers, [right, right, right]);
      const settled = await sys.market.queryFilter(sys.market.filters.JobSettled(jobId));
      expect(settled[0]!.args.outcome).to.equal(Outcome.Overturned);
      expect(await sys.market.claimable(sys.requester.address)).to.equal(e.requester); // 2.05 + 15
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
      for (const v of panel) expect(await sys.court.claimable(v.address)).to.equal(job.budget);
      // The bond paid the panel (3 budgets) and the rest went to the pool, with the audit fee.
      expect(await sys.court.pool()).to.equal(poolBefore + bond - 3n * job.budget + job.auditFee);
      expect(await worth(sys, second)).to.equal(0n);
      await expectConservation(sys);
    });
  });

  describe("abandoned verification", () => {
    it("a challenge nobody serves is redrawn, then fails closed: refund, provider released unpaid and unslashed, bond returned", async () => {
      const sys = await networkHelpers.loadFixture(networkFixture);
      const { jobId, provider, job } = await revealedK1(sys);
      const bond = await challengeAs(sys, sys.requester, jobId);
      const first = abandonRound(sys, jobId);
      await expect(first).to.emit(sys.court, "RoundClosed").withArgs(jobId, 1, ZeroHash, 0n);
      await expect(first).to.emit(sys.court, "RoundOpened");
      expect((await sys.court.getVerification(jobId)).round).to.equal(2n);
      const last = abandonRound(sys, jobId);
      await expect(last).to.emit(sys.court, "VerificationFinalized").withArgs(jobId, ZeroHash, 2);
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
        );
      await expect(last).to.emit(sys.market, "AssignmentReleased").withArgs(jobId, provider.address, job.collateral);
      await expect(last).to.emit(sys.court, "ChallengeSettled").withArgs(jobId, sys.requester.address, false, bond, 0n);
      expect(await sys.market.claimable(sys.requester.address)).to.equal(job.budget + job.fee);
      expect(await sys.court.claimable(sys.requester.address)).to.equal(bond);
      expect(await sys.market.claimable(provider.address)).to.equal(0n);
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
    it("a panel with no majority is redrawn; the next panel's majority decides (round-1 verifiers paid, none slashed)", async () => {
      const sys = await networkHelpers.loadFixture(networkFixture);
      const { jobId, provider, job, params } = await revealedK1(sys);
      const bond = await challengeAs(sys, sys.requester, jobId);
      const poolBefore = await sys.court.pool();
      const split = [answer("a"), answer("b"), answer("c")];
      const { panel: first } = await runPanel(sys, jobId, sys.verifiers, split);
      expect((await sys.court.getVerification(jobId)).round).to.equal(2n);
      const candidates = sys.verifiers.filter((v) => !first.includes(v));
      const { panel: second } = await runPanel(sys, jobId, candidates, [right, right, right]);
      const e = expectedSettlement({ job, params, completed: false, dissenters: 1, verified: true });
      expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Refunded);
      expect((await providerOf(sys.registry, provider)).stake).to.equal(1_000n * TOKEN - job.collateral);
      for (const v of [...first, ...second]) {
        expect(await sys.court.claimable(v.address)).to.equal(job.budget);
        expect((await providerOf(sys.registry, v)).slashes).to.equal(0n);
      }
      expect(await sys.court.claimable(sys.requester.address)).to.equal(bond + e.challengerReward);
      expect(await sys.court.pool()).to.equal(poolBefore - 6n * job.budget + e.toCourt - e.challengerReward);
      await expectConservation(sys);
    });

    it("two panels without a majority: no verdict, the challenger's bond and the requester's escrow come back", async () => {
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
      expect(await sys.court.claimable(sys.requester.address)).to.equal(bond);
      // The round-1 verifier that never committed is slashed and unpaid.
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
      const reveal = () =>
        sys.market.connect(provider!).revealResult(jobId, wrong.output, wrong.fuel, saltOf(provider!), "");
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

    it("a lazy auditor that commits garbage is outvoted by the panel and slashed 15 for its 2 of pay", async () => {
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
      expect((await worth(sys, auditor)) - before).to.equal(job.budget - slash); // +2 - 15
      expect(slash).to.equal(15n * TOKEN);
      await expectConservation(sys);
    });

    it("a panel verifier copying the provider's revealed wrong answer is slashed when the majority re-executes", async () => {
      const sys = await networkHelpers.loadFixture(networkFixture);
      const { jobId, job } = await revealedK1(sys);
      await challengeAs(sys, sys.requester, jobId);
      // The answer is public once revealed (ResultRevealed); a lazy verifier commits it instead of re-executing.
      const [ev] = await sys.market.queryFilter(sys.market.filters.ResultRevealed(jobId));
      const copied = { output: ev!.args.outputHash, fuel: ev!.args.fuelUsed };
      const { panel } = await runPanel(sys, jobId, sys.verifiers, [copied, right, right]);
      const slash = bps(job.collateral, (await sys.court.parameters()).verifierSlashBps);
      const copier = panel[0]!;
      expect(await sys.court.claimable(copier.address)).to.equal(job.budget);
      expect((await providerOf(sys.registry, copier)).stake).to.equal(1_000n * TOKEN - slash);
      expect((await providerOf(sys.registry, copier)).slashes).to.equal(1n);
      expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Refunded);
      await expectConservation(sys);
    });

    // CONTRACT BUG: VerificationCourt._judgeRound pays every verifier who revealed, and slashes only a *real* result
    // outside a real verdict; JobMarket.settle only compares the auditor's result with the replicas' when it is real.
    // So an auditor that reveals "input unavailable" without re-executing is paid the budget (2 tokens), is never
    // slashed, and the audited job settles on the replica's result as if the audit had agreed: a lazy auditor earns
    // for nothing and an audited wrong result is paid 0.4 (measured). Expected: an audit answered "input unavailable"
    // is no check of the result, so the job goes to a panel like an unanswered audit, and the auditor is not paid.
    it.skip("a lazy auditor revealing 'input unavailable' neither earns the budget nor lets an audited wrong result through", async () => {
      const sys = await networkHelpers.loadFixture(networkFixture);
      const jobId = await postJob(sys);
      const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
      await deliver(sys, jobId, [provider!], [wrong], true);
      const auditor = await claimAuditor(sys, jobId, sys.verifiers);
      const abstain = { output: INPUT_UNAVAILABLE, fuel: 0n };
      await commitVerdicts(sys, jobId, [auditor], [abstain]);
      await revealAll(sys, jobId, [provider!], [wrong]);
      await revealVerdicts(sys, jobId, [auditor], [abstain]);
      await expect(sys.market.settle(jobId))
        .to.emit(sys.market, "VerificationStarted")
        .withArgs(jobId, VerificationReason.AuditUnanswered, ZeroAddress, resultWord(wrong));
      expect(await sys.court.claimable(auditor.address)).to.equal(0n);
      await expectConservation(sys);
    });
  });

  it("overstating fuel (k = 1) is a wrong answer: the audit disagrees, the panel overturns it and the expected gain is negative", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const jobId = await postJob(sys);
    const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
    const padded = { output: right.output, fuel: 90n * MFUEL }; // the right output, billed for 90 Mfuel, not 40
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
    const e = expectedSettlement({ job, params, completed: false, dissenters: 1, verified: true });
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
