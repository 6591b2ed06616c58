// execute() for a browser page: the same bundle checks, job, verdicts and results (job.ts), with the sandbox in a Web
// Worker running the shared run loop (browser-worker.ts → run-job.ts) instead of a Node worker thread. Nothing here
// touches a DOM or Node API at import time, so the module also loads (and typechecks) without either.
import type { JobBundle } from "../bundle/types.js";
import { WorkerCrashedError } from "../errors/index.js";
import type { ExecuteOptions, ExecutionResult } from "./execute.js";
import { executeWith, superviseWorker } from "./job.js";
import type { WorkerJob, WorkerMessage } from "./protocol.js";
import type { ExecuteSource } from "./sources.js";

export { calibrate, CALIBRATION, type CalibrationName, type CalibrationRun, type FuelRate } from "./calibrate.js";
export { measureStackKiB } from "./stack-probe.js";

/** The part of a DOM `Worker` the executor uses (the SDK compiles without the DOM library). */
export interface SandboxWorker {
  postMessage(message: WorkerJob, transfer: ArrayBuffer[]): void;
  addEventListener(type: "message" | "error" | "messageerror", listener: (event: SandboxWorkerEvent) => void): void;
  terminate(): void;
}

/** What the executor reads of a worker's `message` (`data`) and `error` (`message`) events. */
export interface SandboxWorkerEvent {
  type: string;
  data?: unknown;
  message?: string;
}

/** Options of {@link executeInBrowser}: those of `execute`, and how to start the sandbox worker. */
export interface BrowserExecuteOptions extends ExecuteOptions {
  /**
   * Starts a fresh module Web Worker whose entry calls `serveSandbox()` from `@hashwork/sdk/executor/browser-worker`;
   * one per job, terminated after it. The page starts it because only the page's bundler knows the worker's URL, e.g.
   * `() => new Worker(new URL("./sandbox-worker.ts", import.meta.url), { type: "module" })`.
   */
  startWorker: () => SandboxWorker;
}

/**
 * Runs a job bundle like `execute` and returns the same result — output, `outputHash`, `fuelUsed`, `stateDigest` — for
 * the same bundle and bytes, with the sandbox in a Web Worker. Throws what `execute` throws. A page cannot size its
 * worker's stack (~1 MiB in Chromium, against the node's 64 MiB): the default stack budget (`limits.stackKiB`, 128 KiB)
 * fits in it, so a deep recursion ends in the same `STACK_OVERFLOW` as on a node; a bundle asking for more than the
 * worker holds (`measureStackKiB`) throws `HostResourceError` once the engine's stack runs out, never another result.
 * A worker the browser kills (out of memory, say) is a `WorkerCrashedError`.
 */
export async function executeInBrowser(
  bundleOrBytes: JobBundle | Uint8Array,
  source: ExecuteSource,
  options: BrowserExecuteOptions,
): Promise<ExecutionResult> {
  return executeWith((job, deadlineMs) => runInWebWorker(job, deadlineMs, options), bundleOrBytes, source, options);
}

function runInWebWorker(
  job: WorkerJob,
  deadlineMs: number | undefined,
  options: BrowserExecuteOptions,
): Promise<WorkerMessage> {
  return superviseWorker(deadlineMs, options, (run) => {
    const worker = options.startWorker();
    worker.addEventListener("message", (event) => run.resolve(event.data as WorkerMessage));
    // A script that failed to load, an exception in the worker, or a verdict that could not be cloned.
    const crashed = (event: SandboxWorkerEvent) =>
      run.fail(new WorkerCrashedError({ details: `${event.type}: ${event.message ?? "no message"}` }));
    worker.addEventListener("error", crashed);
    worker.addEventListener("messageerror", crashed);
    worker.postMessage(job, [job.module.buffer as ArrayBuffer, job.input.buffer as ArrayBuffer]);
    return () => worker.terminate();
  });
}
