// The sandbox as a browser's Web Worker: the entry module of the worker a page starts for executeInBrowser (browser.ts)
// calls serveSandbox(). The run loop is Node's (run-job.ts); only how the job arrives (a message rather than
// workerData) and how the state digest's SHA-256 is computed differ.
import { bytesToHex } from "@noble/hashes/utils.js";
import type { WorkerJob, WorkerMessage } from "./protocol.js";
import { runJob, transferablesOf } from "./run-job.js";

/** The part of a dedicated worker's global scope the sandbox uses (the SDK compiles without the WebWorker library). */
interface SandboxScope {
  addEventListener(type: "message", listener: (event: { data: WorkerJob }) => void, options: { once: true }): void;
  postMessage(message: WorkerMessage, transfer: ArrayBuffer[]): void;
  crypto: { subtle: { digest(algorithm: "SHA-256", data: Uint8Array): Promise<ArrayBuffer> } };
}

/** Makes this Web Worker run the one job its page posts and post back the verdict (the page then terminates it). */
export function serveSandbox(): void {
  const scope = globalThis as unknown as SandboxScope;
  scope.addEventListener("message", (event) => void serve(scope, event.data), { once: true });
}

async function serve(scope: SandboxScope, job: WorkerJob): Promise<void> {
  // The state digest hashes the whole final memory. JavaScript SHA-256 in a fresh worker runs at tens of MB/s (a 1 MiB
  // memory took longer than most sample jobs' runs); the browser's native one, SubtleCrypto, is asynchronous, which the
  // run loop is not. So the loop gets a stand-in that keeps the final memory, and the digest is filled in after it.
  let finalMemory: Uint8Array = new Uint8Array(0);
  const verdict = runJob(job, (bytes) => {
    finalMemory = bytes;
    return new Uint8Array(32);
  });
  if (verdict.kind === "outcome") {
    verdict.stateDigest = `0x${bytesToHex(new Uint8Array(await scope.crypto.subtle.digest("SHA-256", finalMemory)))}`;
  }
  scope.postMessage(verdict, transferablesOf(verdict));
}
