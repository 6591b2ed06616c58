import type { NodeConfig } from "../config/types.js";
import { execute, type JobBundle } from "../sdk.js";
import { outcomeOf, type ExecOutcome } from "./outcome.js";

export type { ExecOutcome } from "./outcome.js";

/**
 * The one adapter between the node and the SDK's fuel-metered executor: nothing else in the node touches it.
 * `execute()` returns every deterministic outcome — an output, or a failure inside the job's limits as the error
 * output — with its `fuelUsed` and the digest of the module's final state (a verifier's proof of execution binds it;
 * replicas never publish it).
 */

/**
 * Every job runs in a sandbox process of its own, not a thread of the node: the node's memory never holds a job's
 * WebAssembly compilation, its V8 isolate or the allocator's free space they leave (about 10 MiB of a working node's
 * resident set), and a failure that takes V8 down ends the job's process, not the node. A process start costs ~50 ms
 * per job. The boot's fuel-rate measurement uses it too.
 */
export const SANDBOX_ISOLATION = "process";

/**
 * Runs the module in the sandbox (a worker thread in a process of its own, WASI preview 1, fixed clock, seeded random,
 * fuel metering, memory capped at the declared maximum, output cap) and classifies the result (`outcomeOf`).
 * Everything that is not a job's answer is rethrown: retryable failures of this machine (sandbox crash, host
 * resources), aborts, and `ExecutionDeadlineError` when `deadlineMs` passes (the caller abstains: the fuel limit bounds
 * the job, the deadline only this machine).
 */
export async function runJob(
  bundle: JobBundle,
  module: Uint8Array,
  input: Uint8Array,
  signal?: AbortSignal,
  deadlineMs?: number,
): Promise<ExecOutcome> {
  return outcomeOf(execute(bundle, { module, input }, { signal, deadlineMs, isolation: SANDBOX_ISOLATION }));
}

/** This machine's sandbox speed, fuel per second: configured, or measured at boot (`measureFuelRate`). */
export function fuelRate(config: Pick<NodeConfig, "provider">): number {
  const rate = config.provider.fuelPerSecond;
  if (rate === undefined) throw new Error("the fuel rate is measured at boot before any job is checked");
  return rate;
}

/** Seconds this machine needs, at worst, to run a job of `maxFuel`: one that runs out of fuel burns all of it. */
export function worstCaseSeconds(config: Pick<NodeConfig, "provider">, maxFuel: bigint): number {
  return Math.ceil(Number(maxFuel) / fuelRate(config));
}

/** The bundle's fuel limit, which must equal the job's `maxFuel`. */
export function bundleFuelLimit(bundle: JobBundle): bigint {
  return BigInt(bundle.limits.fuel);
}
