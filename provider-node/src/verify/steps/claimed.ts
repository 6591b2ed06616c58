import type { NodeContext, StepResult } from "../../context.js";
import { next, wait } from "../../context.js";
import type { VerificationRecord } from "../../db/verifications.js";
import { fetchContent, produceAnswer } from "../../work/answer.js";
import { failVerification, moveVerification, roleOf } from "../move.js";

/**
 * claimed → executed. Re-executes the job exactly as a replica would (the same fetch checks, the same sandbox), writes
 * the output to disk with fsync, makes a fresh salt, and records the answer (output hash, fuel) in one transaction —
 * all before any commit transaction exists. Content the store keeps answering "not there" for yields "input
 * unavailable", which abstains (it can neither uphold nor overturn a result).
 */
export async function stepVerifyClaimed(ctx: NodeContext, v: VerificationRecord): Promise<StepResult> {
  if (ctx.clock.now() > v.commitEndsAt) return failVerification(ctx, v, "commit deadline passed before execution");
  const refs = { jobId: v.jobId, bundleUri: v.bundleUri as string, bundleHash: v.bundleHash as string };
  const fetched = await fetchContent(ctx, refs, v.attempts);
  if (fetched.kind === "retry") {
    ctx.verifications.patch(v, { attempts: v.attempts + 1, reason: fetched.reason });
    ctx.common.logger.warn(
      { jobId: v.jobId.toString(), round: v.round, role: roleOf(v), err: fetched.reason },
      "fetching the job's content failed; retrying",
    );
    return wait(fetched.ms);
  }
  const answer = await produceAnswer(ctx, refs, {
    outputs: ctx.verifyOutputs,
    role: roleOf(v),
    faulty: ctx.common.config.faulty,
    commitEndsAt: v.commitEndsAt,
    ...(fetched.kind === "unavailable" ? { unavailable: fetched.reason } : {}),
  });
  if (answer === undefined) return wait(1_000); // draining: parked
  if ("abstain" in answer) return failVerification(ctx, v, `abstained: ${answer.abstain}`);
  moveVerification(ctx, v, "executed", { ...answer, attempts: 0 });
  return next;
}
