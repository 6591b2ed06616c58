import type { NodeContext, StepResult } from "../../context.js";
import { next, wait } from "../../context.js";
import type { JobRecord } from "../../db/jobs.js";
import { ContractRevertError, TxDroppedError } from "../../errors.js";
import { failpoint } from "../../failpoints.js";
import { JobStatus, prepareCommit, readJob, slotOf } from "../../sdk.js";
import { publishOutput } from "../../work/publish.js";
import { ASSIGNMENT_GONE, fail, move } from "../move.js";

/**
 * executed → committed: commits to (output hash, fuel used) with the salt already on disk. The chain is read first, so
 * a commitment that landed before a crash is recognised instead of sent again (and the transaction manager re-awaits a
 * commit transaction still pending from the previous run). Past the deadline by our clock, the commit is still tried:
 * only the chain's refusal (DeadlinePassed, in the simulation, before any gas is spent) gives the slot up.
 */
export async function stepExecuted(ctx: NodeContext, job: JobRecord): Promise<StepResult> {
  await publishOutput(ctx, job, ctx.outputs, () => ctx.jobs.patch(job.jobId, { outputStored: true }), "replica");
  const chain = await readJob(ctx.contracts.market, { jobId: job.jobId });
  if (chain.status !== JobStatus.Open) return fail(ctx, job, `job is ${JobStatus[chain.status]} before we committed`);
  const slot = slotOf(chain, ctx.me);
  if (slot < 0) return fail(ctx, job, ASSIGNMENT_GONE);
  if ((chain.committedMask & (1 << slot)) !== 0) return committed(ctx, job);

  const call = prepareCommit(ctx.contracts.market, {
    jobId: job.jobId,
    slot,
    provider: ctx.me,
    outputHash: job.outputHash as string,
    fuelUsed: job.fuelUsed as bigint,
    salt: job.salt as string,
  });
  try {
    await ctx.tx.send({ call, kind: "commit", jobId: job.jobId });
    return committed(ctx, job);
  } catch (error) {
    if (error instanceof TxDroppedError) return next;
    if (!(error instanceof ContractRevertError)) throw error;
    ctx.common.logger.warn({ jobId: job.jobId.toString(), error: error.errorName }, "commit rejected");
    if (error.errorName === "JobMarketAlreadyCommitted") return committed(ctx, job);
    if (error.errorName === "JobMarketDeadlinePassed") return fail(ctx, job, "missed the commit deadline");
    if (error.errorName === "JobMarketNotAssigned" || error.errorName === "JobMarketJobNotOpen")
      return fail(ctx, job, `commit rejected: ${error.errorName}`);
    return wait(2_000);
  }
}

function committed(ctx: NodeContext, job: JobRecord): StepResult {
  move(ctx, job, "committed", { reason: null, attempts: 0 });
  failpoint("after-commit");
  return next;
}
