import type { JobRecord } from "../../db/jobs.js";
import { ContractRevertError, TxDroppedError } from "../../errors.js";
import { failpoint } from "../../failpoints.js";
import { JobStatus, prepareReveal, readJob } from "../../sdk.js";
import { move, next, wait, type JobContext, type StepResult } from "../context.js";
import { commitsClosed, hasRevealed, slotOf } from "../onchain.js";
import { publishOutput } from "../publish.js";
import { stepSettle } from "./settle.js";

const POLL_MS = 2_000;

/**
 * committed → revealed (k >= 2): waits until reveals open (every slot committed, or the commit deadline
 * passed) and reveals hash, salt and URI. k = 1 has nothing to reveal and goes on to settlement.
 */
export async function stepCommitted(ctx: JobContext, job: JobRecord): Promise<StepResult> {
  await publishOutput(ctx, job);
  if (job.replicas === 1) return stepSettle(ctx, job);
  const chain = await readJob(ctx.contracts.market, { jobId: job.jobId });
  if (chain.status !== JobStatus.Open) return stepSettle(ctx, job);
  const slot = slotOf(chain, ctx.me);
  if (slot < 0) return fail(ctx, job, "our assignment is gone (reorg?)");
  if (hasRevealed(chain, slot)) return revealed(ctx, job);
  const now = ctx.clock.now();
  if (now > chain.revealDeadline) return fail(ctx, job, "missed the reveal deadline");
  if (!commitsClosed(chain, now)) {
    // Wakes on ResultCommitted logs; the timer covers the commit deadline.
    return wait(Math.min(POLL_MS, ctx.clock.msUntil(chain.commitDeadline + 1)));
  }
  try {
    const call = prepareReveal(ctx.contracts.market, {
      jobId: job.jobId,
      resultHash: job.resultHash as string,
      salt: job.salt as string,
      resultURI: job.resultUri ?? "",
    });
    await ctx.tx.send({ call, kind: "reveal", jobId: job.jobId });
    return revealed(ctx, job);
  } catch (error) {
    if (error instanceof TxDroppedError) return next;
    if (!(error instanceof ContractRevertError)) throw error;
    ctx.common.logger.warn({ jobId: job.jobId.toString(), error: error.errorName }, "reveal rejected");
    if (error.errorName === "JobMarketAlreadyRevealed") return revealed(ctx, job);
    if (error.errorName === "JobMarketRevealNotOpen") return wait(1_000);
    if (error.errorName === "JobMarketJobNotOpen") return stepSettle(ctx, job);
    if (error.errorName === "JobMarketDeadlinePassed") return fail(ctx, job, "missed the reveal deadline");
    return fail(ctx, job, `reveal rejected: ${error.errorName}`);
  }
}

function revealed(ctx: JobContext, job: JobRecord): StepResult {
  move(ctx, job, "revealed", { reason: null });
  failpoint("after-reveal");
  return next;
}

function fail(ctx: JobContext, job: JobRecord, reason: string): StepResult {
  move(ctx, job, "failed", { reason });
  return next;
}
