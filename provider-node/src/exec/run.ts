import {
  ExecutionError,
  InputHashMismatchError,
  ModuleHashMismatchError,
  NonZeroExitError,
  errorOutput,
  execute,
  type JobBundle,
} from "../sdk.js";

/** What running a job produced: its stdout, a deterministic failure, or "the input cannot be had". */
export type ExecOutcome =
  | { kind: "output"; output: Uint8Array; durationMs: number }
  | { kind: "error"; code: string; output: Uint8Array; durationMs: number }
  | { kind: "input-unavailable"; reason: string };

/**
 * Runs the module through the SDK's sandboxed executor (worker thread, WASI preview 1, fixed clock, seeded
 * random, memory capped at the declared maximum, wall-clock timeout, output cap) and classifies the result.
 * Retryable failures (the worker itself crashed) and aborts are rethrown: the job is retried or parked.
 */
export async function runJob(
  bundle: JobBundle,
  module: Uint8Array,
  input: Uint8Array,
  signal?: AbortSignal,
): Promise<ExecOutcome> {
  const started = performance.now();
  try {
    const result = await execute(bundle, { module, input }, { signal });
    return { kind: "output", output: result.output, durationMs: result.durationMs };
  } catch (error) {
    if (error instanceof ModuleHashMismatchError || error instanceof InputHashMismatchError) {
      return { kind: "input-unavailable", reason: error.shortMessage };
    }
    if (error instanceof ExecutionError && !error.retryable) {
      const exitCode = error instanceof NonZeroExitError ? error.exitCode : undefined;
      return {
        kind: "error",
        code: error.code,
        output: errorOutput(error.code, exitCode),
        durationMs: performance.now() - started,
      };
    }
    throw error;
  }
}
