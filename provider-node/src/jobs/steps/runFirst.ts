import type { NodeContext } from "../../context.js";
import { wait } from "../../context.js";
import type { JobRecord } from "../../db/jobs.js";
import type { RanFirst } from "../../draw/claim.js";
import { worstCaseSeconds } from "../../exec/run.js";
import { prepareClaim } from "../../sdk.js";
import { fetchContent, produceAnswer } from "../../work/answer.js";

/**
 * A short job runs before it is claimed, and the claim commits to its answer: the market's `claim(jobId, commitment)`
 * spares the separate commit transaction (about 21k gas of base cost, and the job record's reads a second time).
 *
 * Short means its whole fuel limit runs within `jobs.runFirstMaxSec` at this machine's rate, and the run (with the
 * safety margin) still ends before the claim deadline. Several drawn nodes may run the same job this way and only the
 * first claims of it win: that is the rule against races, since what a lost race costs a node is one short run (and
 * the reverted claim's gas, as two plain claims racing for a slot cost), never a slash: nothing was claimed. A longer
 * job is claimed first, so that nobody spends minutes on work another node takes.
 *
 * The answer (output on disk, hash, fuel, salt) is recorded before the claim is sent and reused after a restart, so a
 * claim still pending from a previous run commits to the answer the record holds. Content that cannot be fetched
 * now, or a run too slow for the claim deadline, falls back to claiming first: the claimed path retries the fetch or
 * commits "input unavailable", and runs with the commit deadline.
 */
export async function runFirst(ctx: NodeContext, job: JobRecord): Promise<RanFirst | undefined> {
  const answered = ctx.jobs.get(job.jobId) ?? job; // this step's record may predate an answer of an earlier attempt
  if (answered.outputHash !== null && answered.salt !== null && answered.fuelUsed !== null) {
    return { call: claimCommitting(ctx, job, answered.outputHash, answered.fuelUsed, answered.salt) };
  }
  const { config } = ctx.common;
  const worst = worstCaseSeconds(config, job.maxFuel);
  if (config.jobs.runFirstMaxSec <= 0 || worst > config.jobs.runFirstMaxSec) return undefined;
  const endsAt = Math.min(job.claimDeadline, job.commitDeadline);
  if (ctx.clock.now() + worst + config.jobs.safetyMarginSec > endsAt) return undefined;

  const fetched = await fetchContent(ctx, job, 0);
  if (fetched.kind !== "ok") return undefined;
  const answer = await produceAnswer(ctx, job, {
    outputs: ctx.outputs,
    role: "replica",
    faulty: config.faulty,
    commitEndsAt: endsAt,
  });
  if (answer === undefined) return { result: wait(1_000) }; // draining: parked unclaimed
  if ("abstain" in answer) return undefined; // slower than the estimate: the commit deadline is later
  const { stateDigest: _unpublished, ...recorded } = answer; // a replica commits no proof of execution
  ctx.jobs.patch(job.jobId, recorded);
  ctx.common.logger.debug({ jobId: job.jobId.toString(), execMs: answer.execMs }, "ran before claiming");
  return { call: claimCommitting(ctx, job, recorded.outputHash, recorded.fuelUsed, recorded.salt) };
}

/** Whether the record holds an answer produced before its claim: a claim of it committed to that answer. */
export function ranFirst(ctx: NodeContext, job: JobRecord): boolean {
  return (ctx.jobs.get(job.jobId) ?? job).outputHash !== null;
}

function claimCommitting(ctx: NodeContext, job: JobRecord, outputHash: string, fuelUsed: bigint, salt: string) {
  return prepareClaim(ctx.contracts.market, {
    jobId: job.jobId,
    answer: { provider: ctx.me, outputHash, fuelUsed, salt },
  });
}
