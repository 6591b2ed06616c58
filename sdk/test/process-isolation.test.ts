// execute's `isolation: "process"` (the provider node's): the same results and errors as the in-process sandbox, and
// no sandbox process outlives its job, whichever way the job ends.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { createBundle, FUEL_MAX, type BundleLimits } from "../src/bundle/index.js";
import {
  AbortedError,
  ExecutionDeadlineError,
  ModuleHashMismatchError,
  WorkerCrashedError,
} from "../src/errors/index.js";
import { execute, type ExecuteOptions } from "../src/executor/index.js";
import { processHostPath } from "../src/executor/worker-source.js";
import {
  CLOCK_AND_RANDOM,
  INFINITE_LOOP,
  MEMORY_BOMB,
  OUTPUT_FLOOD,
  STACK_OVERFLOW,
  TRAP,
  UPPERCASE,
} from "./helpers/programs.js";
import { wat } from "./helpers/wat.js";

const LIMITS: BundleLimits = { memoryMiB: 16, fuel: 100_000_000, maxOutputBytes: 1024 * 1024 };
const IN_PROCESS: ExecuteOptions = { isolation: "process" };

/** Pids of this process's sandbox processes that are still running. */
async function sandboxProcesses(): Promise<number[]> {
  const host = await processHostPath();
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
        const parent = Number(stat[1]);
        const running = stat[0] !== "Z";
        return parent === process.pid && running && readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(host);
      } catch {
        return false; // it exited while we looked
      }
    })
    .map(Number);
}

describe("execute with isolation: process", () => {
  it("gives the in-process sandbox's results, byte for byte, for outputs and deterministic failures", async () => {
    const cases: [string, Uint8Array | undefined, Partial<BundleLimits>][] = [
      [UPPERCASE, new TextEncoder().encode("hashwork"), {}],
      [CLOCK_AND_RANDOM, undefined, {}],
      [TRAP, undefined, {}],
      [STACK_OVERFLOW, undefined, {}],
      [MEMORY_BOMB, undefined, { memoryMiB: 2 }],
      [OUTPUT_FLOOD, undefined, { maxOutputBytes: 1000 }],
      [INFINITE_LOOP, undefined, { fuel: 1_000_000 }],
    ];
    for (const [source, input, limits] of cases) {
      const module = await wat(source);
      const bundle = createBundle({ module, input, limits: { ...LIMITS, ...limits } });
      const thread = await execute(bundle, { module, input });
      const own = await execute(bundle, { module, input }, IN_PROCESS);
      assert.ok(own.output instanceof Uint8Array);
      assert.deepEqual(
        { ...own, durationMs: 0, error: own.error && { ...own.error, message: "" } },
        { ...thread, durationMs: 0, error: thread.error && { ...thread.error, message: "" } },
      );
    }
    assert.deepEqual(await sandboxProcesses(), []);
  });

  it("throws the same typed error for bytes that are not the bundle's", async () => {
    const module = await wat(UPPERCASE);
    const bundle = createBundle({ module, limits: LIMITS });
    const other = await wat(TRAP);
    await assert.rejects(execute(bundle, { module: other }, IN_PROCESS), ModuleHashMismatchError);
  });

  it("kills the sandbox process on abort and on the local deadline", async () => {
    const module = await wat(INFINITE_LOOP);
    const bundle = createBundle({ module, limits: { ...LIMITS, fuel: FUEL_MAX } });
    const controller = new AbortController();
    const running = execute(bundle, { module }, { ...IN_PROCESS, signal: controller.signal });
    while ((await sandboxProcesses()).length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    await assert.rejects(running, AbortedError);
    assert.deepEqual(await sandboxProcesses(), []);
    await assert.rejects(execute(bundle, { module }, { ...IN_PROCESS, deadlineMs: 1500 }), ExecutionDeadlineError);
    assert.deepEqual(await sandboxProcesses(), []);
  });

  it("reports a sandbox process that dies mid-job as a retryable WorkerCrashedError", async () => {
    const module = await wat(INFINITE_LOOP);
    const bundle = createBundle({ module, limits: { ...LIMITS, fuel: FUEL_MAX } });
    const running = execute(bundle, { module }, IN_PROCESS);
    let pids: number[] = [];
    while ((pids = await sandboxProcesses()).length === 0) await new Promise((resolve) => setImmediate(resolve));
    process.kill(pids[0]!, "SIGKILL");
    await assert.rejects(running, (e: unknown) => {
      return e instanceof WorkerCrashedError && e.retryable && /SIGKILL/.test(e.details ?? "");
    });
  });
});
