import type { NodeContext, StepResult } from "../../context.js";
import { next, wait } from "../../context.js";
import type { JobRecord } from "../../db/jobs.js";
import { ContractRevertError, TxDroppedError } from "../../errors.js";
import { JobStatus, prepareResolve, readJob } from "../../sdk.js";
import { AFTER_VERIFIERS_MS, REPLICA_TURN_MS, clearTurn, msUntilTurn } from "../../turns.js";
import { vanished } from "../move.js";
import { settled } from "./settle.js";

const POLL_MS = 5_000; // the court's logs (reveals, round closes, the verdict) wake the job earlier

/**
 * verifying → settled. The job is with the court (a disagreement, an unanswered audit, or a challenge): only the
 * court's `resolve` settles it, by the panel's verdict. We wait for it and resolve ourselves when the round is
 * resolvable and every verifier had its turn, so the job never stays stuck; JobSettled records the outcome and our
 * pay or slash.
 */
export async function stepVerifying(ctx: NodeContext, job: JobRecord): Promise<StepResult> {
  const chain = await readJob(ctx.contracts.market, { jobId: job.jobId });
  const key = `resolve:${job.jobId}`;
  if (chain.status !== JobStatus.Verifying) {
    clearTurn(key);
    return chain.status === JobStatus.None ? vanished(ctx, job) : settled(ctx, job);
  }
  if (!ctx.common.config.jobs.settle) return wait(POLL_MS * 2);
  if (!(await ctx.contracts.court.isResolvable(job.jobId))) {
    clearTurn(key);
    return wait(POLL_MS);
  }
  const turn = msUntilTurn(key, AFTER_VERIFIERS_MS + (job.slot ?? 0) * REPLICA_TURN_MS);
  if (turn > 0) return wait(turn);
  try {
    await ctx.tx.send({
      call: prepareResolve(ctx.contracts.court, { jobId: job.jobId }),
      kind: "resolve",
      jobId: job.jobId,
    });
    clearTurn(key);
    return next;
  } catch (error) {
    if (error instanceof TxDroppedError) return next;
    if (!(error instanceof ContractRevertError)) throw error;
    return wait(2_000); // resolved meanwhile, or the chain's clock is behind ours: re-read
  }
}
