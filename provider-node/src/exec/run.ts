import { InputHashMismatchError, ModuleHashMismatchError, execute, type JobBundle } from "../sdk.js";

/**
 * What running a job produced: its stdout or a deterministic failure (both with the fuel used), or "the
 * input cannot be had". Replicas will commit to (outputHash, fuelUsed); today's contracts take the hash
 * only, so fuelUsed is recorded (jobs.fuel_used) for the contracts that will carry it.
 */
export type ExecOutcome =
  | { kind: "output"; output: Uint8Array; fuelUsed: bigint; durationMs: number }
  | { kind: "error"; code: string; output: Uint8Array; fuelUsed: bigint; durationMs: number }
  | { kind: "input-unavailable"; reason: string };

/**
 * Runs the module through the SDK's sandboxed executor (worker thread, WASI preview 1, fixed clock, seeded
 * random, fuel metering, memory capped at the declared maximum, output cap) and classifies the result.
 * Everything else is rethrown: retryable failures of this machine (worker crash, host resources), aborts,
 * and `ExecutionDeadlineError` when `deadlineMs` passes (the caller abstains).
 */
export async function runJob(
  bundle: JobBundle,
  module: Uint8Array,
  input: Uint8Array,
  signal?: AbortSignal,
  deadlineMs?: number,
): Promise<ExecOutcome> {
  try {
    const r = await execute(bundle, { module, input }, { signal, deadlineMs });
    if (r.kind === "output")
      return { kind: "output", output: r.output, fuelUsed: r.fuelUsed, durationMs: r.durationMs };
    return { kind: "error", code: r.error!.code, output: r.output, fuelUsed: r.fuelUsed, durationMs: r.durationMs };
  } catch (error) {
    if (error instanceof ModuleHashMismatchError || error instanceof InputHashMismatchError) {
      return { kind: "input-unavailable", reason: error.shortMessage };
    }
    throw error;
  }
}
