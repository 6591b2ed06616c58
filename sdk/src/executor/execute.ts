import { Worker } from "node:worker_threads";
import { getBytes, keccak256 } from "ethers";
import { bundleHash } from "../bundle/hash.js";
import { parseBundle } from "../bundle/parse.js";
import type { Hex, JobBundle } from "../bundle/types.js";
import { validateBundle } from "../bundle/validate.js";
import {
  AbortedError,
  ExecutionTimeoutError,
  InvalidModuleError,
  NonZeroExitError,
  OutOfMemoryError,
  OutputTooLargeError,
  TrapError,
  WorkerCrashedError,
} from "../errors/index.js";
import { checkModule, inspectModule } from "./inspect.js";
import type { WorkerJob, WorkerMessage } from "./protocol.js";
import { loadJobBytes, type ExecuteSource } from "./sources.js";

export interface ExecuteOptions {
  signal?: AbortSignal;
  /** stderr kept for diagnostics; the rest is dropped. Default 64 KiB. */
  maxStderrBytes?: number;
  /**
   * Deadline for compiling and instantiating the module, before `limits.timeoutMs` starts counting.
   * Default 30 s.
   */
  startupTimeoutMs?: number;
}

export interface ExecutionResult {
  /** Everything the module wrote to stdout. */
  output: Uint8Array;
  /** keccak256(output): the result hash providers submit. */
  outputHash: Hex;
  /** What it wrote to stderr (capped); not part of the result. */
  stderr: Uint8Array;
  /** Wall-clock time of `_start`; diagnostics only, never part of the result. */
  durationMs: number;
  /** Always 0: any other exit code is a `NonZeroExitError`. */
  exitCode: 0;
}

/**
 * Runs a job bundle's WASI preview 1 module in a fresh worker thread and returns its stdout. Throws a
 * typed `ExecutionError` for every failure: `InvalidModuleError` (before running), `Module/InputHash
 * MismatchError`, `ExecutionTimeoutError`, `TrapError`, `OutOfMemoryError`, `OutputTooLargeError`,
 * `NonZeroExitError`; `WorkerCrashedError` (retryable) when the sandbox itself fails; `AbortedError`.
 * A malformed bundle throws `BundleValidationError`; store failures propagate as the store's errors
 * (`ContentNotFoundError`, `ContentMismatchError`, `StoreUnavailableError`, ...).
 */
export async function execute(
  bundleOrBytes: JobBundle | Uint8Array,
  source: ExecuteSource,
  options: ExecuteOptions = {},
): Promise<ExecutionResult> {
  const bundle = bundleOrBytes instanceof Uint8Array ? parseBundle(bundleOrBytes) : validateBundle(bundleOrBytes);
  const { module, input } = await loadJobBytes(bundle, source, options.signal);
  const memory = checkModule(inspectModule(module), bundle.limits.memoryMiB);

  const job: WorkerJob = {
    module: Uint8Array.from(module),
    input: Uint8Array.from(input),
    args: ["job", ...bundle.args],
    // Sorted like the canonical bundle, so environ order is part of the job, not of the host.
    env: Object.keys(bundle.env)
      .sort()
      .map((key) => `${key}=${bundle.env[key]}`),
    seed: getBytes(bundleHash(bundle)),
    maxOutputBytes: bundle.limits.maxOutputBytes,
    maxStderrBytes: options.maxStderrBytes ?? 64 * 1024,
    memory,
  };
  const verdict = await runInWorker(job, bundle.limits.timeoutMs, options);
  return toResult(verdict.message, verdict.durationMs, bundle.limits.maxOutputBytes);
}

function toResult(message: WorkerMessage, durationMs: number, maxOutputBytes: number): ExecutionResult {
  switch (message.kind) {
    case "exit":
      if (message.exitCode !== 0) throw new NonZeroExitError(message.exitCode, { stderr: message.stderr });
      return {
        output: message.output,
        outputHash: keccak256(message.output) as Hex,
        stderr: message.stderr,
        durationMs,
        exitCode: 0,
      };
    case "trap":
      if (message.memoryExhausted) {
        throw new OutOfMemoryError({
          details: `trapped with memory at its declared maximum: ${message.message}`,
          cause: new TrapError(message.message, { stderr: message.stderr }),
          stderr: message.stderr,
        });
      }
      throw new TrapError(message.message, { stderr: message.stderr });
    case "output-too-large":
      throw new OutputTooLargeError(maxOutputBytes, { stderr: message.stderr });
    case "out-of-memory":
      throw new OutOfMemoryError({ details: message.message, stderr: message.stderr });
    case "invalid-module":
      throw new InvalidModuleError(message.message);
    case "started":
      throw new WorkerCrashedError({ details: "worker reported no verdict" });
  }
}

// The worker is a .ts file under tsx/Hardhat and .js once compiled. A TypeScript worker needs the tsx
// loader; add it when the parent process was not started with it (Hardhat registers tsx in-process,
// which worker threads do not inherit).
function workerSpec(): { url: URL; execArgv: string[] | undefined } {
  const ts = import.meta.url.endsWith(".ts");
  const url = new URL(ts ? "./worker.ts" : "./worker.js", import.meta.url);
  if (!ts) return { url, execArgv: undefined };
  const inherited = `${process.execArgv.join(" ")} ${process.env.NODE_OPTIONS ?? ""}`;
  if (/\btsx\b/.test(inherited)) return { url, execArgv: undefined };
  return { url, execArgv: [...process.execArgv, "--import", import.meta.resolve("tsx/esm")] };
}

function runInWorker(
  job: WorkerJob,
  timeoutMs: number,
  options: ExecuteOptions,
): Promise<{ message: WorkerMessage; durationMs: number }> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(new AbortedError({ cause: signal.reason }));
  const { url, execArgv } = workerSpec();

  return new Promise((resolve, reject) => {
    const worker = new Worker(url, {
      workerData: job,
      transferList: [job.module.buffer as ArrayBuffer, job.input.buffer as ArrayBuffer],
      execArgv,
      stdout: true, // the module cannot reach these, but keep any stray host output off our process
      stderr: true,
      // A backstop for the JS side (the shim, buffers); WASM linear memory is capped by its declared maximum.
      resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    });
    let settled = false;
    let startedAt = 0;
    let timer = setTimeout(() => fail(startupTimeout()), options.startupTimeoutMs ?? 30_000);
    const startupTimeout = () =>
      new ExecutionTimeoutError(options.startupTimeoutMs ?? 30_000, { details: "compiling the module took too long" });

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

    worker.on("message", (message: WorkerMessage) => {
      if (message.kind === "started") {
        clearTimeout(timer);
        startedAt = performance.now();
        timer = setTimeout(() => fail(new ExecutionTimeoutError(timeoutMs)), timeoutMs);
        return;
      }
      const durationMs = startedAt ? performance.now() - startedAt : 0;
      finish(() => resolve({ message, durationMs }));
    });
    worker.on("error", (error: Error & { code?: string }) => {
      if (error.code === "ERR_WORKER_OUT_OF_MEMORY") {
        return fail(new OutOfMemoryError({ details: "the worker exceeded its heap limit", cause: error }));
      }
      fail(new WorkerCrashedError({ cause: error }));
    });
    worker.on("exit", (code) => fail(new WorkerCrashedError({ details: `worker exited with code ${code}` })));
  });
}
