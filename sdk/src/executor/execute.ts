import { Worker } from "node:worker_threads";
import { parseBundle } from "../bundle/parse.js";
import type { Hex, JobBundle } from "../bundle/types.js";
import { validateBundle } from "../bundle/validate.js";
import {
  AbortedError,
  ExecutionDeadlineError,
  HostResourceError,
  WorkerCrashedError,
  type ExecutionErrorCode,
} from "../errors/index.js";
import { WORKER_STACK_MIB } from "./instrument/schedule.js";
import { resultOfVerdict, workerJobOf } from "./job.js";
import type { WorkerJob, WorkerMessage } from "./protocol.js";
import { workerSpec } from "./worker-source.js";
import { loadJobBytes, type ExecuteSource } from "./sources.js";

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
  const started = performance.now();
  const bundle = bundleOrBytes instanceof Uint8Array ? parseBundle(bundleOrBytes) : validateBundle(bundleOrBytes);
  const job = workerJobOf(bundle, await loadJobBytes(bundle, source, options.signal), options.unmetered !== true);
  const deadline = options.deadlineMs === undefined ? undefined : options.deadlineMs - (performance.now() - started);
  return resultOfVerdict(await runInWorker(job, deadline, options));
}

async function runInWorker(
  job: WorkerJob,
  deadlineMs: number | undefined,
  options: ExecuteOptions,
): Promise<WorkerMessage> {
  const { signal } = options;
  if (signal?.aborted) throw new AbortedError({ cause: signal.reason });
  if (deadlineMs !== undefined && deadlineMs <= 0) throw new ExecutionDeadlineError(options.deadlineMs!);
  const spec = await workerSpec();

  return new Promise((resolve, reject) => {
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
    let settled = false;
    const timer =
      deadlineMs === undefined
        ? undefined
        : setTimeout(() => fail(new ExecutionDeadlineError(options.deadlineMs!)), deadlineMs);
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      // terminate() stops a running module even inside an infinite WASM loop.
      void worker.terminate().finally(settle);
    };
    const fail = (error: unknown) => finish(() => reject(error));
    const onAbort = () => fail(new AbortedError({ cause: signal?.reason }));
    signal?.addEventListener("abort", onAbort, { once: true });

    worker.on("message", (message: WorkerMessage) => finish(() => resolve(message)));
    worker.on("error", (error: Error & { code?: string }) => {
      if (error.code === "ERR_WORKER_OUT_OF_MEMORY") {
        return fail(new HostResourceError("the worker exceeded its heap limit", { cause: error }));
      }
      fail(new WorkerCrashedError({ cause: error }));
    });
    worker.on("exit", (code) => fail(new WorkerCrashedError({ details: `worker exited with code ${code}` })));
  });
}
