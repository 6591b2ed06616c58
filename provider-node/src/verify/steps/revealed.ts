import type { NodeContext, StepResult } from "../../context.js";
import { next, wait } from "../../context.js";
import type { VerificationRecord } from "../../db/verifications.js";
import { ContractRevertError, TxDroppedError } from "../../errors.js";
import { JobStatus, VerificationStatus, prepareResolve, readJob } from "../../sdk.js";
import { VERIFIER_TURN_MS, clearTurn, msUntilTurn } from "../../turns.js";
import { resolvedVerification } from "../move.js";

const POLL_MS = 5_000; // the court's and the market's logs wake us earlier

/**
 * revealed → resolved. A panel seat resolves its round in its turn (seat × 1.5 s after the round became resolvable;
 * anyone may, so usually one transaction goes out) and is done once the round closed — by a verdict, or by opening the
 * next round. The auditor is judged when the job settles by agreement (`closeAudit`) or when the panel's verdict is
 * final; it waits for either.
 */
export async function stepVerifyRevealed(ctx: NodeContext, v: VerificationRecord): Promise<StepResult> {
  const { court, market } = ctx.contracts;
  const [verification, job] = await Promise.all([court.getVerification(v.jobId), readJob(market, { jobId: v.jobId })]);
  const status = Number(verification.status) as VerificationStatus;
  const key = `resolve:${v.jobId}`;
  if (status === VerificationStatus.Final || (job.status !== JobStatus.Open && job.status !== JobStatus.Verifying)) {
    clearTurn(key);
    return resolvedVerification(ctx, v, null);
  }
  if (v.round === 0) return wait(POLL_MS); // judged with the job's settlement or the panel's verdict
  if (Number(verification.round) > v.round) {
    clearTurn(key);
    return resolvedVerification(ctx, v, "no majority: the next round was drawn");
  }
  if (!ctx.common.config.jobs.settle) return wait(POLL_MS * 2);
  if (!(await court.isResolvable(v.jobId))) {
    clearTurn(key);
    return wait(POLL_MS);
  }
  const turn = msUntilTurn(key, (v.seat ?? 0) * VERIFIER_TURN_MS);
  if (turn > 0) return wait(turn);
  try {
    await ctx.tx.send({ call: prepareResolve(court, { jobId: v.jobId }), kind: "resolve", jobId: v.jobId });
    clearTurn(key);
    return next; // re-read: final, or the next round
  } catch (error) {
    if (error instanceof TxDroppedError) return next;
    if (!(error instanceof ContractRevertError)) throw error;
    return wait(2_000); // resolved meanwhile, or the chain's clock is behind ours
  }
}
