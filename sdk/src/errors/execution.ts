import { BaseError } from "./base.js";

/**
 * Deterministic failures of a job, in its own limits: `execute()` returns them as results (`kind: "error"`,
 * with `errorOutput(code, exitCode)` as the output), never throws them, because every honest replica
 * reaches the same one with the same fuel.
 */
export const EXECUTION_ERROR_CODES = [
  "INVALID_MODULE", // refused before running: malformed, unsupported feature, policy (imports, memory)
  "TRAP", // the module trapped: unreachable, out-of-bounds access, division by zero, ...
  "STACK_OVERFLOW", // the deterministic call-depth budget ran out
  "OUT_OF_FUEL", // the job's fuel ran out; fuelUsed = limits.fuel
  "OUTPUT_TOO_LARGE", // stdout passed limits.maxOutputBytes
  "NON_ZERO_EXIT", // proc_exit with a code other than 0 (reported as an unsigned 32-bit number)
] as const;
/** One of {@link EXECUTION_ERROR_CODES}: the code of a deterministic job failure. */
export type ExecutionErrorCode = (typeof EXECUTION_ERROR_CODES)[number];

/**
 * Common parent of the errors `execute()` throws: everything that is not a job result (the bytes do not
 * match the bundle, the sandbox failed, the local deadline passed) — plus `InvalidModuleError`, which the
 * module checks throw before `execute()` turns it into a result.
 */
export class ExecutionError extends BaseError {
  override name = "ExecutionError";
}

/** The module is not a runnable, sandboxable WASI preview 1 program (checked before it runs). */
export class InvalidModuleError extends ExecutionError {
  override name = "InvalidModuleError";
  constructor(reason: string, parameters: { cause?: unknown } = {}) {
    super(`Invalid WASM module: ${reason}.`, { code: "INVALID_MODULE", ...parameters });
  }
}

/** The module bytes do not hash to the bundle's `module.hash`. */
export class ModuleHashMismatchError extends ExecutionError {
  override name = "ModuleHashMismatchError";
  constructor(expected: string, actual: string) {
    super(`Module hash mismatch: the bundle names ${expected}, the bytes hash to ${actual}.`, {
      code: "MODULE_HASH_MISMATCH",
    });
  }
}

/** The input bytes do not hash to the bundle's `input.hash` (or an input was given for a bundle without one). */
export class InputHashMismatchError extends ExecutionError {
  override name = "InputHashMismatchError";
  constructor(expected: string, actual: string) {
    super(`Input hash mismatch: the bundle names ${expected}, the bytes hash to ${actual}.`, {
      code: "INPUT_HASH_MISMATCH",
    });
  }
}

/**
 * The run passed the caller's local safety deadline (`deadlineMs`) and was stopped. Says nothing about the
 * job — a faster machine, or this one with more time, finishes it — so it is never a result: a provider
 * abstains rather than retrying on the same clock.
 */
export class ExecutionDeadlineError extends ExecutionError {
  override name = "ExecutionDeadlineError";
  readonly deadlineMs: number;
  constructor(deadlineMs: number) {
    super(`Execution did not finish within the local deadline of ${deadlineMs} ms.`, { code: "EXECUTION_DEADLINE" });
    this.deadlineMs = deadlineMs;
  }
}

/**
 * This host could not give the job what the sandbox promises (committing memory below the declared
 * maximum, the engine's own stack or heap): a fault of the machine, never a result. Retryable.
 */
export class HostResourceError extends ExecutionError {
  override name = "HostResourceError";
  /** When the engine's own stack ran out: the stack budget (in slots) the run was using at that moment. */
  readonly stackSlots: number | undefined;
  constructor(details: string, parameters: { cause?: unknown; stackSlots?: number } = {}) {
    super("The host ran out of a resource the job is entitled to.", {
      code: "HOST_RESOURCE",
      details,
      cause: parameters.cause,
      retryable: true,
    });
    this.stackSlots = parameters.stackSlots;
  }
}

/**
 * The sandbox itself failed (worker could not start or died without a verdict). A host problem, not the
 * job's, so it is retryable.
 */
export class WorkerCrashedError extends ExecutionError {
  override name = "WorkerCrashedError";
  constructor(parameters: { details?: string; cause?: unknown } = {}) {
    super("The execution worker failed.", { code: "WORKER_CRASHED", ...parameters, retryable: true });
  }
}
