// Node's sandbox worker (execute.ts starts it; provider-node ships it as dist/worker.js): runs the one job it was
// given with the shared run loop (run-job.ts), posts the verdict and exits.
import { createHash } from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";
import type { WorkerJob } from "./protocol.js";
import { runJob, transferablesOf } from "./run-job.js";

// Native SHA-256 for the state digest: a 256 MiB memory hashes in about a quarter of a second.
const nativeSha256 = (bytes: Uint8Array) => new Uint8Array(createHash("sha256").update(bytes).digest());

const verdict = runJob(workerData as WorkerJob, nativeSha256);
parentPort!.postMessage(verdict, transferablesOf(verdict));
