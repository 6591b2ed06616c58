import { AbiCoder, id, keccak256 } from "ethers";
import type { NodeConfig } from "../config/types.js";
import {
  ExecutionError,
  InputHashMismatchError,
  ModuleHashMismatchError,
  NonZeroExitError,
  errorOutput,
  execute,
  type JobBundle,
} from "../sdk.js";

/**
 * The one adapter between the node and the SDK's executor. The executor is being rewritten for fuel metering (branch
 * `exec`: `execute()` returns `{ kind, output, outputHash, fuelUsed, … }` for every deterministic outcome, bundles
 * carry `limits.fuel`, and `measureFuelRate()` measures this machine). Until that lands, this file maps today's
 * executor onto what the node needs, and nothing else in the node touches the executor:
 *   - `fuelUsed` is the executor's when it reports one, otherwise 0 — every honest replica then agrees on 0, and a
 *     replica is paid its own minimum (`minMfuel`);
 *   - the machine's fuel rate is the config's `provider.fuelPerSecond`;
 *   - the state digest a verifier's proof of execution binds (the module's final linear memory) is the executor's when
 *     it reports one, otherwise a stand-in derived from the answer (see `standInStateDigest`).
 */

/** What running a job produced: an answer (output or deterministic failure) or "the input cannot be had". */
export type ExecOutcome =
  | {
      kind: "output" | "error";
      /** Set for "error": the executor's error code. */
      code?: string;
      output: Uint8Array;
      outputHash: string;
      fuelUsed: bigint;
      /** Digest of the module's final state: what a verifier's proof of execution binds. */
      stateDigest: string;
      durationMs: number;
    }
  | { kind: "input-unavailable"; reason: string };

/**
 * Runs the module through the SDK's sandboxed executor (worker thread, WASI preview 1, fixed clock, seeded random,
 * memory capped at the declared maximum, output cap) and classifies the result. Retryable failures (the worker itself
 * crashed) and aborts are rethrown: the job is retried or parked.
 */
export async function runJob(
  bundle: JobBundle,
  module: Uint8Array,
  input: Uint8Array,
  signal?: AbortSignal,
): Promise<ExecOutcome> {
  const started = performance.now();
  try {
    const result = (await execute(bundle, { module, input }, { signal })) as {
      output: Uint8Array;
      durationMs: number;
      fuelUsed?: bigint;
      stateDigest?: string;
    };
    const outputHash = keccak256(result.output);
    const fuelUsed = result.fuelUsed ?? 0n;
    return {
      kind: "output",
      output: result.output,
      outputHash,
      fuelUsed,
      stateDigest: result.stateDigest ?? standInStateDigest(outputHash, fuelUsed),
      durationMs: result.durationMs,
    };
  } catch (error) {
    if (error instanceof ModuleHashMismatchError || error instanceof InputHashMismatchError) {
      return { kind: "input-unavailable", reason: error.shortMessage };
    }
    if (error instanceof ExecutionError && !error.retryable) {
      const exitCode = error instanceof NonZeroExitError ? error.exitCode : undefined;
      const output = errorOutput(error.code, exitCode);
      const outputHash = keccak256(output);
      return {
        kind: "error",
        code: error.code,
        output,
        outputHash,
        fuelUsed: 0n,
        stateDigest: standInStateDigest(outputHash, 0n),
        durationMs: performance.now() - started,
      };
    }
    throw error;
  }
}

/** This machine's execution speed, fuel per second (the executor's `measureFuelRate()` once it exists). */
export function fuelRate(config: Pick<NodeConfig, "provider">): number {
  return config.provider.fuelPerSecond;
}

/** Seconds this machine needs, at worst, to run a job of `maxFuel` (and, for today's bundles, its wall-clock limit). */
export function worstCaseSeconds(config: Pick<NodeConfig, "provider">, maxFuel: bigint, bundle?: JobBundle): number {
  const byFuel = Math.ceil(Number(maxFuel) / fuelRate(config));
  const limits = bundle?.limits as { timeoutMs?: number } | undefined;
  const byClock = limits?.timeoutMs === undefined ? 0 : Math.ceil(limits.timeoutMs / 1000);
  return Math.max(byFuel, byClock);
}

/** The bundle's fuel limit, which must equal the job's `maxFuel` (undefined for bundles without one). */
export function bundleFuelLimit(bundle: JobBundle): bigint | undefined {
  const fuel = (bundle.limits as { fuel?: number | bigint }).fuel;
  return fuel === undefined ? undefined : BigInt(fuel);
}

const STAND_IN = id("hashwork.state-digest.stand-in");

/**
 * The stand-in for the executor's final-state digest while it reports none: derived from the answer, so every honest
 * verifier agrees on it — but a verifier that copies a revealed answer can compute it too, so until the executor
 * reports real digests a panel's proof check adds nothing to its result check.
 */
export function standInStateDigest(outputHash: string, fuelUsed: bigint): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(["bytes32", "bytes32", "uint64"], [STAND_IN, outputHash, fuelUsed]),
  );
}
