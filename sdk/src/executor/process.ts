// execute's `isolation: "process"`: the sandbox worker thread runs in a fresh child process (process-host.ts) instead
// of the caller's. A long-running caller keeps none of a job's memory: WebAssembly compilation, the sandbox isolate
// and the allocator's free space they leave behind end with the child, and so does any failure that takes V8 down.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { WorkerCrashedError } from "../errors/execution.js";
import type { ExecuteOptions } from "./execute.js";
import { superviseWorker } from "./job.js";
import type { WorkerJob, WorkerMessage } from "./protocol.js";
import { processHostPath, workerSpec } from "./worker-source.js";

/** What the sandbox process is sent (once): the job, and how to start the worker that runs it. */
export interface SandboxRequest {
  job: WorkerJob;
  worker: { eval: true; code: string } | { eval: false; path: string };
}

/** How much of the sandbox process's stderr a crash report keeps (the end of it). */
const STDERR_TAIL = 4096;

/**
 * Runs `job` in a sandbox process under the same supervision as a worker thread (deadline, abort, termination on the
 * first outcome): the verdict comes back over IPC, structured-cloned (`serialization: "advanced"`: bytes and bigints
 * arrive as they left). The process is killed once the outcome is in; if it exits first, that is a
 * `WorkerCrashedError` carrying the end of its stderr.
 */
export async function runInProcess(
  job: WorkerJob,
  deadlineMs: number | undefined,
  options: ExecuteOptions,
): Promise<WorkerMessage> {
  const [host, spec] = await Promise.all([processHostPath(), workerSpec()]);
  const worker: SandboxRequest["worker"] = spec.eval ? spec : { eval: false, path: fileURLToPath(spec.url) };
  return superviseWorker(deadlineMs, options, (run) => {
    const child = fork(host, [], {
      serialization: "advanced",
      execArgv: [], // none of the caller's flags (tsx loaders, inspector, its heap settings)
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    let stderr = "";
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-STDERR_TAIL)));
    child.on("message", (message: WorkerMessage) => run.resolve(message));
    child.on("error", (error) => run.fail(new WorkerCrashedError({ cause: error })));
    child.on("exit", (code, signal) => {
      const how = signal ?? `code ${code}`;
      run.fail(
        new WorkerCrashedError({ details: `the sandbox process exited (${how})${stderr && `: ${stderr.trim()}`}` }),
      );
    });
    child.send({ job, worker } satisfies SandboxRequest);
    return () => ended(child);
  });
}

/** Kills the sandbox process and resolves once it is gone, so no job outlives its outcome. */
function ended(child: ReturnType<typeof fork>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}
