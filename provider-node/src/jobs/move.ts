import type { NodeContext, StepResult } from "../context.js";
import { next } from "../context.js";
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
