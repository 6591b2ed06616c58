import { BaseError } from "./base.js";

/** Common parent of failures raised while preparing or running a job's module. */
export class ExecutionError extends BaseError {
  override name = "ExecutionError";
  /** What the module wrote to stderr before failing (capped), for diagnostics; empty when it never ran. */
  readonly stderr: Uint8Array;
  constructor(
    shortMessage: string,
    parameters: { code: string; details?: string; cause?: unknown; retryable?: boolean; stderr?: Uint8Array },
  ) {
    super(shortMessage, parameters);
    this.stderr = parameters.stderr ?? new Uint8Array(0);
  }
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

/** The module ran past the bundle's wall-clock limit and its worker was terminated. */
export class ExecutionTimeoutError extends ExecutionError {
  override name = "ExecutionTimeoutError";
  readonly timeoutMs: number;
  constructor(timeoutMs: number, parameters: { details?: string; stderr?: Uint8Array } = {}) {
    super(`Execution exceeded its time limit of ${timeoutMs} ms.`, { code: "EXECUTION_TIMEOUT", ...parameters });
    this.timeoutMs = timeoutMs;
  }
}

/** The module trapped (unreachable, out-of-bounds access, stack overflow, division by zero, ...). */
export class TrapError extends ExecutionError {
  override name = "TrapError";
  constructor(message: string, parameters: { stderr?: Uint8Array } = {}) {
    super(`The module trapped: ${message}.`, { code: "TRAP", ...parameters });
  }
}

/** The module exhausted its memory (growth to the declared maximum failed) or the worker ran out of heap. */
export class OutOfMemoryError extends ExecutionError {
  override name = "OutOfMemoryError";
  constructor(parameters: { details?: string; cause?: unknown; stderr?: Uint8Array } = {}) {
    super("The module ran out of memory.", { code: "OUT_OF_MEMORY", ...parameters });
  }
}

/** The module wrote more than `limits.maxOutputBytes` to stdout; it was stopped at the first excess byte. */
export class OutputTooLargeError extends ExecutionError {
  override name = "OutputTooLargeError";
  readonly maxOutputBytes: number;
  constructor(maxOutputBytes: number, parameters: { stderr?: Uint8Array } = {}) {
    super(`Output exceeded the limit of ${maxOutputBytes} bytes.`, { code: "OUTPUT_TOO_LARGE", ...parameters });
    this.maxOutputBytes = maxOutputBytes;
  }
}

/** The module exited through `proc_exit` with a non-zero code. */
export class NonZeroExitError extends ExecutionError {
  override name = "NonZeroExitError";
  readonly exitCode: number;
  constructor(exitCode: number, parameters: { stderr?: Uint8Array; details?: string } = {}) {
    super(`The module exited with code ${exitCode}.`, { code: "NON_ZERO_EXIT", ...parameters });
    this.exitCode = exitCode;
  }
}

/**
 * The sandbox itself failed (worker could not start or died without a verdict). A host problem, not the
 * job's, so it is retryable.
 */
export class WorkerCrashedError extends ExecutionError {
  override name = "WorkerCrashedError";
  constructor(parameters: { details?: string; cause?: unknown; stderr?: Uint8Array } = {}) {
    super("The execution worker failed.", { code: "WORKER_CRASHED", ...parameters, retryable: true });
  }
}
