import { concat, hexlify, keccak256, randomBytes, toUtf8Bytes } from "ethers";
import type { OutputStore } from "../content/output-store.js";
import type { NodeContext } from "../context.js";
import type { ResultKind } from "../db/jobs.js";
import type { ExecOutcome } from "../exec/run.js";
import {
  BaseError,
  ExecutionDeadlineError,
  INPUT_UNAVAILABLE,
  computeCid,
  fetchBundle,
  type ContentRef,
} from "../sdk.js";

/** A job's content, by the bundle its posting named. */
export interface JobRefs {
  jobId: bigint;
  bundleUri: string;
  bundleHash: string;
}

/** Content the store keeps answering "not there" (or serves with the wrong hash) this often is declared unavailable. */
export const NOT_FOUND_ATTEMPTS = 4;

/** What fetching a job's content came to. */
export type FetchResult =
  { kind: "ok" } | { kind: "unavailable"; reason: string } | { kind: "retry"; ms: number; reason: string };

/**
 * Brings the bundle, module and input into the local cache and checks their hashes. A store that keeps saying "not
 * there" (or serving other bytes) for NOT_FOUND_ATTEMPTS attempts makes the input unavailable; a store we cannot reach
 * is our problem, not the requester's: retry with backoff.
 */
export async function fetchContent(ctx: NodeContext, refs: JobRefs, attempts: number): Promise<FetchResult> {
  const signal = ctx.common.shutdown.signal;
  try {
    const bundle = await fetchBundle(ctx.store, refs.bundleUri, refs.bundleHash, signal);
    await fetchChecked(ctx, bundle.module, signal);
    if (bundle.input) await fetchChecked(ctx, bundle.input, signal);
    return { kind: "ok" };
  } catch (error) {
    const unavailable = error instanceof BaseError && !error.retryable && error.code !== "ABORTED";
    if (unavailable && attempts + 1 >= NOT_FOUND_ATTEMPTS) return { kind: "unavailable", reason: error.shortMessage };
    return { kind: "retry", ms: fetchRetryMs(attempts), reason: (error as Error).message.slice(0, 200) };
  }
}

/** How long to wait before fetching a job's content again, after `attempts` failed attempts. */
export function fetchRetryMs(attempts: number): number {
  return Math.min(8_000, 500 * 2 ** attempts);
}

/** Fetches content named by the bundle into the cache and checks its size and hash. */
export async function fetchChecked(ctx: NodeContext, ref: ContentRef, signal: AbortSignal): Promise<Uint8Array> {
  const bytes = await ctx.store.get(ref.cid, { maxBytes: ref.size, signal });
  if (bytes.length !== ref.size || keccak256(bytes) !== ref.hash) {
    throw new BaseError(`Content ${ref.cid} does not match the bundle's hash.`, { code: "HASH_MISMATCH" });
  }
  return bytes;
}

/**
 * Runs a job's bundle from the local cache in the sandbox (bounded concurrency); undefined when draining. The local
 * safety net stops a run that would still be going half the safety margin before `commitEndsAt` (the commit, or the
 * abstention, must still land): `ExecutionDeadlineError`. The fuel limit, not this, bounds the job.
 */
export async function execute(
  ctx: NodeContext,
  refs: JobRefs,
  role: string,
  commitEndsAt: number,
): Promise<ExecOutcome | undefined> {
  if (ctx.draining()) return undefined;
  const release = await ctx.executions.acquire();
  try {
    if (ctx.draining()) return undefined;
    const signal = ctx.common.shutdown.signal;
    const bundle = await fetchBundle(ctx.store, refs.bundleUri, refs.bundleHash, signal);
    const module = await ctx.store.get(bundle.module.cid, { maxBytes: bundle.module.size, signal });
    const input = bundle.input
      ? await ctx.store.get(bundle.input.cid, { maxBytes: bundle.input.size, signal })
      : new Uint8Array(0);
    const log = { jobId: refs.jobId.toString(), role };
    ctx.common.logger.info(log, "executing");
    const deadlineMs = (commitEndsAt - ctx.clock.now() - ctx.common.config.jobs.safetyMarginSec / 2) * 1000;
    const outcome = await ctx.runJob(bundle, module, input, signal, Math.max(1, deadlineMs));
    ctx.common.logger.info(
      {
        ...log,
        outcome: outcome.kind,
        ...(outcome.kind === "input-unavailable" ? {} : { fuelUsed: outcome.fuelUsed.toString() }),
        ...(outcome.kind === "error" ? { code: outcome.code } : {}),
      },
      "execution finished",
    );
    if (outcome.kind !== "input-unavailable") {
      ctx.common.metrics.executionSeconds.observe(
        { outcome: outcome.kind === "output" ? "ok" : (outcome.code ?? "error") },
        outcome.durationMs / 1000,
      );
    }
    return outcome;
  } catch (error) {
    if (ctx.common.shutdown.requested) return undefined;
    throw error;
  } finally {
    release();
  }
}

const ZERO_DIGEST = "0x" + "00".repeat(32);

/** An answer ready to commit: the pair (output hash, fuel used), a fresh salt, and where the output is. */
export interface Answer {
  resultKind: ResultKind;
  outputHash: string;
  fuelUsed: bigint;
  /** Digest of the module's final state (a verifier's proof of execution binds it; replicas never publish it). */
  stateDigest: string;
  resultUri: string;
  salt: string;
  outputPath: string | null;
  execMs: number;
  reason: string | null;
}

/** Our answer, or why there is none: draining (the record stays parked) or too slow to commit in time (abstain). */
export type AnswerOutcome = Answer | { abstain: string } | undefined;

/**
 * Produces our answer for a job: "input unavailable" (the reserved hash, fuel 0) when `unavailable` says so, else the
 * sandbox's outcome, its output written to `outputs` with fsync (a watcher keeps none).
 * `faulty` (demo mode) turns it into a wrong but well-formed answer, different per account and role.
 */
export async function produceAnswer(
  ctx: NodeContext,
  refs: JobRefs,
  o: { outputs?: OutputStore; unavailable?: string; role: string; faulty: boolean; commitEndsAt: number },
): Promise<AnswerOutcome> {
  let answer: Answer;
  if (o.unavailable !== undefined) {
    answer = {
      resultKind: "input-unavailable",
      outputHash: INPUT_UNAVAILABLE,
      fuelUsed: 0n,
      stateDigest: ZERO_DIGEST, // nothing ran
      resultUri: "",
      salt: "",
      outputPath: null,
      execMs: 0,
      reason: `input unavailable: ${o.unavailable}`,
    };
  } else {
    let outcome: ExecOutcome | undefined;
    try {
      outcome = await execute(ctx, refs, o.role, o.commitEndsAt);
    } catch (error) {
      // Too slow here to commit in time: abstain rather than post something late or wrong.
      if (error instanceof ExecutionDeadlineError) return { abstain: error.shortMessage };
      throw error;
    }
    if (outcome === undefined) return undefined;
    if (outcome.kind === "input-unavailable") {
      return produceAnswer(ctx, refs, { ...o, unavailable: outcome.reason });
    }
    answer = {
      resultKind: outcome.kind,
      outputHash: outcome.outputHash,
      fuelUsed: outcome.fuelUsed,
      stateDigest: outcome.stateDigest,
      resultUri: `ipfs://${computeCid(outcome.output)}`,
      salt: "",
      outputPath: o.outputs ? await o.outputs.write(refs.jobId, outcome.output) : null,
      execMs: Math.round(outcome.durationMs),
      reason: outcome.kind === "error" ? `job failed in its limits: ${outcome.code}` : null,
    };
  }
  if (o.faulty) {
    // Demo/test mode: a wrong answer that is still a real result (and different per account), so it is slashed.
    answer.outputHash = keccak256(concat([answer.outputHash, toUtf8Bytes(`faulty:${o.role}:${ctx.me}`)]));
    answer.resultKind = "output";
    ctx.common.logger.warn({ jobId: refs.jobId.toString(), role: o.role }, "FAULTY MODE: committing a wrong answer");
  }
  answer.salt = hexlify(randomBytes(32));
  return answer;
}
