// bench:exec — what fuel metering costs. Runs each sample workload on a bench-sized input, metered (as
// providers run it) and unmetered (the same module as compiled, no fuel, stack budget or NaN rules), and
// prints fuel, both times, their ratio, fuel per second and the host's peak RSS while the job ran. Each
// time is the fastest of RUNS interleaved runs: the least disturbed by other processes on a shared machine.
// Ends with `metered/unmetered: <ratio>x (median)` over the workloads. Nothing here asserts a time.
import { createBundle } from "../src/bundle/index.js";
import { execute, FUEL_SCHEDULE_VERSION, type ExecutionResult } from "../src/executor/index.js";
import { syntheticImage } from "../src/workloads/images.js";
import { getExample, randomInput, seededRandom } from "../src/workloads/index.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const encoder = new TextEncoder();

const INPUTS: Record<string, () => Uint8Array> = {
  sha256: () => new Uint8Array(8 << 20).map((_, i) => (i * 2654435761) >>> 24),
  wordfreq: () => {
    const random = seededRandom(7);
    const parts: Uint8Array[] = [];
    for (let size = 0; size < 2 << 20;) {
      const part = randomInput("wordfreq", random);
      parts.push(part);
      size += part.length;
    }
    return Buffer.concat(parts);
  },
  mandelbrot: () => encoder.encode("600 400 -2.5 1 -1.25 1.25 1000\n"),
  primes: () => encoder.encode("30000000\n"),
  iris: () => {
    const random = seededRandom(3);
    return Buffer.concat(Array.from({ length: 500 }, () => randomInput("iris", random)));
  },
  edges: () => syntheticImage(1024, 1024, seededRandom(5)),
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Runs the job and samples this process's RSS (workers are threads of it) until it finishes. */
async function measure(run: () => Promise<ExecutionResult>): Promise<{ result: ExecutionResult; peakRss: number }> {
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 5);
  try {
    const result = await run();
    return { result, peakRss: Math.max(peakRss, process.memoryUsage.rss()) };
  } finally {
    clearInterval(sampler);
  }
}

const rows: string[][] = [];
const ratios: number[] = [];
for (const [name, makeInput] of Object.entries(INPUTS)) {
  const example = getExample(name);
  const module = await example.module();
  const input = makeInput();
  const bundle = createBundle({ module, input, args: example.args, limits: example.limits });
  const metered: number[] = [];
  const unmetered: number[] = [];
  let fuel = 0n;
  let peak = 0;
  for (let i = 0; i < RUNS; i++) {
    const m = await measure(() => execute(bundle, { module, input }));
    const u = await measure(() => execute(bundle, { module, input }, { unmetered: true }));
    if (m.result.kind !== "output" || m.result.outputHash !== u.result.outputHash) {
      throw new Error(`${name}: metered and unmetered runs disagree (${m.result.error?.code ?? "output"})`);
    }
    fuel = m.result.fuelUsed;
    metered.push(m.result.durationMs);
    unmetered.push(u.result.durationMs);
    peak = Math.max(peak, m.peakRss);
  }
  const [tm, tu] = [Math.min(...metered), Math.min(...unmetered)];
  ratios.push(tm / tu);
  rows.push([
    name,
    `${(input.length / 1024).toFixed(0)} KiB`,
    fuel.toString(),
    tm.toFixed(1),
    tu.toFixed(1),
    `${(tm / tu).toFixed(2)}x`,
    `${(((Number(fuel) / tm) * 1000) / 1e9).toFixed(2)} G`,
    `${(peak / 2 ** 20).toFixed(0)} MiB`,
  ]);
}

const header = ["workload", "input", "fuel", "metered ms", "unmetered ms", "ratio", "fuel/s", "peak RSS"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
process.stdout.write(
  `${`fuel schedule v${FUEL_SCHEDULE_VERSION}, fastest of ${RUNS} runs each, node ${process.version}`}\n`,
);
process.stdout.write(`${line(header)}\n`);
for (const row of rows) process.stdout.write(`${line(row)}\n`);
process.stdout.write(`metered/unmetered: ${median(ratios).toFixed(2)}x (median)\n`);
