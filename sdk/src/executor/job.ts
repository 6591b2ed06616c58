// What the main thread does around a sandbox worker, the same in Node (execute.ts) and in a browser (browser.ts): the
// job a bundle defines, and the result or typed error a worker's verdict becomes. Sharing it keeps what replicas
// commit to — argv, environ order, the random seed, error outputs — defined once.
import { getBytes, keccak256 } from "ethers";
import { bundleHash } from "../bundle/hash.js";
import type { Hex, JobBundle } from "../bundle/types.js";
import { HostResourceError, InputHashMismatchError, ModuleHashMismatchError } from "../errors/index.js";
import { errorOutput } from "../results.js";
import type { ExecutionResult } from "./execute.js";
import type { WorkerJob, WorkerMessage, WorkerOutcome } from "./protocol.js";

const EMPTY_HASH = keccak256(new Uint8Array(0)) as WorkerJob["inputHash"];

/** The job a worker runs for `bundle`, with copies of its bytes (the worker takes them over). */
export function workerJobOf(
  bundle: JobBundle,
  bytes: { module: Uint8Array; input: Uint8Array },
  metered: boolean,
): WorkerJob {
  return {
    module: Uint8Array.from(bytes.module),
    input: Uint8Array.from(bytes.input),
    moduleHash: bundle.module.hash,
    inputHash: bundle.input?.hash ?? EMPTY_HASH,
    args: ["job", ...bundle.args],
    // Sorted like the canonical bundle, so environ order is part of the job, not of the host.
    env: Object.keys(bundle.env)
      .sort()
      .map((key) => `${key}=${bundle.env[key]}`),
    seed: getBytes(bundleHash(bundle)),
    memoryMiB: bundle.limits.memoryMiB,
    fuel: BigInt(bundle.limits.fuel),
    maxOutputBytes: bundle.limits.maxOutputBytes,
    metered,
  };
}

/** The worker's verdict as a result; throws the typed error for bytes that are not the bundle's or a host failure. */
export function resultOfVerdict(message: WorkerMessage): ExecutionResult {
  switch (message.kind) {
    case "outcome":
      return toResult(message);
    case "mismatch":
      if (message.which === "module") throw new ModuleHashMismatchError(message.expected, message.actual);
      throw new InputHashMismatchError(message.expected, message.actual);
    case "host":
      throw new HostResourceError(message.message);
  }
}

function toResult({ outcome, fuelUsed, stateDigest, stderr, durationMs }: WorkerOutcome): ExecutionResult {
  if (outcome.kind === "output") return { ...outcome, fuelUsed, stateDigest, stderr, durationMs };
  const { code, exitCode, message } = outcome;
  const output = errorOutput(code, exitCode);
  const error = exitCode === undefined ? { code, message } : { code, exitCode, message };
  const outputHash = keccak256(output) as Hex;
  return { kind: "error", output, outputHash, fuelUsed, stateDigest, error, stderr, durationMs };
}
