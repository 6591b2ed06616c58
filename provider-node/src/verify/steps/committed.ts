import type { VerificationRecord } from "../../db/verifications.js";
import { ContractRevertError, TxDroppedError } from "../../errors.js";
import { failpoint } from "../../failpoints.js";
import { next, wait } from "../../jobs/context.js";
import { DisputeStatus, prepareRevealVerdict, readDispute, verdictCommitsClosed } from "../../sdk.js";
import { moveVerification, type StepResult, type VerifyContext } from "../context.js";
import { publishVerifierOutput } from "../publish.js";
import { slotOf } from "./seen.js";

const POLL_MS = 2_000;

/**
 * committed → revealed: waits until verdict reveals open (the draw is over and every drawn verifier
 * committed, or the commit deadline passed; VerdictCommitted logs wake us) and reveals hash, salt and URI.
 */
export async function stepVerifyCommitted(ctx: VerifyContext, v: VerificationRecord): Promise<StepResult> {
  await publishVerifierOutput(ctx, v);
  const d = await readDispute(ctx.court, { jobId: v.jobId });
  if (d.status !== DisputeStatus.Open) return resolved(ctx, v, "dispute resolved before we revealed");
  const slot = slotOf(d, ctx.me);
  if (slot < 0) return fail(ctx, v, "our verifier slot is gone (reorg?)");
  if ((d.revealedMask & (1 << slot)) !== 0) return revealed(ctx, v);
  const now = ctx.clock.now();
  if (now > d.revealDeadline) return fail(ctx, v, "missed the verdict reveal deadline");
  if (!verdictCommitsClosed(d, now)) {
    const until = d.claimed < d.verifiers ? Math.min(d.drawDeadline, d.commitDeadline) : d.commitDeadline;
    return wait(Math.max(250, Math.min(POLL_MS, ctx.clock.msUntil(until + 1))));
  }
  try {
    const call = prepareRevealVerdict(ctx.court, {
      jobId: v.jobId,
      resultHash: v.resultHash as string,
      salt: v.salt as string,
      resultURI: v.resultUri ?? "",
    });
    await ctx.tx.send({ call, kind: "reveal-verdict", jobId: v.jobId });
    return revealed(ctx, v);
  } catch (error) {
    if (error instanceof TxDroppedError) return next;
    if (!(error instanceof ContractRevertError)) throw error;
    ctx.common.logger.warn({ jobId: v.jobId.toString(), role: "verifier", error: error.errorName }, "reveal rejected");
    if (error.errorName === "DisputeCourtAlreadyRevealed") return revealed(ctx, v);
    if (error.errorName === "DisputeCourtRevealNotOpen") return wait(1_000);
    if (error.errorName === "DisputeCourtNotOpen") return next;
    if (error.errorName === "DisputeCourtDeadlinePassed") return fail(ctx, v, "missed the verdict reveal deadline");
    return fail(ctx, v, `reveal rejected: ${error.errorName}`);
  }
}

function revealed(ctx: VerifyContext, v: VerificationRecord): StepResult {
  moveVerification(ctx, v, "revealed", { reason: null });
  failpoint("after-reveal-verdict");
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
