// Runs the sample workloads (default inputs) and the hostile corpus once, in this process, and prints one
// JSON line per job — name, verdict, outputHash, fuelUsed — then the process's peak RSS. Spawned by
// engine-flags.test.ts under different V8 flags; the lines must be identical whatever the flags.
import { createBundle } from "../../src/bundle/index.js";
import { execute } from "../../src/executor/index.js";
import { listExamples } from "../../src/workloads/index.js";
import { HOSTILE_CASES, HOSTILE_LIMITS } from "./hostile.js";

const jobs: { name: string; module: () => Promise<Uint8Array>; input?: Uint8Array; limits: typeof HOSTILE_LIMITS }[] = [
  ...listExamples().map((e) => ({
    name: `example ${e.name}`,
    module: e.module,
    input: e.defaultInput(),
    limits: e.limits,
  })),
  ...HOSTILE_CASES.map((c) => ({ ...c, limits: { ...HOSTILE_LIMITS, ...c.limits } })),
];

const peakMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);
// Jobs with at most 16 MiB of memory first, so their peak can be told apart from the 256 MiB growth case.
jobs.sort((a, b) => a.limits.memoryMiB - b.limits.memoryMiB);
let smallPeak = 0;
for (const job of jobs) {
  if (job.limits.memoryMiB > 16 && smallPeak === 0) smallPeak = peakMiB();
  const module = await job.module();
  const bundle = createBundle({ module, input: job.input, limits: job.limits });
  const started = performance.now();
  const r = await execute(bundle, { module, input: job.input });
  if (process.env.CORPUS_TIMES) process.stderr.write(`${job.name}: ${Math.round(performance.now() - started)} ms\n`);
  const line = {
    name: job.name,
    kind: r.kind,
    code: r.error?.code,
    exitCode: r.error?.exitCode,
    outputHash: r.outputHash,
  };
  process.stdout.write(`${JSON.stringify({ ...line, fuelUsed: r.fuelUsed.toString() })}\n`);
}
process.stdout.write(`${JSON.stringify({ peakRssMiB: { smallJobs: smallPeak, all: peakMiB() } })}\n`);
