import type { NodeContext, StepResult } from "../../context.js";
import { next, wait } from "../../context.js";
import type { VerificationRecord } from "../../db/verifications.js";
import { ContractRevertError, TxDroppedError } from "../../errors.js";
import { failpoint } from "../../failpoints.js";
import { prepareCommitVerdict, readRound, seatOf } from "../../sdk.js";
import { publishOutput } from "../../work/publish.js";
import { proofOf } from "../proof.js";
import { failVerification, moveVerification, roleOf } from "../move.js";

/**
 * executed → committed. Stores the output (so the revealed URI resolves), then commits to (output hash, fuel) with the
 * salt already on disk. The court is read first, so a commitment that landed before a crash is recognised instead of
 * sent again. Only the chain's refusal (DeadlinePassed, in the simulation) ends a seat past its commit deadline, never
 * our estimate of the chain's clock.
 */
export async function stepVerifyExecuted(ctx: NodeContext, v: VerificationRecord): Promise<StepResult> {
  await publishOutput(ctx, v, ctx.verifyOutputs, () => ctx.verifications.patch(v, { outputStored: true }), roleOf(v));
  const round = await readRound(ctx.contracts.court, { jobId: v.jobId, round: v.round });
  const seat = seatOf(round, ctx.me);
  if (seat < 0) return failVerification(ctx, v, "our seat is gone (reorg?)");
  if ((round.committedMask & (1 << seat)) !== 0) return committed(ctx, v);
  try {
    const call = prepareCommitVerdict(ctx.contracts.court, {
      jobId: v.jobId,
      verifier: ctx.me,
      outputHash: v.outputHash as string,
      fuelUsed: v.fuelUsed as bigint,
      proof: await proofOf(ctx, v),
      salt: v.salt as string,
    });
    await ctx.tx.send({ call, kind: "commit-verdict", jobId: v.jobId });
    return committed(ctx, v);
  } catch (error) {
    if (error instanceof TxDroppedError) return next;
    if (!(error instanceof ContractRevertError)) throw error;
    const name = error.errorName;
    ctx.common.logger.warn({ jobId: v.jobId.toString(), round: v.round, error: name }, "verdict commit rejected");
    if (name === "VerificationCourtAlreadyCommitted") return committed(ctx, v);
    if (name === "VerificationCourtDeadlinePassed")
      return failVerification(ctx, v, "missed the verdict commit deadline");
    if (name === "VerificationCourtNotVerifier" || name === "VerificationCourtNotOpen")
      return failVerification(ctx, v, `verdict commit rejected: ${name}`);
    return wait(2_000);
  }
}

function committed(ctx: NodeContext, v: VerificationRecord): StepResult {
  moveVerification(ctx, v, "committed", { reason: null, attempts: 0 });
  failpoint("after-commit-verdict");
  return next;
}
