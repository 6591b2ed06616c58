// The sandbox process of execute's `isolation: "process"` (process.ts forks it; provider-node ships it as
// dist/process-host.js): receives one job over IPC, runs it in the sandbox worker thread exactly as the in-process
// sandbox does, sends the verdict back and waits for its parent to end it. If the parent goes away, so does it.
import { pathToFileURL } from "node:url";
import { HostResourceError } from "../errors/execution.js";
import type { WorkerMessage } from "./protocol.js";
import type { SandboxRequest } from "./process.js";
import { startWorkerThread } from "./thread.js";

process.on("disconnect", () => process.exit(0));
process.once("message", ({ job, worker }: SandboxRequest) => {
  const spec = worker.eval ? worker : { eval: false as const, url: pathToFileURL(worker.path) };
  let done = false;
  const reply = (message: WorkerMessage) => {
    if (done) return;
    done = true;
    process.send!(message);
  };
  startWorkerThread(
    spec,
    { ...job, module: ownBuffer(job.module), input: ownBuffer(job.input) },
    {
      resolve: reply,
      fail(error) {
        // The host's own limits are a verdict the parent knows (never a result); anything else is a crash.
        if (error instanceof HostResourceError) return reply({ kind: "host", message: error.shortMessage });
        if (done) return;
        done = true;
        process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`, () => process.exit(1));
      },
    },
  );
});

/**
 * `bytes` over a buffer of its own: the worker thread takes the job's buffers over, and IPC delivers every array of a
 * message as a view into one shared buffer.
 */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}
