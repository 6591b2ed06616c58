import type { NodeContext, StepResult } from "../../context.js";
import { next, wait, waitUntil } from "../../context.js";
import type { VerificationRecord } from "../../db/verifications.js";
import { ContractRevertError, TxDroppedError } from "../../errors.js";
import { failpoint } from "../../failpoints.js";
import { prepareRevealVerdict, readRound, roundCommitsClosed, seatOf } from "../../sdk.js";
import { publishOutput } from "../../work/publish.js";
import { proofOf } from "../proof.js";
import { failVerification, moveVerification, roleOf } from "../move.js";

/**
 * committed → revealed. The auditor reveals right after committing (the replicas committed before it was drawn, so
 * nobody can copy it), within the job's reveal window; a panel seat once the panel's commits closed (every drawn seat
 * committed after the draw, or the commit deadline passed), so no verifier copies another. Only the chain's refusal
 * (DeadlinePassed, in the simulation) ends a seat past its reveal deadline, never our estimate of the chain's clock.
 */
export async function stepVerifyCommitted(ctx: NodeContext, v: VerificationRecord): Promise<StepResult> {
  await publishOutput(ctx, v, ctx.verifyOutputs, () => ctx.verifications.patch(v, { outputStored: true }), roleOf(v));
  const round = await readRound(ctx.contracts.court, { jobId: v.jobId, round: v.round });
  const seat = seatOf(round, ctx.me);
  if (seat < 0) return failVerification(ctx, v, "our seat is gone (reorg?)");
  if ((round.revealedMask & (1 << seat)) !== 0) return revealed(ctx, v);
  const now = ctx.clock.now();
  if (v.round > 0 && !roundCommitsClosed(round, now)) {
    const until = round.claimed < round.seats ? Math.min(round.drawEndsAt, round.commitEndsAt) : round.commitEndsAt;
    return waitUntil(ctx, until); // VerdictCommitted logs wake us
  }
  try {
    const call = prepareRevealVerdict(ctx.contracts.court, {
      jobId: v.jobId,
      outputHash: v.outputHash as string,
      fuelUsed: v.fuelUsed as bigint,
      proof: await proofOf(ctx, v),
      salt: v.salt as string,
      resultURI: v.resultUri ?? "",
    });
    await ctx.tx.send({ call, kind: "reveal-verdict", jobId: v.jobId });
    return revealed(ctx, v);
  } catch (error) {
    if (error instanceof TxDroppedError) return next;
    if (!(error instanceof ContractRevertError)) throw error;
    const name = error.errorName;
    ctx.common.logger.warn({ jobId: v.jobId.toString(), round: v.round, error: name }, "verdict reveal rejected");
    if (name === "VerificationCourtAlreadyRevealed") return revealed(ctx, v);
    if (name === "VerificationCourtRevealNotOpen") return wait(1_000);
    if (name === "VerificationCourtDeadlinePassed")
      return failVerification(ctx, v, "missed the verdict reveal deadline");
    return failVerification(ctx, v, `verdict reveal rejected: ${name}`);
  }
}

function revealed(ctx: NodeContext, v: VerificationRecord): StepResult {
  moveVerification(ctx, v, "revealed", { reason: null });
  failpoint("after-reveal-verdict");
  return next;
}
