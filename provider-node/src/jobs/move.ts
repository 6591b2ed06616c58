import type { NodeContext, StepResult } from "../context.js";
import { done, next, wait } from "../context.js";
import type { JobPatch, JobRecord } from "../db/jobs.js";
import type { JobState } from "./state.js";

/** Moves the job and logs the transition; false if another path already moved it. */
export function move(ctx: NodeContext, job: JobRecord, to: JobState, patch: JobPatch = {}): boolean {
  const moved = ctx.jobs.transition(job.jobId, job.state, to, patch);
  if (moved) {
    ctx.common.metrics.transitions.inc({ to });
    const reason = patch.reason ?? undefined;
    const log = { jobId: job.jobId.toString(), from: job.state, to, ...(reason ? { reason } : {}) };
    if (to === "failed") ctx.common.logger.warn(log, "job failed");
    else ctx.common.logger.info(log, "job state changed");
  }
  return moved;
}

/** Fails the job with a reason; a failed job we hold a slot on is still driven to its settlement. */
export function fail(ctx: NodeContext, job: JobRecord, reason: string): StepResult {
  move(ctx, job, "failed", { reason });
  return next;
}

/** Why a job we held a slot on ends when the chain no longer has it, or our slot on it: a reorg removed it. */
export const ASSIGNMENT_GONE = "our assignment is gone (reorg?)";

/** Whether the block that posted the job left the chain (a reorg), rather than this RPC lagging behind it. */
export async function postingReorgedOut(ctx: NodeContext, job: JobRecord): Promise<boolean> {
  const block = await ctx.blockHash(job.postedBlock);
  return block !== undefined && block !== job.postedBlockHash;
}

/**
 * A job we held a slot on that the chain no longer has (status None). Reorged out, it fails: never "settled", since
 * nothing was paid or slashed, and a failed one stops being driven. Otherwise this RPC lags: read again.
 */
export async function vanished(ctx: NodeContext, job: JobRecord): Promise<StepResult> {
  if (!(await postingReorgedOut(ctx, job))) return wait(LAGGING_RPC_RETRY_MS);
  if (job.state !== "failed") return fail(ctx, job, ASSIGNMENT_GONE);
  if (job.outcome === null) ctx.jobs.patch(job.jobId, { outcome: -1 });
  return done;
}

const LAGGING_RPC_RETRY_MS = 2_000;
