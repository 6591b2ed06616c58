import {
  DeadlinesTooShortError,
  JobHasNoResultError,
  JobNotFoundError,
  JobNotSettledError,
  NoEligibleOfferError,
  ResultHashMismatchError,
  ResultUnavailableError,
  WaitForJobTimeoutError,
} from "@hashwork/sdk/errors";
import { MIN_PHASE } from "@hashwork/sdk/requester";
import { CliError, usageError } from "./errors.js";
import { ExitCode } from "./exit-codes.js";
import { formatDuration } from "./format.js";
import type { AmountFormatter } from "./revert.js";

/**
 * The errors of the SDK's requester actions (`submitJob`, `waitForJob`, `fetchResult`, …) as the CLI explains them:
 * in terms of its flags and commands, with an exit code. Undefined for any other error.
 */
export function requesterError(error: unknown, amount: AmountFormatter): CliError | undefined {
  if (error instanceof DeadlinesTooShortError) {
    const execution = error.executionTime
      ? ` plus the job's execution time (${error.executionTime}s at the reference speed)`
      : "";
    return usageError(
      `--timeout ${formatDuration(error.timeout)} is too short: claims need at least ${MIN_PHASE}s, and commits ${MIN_PHASE}s more${execution}.`,
      `Use --timeout ${error.needed}s or more.`,
    );
  }
  if (error instanceof NoEligibleOfferError) {
    return usageError(
      `No registered provider offers class ${error.resourceClass} for a job of ${error.maxFuel} fuel, so no default price exists.`,
      "Pass --price-per-mfuel <tokens> explicitly (the job waits for a provider until its claim deadline).",
    );
  }
  if (error instanceof JobNotFoundError) {
    if (error.archived)
      return new CliError(
        ExitCode.NotFound,
        "JOB_ARCHIVED",
        `Job ${error.jobId} is finished and the market has recycled its record; its history is in its events.`,
        {
          hint: "Its JobPosted and JobSettled events hold its terms and outcome; the subgraph and the dashboard show it.",
        },
      );
    return new CliError(ExitCode.NotFound, "JOB_NOT_FOUND", error.shortMessage, {
      hint: "List your jobs with `hashwork job list`; check --network/--rpc if you expected it elsewhere.",
    });
  }
  if (error instanceof JobNotSettledError) {
    return new CliError(ExitCode.NotAllowedNow, "NOT_SETTLED", error.shortMessage, {
      hint: `Wait for it with \`hashwork job wait ${error.jobId}\` (it settles the job when it can).`,
    });
  }
  if (error instanceof JobHasNoResultError) {
    const { jobId, outcome, refund } = error;
    if (outcome === "cancelled")
      return new CliError(ExitCode.NoResult, "JOB_CANCELLED", `Job ${jobId} was cancelled; it has no result.`, {
        hint: `Withdraw the ${amount(refund)} refund with \`hashwork job refund ${jobId}\` if you have not yet.`,
      });
    return new CliError(
      ExitCode.NoResult,
      "NO_RESULT",
      `Job ${jobId} ended without a result (outcome: ${outcome}); ${amount(refund)} was credited back to the requester.`,
      { hint: `Withdraw it with \`hashwork job refund ${jobId}\`.`, data: { outcome, refund } },
    );
  }
  if (error instanceof ResultUnavailableError) {
    if (error.reason === "bad-uri")
      return new CliError(ExitCode.VerificationFailed, "BAD_RESULT_URI", error.shortMessage);
    return new CliError(ExitCode.NotFound, "NO_RESULT_URI", error.shortMessage, {
      hint: "The result is on-chain but nobody published its output; nothing can be downloaded.",
    });
  }
  if (error instanceof ResultHashMismatchError) {
    const { expected, actual, cid } = error;
    return new CliError(
      ExitCode.VerificationFailed,
      "HASH_MISMATCH",
      "Hash mismatch on download: the output's bytes are not the result agreed on-chain.",
      {
        details: `expected keccak256 ${expected}, got ${actual} (cid ${cid})`,
        hint: "Nothing was written. The store or a provider served other bytes; try another store with --store.",
        data: { expected, actual, cid },
      },
    );
  }
  if (error instanceof WaitForJobTimeoutError) {
    return new CliError(
      ExitCode.TimedOut,
      "WAIT_TIMED_OUT",
      `Job ${error.jobId} did not finish within ${formatDuration(Math.round(error.timeout / 1000))}.`,
      {
        hint: `It keeps running on-chain: follow it again with \`hashwork job wait ${error.jobId}\` or check \`hashwork job status ${error.jobId}\`.`,
      },
    );
  }
  return undefined;
}
