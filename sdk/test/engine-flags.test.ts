import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const RUNNER = fileURLToPath(new URL("./helpers/corpus-runner.ts", import.meta.url));

// V8 flags that change how WASM is compiled on the same machine: no FMA (what a CPU without it does),
// baseline compiler only, optimizing compiler only, and no JS optimization (the WASI host). The replicas'
// commitment — outputHash and fuelUsed, plus the verdict — must not change with any of them.
const VARIANTS: string[][] = [["--no-enable-fma3"], ["--liftoff-only"], ["--no-liftoff"], ["--no-opt"]];

/**
 * Peak RSS of a process that ran the sample workloads and the hostile corpus: jobs of at most 16 MiB
 * memory (among them 3 GiB fd_allocate/fd_filestat_set_size requests and huge iovec and subscription
 * counts), then one that grows to 256 MiB. Measured at 146–176 MiB (small jobs) on the reference machine.
 */
const RSS_BOUND_SMALL_JOBS_MIB = 300;
const RSS_BOUND_ALL_MIB = 300 + 256;

async function runCorpus(flags: string[]): Promise<{ lines: string[]; peak: { smallJobs: number; all: number } }> {
  const { stdout } = await promisify(execFile)(process.execPath, [...flags, "--import", "tsx", RUNNER], {
    env: { ...process.env, NODE_OPTIONS: "" },
    maxBuffer: 16 * 1024 * 1024,
  });
  const lines = stdout.trim().split("\n");
  const last = JSON.parse(lines.pop()!) as { peakRssMiB: { smallJobs: number; all: number } };
  return { lines, peak: last.peakRssMiB };
}

/** Maps `items` two at a time (the reference machine has two cores), keeping the order. */
async function inPairs<T, R>(items: T[], f: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += 2) out.push(...(await Promise.all(items.slice(i, i + 2).map(f))));
  return out;
}

describe("determinism across engine tiers and CPU features", { timeout: 300_000 }, () => {
  it("checks the flags exist in this V8", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["--v8-options"], { maxBuffer: 8 << 20 });
    for (const flag of VARIANTS.flat()) {
      assert.match(stdout, new RegExp(`^  --${flag.replace(/^--(no-)?/, "")}\\b`, "m"), flag);
    }
  });

  it("gives the same verdict, outputHash and fuelUsed under every variant, within the RSS bound", async () => {
    const [reference, ...variants] = await inPairs([[], ...VARIANTS], runCorpus);
    assert.ok(reference!.lines.length >= 30, "the corpus ran");
    VARIANTS.forEach((flags, i) => assert.deepEqual(variants[i]!.lines, reference!.lines, flags.join(" ")));
    for (const { peak } of [reference!, ...variants]) {
      assert.ok(peak.smallJobs < RSS_BOUND_SMALL_JOBS_MIB, `peak RSS ${peak.smallJobs} MiB with small jobs`);
      assert.ok(peak.all < RSS_BOUND_ALL_MIB, `peak RSS ${peak.all} MiB`);
    }
  });
});
