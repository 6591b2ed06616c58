import { Worker } from "node:worker_threads";
import type { Hex, JobBundle } from "../bundle/types.js";
import { HostResourceError, WorkerCrashedError, type ExecutionErrorCode } from "../errors/index.js";
import { WORKER_STACK_MIB } from "./instrument/schedule.js";
import { executeWith, superviseWorker } from "./job.js";
import type { WorkerJob, WorkerMessage } from "./protocol.js";
import { workerSpec } from "./worker-source.js";
import type { ExecuteSource } from "./sources.js";

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
  return executeWith((job, deadlineMs) => runInWorker(job, deadlineMs, options), bundleOrBytes, source, options);
}

async function runInWorker(
  job: WorkerJob,
  deadlineMs: number | undefined,
  options: ExecuteOptions,
): Promise<WorkerMessage> {
  const spec = await workerSpec();
  return superviseWorker(deadlineMs, options, (run) => {
    const worker = new Worker(spec.eval ? spec.code : spec.url, {
      eval: spec.eval,
      workerData: job,
      transferList: [job.module.buffer as ArrayBuffer, job.input.buffer as ArrayBuffer],
      execArgv: [], // none of the parent's flags (tsx loaders, inspector); V8 flags are process-wide anyway
      stdout: true, // the module cannot reach these, but keep any stray host output off our process
      stderr: true,
      // The stack must hold the deterministic stack budget on every tier (see schedule.ts). The heap is a
      // backstop for host bugs only: the WASI host allocates nothing beyond the output caps. (A small heap
      // limit makes every memory.grow trigger a full GC: 4096 one-page grows took 12 s at 256 MiB.)
      resourceLimits: { stackSizeMb: WORKER_STACK_MIB, maxOldGenerationSizeMb: 2048 },
    });
    worker.on("message", (message: WorkerMessage) => run.resolve(message));
    worker.on("error", (error: Error & { code?: string }) => {
      if (error.code === "ERR_WORKER_OUT_OF_MEMORY") {
        return run.fail(new HostResourceError("the worker exceeded its heap limit", { cause: error }));
      }
      run.fail(new WorkerCrashedError({ cause: error }));
    });
    worker.on("exit", (code) => run.fail(new WorkerCrashedError({ details: `worker exited with code ${code}` })));
    return () => worker.terminate();
  });
}
