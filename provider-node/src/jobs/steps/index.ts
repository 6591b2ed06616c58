import type { NodeContext, StepResult } from "../../context.js";
import { done } from "../../context.js";
import type { JobRecord } from "../../db/jobs.js";
import { stepClaimed } from "./claimed.js";
import { stepCommitted } from "./committed.js";
import { stepExecuted } from "./executed.js";
import { stepFetched } from "./fetched.js";
import { stepSeen } from "./seen.js";
import { stepSettle } from "./settle.js";
import { stepVerifying } from "./verifying.js";

/** Whether the runner still has work for this job (failed jobs we hold a slot on still get settled). */
export function needsWork(job: JobRecord): boolean {
  if (job.state === "settled" || job.state === "skipped") return false;
  if (job.state === "failed") return job.slot !== null && job.outcome === null;
  return true;
}

/** Runs the step of the job's current state. */
export function step(ctx: NodeContext, job: JobRecord): Promise<StepResult> {
  if (!needsWork(job)) return Promise.resolve(done);
  switch (job.state) {
    case "seen":
      return stepSeen(ctx, job);
    case "claimed":
      return stepClaimed(ctx, job);
    case "fetched":
      return stepFetched(ctx, job);
    case "executed":
      return stepExecuted(ctx, job);
    case "committed":
      return stepCommitted(ctx, job);
    case "revealed":
    case "failed":
      return stepSettle(ctx, job);
    case "verifying":
      return stepVerifying(ctx, job);
    default:
      return Promise.resolve(done);
  }
}
