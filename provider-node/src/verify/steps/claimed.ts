import { concat, hexlify, keccak256, randomBytes, toUtf8Bytes } from "ethers";
import type { ResultKind } from "../../db/jobs.js";
import type { VerificationRecord } from "../../db/verifications.js";
import { fetchBundle } from "../../content/bundle.js";
import type { ExecOutcome } from "../../exec/run.js";
import { fetchChecked } from "../../jobs/steps/claimed.js";
import { execute } from "../../jobs/steps/fetched.js";
import { next, wait } from "../../jobs/context.js";
import { BaseError, ExecutionDeadlineError, INPUT_UNAVAILABLE, computeCid } from "../../sdk.js";
import { moveVerification, type StepResult, type VerifyContext } from "../context.js";

const NOT_FOUND_ATTEMPTS = 4;

/**
 * claimed → executed. Re-executes the disputed job exactly as a provider would (same fetch checks, same
 * sandbox through `runJob`), writes the output to disk with fsync, makes a fresh salt, and records hash, URI,
 * salt and output path in one transaction — all before any commit transaction exists. Content the store
 * keeps answering "not there" for yields the reserved INPUT_UNAVAILABLE hash (which cannot overturn a result).
 */
export async function stepVerifyClaimed(ctx: VerifyContext, v: VerificationRecord): Promise<StepResult> {
  if (ctx.clock.now() > v.commitDeadline) return fail(ctx, v, "commit deadline passed before execution");
  const refs = {
    jobId: v.jobId,
    bundleUri: v.bundleUri as string,
    bundleHash: v.bundleHash as string,
    commitDeadline: v.commitDeadline,
  };
  const signal = ctx.common.shutdown.signal;

  let outcome: ExecOutcome | undefined;
  try {
    const bundle = await fetchBundle(ctx.store, refs.bundleUri, refs.bundleHash, signal);
    await fetchChecked(ctx, bundle.module, signal);
    if (bundle.input) await fetchChecked(ctx, bundle.input, signal);
  } catch (error) {
    const unavailable = error instanceof BaseError && !error.retryable && error.code !== "ABORTED";
    if (unavailable && v.attempts + 1 >= NOT_FOUND_ATTEMPTS) {
      outcome = { kind: "input-unavailable", reason: error.shortMessage };
    } else {
      ctx.verifications.patch(v.jobId, { attempts: v.attempts + 1, reason: (error as Error).message.slice(0, 200) });
      ctx.common.logger.warn(
        { jobId: v.jobId.toString(), role: "verifier", err: (error as Error).message.slice(0, 200) },
        "fetching the disputed job's content failed; retrying",
      );
      return wait(Math.min(8_000, 500 * 2 ** v.attempts));
    }
  }
  try {
    outcome ??= await execute(ctx, refs);
  } catch (error) {
    if (error instanceof ExecutionDeadlineError) return fail(ctx, v, `abstained: ${error.shortMessage}`);
    throw error;
  }
  if (outcome === undefined) return wait(1_000); // draining: parked

  let kind: ResultKind = outcome.kind;
  let resultHash: string = INPUT_UNAVAILABLE;
  let resultUri = "";
  let outputPath: string | null = null;
  if (outcome.kind !== "input-unavailable") {
    resultHash = keccak256(outcome.output);
    resultUri = `ipfs://${computeCid(outcome.output)}`;
    outputPath = await ctx.verifyOutputs.write(v.jobId, outcome.output);
    ctx.common.metrics.executionSeconds.observe(
      { outcome: outcome.kind === "output" ? "ok" : outcome.code },
      outcome.durationMs / 1000,
    );
  }
  if (ctx.common.config.faulty) {
    // Demo/test mode, explicit: a wrong verdict that is still well-formed (and different per verifier), so a
    // faulty verifier is slashed for dissent.
    resultHash = keccak256(concat([resultHash, toUtf8Bytes(`faulty-verdict:${ctx.me}`)]));
    kind = "output";
    ctx.common.logger.warn({ jobId: v.jobId.toString(), role: "verifier" }, "FAULTY MODE: committing a wrong verdict");
  }
  moveVerification(ctx, v, "executed", {
    resultKind: kind,
    resultHash,
    resultUri,
    salt: hexlify(randomBytes(32)),
    outputPath,
    attempts: 0,
    execMs: outcome.kind === "input-unavailable" ? 0 : Math.round(outcome.durationMs),
    fuelUsed: outcome.kind === "input-unavailable" ? null : outcome.fuelUsed,
    reason: outcome.kind === "input-unavailable" ? `input unavailable: ${outcome.reason}` : null,
  });
  return next;
}

function fail(ctx: VerifyContext, v: VerificationRecord, reason: string): StepResult {
  moveVerification(ctx, v, "failed", { reason });
  return next;
}
