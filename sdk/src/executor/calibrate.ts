// The fuel-rate calibration, for any executor: Node's `execute` (measureFuelRate, fuel-rate.ts) and a page's
// `executeInBrowser` run the same four workloads through this one loop. Nothing here touches a Node or DOM API, so a
// page can import it (the modules' bytes come from the caller: a file on a node, a fetch in a page).
import { createBundle } from "../bundle/create.js";
import { MIB } from "../bundle/limits.js";
import type { BundleLimits, JobBundle } from "../bundle/types.js";
import type { ExecutionResult } from "./execute.js";

/** What {@link calibrate} (and `measureFuelRate`) resolves to: the conservative rate and every calibration run. */
export interface FuelRate {
  /** Conservative rate: the slowest of the calibration runs, in fuel per second. */
  fuelPerSecond: number;
  samples: { name: string; fuelUsed: bigint; durationMs: number; fuelPerSecond: number }[];
}

/** The calibration workloads: sample workloads of the SDK (sdk/workloads/build/<name>.wasm). */
export type CalibrationName = "sha256" | "mandelbrot" | "primes" | "wordfreq";

/** Runs one calibration job: `execute` or `executeInBrowser` with the caller's options. */
export type CalibrationRun = (
  bundle: JobBundle,
  source: { module: Uint8Array; input: Uint8Array },
) => Promise<ExecutionResult>;

const encoder = new TextEncoder();

/**
 * The calibration jobs, with different instruction mixes (integer hashing, floating point, memory-bound sieve,
 * allocation-heavy text processing), each a fraction of a second on a typical core. Their args (none) and limits are
 * the sample workloads' own (`getExample`; the SDK's fuel test checks they stay equal).
 */
export const CALIBRATION: readonly {
  /** The sample workload. */
  name: CalibrationName;
  /** Its calibration input (a fresh copy per call). */
  input: () => Uint8Array;
  /** The bundle's limits: the sample workload's. */
  limits: BundleLimits;
}[] = [
  {
    name: "sha256",
    input: () => new Uint8Array(1 << 20).map((_, i) => (i * 2654435761) >>> 24),
    limits: { memoryMiB: 1, fuel: 40_000_000_000, maxOutputBytes: 65 },
  },
  {
    name: "mandelbrot",
    input: () => encoder.encode("200 150 -2.5 1 -1.25 1.25 400\n"),
    limits: { memoryMiB: 2, fuel: 50_000_000_000, maxOutputBytes: 3 * 2048 * 2048 + 32 },
  },
  {
    name: "primes",
    input: () => encoder.encode("3000000\n"),
    limits: { memoryMiB: 16, fuel: 17_000_000_000, maxOutputBytes: 64 },
  },
  {
    name: "wordfreq",
    input: () => encoder.encode("the quick brown fox jumps over the lazy dog ".repeat(5000)),
    limits: { memoryMiB: 128, fuel: 13_000_000_000, maxOutputBytes: 8 * MIB },
  },
];

/**
 * Measures fuel per second by running the calibration jobs with `run`, one after the other, and keeps the slowest
 * rate: a provider that claims only jobs with fuel ≤ rate × time left finishes them in time whatever their mix.
 * `module` gives a calibration workload's committed module. Takes about a second on a typical core.
 */
export async function calibrate(
  run: CalibrationRun,
  module: (name: CalibrationName) => Promise<Uint8Array>,
): Promise<FuelRate> {
  const samples: FuelRate["samples"] = [];
  for (const { name, input, limits } of CALIBRATION) {
    const bytes = await module(name);
    const inputBytes = input();
    const bundle = createBundle({ module: bytes, input: inputBytes, args: [], limits });
    const result = await run(bundle, { module: bytes, input: inputBytes });
    if (result.kind !== "output") throw new Error(`calibration job ${name} failed: ${result.error?.code}`);
    const seconds = Math.max(result.durationMs, 1) / 1000;
    samples.push({
      name,
      fuelUsed: result.fuelUsed,
      durationMs: result.durationMs,
      fuelPerSecond: Number(result.fuelUsed) / seconds,
    });
  }
  return { fuelPerSecond: Math.min(...samples.map((s) => s.fuelPerSecond)), samples };
}
