import { executeInBrowser } from "@hashwork/sdk/executor/browser";
import { resultOf } from "@hashwork/sdk/results";

/** What the page shows (and the test reads) of one run. */
export interface RunReport {
  bundleName: string;
  /** "output" or "error" are results, as in `execute`; "failed" is a thrown error (no result, e.g. a crashed worker). */
  kind: "output" | "error" | "failed";
  /** The deterministic error code, or the thrown error's name. */
  code?: string;
  outputHash?: string;
  fuelUsed?: string;
  /** `resultOf(outputHash, fuelUsed)`: the word a provider commits to. */
  resultWord?: string;
  stateDigest?: string;
  /** The run itself, in the worker (start function and `_start`), as `execute` reports it. */
  runMs: number;
  /** From reading the files to the verdict: worker start, hashing, instrumenting and compiling included. */
  wallMs: number;
  message?: string;
}

/** The job's bytes as the contributor (or the test) picked them. */
export interface BundleFiles {
  bundleName: string;
  bundle: Uint8Array;
  module: Uint8Array;
  input: Uint8Array | null;
}

// A fresh module worker per job, as the node starts a fresh worker thread: no state survives between jobs.
const startWorker = () => new Worker(new URL("./sandbox-worker.ts", import.meta.url), { type: "module" });

/** Runs the bundle in a Web Worker with the SDK's executor and reports the verdict and its timing. */
export async function runBundle(files: BundleFiles): Promise<RunReport> {
  const started = performance.now();
  try {
    const result = await executeInBrowser(files.bundle, { module: files.module, input: files.input }, { startWorker });
    return {
      bundleName: files.bundleName,
      kind: result.kind,
      code: result.error?.code,
      outputHash: result.outputHash,
      fuelUsed: result.fuelUsed.toString(),
      resultWord: resultOf(result.outputHash, result.fuelUsed),
      stateDigest: result.stateDigest,
      runMs: result.durationMs,
      wallMs: performance.now() - started,
      message: result.error?.message,
    };
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    return {
      bundleName: files.bundleName,
      kind: "failed",
      code: failure.name,
      runMs: 0,
      wallMs: performance.now() - started,
      message: failure.message,
    };
  }
}

/** Fuel per second of the run itself (0 when it did not run). */
export function fuelPerSecond(report: RunReport): number {
  if (!report.fuelUsed || report.runMs <= 0) return 0;
  return Number(report.fuelUsed) / (report.runMs / 1000);
}
