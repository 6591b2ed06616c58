// What an execution means to the engine, whichever executor ran it: the node's sandbox process (run.ts) or a
// browser tab's Web Worker (browser-provider). Imports no Node module.
import { InputHashMismatchError, ModuleHashMismatchError, type ExecutionResult } from "../sdk.js";

/** What running a job produced: an answer (output or deterministic failure) or "the input cannot be had". */
export type ExecOutcome =
  | {
      kind: "output" | "error";
      /** Set for "error": the executor's error code. */
      code?: string;
      output: Uint8Array;
      outputHash: string;
      fuelUsed: bigint;
      /** Digest of the module's final state: what a verifier's proof of execution binds. */
      stateDigest: string;
      durationMs: number;
    }
  | { kind: "input-unavailable"; reason: string };

/**
 * The executor's result as an outcome: an answer (output or deterministic failure, with its fuel and state digest),
 * or "input unavailable" when the bytes fetched are not the bundle's. Anything else the executor throws is rethrown.
 */
export async function outcomeOf(running: Promise<ExecutionResult>): Promise<ExecOutcome> {
  try {
    const r = await running;
    return {
      kind: r.kind,
      ...(r.kind === "error" ? { code: r.error?.code } : {}),
      output: r.output,
      outputHash: r.outputHash,
      fuelUsed: r.fuelUsed,
      stateDigest: r.stateDigest,
      durationMs: r.durationMs,
    };
  } catch (error) {
    if (error instanceof ModuleHashMismatchError || error instanceof InputHashMismatchError) {
      return { kind: "input-unavailable", reason: error.shortMessage };
    }
    throw error;
  }
}
