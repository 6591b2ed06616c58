// executeInBrowser's main-thread half in Node: the sandbox "worker" is a stand-in that runs the shared run loop in this
// thread (or never answers, or crashes), so bundle handling, verdicts, errors, the deadline and abort are checked
// without a browser. browser-provider's test runs the real thing in Chromium.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { createBundle, type BundleLimits } from "../src/bundle/index.js";
import {
  AbortedError,
  ExecutionDeadlineError,
  ModuleHashMismatchError,
  WorkerCrashedError,
} from "../src/errors/index.js";
import { executeInBrowser, type SandboxWorker, type SandboxWorkerEvent } from "../src/executor/browser.js";
import { execute } from "../src/executor/index.js";
import type { WorkerJob } from "../src/executor/protocol.js";
import { runJob } from "../src/executor/run-job.js";
import { CLOCK_AND_RANDOM, TRAP, UPPERCASE } from "./helpers/programs.js";
import { wat } from "./helpers/wat.js";

const LIMITS: BundleLimits = { memoryMiB: 16, fuel: 100_000_000, maxOutputBytes: 1024 * 1024 };
const sha256 = (bytes: Uint8Array) => new Uint8Array(createHash("sha256").update(bytes).digest());

/** A stand-in Web Worker: "run" answers with the run loop's verdict, "silent" never answers, "crash" fails. */
class StandInWorker implements SandboxWorker {
  terminated = false;
  private readonly listeners = new Map<string, ((event: SandboxWorkerEvent) => void)[]>();
  constructor(
    private readonly behaviour: "run" | "silent" | "crash",
    /** Called once the job is posted: the worker is running. */
    private readonly onPosted?: () => void,
  ) {}

  addEventListener(type: string, listener: (event: SandboxWorkerEvent) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  postMessage(job: WorkerJob): void {
    this.onPosted?.();
    // Answers on a later turn, as a real worker does.
    setImmediate(() => {
      if (this.terminated || this.behaviour === "silent") return;
      if (this.behaviour === "crash") return this.emit({ type: "error", message: "Uncaught Error: boom" });
      this.emit({ type: "message", data: runJob(job, sha256) });
    });
  }

  terminate(): void {
    this.terminated = true;
  }

  private emit(event: SandboxWorkerEvent): void {
    for (const listener of this.listeners.get(event.type) ?? []) listener(event);
  }
}

describe("executeInBrowser (the run loop in a stand-in worker)", () => {
  it("gives execute()'s result for an output, an error and random_get, and terminates its worker", async () => {
    for (const [source, input] of [
      [UPPERCASE, new TextEncoder().encode("hashwork")],
      [TRAP, null],
      [CLOCK_AND_RANDOM, null],
    ] as const) {
      const module = await wat(source);
      const bundle = createBundle({ module, input, limits: LIMITS });
      const worker = new StandInWorker("run");
      const inTab = await executeInBrowser(bundle, { module, input }, { startWorker: () => worker });
      const inNode = await execute(bundle, { module, input });
      const { durationMs: _a, ...tab } = inTab;
      const { durationMs: _b, ...node } = inNode;
      assert.deepEqual(tab, node);
      assert.ok(worker.terminated);
    }
  });

  it("throws ModuleHashMismatchError for bytes that are not the bundle's", async () => {
    const module = await wat(TRAP);
    const bundle = createBundle({ module, limits: LIMITS });
    const other = module.map((byte, i) => (i === module.length - 1 ? byte ^ 0xff : byte));
    await assert.rejects(
      executeInBrowser(bundle, { module: other }, { startWorker: () => new StandInWorker("run") }),
      ModuleHashMismatchError,
    );
  });

  it("stops a worker that does not answer at the deadline or on abort, and reports a crashed one", async () => {
    const module = await wat(TRAP);
    const bundle = createBundle({ module, limits: LIMITS });
    const silent = new StandInWorker("silent");
    await assert.rejects(
      executeInBrowser(bundle, { module }, { startWorker: () => silent, deadlineMs: 50 }),
      ExecutionDeadlineError,
    );
    assert.ok(silent.terminated);

    const controller = new AbortController();
    const aborted = new StandInWorker("silent", () => controller.abort());
    await assert.rejects(
      executeInBrowser(bundle, { module }, { startWorker: () => aborted, signal: controller.signal }),
      AbortedError,
    );
    assert.ok(aborted.terminated);

    await assert.rejects(
      executeInBrowser(bundle, { module }, { startWorker: () => new StandInWorker("crash") }),
      (error: unknown) => error instanceof WorkerCrashedError && /boom/.test(String(error.details ?? error.message)),
    );
  });
});
