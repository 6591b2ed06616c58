// What the main thread does around a sandbox worker, the same in Node (execute.ts) and in a browser (browser.ts): the
// job a bundle defines, the supervision of the worker (deadline, abort, termination) and the result or typed error its
// verdict becomes. Sharing it keeps what replicas commit to — argv, environ order, the random seed, error outputs —
// defined once, and the two executors' failure handling the same.
import { getBytes, keccak256 } from "ethers";
import { bundleHash } from "../bundle/hash.js";
import { parseBundle } from "../bundle/parse.js";
import type { Hex, JobBundle } from "../bundle/types.js";
import { validateBundle } from "../bundle/validate.js";
import {
  AbortedError,
  ExecutionDeadlineError,
  HostResourceError,
  InputHashMismatchError,
  ModuleHashMismatchError,
} from "../errors/index.js";
import { errorOutput } from "../results.js";
import type { ExecuteOptions, ExecutionResult } from "./execute.js";
import { stackBudgetSlots } from "./instrument/schedule.js";
import type { WorkerJob, WorkerMessage, WorkerOutcome } from "./protocol.js";
import { loadJobBytes, type ExecuteSource } from "./sources.js";

const EMPTY_HASH = keccak256(new Uint8Array(0)) as WorkerJob["inputHash"];

/**
 * The whole of `execute` but the worker: checks the bundle, loads its bytes, hands the job to `runWorker` with what is
 * left of the local deadline, and turns the verdict into a result (or throws its typed error).
 */
export async function executeWith(
  runWorker: (job: WorkerJob, deadlineMs: number | undefined) => Promise<WorkerMessage>,
  bundleOrBytes: JobBundle | Uint8Array,
  source: ExecuteSource,
  options: ExecuteOptions,
): Promise<ExecutionResult> {
  const started = performance.now();
  const bundle = bundleOrBytes instanceof Uint8Array ? parseBundle(bundleOrBytes) : validateBundle(bundleOrBytes);
  const job = workerJobOf(bundle, await loadJobBytes(bundle, source, options.signal), options.unmetered !== true);
  const deadline = options.deadlineMs === undefined ? undefined : options.deadlineMs - (performance.now() - started);
  return resultOfVerdict(await runWorker(job, deadline));
}

/** The job a worker runs for `bundle`, with copies of its bytes (the worker takes them over). */
export function workerJobOf(
  bundle: JobBundle,
  bytes: { module: Uint8Array; input: Uint8Array },
  metered: boolean,
): WorkerJob {
  return {
    module: Uint8Array.from(bytes.module),
    input: Uint8Array.from(bytes.input),
    moduleHash: bundle.module.hash,
    inputHash: bundle.input?.hash ?? EMPTY_HASH,
    args: ["job", ...bundle.args],
    // Sorted like the canonical bundle, so environ order is part of the job, not of the host.
    env: Object.keys(bundle.env)
      .sort()
      .map((key) => `${key}=${bundle.env[key]}`),
    seed: getBytes(bundleHash(bundle)),
    memoryMiB: bundle.limits.memoryMiB,
    stackSlots: stackBudgetSlots(bundle.limits.stackKiB),
    fuel: BigInt(bundle.limits.fuel),
    maxOutputBytes: bundle.limits.maxOutputBytes,
    metered,
  };
}

/** Where a sandbox worker's events go: its verdict, or why the run failed. */
export interface WorkerRun {
  resolve(message: WorkerMessage): void;
  fail(error: unknown): void;
}

/**
 * Runs one sandbox worker to its first outcome: its verdict, a failure it reports, the local deadline (`deadlineMs`
 * left of `options.deadlineMs`) or the caller's abort, whichever comes first; the worker is terminated then, which
 * stops a module even inside an infinite WASM loop. `start` creates the worker (a Node worker thread or a Web Worker),
 * wires its events to `run` and returns how to terminate it.
 */
export function superviseWorker(
  deadlineMs: number | undefined,
  options: ExecuteOptions,
  start: (run: WorkerRun) => () => unknown,
): Promise<WorkerMessage> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(new AbortedError({ cause: signal.reason }));
  if (deadlineMs !== undefined && deadlineMs <= 0) {
    return Promise.reject(new ExecutionDeadlineError(options.deadlineMs!));
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const worker: { terminate?: () => unknown } = {};
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      void Promise.resolve(worker.terminate?.()).finally(settle);
    };
    const fail = (error: unknown) => finish(() => reject(error));
    const onAbort = () => fail(new AbortedError({ cause: signal?.reason }));
    if (deadlineMs !== undefined) {
      timer = setTimeout(() => fail(new ExecutionDeadlineError(options.deadlineMs!)), deadlineMs);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.terminate = start({ resolve: (message) => finish(() => resolve(message)), fail });
    if (settled) void worker.terminate(); // aborted while it started
  });
}

/** The worker's verdict as a result; throws the typed error for bytes that are not the bundle's or a host failure. */
export function resultOfVerdict(message: WorkerMessage): ExecutionResult {
  switch (message.kind) {
    case "outcome":
      return toResult(message);
    case "mismatch":
      if (message.which === "module") throw new ModuleHashMismatchError(message.expected, message.actual);
      throw new InputHashMismatchError(message.expected, message.actual);
    case "host":
      throw new HostResourceError(message.message, { stackSlots: message.stackSlots });
  }
}

function toResult({ outcome, fuelUsed, stateDigest, stderr, durationMs }: WorkerOutcome): ExecutionResult {
  if (outcome.kind === "output") return { ...outcome, fuelUsed, stateDigest, stderr, durationMs };
  const { code, exitCode, message } = outcome;
  const output = errorOutput(code, exitCode);
  const error = exitCode === undefined ? { code, message } : { code, exitCode, message };
  const outputHash = keccak256(output) as Hex;
  return { kind: "error", output, outputHash, fuelUsed, stateDigest, error, stderr, durationMs };
}
