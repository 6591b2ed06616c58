import { BaseError } from "@hashwork/sdk/errors";
import { ExitCode } from "./exit-codes.js";

export interface CliErrorParameters {
  /** What to do next, as one sentence (printed after the message). */
  hint?: string;
  details?: string;
  cause?: unknown;
  /** Extra machine-readable fields for `--json` (amounts as decimal strings). */
  data?: Record<string, unknown>;
}

/**
 * An error the CLI explains to its user: a sentence saying what went wrong, a hint saying what to do next,
 * and the exit status that classifies it. Everything that fails in a command ends as one of these.
 */
export class CliError extends BaseError {
  override name = "CliError";
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  readonly data: Record<string, unknown> | undefined;

  constructor(exitCode: ExitCode, code: string, shortMessage: string, parameters: CliErrorParameters = {}) {
    super(shortMessage, { code, details: parameters.details, cause: parameters.cause, retryable: false });
    this.exitCode = exitCode;
    this.hint = parameters.hint;
    this.data = parameters.data;
  }
}

export const usageError = (message: string, hint?: string) => new CliError(ExitCode.Usage, "USAGE", message, { hint });
