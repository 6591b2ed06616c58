import { createBundle } from "../bundle/create.js";
import { getExample } from "../workloads/examples.js";
import { execute, type ExecuteOptions } from "./execute.js";

/** What {@link measureFuelRate} resolves to: the conservative rate and every calibration run. */
export interface FuelRate {
  /** Conservative rate: the slowest of the calibration runs, in fuel per second. */
  fuelPerSecond: number;
  samples: { name: string; fuelUsed: bigint; durationMs: number; fuelPerSecond: number }[];
}

const encoder = new TextEncoder();

// Calibration jobs with different instruction mixes (integer hashing, floating point, memory-bound sieve,
// allocation-heavy text processing), each a fraction of a second on a typical core.
const CALIBRATION: { name: string; input: () => Uint8Array }[] = [
  { name: "sha256", input: () => new Uint8Array(1 << 20).map((_, i) => (i * 2654435761) >>> 24) },
  { name: "mandelbrot", input: () => encoder.encode("200 150 -2.5 1 -1.25 1.25 400\n") },
  { name: "primes", input: () => encoder.encode("3000000\n") },
  { name: "wordfreq", input: () => encoder.encode("the quick brown fox jumps over the lazy dog ".repeat(5000)) },
];

/**
 * Measures this machine's fuel per second by running the calibration jobs in the sandbox, one after the
 * other, and keeps the slowest rate: a node that claims only jobs with fuel ≤ rate × time left finishes
 * them in time whatever their mix. Takes about a second. Measure with the `isolation` the jobs will run with.
 */
export async function measureFuelRate(options: Pick<ExecuteOptions, "signal" | "isolation"> = {}): Promise<FuelRate> {
  const samples: FuelRate["samples"] = [];
  for (const { name, input } of CALIBRATION) {
    const example = getExample(name);
    const module = await example.module();
    const bytes = input();
    const bundle = createBundle({ module, input: bytes, args: example.args, limits: example.limits });
    const result = await execute(bundle, { module, input: bytes }, options);
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
