import { concat, hexlify, keccak256, randomBytes, toUtf8Bytes } from "ethers";
import type { JobRecord, ResultKind } from "../../db/jobs.js";
import { runJob, type ExecOutcome } from "../../exec/run.js";
import { ExecutionDeadlineError, INPUT_UNAVAILABLE, computeCid } from "../../sdk.js";
import { fetchBundle } from "../../content/bundle.js";
import { move, next, wait, type JobContext, type StepResult } from "../context.js";

/**
 * fetched → executed. Runs the module in the sandbox (bounded concurrency), writes the output to disk with
 * fsync, makes a fresh salt, and records hash, URI, salt and output path in one transaction — all before
 * any commit transaction exists. A shutdown mid-run parks the job here; it runs again on restart.
 */
export async function stepFetched(ctx: JobContext, job: JobRecord): Promise<StepResult> {
  if (ctx.clock.now() > job.commitDeadline) return fail(ctx, job, "commit deadline passed before execution");
  let outcome: ExecOutcome | undefined;
  try {
    outcome =
      job.resultKind === "input-unavailable"
        ? ({ kind: "input-unavailable", reason: job.reason ?? "" } as const)
        : await execute(ctx, job);
  } catch (error) {
    // Too slow here to commit in time: abstain (no commit) rather than post something late or wrong.
    if (error instanceof ExecutionDeadlineError) return fail(ctx, job, `abstained: ${error.shortMessage}`);
    throw error;
  }
  if (outcome === undefined) return wait(1_000); // draining: parked

  let kind: ResultKind = outcome.kind;
  let resultHash: string = INPUT_UNAVAILABLE;
  let resultUri = "";
  let outputPath: string | null = null;
  if (outcome.kind !== "input-unavailable") {
    const output = outcome.output;
    resultHash = keccak256(output);
    resultUri = `ipfs://${computeCid(output)}`;
    outputPath = await ctx.outputs.write(job.jobId, output);
    ctx.common.metrics.executionSeconds.observe(
      { outcome: outcome.kind === "output" ? "ok" : outcome.code },
      outcome.durationMs / 1000,
    );
  }
  if (ctx.common.config.faulty) {
    // Demo/test mode: a wrong answer that is still well-formed (and different per provider).
    resultHash = keccak256(concat([resultHash, toUtf8Bytes(`faulty:${ctx.me}`)]));
    kind = "output";
  }
  const salt = hexlify(randomBytes(32));
  move(ctx, job, "executed", {
    resultKind: kind,
    resultHash,
    resultUri,
    salt,
    outputPath,
    execMs: outcome.kind === "input-unavailable" ? 0 : Math.round(outcome.durationMs),
    fuelUsed: outcome.kind === "input-unavailable" ? null : outcome.fuelUsed,
    reason:
      outcome.kind === "input-unavailable"
        ? `input unavailable: ${outcome.reason}`
        : outcome.kind === "error"
          ? `job failed in its limits: ${outcome.code}`
          : null,
  });
  return next;
}

/** Runs a job's bundle from the local cache in the sandbox (bounded concurrency); undefined when draining. */
export async function execute(
  ctx: JobContext,
  job: { jobId: bigint; bundleUri: string; bundleHash: string; commitDeadline: number },
): Promise<ExecOutcome | undefined> {
  if (ctx.draining()) return undefined;
  const release = await ctx.executions.acquire();
  try {
    if (ctx.draining()) return undefined;
    const signal = ctx.common.shutdown.signal;
    const bundle = await fetchBundle(ctx.store, job.bundleUri, job.bundleHash, signal);
    const module = await ctx.store.get(bundle.module.cid, { maxBytes: bundle.module.size, signal });
    const input = bundle.input
      ? await ctx.store.get(bundle.input.cid, { maxBytes: bundle.input.size, signal })
      : new Uint8Array(0);
    ctx.common.logger.info({ jobId: job.jobId.toString() }, "executing");
    // The local safety net: stop with half the safety margin left before the commit deadline, so the commit
    // (or the abstention) still lands. The fuel limit, not this, is what bounds the job.
    const deadlineMs = (job.commitDeadline - ctx.clock.now() - ctx.common.config.jobs.safetyMarginSec / 2) * 1000;
    const outcome = await runJob(bundle, module, input, signal, deadlineMs);
    ctx.common.logger.info(
      {
        jobId: job.jobId.toString(),
        outcome: outcome.kind,
        ...(outcome.kind === "error" ? { code: outcome.code } : {}),
        ...(outcome.kind === "input-unavailable" ? {} : { fuelUsed: outcome.fuelUsed.toString() }),
      },
      "execution finished",
    );
    return outcome;
  } catch (error) {
    if (ctx.common.shutdown.requested) return undefined;
    throw error;
  } finally {
    release();
  }
}

function fail(ctx: JobContext, job: JobRecord, reason: string): StepResult {
  move(ctx, job, "failed", { reason });
  return next;
}
