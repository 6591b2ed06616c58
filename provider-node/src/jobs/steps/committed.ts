import type { NodeContext, StepResult } from "../../context.js";
import { next, wait, waitUntil } from "../../context.js";
import type { JobRecord } from "../../db/jobs.js";
import { ContractRevertError, TxDroppedError } from "../../errors.js";
import { failpoint } from "../../failpoints.js";
import {
  AuditState,
  JobStatus,
  jobCommitsClosed,
  prepareDecideAudit,
  prepareReveal,
  readJob,
  slotOf,
  type ReadJobReturnType,
} from "../../sdk.js";
import { REPLICA_TURN_MS, clearTurn, msUntilTurn } from "../../turns.js";
import { publishOutput } from "../../work/publish.js";
import { ASSIGNMENT_GONE, fail, move, vanished } from "../move.js";
import { stepSettle } from "./settle.js";

/**
 * committed → revealed. Waits for commits to close (CommitsClosed, or the commit deadline), takes the audit decision
 * when nobody has (replicas in turn by slot; a race is harmless), and reveals: an unaudited job at once, an audited one
 * only once its auditor committed (court VerdictCommitted, round 0) or the auditor's commit window ended — the auditor
 * never sees the answer it checks. Reveals close at `revealEndsAt`: only the chain's refusal (the reveal's simulation
 * failing with DeadlinePassed) ends the job, never our estimate of its clock, which may run a second ahead.
 */
export async function stepCommitted(ctx: NodeContext, job: JobRecord): Promise<StepResult> {
  await publishOutput(ctx, job, ctx.outputs, () => ctx.jobs.patch(job.jobId, { outputStored: true }), "replica");
  const chain = await readJob(ctx.contracts.market, { jobId: job.jobId });
  if (chain.status === JobStatus.Verifying) return fail(ctx, job, "reveals closed without our reveal");
  if (chain.status === JobStatus.None) return vanished(ctx, job);
  if (chain.status !== JobStatus.Open) return stepSettle(ctx, job);
  const slot = slotOf(chain, ctx.me);
  if (slot < 0) return fail(ctx, job, ASSIGNMENT_GONE);
  if ((chain.revealedMask & (1 << slot)) !== 0) return revealed(ctx, job);
  const now = ctx.clock.now();
  if (!jobCommitsClosed(chain, now)) return waitUntil(ctx, chain.commitDeadline); // ResultCommitted logs wake us

  if (chain.audit === AuditState.Undecided) return decideAudit(ctx, job, slot);
  const audited = chain.audit === AuditState.Audited;
  if (job.audited !== audited) ctx.jobs.patch(job.jobId, { audited });
  clearTurn(`decide:${job.jobId}`);
  if (audited && now <= chain.timeline.auditCommitEndsAt && !(await ctx.contracts.court.auditCommitted(job.jobId))) {
    return waitUntil(ctx, chain.timeline.auditCommitEndsAt, 5_000); // the auditor's VerdictCommitted wakes us
  }
  return reveal(ctx, job, chain, slot);
}

/** Takes the audit decision in our slot's turn (anyone may; a reveal of an unaudited job would take it too). */
async function decideAudit(ctx: NodeContext, job: JobRecord, slot: number): Promise<StepResult> {
  const turn = msUntilTurn(`decide:${job.jobId}`, slot * REPLICA_TURN_MS);
  if (turn > 0) return wait(turn);
  try {
    const call = prepareDecideAudit(ctx.contracts.market, { jobId: job.jobId });
    await ctx.tx.send({ call, kind: "decide-audit", jobId: job.jobId });
    return next;
  } catch (error) {
    if (error instanceof TxDroppedError) return next;
    if (!(error instanceof ContractRevertError)) throw error;
    const name = error.errorName;
    if (name === "JobMarketAuditAlreadyDecided" || name === "JobMarketJobNotOpen") return next; // someone was faster
    // The audit seed's block is not mined yet, or the chain's clock is behind ours: try again shortly.
    if (name === "RandomnessSeedNotReady" || name === "JobMarketCommitsNotClosed") return wait(1_000);
    ctx.common.logger.warn({ jobId: job.jobId.toString(), error: name }, "audit decision rejected");
    return wait(2_000);
  }
}

async function reveal(ctx: NodeContext, job: JobRecord, chain: ReadJobReturnType, slot: number): Promise<StepResult> {
  try {
    const call = prepareReveal(ctx.contracts.market, {
      jobId: job.jobId,
      slot,
      outputHash: job.outputHash as string,
      fuelUsed: job.fuelUsed as bigint,
      salt: job.salt as string,
      resultURI: job.resultUri ?? "",
    });
    await ctx.tx.send({ call, kind: "reveal", jobId: job.jobId });
    return revealed(ctx, job);
  } catch (error) {
    if (error instanceof TxDroppedError) return next;
    if (!(error instanceof ContractRevertError)) throw error;
    ctx.common.logger.warn({ jobId: job.jobId.toString(), error: error.errorName }, "reveal rejected");
    if (error.errorName === "JobMarketAlreadyRevealed") return revealed(ctx, job);
    if (error.errorName === "JobMarketRevealNotOpen") return waitUntil(ctx, chain.timeline.auditCommitEndsAt, 1_000);
    if (error.errorName === "JobMarketJobNotOpen") return next;
    if (error.errorName === "JobMarketDeadlinePassed") return fail(ctx, job, "missed the reveal deadline");
    return fail(ctx, job, `reveal rejected: ${error.errorName}`);
  }
}

function revealed(ctx: NodeContext, job: JobRecord): StepResult {
  move(ctx, job, "revealed", { reason: null });
  failpoint("after-reveal");
  return next;
}
