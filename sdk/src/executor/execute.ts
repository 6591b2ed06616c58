import type { Hex, JobBundle } from "../bundle/types.js";
import type { ExecutionErrorCode } from "../errors/index.js";
import { executeWith, superviseWorker } from "./job.js";
import type { WorkerJob, WorkerMessage } from "./protocol.js";
import { runInProcess } from "./process.js";
import type { ExecuteSource } from "./sources.js";
import { startWorkerThread } from "./thread.js";
import { workerSpec } from "./worker-source.js";

/** Options of {@link execute}. */
export interface ExecuteOptions {
  signal?: AbortSignal;
  /**
   * Local safety net, in ms from the call: past it the run is stopped and `ExecutionDeadlineError` thrown.
   * Never part of a result — the fuel limit is what bounds a job.
   */
  deadlineMs?: number;
  /** Benchmarks only: run the module as it is (no fuel, stack budget or NaN rules); fuelUsed is 0. */
  unmetered?: boolean;
  /**
   * Where the sandbox's worker thread runs. `"thread"` (the default): in this process. `"process"`: in a fresh child
   * process of its own, for a long-running caller (the provider node): WebAssembly compilation, the sandbox's V8
   * isolate and the allocator's leftovers of both then never live in the caller's memory, and a failure that takes V8
   * down ends only the child. It costs a process start (~50 ms) per job; the result is the same.
   */
  isolation?: "thread" | "process";
}

/**
 * A deterministic outcome of a job: the same bytes and the same fuel on every honest replica, who commit
 * to (outputHash, fuelUsed). `kind: "error"` is a failure within the job's limits; its output is then
 * `errorOutput(error.code, error.exitCode)`.
 */
export interface ExecutionResult {
  kind: "output" | "error";
  output: Uint8Array;
  /** keccak256(output). */
  outputHash: Hex;
  /** Fuel the run used, under FUEL_SCHEDULE_VERSION; `limits.fuel` exactly when it ran out. */
  fuelUsed: bigint;
  /**
   * SHA-256 of the module's linear memory when the run ended: the same on every honest run, published by nobody. A
   * verifier binds it to its round's seed as its proof of execution (`executionProof(roundSeed, stateDigest)`), so a
   * verifier that copies a revealed output cannot also produce the proof. Replicas do not reveal it.
   */
  stateDigest: Hex;
  /** Set for `kind: "error"`; `message` is diagnostics only (it is not in the output). */
  error?: { code: ExecutionErrorCode; exitCode?: number; message: string };
  /** What the module wrote to stderr (at most STDERR_CAP bytes): diagnostics, never part of the result. */
  stderr: Uint8Array;
  /** Wall-clock time of the run (start function and `_start`): diagnostics, never part of the result. */
  durationMs: number;
}

/**
 * Runs a job bundle's WASI preview 1 module, metered by fuel, in a fresh worker thread. Returns the
 * outcome — output or deterministic failure, with `outputHash = keccak256(output)` and `fuelUsed` — and
 * throws only for what is not a job result: `ModuleHashMismatchError` / `InputHashMismatchError` (the bytes
 * are not the bundle's), `WorkerCrashedError` and `HostResourceError` (retryable: this machine failed),
 * `AbortedError`, `ExecutionDeadlineError` (the local deadline passed). A malformed bundle throws
 * `BundleValidationError`; store failures propagate as the store's errors.
 */
export async function execute(
  bundleOrBytes: JobBundle | Uint8Array,
  source: ExecuteSource,
  options: ExecuteOptions = {},
): Promise<ExecutionResult> {
  const run = options.isolation === "process" ? runInProcess : runInWorker;
  return executeWith((job, deadlineMs) => run(job, deadlineMs, options), bundleOrBytes, source, options);
}

async function runInWorker(
  job: WorkerJob,
  deadlineMs: number | undefined,
  options: ExecuteOptions,
): Promise<WorkerMessage> {
  const spec = await workerSpec();
  return superviseWorker(deadlineMs, options, (run) => startWorkerThread(spec, job, run));
}
