// The sandbox worker thread, started the same way wherever it runs: in the caller's process (execute.ts) or in a
// sandbox process of its own (process-host.ts). Imports nothing heavy, so the sandbox process starts quickly.
import { Worker } from "node:worker_threads";
import { HostResourceError, WorkerCrashedError } from "../errors/execution.js";
import { WORKER_STACK_MIB } from "./instrument/schedule.js";
import type { WorkerRun } from "./job.js";
import type { WorkerJob, WorkerMessage } from "./protocol.js";
import type { WorkerSpec } from "./worker-source.js";

/**
 * Starts the sandbox worker thread on `job` and wires its events to `run`; returns how to terminate it. The job's
 * module and input buffers are transferred to the worker.
 */
export function startWorkerThread(spec: WorkerSpec, job: WorkerJob, run: WorkerRun): () => Promise<number> {
  const worker = new Worker(spec.eval ? spec.code : spec.url, {
    eval: spec.eval,
    workerData: job,
    transferList: [job.module.buffer as ArrayBuffer, job.input.buffer as ArrayBuffer],
    execArgv: [], // none of the parent's flags (tsx loaders, inspector); V8 flags are process-wide anyway
    stdout: true, // the module cannot reach these, but keep any stray host output off our process
    stderr: true,
    // The stack must hold the deterministic stack budget on every tier (see schedule.ts). The heap is a
    // backstop for host bugs only: the WASI host allocates nothing beyond the output caps. (A small heap
    // limit makes every memory.grow trigger a full GC: 4096 one-page grows took 12 s at 256 MiB.)
    resourceLimits: { stackSizeMb: WORKER_STACK_MIB, maxOldGenerationSizeMb: 2048 },
  });
  worker.on("message", (message: WorkerMessage) => run.resolve(message));
  worker.on("error", (error: Error & { code?: string }) => {
    if (error.code === "ERR_WORKER_OUT_OF_MEMORY") {
      return run.fail(new HostResourceError("the worker exceeded its heap limit", { cause: error }));
    }
    run.fail(new WorkerCrashedError({ cause: error }));
  });
  worker.on("exit", (code) => run.fail(new WorkerCrashedError({ details: `worker exited with code ${code}` })));
  return () => worker.terminate();
}
