import type { VerificationRecord } from "../../db/verifications.js";
import { ContractRevertError, TxDroppedError } from "../../errors.js";
import { failpoint } from "../../failpoints.js";
import { next, wait } from "../../jobs/context.js";
import { DisputeStatus, prepareCommitVerdict, readDispute } from "../../sdk.js";
import { moveVerification, type StepResult, type VerifyContext } from "../context.js";
import { publishVerifierOutput } from "../publish.js";
import { slotOf } from "./seen.js";

/**
 * executed → committed. Stores the output (so the revealed URI resolves), then commits to hash and salt. The
 * court is read first, so a commitment that landed before a crash is recognised instead of sent again.
 */
export async function stepVerifyExecuted(ctx: VerifyContext, v: VerificationRecord): Promise<StepResult> {
  await publishVerifierOutput(ctx, v);
  const d = await readDispute(ctx.court, { jobId: v.jobId });
  if (d.status !== DisputeStatus.Open) return resolved(ctx, v, "dispute resolved before we committed");
  const slot = slotOf(d, ctx.me);
  if (slot < 0) return fail(ctx, v, "our verifier slot is gone (reorg?)");
  if ((d.committedMask & (1 << slot)) !== 0) return committed(ctx, v);
  if (ctx.clock.now() > d.commitDeadline) return fail(ctx, v, "missed the verdict commit deadline");
  try {
    const call = prepareCommitVerdict(ctx.court, {
      jobId: v.jobId,
      verifier: ctx.me,
      resultHash: v.resultHash as string,
      salt: v.salt as string,
    });
    await ctx.tx.send({ call, kind: "commit-verdict", jobId: v.jobId });
    return committed(ctx, v);
  } catch (error) {
    if (error instanceof TxDroppedError) return next;
    if (!(error instanceof ContractRevertError)) throw error;
    ctx.common.logger.warn({ jobId: v.jobId.toString(), role: "verifier", error: error.errorName }, "commit rejected");
    if (error.errorName === "DisputeCourtAlreadyCommitted") return committed(ctx, v);
    if (error.errorName === "DisputeCourtNotOpen") return next; // re-read: resolved meanwhile
    if (error.errorName === "DisputeCourtDeadlinePassed") return fail(ctx, v, "missed the verdict commit deadline");
    if (error.errorName === "DisputeCourtNotVerifier") return fail(ctx, v, `commit rejected: ${error.errorName}`);
    return wait(2_000);
  }
}

function committed(ctx: VerifyContext, v: VerificationRecord): StepResult {
  moveVerification(ctx, v, "committed", { reason: null, attempts: 0 });
  failpoint("after-commit-verdict");
  return next;
}

function resolved(ctx: VerifyContext, v: VerificationRecord, reason: string): StepResult {
  moveVerification(ctx, v, "resolved", { reason });
  return { kind: "done" };
}

function fail(ctx: VerifyContext, v: VerificationRecord, reason: string): StepResult {
  moveVerification(ctx, v, "failed", { reason });
  return { kind: "done" };
}
