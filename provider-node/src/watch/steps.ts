import type { NodeContext, StepResult } from "../context.js";
import { done, next, wait, waitUntil } from "../context.js";
import type { WatchPatch, WatchRecord } from "../db/watches.js";
import { ContractRevertError, TxDroppedError } from "../errors.js";
import {
  AuditState,
  JobStatus,
  VerificationStatus,
  isRealResult,
  jobAgreement,
  jobCommitsClosed,
  jobRevealsClosed,
  prepareChallenge,
  prepareDecideAudit,
  prepareResolve,
  readJob,
  resultOf,
  slotOf,
  type PreparedCall,
} from "../sdk.js";
import { withinRpcLag } from "../chain/rpc.js";
import { checkBundle, checkTime, type Owed } from "../draw/eligibility.js";
import { PREFETCH_ATTEMPTS, prefetch } from "../draw/prefetch.js";
import { AFTER_VERIFIERS_MS, clearTurn, msUntilTurn } from "../turns.js";
import { fetchContent, fetchRetryMs, produceAnswer } from "../work/answer.js";
import type { WatchState } from "./state.js";
import { isWatchTerminal } from "./state.js";

const POLL_MS = 5_000; // the market's and the court's logs wake a watch earlier
// A watcher has until the challenge window closes; the commit deadline plus an hour only bounds a runaway check.
const CHECK_RUN_SEC = 3_600;

/** What `reserveCheck` reads of the node: its config, the executions it owes, and the reservations beside them. */
export type CheckContext = Pick<NodeContext, "common" | "clock" | "owed" | "reserved">;

/**
 * Reserves executor time for the watcher's check of a job, only if every execution this node owes (claimed slots and
 * seats, claims in flight) still commits in time behind it: the claim's own bound (`checkTime`), with the check as one
 * more execution. While reserved, the check counts as owed, so no claim counts on its time either. A check shares the
 * executors with slashable work, and it must never make that work late, however slow this machine is.
 */
export function reserveCheck(
  ctx: CheckContext,
  jobId: bigint,
  check: Owed,
): { ok: true; endsAt: number; release: () => void } | { ok: false; final: boolean; reason: string } {
  const now = ctx.clock.now();
  const room = checkTime(ctx.common.config, check, now, { nowSec: now, owed: ctx.owed() });
  if (!room.ok) return room;
  const key = `check:${jobId}`;
  ctx.reserved.set(key, check); // same tick as the check that allowed it
  return { ok: true, endsAt: check.commitEndsAt, release: () => ctx.reserved.delete(key) };
}

export function watchNeedsWork(w: WatchRecord): boolean {
  return !isWatchTerminal(w.state);
}

export function watchStep(ctx: NodeContext, w: WatchRecord): Promise<StepResult> {
  switch (w.state) {
    case "seen":
      return stepWatchSeen(ctx, w);
    case "executed":
      return stepWatchExecuted(ctx, w);
    case "challenged":
      return stepWatchChallenged(ctx, w);
    default:
      return Promise.resolve(done);
  }
}

/**
 * seen → executed. Once somebody committed a result (work for a job nobody delivers would be wasted), runs the job in
 * the sandbox like a replica, without holding a slot, and records our answer (output hash and fuel). Never for a job
 * we are the requester or a replica of: we never challenge those, nor for one whose bundle a claim would refuse.
 */
async function stepWatchSeen(ctx: NodeContext, w: WatchRecord): Promise<StepResult> {
  if (ctx.draining()) return wait(2_000);
  if (w.requester.toLowerCase() === ctx.me.toLowerCase()) return skip(ctx, w, "own job");
  const job = await readJob(ctx.contracts.market, { jobId: w.jobId });
  if (job.status === JobStatus.None) {
    // This RPC lags behind the log we handled (briefly), or a reorg removed the posting: then nothing is left to watch.
    return withinRpcLag(w.seenMs) ? wait(2_000) : skip(ctx, w, "the job is not on this chain (reorged out)");
  }
  if (slotOf(job, ctx.me) >= 0) return skip(ctx, w, "a replica of this job");
  if (job.status !== JobStatus.Open) return skip(ctx, w, `job is ${JobStatus[job.status]} before it was checked`);
  if (job.committedMask === 0) {
    if (ctx.clock.now() > job.commitDeadline) return skip(ctx, w, "nobody committed a result");
    return waitUntil(ctx, job.commitDeadline, POLL_MS); // ResultCommitted wakes us
  }
  // The bundle is checked as a claim checks it, before its input is fetched: a job beyond this machine's limits (its
  // input, module, memory or fuel) is not watched, and a module a claim would refuse is never run.
  const bundle = await prefetch(ctx, w, "watcher");
  if (bundle === undefined) {
    if (w.attempts + 1 >= PREFETCH_ATTEMPTS) return skip(ctx, w, "bundle unavailable");
    ctx.watches.patch(w.jobId, { attempts: w.attempts + 1, reason: "bundle unavailable" });
    return wait(fetchRetryMs(w.attempts));
  }
  if ("skip" in bundle) return skip(ctx, w, bundle.skip);
  const fits = checkBundle(ctx.common.config, bundle.bundle, job.maxFuel, ctx.stackKiB);
  if (!fits.ok) return skip(ctx, w, `beyond this node's limits: ${fits.reason}`);
  const fetched = await fetchContent(ctx, w, w.attempts);
  if (fetched.kind === "retry") {
    ctx.watches.patch(w.jobId, { attempts: w.attempts + 1, reason: fetched.reason });
    return wait(fetched.ms);
  }
  if (fetched.kind === "unavailable")
    return skip(ctx, w, `input unavailable to us: nothing to compare (${fetched.reason})`);
  const check = reserveCheck(ctx, w.jobId, { maxFuel: job.maxFuel, commitEndsAt: job.commitDeadline + CHECK_RUN_SEC });
  if (!check.ok) {
    if (check.final) return skip(ctx, w, `too slow to check it: ${check.reason}`);
    const reason = `deferred: ${check.reason}`;
    if (w.reason !== reason) ctx.watches.patch(w.jobId, { reason });
    return wait(POLL_MS); // the owed work ahead of it finishes, or the check's own time runs out (then skipped)
  }
  let answer;
  try {
    answer = await produceAnswer(ctx, w, { role: "watcher", faulty: false, commitEndsAt: check.endsAt });
  } finally {
    check.release();
  }
  if (answer === undefined) return wait(1_000); // draining: parked
  if ("abstain" in answer) return skip(ctx, w, `too slow to check it: ${answer.abstain}`);
  move(ctx, w, "executed", {
    resultKind: answer.resultKind,
    outputHash: answer.outputHash,
    fuelUsed: answer.fuelUsed,
    attempts: 0,
    reason: answer.reason,
  });
  return next;
}

/**
 * executed → matched | challenged | skipped. Once reveals closed with an agreed payable result (and the audit, if any,
 * did not already send it to the court), compares it with our answer: the same → matched; different → challenge it
 * with a bond of exactly `bondFor(budget)`, within `challengeEndsAt` and within our bond budget.
 */
async function stepWatchExecuted(ctx: NodeContext, w: WatchRecord): Promise<StepResult> {
  const { market, court } = ctx.contracts;
  const job = await readJob(market, { jobId: w.jobId });
  if (job.status === JobStatus.Verifying) {
    // Our own challenge, if a crash came between its transaction and this record: follow it.
    const v = await court.getVerification(w.jobId);
    if (v.challenger.toLowerCase() === ctx.me.toLowerCase()) {
      move(ctx, w, "challenged", { bond: v.bond });
      return next;
    }
    return skip(ctx, w, "the court verifies it already");
  }
  if (job.status !== JobStatus.Open) return skip(ctx, w, `job is ${JobStatus[job.status]}`);
  if (slotOf(job, ctx.me) >= 0) return skip(ctx, w, "a replica of this job");
  const now = ctx.clock.now();
  if (!jobRevealsClosed(job, now)) {
    // A k = 1 job's replica may keep its answer sealed through the challenge window and then reveal and settle at once
    // (revealAndSettle): we take the audit decision, which makes it reveal within a reveal period, for us to check.
    const sealed = job.replicas === 1 && job.committedMask !== 0 && jobCommitsClosed(job, now);
    if (job.audit === AuditState.Undecided && sealed) return askForTheAnswer(ctx, w);
    const until = job.audit === AuditState.Undecided ? job.commitDeadline : job.timeline.revealEndsAt;
    return waitUntil(ctx, until, POLL_MS);
  }
  const { majority, disagree } = jobAgreement(job);
  if (disagree) return skip(ctx, w, "the replicas disagree: the court's panel decides");
  if (!isRealResult(majority)) return skip(ctx, w, "no agreed payable result");
  if (job.audit === AuditState.Audited) {
    const [audit, revealed] = await court.auditResult(w.jobId);
    if (!revealed || (isRealResult(audit) && audit.toLowerCase() !== majority)) {
      return skip(ctx, w, "the audit sends it to the court's panel");
    }
  }
  const ours = resultOf(w.outputHash as string, w.fuelUsed as bigint).toLowerCase();
  if (w.agreed === null) {
    ctx.watches.patch(w.jobId, { agreed: majority });
    ctx.common.metrics.watcherChecked.inc({ agreed: String(ours === majority) });
  }
  if (ours === majority) return move(ctx, w, "matched", { agreed: majority }) ? done : next;

  ctx.common.logger.warn(
    { jobId: w.jobId.toString(), agreed: majority, ours },
    "the agreed result differs from ours: challenging it",
  );
  if (ctx.draining()) return wait(2_000);
  if (now > job.timeline.challengeEndsAt) return skip(ctx, w, "the challenge window closed before we could challenge");
  const bond = await court.bondFor(w.budget);
  const open = ctx.watches.openBonds();
  if (open + bond > ctx.amounts.maxWatcherBond)
    return skip(ctx, w, `bond budget spent (${open} open + ${bond} > ${ctx.amounts.maxWatcherBond})`);
  const balance = await ctx.contracts.token.balanceOf(ctx.me);
  if (balance < bond) return skip(ctx, w, `not enough tokens for the bond (${balance} < ${bond})`);
  return challenge(ctx, w, bond);
}

/** Takes the audit decision of a k = 1 job whose answer is sealed (anyone may): its replica must then reveal. */
async function askForTheAnswer(ctx: NodeContext, w: WatchRecord): Promise<StepResult> {
  try {
    const call = prepareDecideAudit(ctx.contracts.market, { jobId: w.jobId });
    await ctx.tx.send({ call, kind: "decide-audit", jobId: w.jobId });
    return next;
  } catch (error) {
    if (error instanceof TxDroppedError) return next;
    if (!(error instanceof ContractRevertError)) throw error;
    // Decided meanwhile, or the seed's block is not mined yet: read again shortly.
    return wait(1_000);
  }
}

/** Approves exactly the bond (when the allowance is short) and challenges. */
async function challenge(ctx: NodeContext, w: WatchRecord, bond: bigint): Promise<StepResult> {
  const { court, token } = ctx.contracts;
  const courtAddress = String(court.target);
  try {
    if ((await token.allowance(ctx.me, courtAddress)) < bond) {
      const call: PreparedCall = {
        to: String(token.target),
        data: token.interface.encodeFunctionData("approve", [courtAddress, bond]),
        functionName: "approve",
      };
      await ctx.tx.send({ call, kind: "approve-bond", jobId: w.jobId });
    }
    await ctx.tx.send({ call: prepareChallenge(court, { jobId: w.jobId }), kind: "challenge", jobId: w.jobId });
    move(ctx, w, "challenged", { bond });
    return next;
  } catch (error) {
    if (error instanceof TxDroppedError) return next;
    if (!(error instanceof ContractRevertError)) throw error;
    const name = error.errorName;
    if (name === "VerificationCourtIneligible") return skip(ctx, w, "we are this job's auditor: the audit decides");
    if (["JobMarketNotChallengeable", "JobMarketDeadlinePassed", "JobMarketJobNotOpen"].includes(name)) {
      // Someone else challenged first, the job settled, or the window closed: the chain decides.
      return skip(ctx, w, `challenge rejected: ${name}`);
    }
    return fail(ctx, w, `challenge rejected: ${name}`);
  }
}

/**
 * challenged → settled. Follows the panel: resolves a resolvable round after the verifiers' turns (anyone may), and is
 * done when the court settled our challenge (ChallengeSettled records won, lost or undecided, and the bond's fate).
 * The court balance is withdrawn by the earnings policy.
 */
async function stepWatchChallenged(ctx: NodeContext, w: WatchRecord): Promise<StepResult> {
  const { court } = ctx.contracts;
  const key = `resolve:${w.jobId}`;
  if (w.challengeResult !== null) {
    clearTurn(key);
    return move(ctx, w, "settled", { reason: null }) ? done : next;
  }
  const verification = await court.getVerification(w.jobId);
  if (verification.challenger.toLowerCase() !== ctx.me.toLowerCase()) {
    // We saw our challenge mined; a chain without it reorged it out (with our bond): stop counting the bond as open.
    if (withinRpcLag(w.updatedMs)) return wait(2_000); // or this RPC lags behind the block we saw it in
    return fail(ctx, w, "our challenge is not on this chain (reorged out)");
  }
  // Final on the chain: our ChallengeSettled log is a few confirmations away and records the result.
  if (Number(verification.status) === VerificationStatus.Final) return wait(1_000);
  if (!ctx.common.config.jobs.settle || !(await court.isResolvable(w.jobId))) {
    clearTurn(key);
    return wait(POLL_MS);
  }
  const turn = msUntilTurn(key, AFTER_VERIFIERS_MS);
  if (turn > 0) return wait(turn);
  try {
    await ctx.tx.send({ call: prepareResolve(court, { jobId: w.jobId }), kind: "resolve", jobId: w.jobId });
    clearTurn(key);
    return next;
  } catch (error) {
    if (error instanceof TxDroppedError) return next;
    if (!(error instanceof ContractRevertError)) throw error;
    return wait(2_000);
  }
}

function move(ctx: NodeContext, w: WatchRecord, to: WatchState, patch: WatchPatch = {}): boolean {
  const moved = ctx.watches.transition(w.jobId, w.state, to, patch);
  if (moved) {
    const reason = patch.reason ?? undefined;
    const log = { jobId: w.jobId.toString(), role: "watcher", from: w.state, to, ...(reason ? { reason } : {}) };
    if (to === "failed") ctx.common.logger.warn(log, "watch failed");
    else ctx.common.logger.info(log, "watch state changed");
  }
  return moved;
}

function skip(ctx: NodeContext, w: WatchRecord, reason: string): StepResult {
  move(ctx, w, "skipped", { reason });
  return done;
}

function fail(ctx: NodeContext, w: WatchRecord, reason: string): StepResult {
  move(ctx, w, "failed", { reason });
  return done;
}
