import { keccak256 } from "ethers";
import type { JobRecord } from "../../db/jobs.js";
import { BaseError, type ContentRef } from "../../sdk.js";
import { fetchBundle } from "../../content/bundle.js";
import { move, next, wait, type JobContext, type StepResult } from "../context.js";

const NOT_FOUND_ATTEMPTS = 4;

/**
 * claimed → fetched. Brings the module and the input into the local cache and checks their hashes.
 * Content the store answers "not there" (or serves with the wrong hash) for several attempts is declared
 * unavailable: the job then posts the reserved INPUT_UNAVAILABLE hash (refund, nobody slashed). A store we
 * cannot reach is our problem, not the requester's: keep trying until the deadline.
 */
export async function stepClaimed(ctx: JobContext, job: JobRecord): Promise<StepResult> {
  if (ctx.clock.now() > job.commitDeadline) return fail(ctx, job, "commit deadline passed while fetching");
  const signal = ctx.common.shutdown.signal;
  try {
    const bundle = await fetchBundle(ctx.store, job.bundleUri, job.bundleHash, signal);
    await fetchChecked(ctx, bundle.module, signal);
    if (bundle.input) await fetchChecked(ctx, bundle.input, signal);
    move(ctx, job, "fetched", { attempts: 0, reason: null });
    return next;
  } catch (error) {
    const unavailable = error instanceof BaseError && !error.retryable && !(error.code === "ABORTED");
    if (unavailable && job.attempts + 1 >= NOT_FOUND_ATTEMPTS) {
      move(ctx, job, "fetched", {
        resultKind: "input-unavailable",
        reason: (error as BaseError).shortMessage,
        attempts: 0,
      });
      return next;
    }
    ctx.jobs.patch(job.jobId, { attempts: job.attempts + 1, reason: (error as Error).message.slice(0, 200) });
    ctx.common.logger.warn(
      { jobId: job.jobId.toString(), err: (error as Error).message.slice(0, 200) },
      "fetching job content failed; retrying",
    );
    return wait(Math.min(8_000, 500 * 2 ** job.attempts));
  }
}

/** Fetches content named by the bundle into the cache and checks its size and hash. */
export async function fetchChecked(ctx: JobContext, ref: ContentRef, signal: AbortSignal): Promise<Uint8Array> {
  const bytes = await ctx.store.get(ref.cid, { maxBytes: ref.size, signal });
  if (bytes.length !== ref.size || keccak256(bytes) !== ref.hash) {
    throw new BaseError(`Content ${ref.cid} does not match the bundle's hash.`, { code: "HASH_MISMATCH" });
  }
  return bytes;
}

function fail(ctx: JobContext, job: JobRecord, reason: string): StepResult {
  move(ctx, job, "failed", { reason });
  return next;
}
