import type { NodeContext, StepResult } from "../../context.js";
import { done, next, wait, waitUntil } from "../../context.js";
import type { JobRecord } from "../../db/jobs.js";
import { ContractRevertError, TxDroppedError } from "../../errors.js";
import { AuditState, JobStatus, prepareSettle, readJob, type ReadJobReturnType } from "../../sdk.js";
import { REPLICA_TURN_MS, clearTurn, msUntilTurn } from "../../turns.js";
import { move, vanished } from "../move.js";
import { stepVerifying } from "./verifying.js";

/**
 * revealed → settled | verifying, and the settlement of failed jobs we hold a slot on (so our collateral is released
 * or slashed). Anyone may settle once `isSettleable`: a disagreement or an unanswered audit sends the job to the
 * court's panel, an agreed payable result waits out the challenge window, anything else is refunded at once. Replicas
 * take turns by slot, and a job settled by someone else is simply recorded.
 */
export async function stepSettle(ctx: NodeContext, job: JobRecord): Promise<StepResult> {
  const chain = await readJob(ctx.contracts.market, { jobId: job.jobId });
  const key = `settle:${job.jobId}`;
  if (chain.status === JobStatus.Verifying) {
    clearTurn(key);
    if (job.state === "revealed") {
      move(ctx, job, "verifying", { reason: null });
      return next;
    }
    return stepVerifying(ctx, job); // a failed job of ours under verification: the court settles it
  }
  if (chain.status === JobStatus.None) {
    clearTurn(key);
    return vanished(ctx, job);
  }
  if (chain.status !== JobStatus.Open) {
    clearTurn(key);
    return settled(ctx, job);
  }
  if (!ctx.common.config.jobs.settle) return wait(10_000);
  if (!(await ctx.contracts.market.isSettleable(job.jobId))) {
    clearTurn(key);
    const cap = job.state === "failed" ? 30_000 : 2_000; // events wake the job earlier
    return waitUntil(ctx, nextDeadline(chain, ctx.clock.now()), cap);
  }
  const turn = msUntilTurn(key, (job.slot ?? 0) * REPLICA_TURN_MS);
  if (turn > 0) return wait(turn);
  try {
    await ctx.tx.send({
      call: prepareSettle(ctx.contracts.market, { jobId: job.jobId }),
      kind: "settle",
      jobId: job.jobId,
    });
    clearTurn(key);
    return next; // re-read: settled, or sent to the court
  } catch (error) {
    if (error instanceof TxDroppedError) return next;
    if (!(error instanceof ContractRevertError)) throw error;
    if (error.errorName === "JobMarketJobNotOpen") return next;
    return wait(2_000); // NotSettleable: the chain's clock is behind ours
  }
}

/** The next moment the job's settlement may become possible. */
function nextDeadline(chain: ReadJobReturnType, now: number): number {
  if (chain.claimed === 0) return chain.claimDeadline;
  if (chain.audit === AuditState.Undecided) return chain.commitDeadline;
  const t = chain.timeline;
  return now <= t.revealEndsAt ? t.revealEndsAt : t.challengeEndsAt;
}

/** The job left the market's hands for good (JobSettled records the outcome, ProviderPaid/AssignmentSlashed ours). */
export function settled(ctx: NodeContext, job: JobRecord): StepResult {
  if (job.state === "failed") {
    // Terminal already; stop driving it (the outcome arrives with the JobSettled log).
    if (job.outcome === null) ctx.jobs.patch(job.jobId, { outcome: -1 });
    return done;
  }
  move(ctx, job, "settled");
  return done;
}
