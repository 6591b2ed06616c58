import { parseErrorOutput } from "../../results.js";
import { CliError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { formatAmount, type TokenInfo } from "../format.js";
import type { Context } from "../context.js";
import { downloadVerified, writeAtomically } from "./download.js";
import { winningOutput, type JobEvent } from "./events.js";

export interface Delivered {
  jobId: bigint;
  outcome: "completed";
  /** keccak256 of the output bytes, as revealed on-chain. */
  outputHash: string;
  /** The fuel the winning result used (what the replicas were paid for). */
  fuelUsed: bigint;
  /** The on-chain result word `resultOf(outputHash, fuelUsed)`. */
  result: string;
  cid: string;
  uri: string;
  out: string;
  bytes: number;
  verified: true;
  /** Escrow above what the fuel used cost, credited back to the requester (claimable in the market). */
  refund: bigint;
  /** Set when the program failed inside its limits and the agreed output is the sandbox's error report. */
  programError?: { code: string; exitCode?: number };
}

/** The default output path of a job's result. */
export const defaultOutPath = (jobId: bigint) => `job-${jobId}.out`;

/**
 * Turns a finished job into a verified output file: refuses jobs that ended without a result (exit 9,
 * saying how to get the escrow back), downloads and verifies the winning output, and only then writes it.
 */
export async function deliverResult(
  ctx: Context,
  jobId: bigint,
  events: readonly JobEvent[],
  out: string,
  token: TokenInfo,
): Promise<Delivered> {
  const final = events.find((e) => e.type === "settled" || e.type === "cancelled");
  if (!final) {
    throw new CliError(
      ExitCode.NotAllowedNow,
      "NOT_SETTLED",
      `Job ${jobId} has not been settled yet, so it has no final result.`,
      {
        hint: `Wait for it with \`hashwork job wait ${jobId}\`.`,
      },
    );
  }
  if (final.type === "cancelled") {
    throw new CliError(ExitCode.NoResult, "JOB_CANCELLED", `Job ${jobId} was cancelled; it has no result.`, {
      hint: `Withdraw the ${formatAmount(final.refund, token)} refund with \`hashwork job refund ${jobId}\` if you have not yet.`,
    });
  }
  if (final.type !== "settled") throw new Error("unreachable");
  if (final.outcome !== "completed") {
    const back = final.refund + final.compensation;
    throw new CliError(
      ExitCode.NoResult,
      "NO_RESULT",
      `Job ${jobId} ended without a result (outcome: ${final.outcome}); ${formatAmount(back, token)} was credited back to the requester.`,
      {
        hint: `Withdraw it with \`hashwork job refund ${jobId}\`.`,
        data: { outcome: final.outcome, refund: final.refund, compensation: final.compensation },
      },
    );
  }
  const winner = winningOutput(events, final.result);
  if (!winner.outputHash) {
    throw new CliError(ExitCode.NotFound, "NO_RESULT_URI", `No reveal of job ${jobId} carries the winning result.`, {
      hint: "The result is on-chain but nobody published its output; nothing can be downloaded.",
    });
  }
  const verified = await downloadVerified(ctx.store(), winner.uris, winner.outputHash);
  await writeAtomically(out, verified.bytes);
  const programError = parseErrorOutput(verified.bytes);
  return {
    jobId,
    outcome: "completed",
    outputHash: winner.outputHash,
    fuelUsed: final.fuelUsed,
    result: final.result,
    cid: verified.cid,
    uri: verified.uri,
    out,
    bytes: verified.bytes.length,
    verified: true,
    refund: final.refund + final.compensation,
    ...(programError ? { programError } : {}),
  };
}

export function describeDelivered(d: Delivered, token: TokenInfo): string {
  const lines = [
    `Output verified (keccak256 ${d.outputHash}, cid ${d.cid}, ${d.fuelUsed} fuel) and written to ${d.out} (${d.bytes} bytes).`,
  ];
  if (d.refund > 0n) {
    lines.push(
      `${formatAmount(d.refund, token)} of unspent escrow is claimable: \`hashwork job refund ${d.jobId}\` withdraws it.`,
    );
  }
  if (d.programError) {
    lines.push(
      `The program failed in the sandbox: ${d.programError.code}${d.programError.exitCode === undefined ? "" : ` (exit ${d.programError.exitCode})`}. ` +
        "Every replica agreed on this error report; fix the module or its limits and post again.",
    );
  }
  return lines.join("\n");
}

/** Exit status of a delivered result: 9 when the agreed output is an error report. */
export const deliveredExit = (d: Delivered) => (d.programError ? ExitCode.NoResult : ExitCode.Ok);
