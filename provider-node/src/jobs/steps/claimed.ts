import type { NodeContext, StepResult } from "../../context.js";
import { next, wait } from "../../context.js";
import type { JobRecord } from "../../db/jobs.js";
import { fetchContent } from "../../work/answer.js";
import { fail, move } from "../move.js";

/**
 * claimed → fetched. Brings the module and the input into the local cache and checks their hashes. Content the store
 * keeps answering "not there" for (or serves with the wrong hash) is declared unavailable: the job then commits the
 * reserved INPUT_UNAVAILABLE hash with fuel 0 (refund, nobody slashed). A store we cannot reach is our problem, not
 * the requester's: keep trying until the deadline.
 */
export async function stepClaimed(ctx: NodeContext, job: JobRecord): Promise<StepResult> {
  if (ctx.clock.now() > job.commitDeadline) return fail(ctx, job, "commit deadline passed while fetching");
  const fetched = await fetchContent(ctx, job, job.attempts);
  if (fetched.kind === "ok") {
    move(ctx, job, "fetched", { attempts: 0, reason: null });
    return next;
  }
  if (fetched.kind === "unavailable") {
    move(ctx, job, "fetched", { resultKind: "input-unavailable", reason: fetched.reason, attempts: 0 });
    return next;
  }
  ctx.jobs.patch(job.jobId, { attempts: job.attempts + 1, reason: fetched.reason });
  ctx.common.logger.warn({ jobId: job.jobId.toString(), err: fetched.reason }, "fetching job content failed; retrying");
  return wait(fetched.ms);
}
