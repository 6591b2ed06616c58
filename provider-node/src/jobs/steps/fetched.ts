import type { NodeContext, StepResult } from "../../context.js";
import { next, wait } from "../../context.js";
import type { JobRecord } from "../../db/jobs.js";
import { produceAnswer } from "../../work/answer.js";
import { fail, move } from "../move.js";

/**
 * fetched → executed. Runs the module in the sandbox (bounded concurrency), writes the output to disk with fsync, makes
 * a fresh salt, and records output hash, fuel, URI, salt and output path in one transaction — all before any commit
 * transaction exists. A shutdown mid-run parks the job here; it runs again on restart.
 */
export async function stepFetched(ctx: NodeContext, job: JobRecord): Promise<StepResult> {
  if (ctx.clock.now() > job.commitDeadline) return fail(ctx, job, "commit deadline passed before execution");
  const answer = await produceAnswer(ctx, job, {
    outputs: ctx.outputs,
    role: "replica",
    faulty: ctx.common.config.faulty,
    commitEndsAt: job.commitDeadline,
    ...(job.resultKind === "input-unavailable" ? { unavailable: job.reason ?? "" } : {}),
  });
  if (answer === undefined) return wait(1_000); // draining: parked
  // Abstaining costs the no-show slash; committing late is impossible and guessing is a dissent.
  if ("abstain" in answer) return fail(ctx, job, `abstained: ${answer.abstain}`);
  const { stateDigest: _unpublished, ...recorded } = answer; // a replica commits no proof of execution
  move(ctx, job, "executed", recorded);
  return next;
}
