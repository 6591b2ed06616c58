// The sandbox as a browser's Web Worker: the entry module of the worker a page starts for executeInBrowser (browser.ts)
// calls serveSandbox(). The run loop is Node's (run-job.ts); only how the job arrives (a message rather than
// workerData) and the SHA-256 of the state digest (@noble/hashes: a browser has no synchronous native one) differ.
import { sha256 } from "@noble/hashes/sha2.js";
import type { WorkerJob, WorkerMessage } from "./protocol.js";
import { runJob, transferablesOf } from "./run-job.js";

/** The part of a dedicated worker's global scope the sandbox uses (the SDK compiles without the WebWorker library). */
interface SandboxScope {
  addEventListener(type: "message", listener: (event: { data: WorkerJob }) => void, options: { once: true }): void;
  postMessage(message: WorkerMessage, transfer: ArrayBuffer[]): void;
}

/** Makes this Web Worker run the one job its page posts and post back the verdict (the page then terminates it). */
export function serveSandbox(): void {
  const scope = globalThis as unknown as SandboxScope;
  scope.addEventListener(
    "message",
    (event) => {
      const verdict = runJob(event.data, sha256);
      scope.postMessage(verdict, transferablesOf(verdict));
    },
    { once: true },
  );
}
