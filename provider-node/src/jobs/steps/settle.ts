import type { JobRecord } from "../../db/jobs.js";
import { ContractRevertError, TxDroppedError } from "../../errors.js";
import { JobStatus, prepareSettle, readJob } from "../../sdk.js";
import { resolveInTurn } from "../../verify/resolve.js";
import { move, next, wait, type JobContext, type StepResult } from "../context.js";

const POLL_MS = 2_000;
const JITTER_PER_SLOT_MS = 1_500; // replicas take turns, so usually one settle transaction is sent
const DISPUTED_POLL_MS = 30_000; // JobSettled / VerdictRevealed logs wake a disputed job earlier
const PROVIDER_RESOLVE_TURN_MS = 12_000; // after every verifier's turn (at most 7 slots × 1.5 s)

/** First time each job was seen settleable (local wall clock), for the per-slot jitter. */
const settleableSince = new Map<bigint, number>();

/**
 * revealed (k = 1: committed) → settled, and the settlement of failed jobs we hold a slot on (so our
 * collateral is released). Anyone may settle; the slot's turn comes `slot × 1.5 s` after the job became
 * settleable, and a job settled by someone else is simply recorded.
 */
export async function stepSettle(ctx: JobContext, job: JobRecord): Promise<StepResult> {
  const chain = await readJob(ctx.contracts.market, { jobId: job.jobId });
  if (chain.status === JobStatus.Disputed) return disputed(ctx, job);
  if (chain.status !== JobStatus.Open) return settled(ctx, job);
  const market = ctx.contracts.market;
  if (!ctx.common.config.jobs.settle) return wait(POLL_MS * 5);
  if (!(await market.isSettleable(job.jobId))) {
    settleableSince.delete(job.jobId);
    const until =
      job.replicas === 1 && chain.challengeEndsAt > 0
        ? chain.challengeEndsAt
        : chain.revealDeadline || chain.commitDeadline;
    const cap = job.state === "failed" ? 30_000 : POLL_MS; // events wake the job earlier
    return wait(Math.max(250, Math.min(cap, ctx.clock.msUntil(until + 1))));
  }
  const since = settleableSince.get(job.jobId) ?? Date.now();
  settleableSince.set(job.jobId, since);
  const turn = since + (job.slot ?? 0) * JITTER_PER_SLOT_MS - Date.now();
  if (turn > 0) return wait(turn);
  try {
    await ctx.tx.send({ call: prepareSettle(market, { jobId: job.jobId }), kind: "settle", jobId: job.jobId });
    return settled(ctx, job);
  } catch (error) {
    if (error instanceof TxDroppedError) return next;
    if (!(error instanceof ContractRevertError)) throw error;
    if (error.errorName === "JobMarketJobNotOpen") return settled(ctx, job);
    return wait(POLL_MS);
  }
}

/**
 * Our k = 1 result is disputed: `settle` would revert, only the court's resolution settles the job (JobSettled
 * then records the outcome, and ProviderSlashed our loss if it is overturned). We wait for it, and resolve the
 * dispute ourselves only after every verifier had its turn, so the job never stays stuck.
 */
async function disputed(ctx: JobContext, job: JobRecord): Promise<StepResult> {
  if (!job.disputed) {
    ctx.jobs.patch(job.jobId, { disputed: true });
    ctx.common.logger.warn({ jobId: job.jobId.toString() }, "our result is disputed; waiting for the court");
  }
  const court = ctx.contracts.court;
  if (!court) return wait(DISPUTED_POLL_MS);
  const r = await resolveInTurn(ctx, court, job.jobId, PROVIDER_RESOLVE_TURN_MS, DISPUTED_POLL_MS);
  return r.kind === "resolved" ? next : wait(r.ms);
}

function settled(ctx: JobContext, job: JobRecord): StepResult {
  settleableSince.delete(job.jobId);
  if (job.state === "failed") {
    // Terminal already; the outcome arrives with the JobSettled log. Stop driving it.
    if (job.outcome === null) ctx.jobs.patch(job.jobId, { outcome: -1 });
    return { kind: "done" };
  }
  move(ctx, job, "settled");
  return { kind: "done" };
}
