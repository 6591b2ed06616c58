import type { JobRecord } from "../../db/jobs.js";
import { ContractRevertError, TxDroppedError } from "../../errors.js";
import { failpoint } from "../../failpoints.js";
import { JobStatus, prepareCommit, prepareSubmit, readJob } from "../../sdk.js";
import { move, next, wait, type JobContext, type StepResult } from "../context.js";
import { hasCommitted, slotOf } from "../onchain.js";
import { publishOutput } from "../publish.js";

/**
 * executed → committed. k = 1 submits the result hash and URI; k >= 2 commits to hash and salt. The chain
 * is read first, so a commitment that landed before a crash is recognised instead of sent again (and the
 * transaction manager re-awaits a commit transaction that is still pending from the previous run).
 */
export async function stepExecuted(ctx: JobContext, job: JobRecord): Promise<StepResult> {
  const id = job.jobId.toString();
  await publishOutput(ctx, job);
  const chain = await readJob(ctx.contracts.market, { jobId: job.jobId });
  if (chain.status !== JobStatus.Open) return fail(ctx, job, `job is ${JobStatus[chain.status]} before we committed`);
  const slot = slotOf(chain, ctx.me);
  if (slot < 0) return fail(ctx, job, "our assignment is gone (reorg?)");
  if (hasCommitted(chain, slot)) return committed(ctx, job);
  if (ctx.clock.now() > job.commitDeadline) return fail(ctx, job, "missed the commit deadline");

  const market = ctx.contracts.market;
  const resultHash = job.resultHash as string;
  const call =
    job.replicas === 1
      ? prepareSubmit(market, { jobId: job.jobId, resultHash, resultURI: job.resultUri ?? "" })
      : prepareCommit(market, { jobId: job.jobId, provider: ctx.me, resultHash, salt: job.salt as string });
  try {
    await ctx.tx.send({ call, kind: job.replicas === 1 ? "submit" : "commit", jobId: job.jobId });
    return committed(ctx, job);
  } catch (error) {
    if (error instanceof TxDroppedError) return next;
    if (!(error instanceof ContractRevertError)) throw error;
    ctx.common.logger.warn({ jobId: id, error: error.errorName }, "commit rejected");
    if (error.errorName === "JobMarketAlreadyCommitted") return committed(ctx, job);
    if (error.errorName === "JobMarketDeadlinePassed") return fail(ctx, job, "missed the commit deadline");
    if (error.errorName === "JobMarketNotAssigned" || error.errorName === "JobMarketJobNotOpen")
      return fail(ctx, job, `commit rejected: ${error.errorName}`);
    return wait(2_000);
  }
}

function committed(ctx: JobContext, job: JobRecord): StepResult {
  move(ctx, job, "committed", { reason: null, attempts: 0 });
  failpoint("after-commit");
  return next;
}

function fail(ctx: JobContext, job: JobRecord, reason: string): StepResult {
  move(ctx, job, "failed", { reason });
  return next;
}
