import type { NodeContext, StepResult } from "../../context.js";
import { done, next, wait, waitUntil } from "../../context.js";
import type { JobRecord } from "../../db/jobs.js";
import { ContractRevertError, TxDroppedError } from "../../errors.js";
import { AuditState, JobStatus, prepareSettle, prepareSettleMany, readJob, type ReadJobReturnType } from "../../sdk.js";
import { REPLICA_TURN_MS, clearTurn, msUntilTurn } from "../../turns.js";
import { move, vanished } from "../move.js";
import { stepVerifying } from "./verifying.js";

/**
 * revealed → settled | verifying, and the settlement of failed jobs we hold a slot on (so our collateral is released
 * or slashed). Anyone may settle once `isSettleable`: a disagreement or an unanswered audit sends the job to the
 * court's panel, an agreed payable result waits out the challenge window, anything else is refunded at once. Replicas
 * take turns by slot, and a job settled by someone else is simply recorded. Our jobs due together settle in one
 * `settleMany` (see SettleBatch): a job whose turn came joins the batch, and waits at most `jobs.settleWaitSec` more
 * for company. (Every replica's node waits as long after its own turn, so the turns keep their order.)
 */
export async function stepSettle(ctx: NodeContext, job: JobRecord): Promise<StepResult> {
  const batch = ctx.settles;
  if (batch.isSending(job.jobId)) return wait(2_000); // in another job's settleMany: woken when it ends, no read till then
  const chain = await readJob(ctx.contracts.market, { jobId: job.jobId });
  const key = `settle:${job.jobId}`;
  if (chain.status !== JobStatus.Open) {
    clearTurn(key);
    batch.leave(job.jobId);
    if (chain.status === JobStatus.None) return vanished(ctx, job);
    if (chain.status !== JobStatus.Verifying) return settled(ctx, job);
    if (job.state === "revealed") {
      move(ctx, job, "verifying", { reason: null });
      return next;
    }
    return stepVerifying(ctx, job); // a failed job of ours under verification: the court settles it
  }
  const { settle, settleWaitSec } = ctx.common.config.jobs;
  if (!settle) return wait(10_000);
  if (!(await ctx.contracts.market.isSettleable(job.jobId))) {
    clearTurn(key);
    batch.leave(job.jobId);
    const cap = job.state === "failed" ? 30_000 : 2_000; // events wake the job earlier
    return waitUntil(ctx, nextDeadline(chain, ctx.clock.now()), cap);
  }
  const nowMs = Date.now();
  const turn = msUntilTurn(key, (job.slot ?? 0) * REPLICA_TURN_MS, nowMs);
  if (turn > 0) return wait(turn);
  batch.join(job.jobId, nowMs + settleWaitSec * 1_000);
  const jobIds = batch.take(job.jobId, nowMs);
  if (jobIds.length === 0) return wait(Math.min(batch.msUntilDue(nowMs), 5_000));
  const market = ctx.contracts.market;
  let refused = false;
  try {
    await ctx.tx.send({
      call: jobIds.length === 1 ? prepareSettle(market, { jobId: job.jobId }) : prepareSettleMany(market, { jobIds }),
      kind: "settle",
      jobId: job.jobId,
    });
    clearTurn(key);
    return next; // re-read: settled, or sent to the court
  } catch (error) {
    if (error instanceof TxDroppedError) return next;
    if (!(error instanceof ContractRevertError)) throw error;
    refused = true;
    if (error.errorName === "JobMarketJobNotOpen") return next;
    return wait(2_000); // NotSettleable: the chain's clock is behind ours
  } finally {
    batch.finish(jobIds, refused);
    for (const id of jobIds) if (id !== job.jobId) ctx.wake.job(id);
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
