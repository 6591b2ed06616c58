import { rename, writeFile } from "node:fs/promises";
import { fetchResult, type JobEvent } from "@hashwork/sdk/requester";
import type { Context } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import { formatAmount, type TokenInfo } from "../format.js";

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
 * Turns a finished job into a verified output file: the SDK's `fetchResult` (which refuses jobs that ended without a
 * result and verifies the output against its CID and the on-chain hash), then the file, written only then.
 */
export async function deliverResult(
  ctx: Context,
  jobId: bigint,
  events: readonly JobEvent[] | undefined,
  out: string,
): Promise<Delivered> {
  const r = await fetchResult(await ctx.client({ sign: false }), { jobId, ...(events ? { events } : {}) });
  await writeAtomically(out, r.bytes);
  return {
    jobId,
    outcome: "completed",
    outputHash: r.outputHash,
    fuelUsed: r.fuelUsed,
    result: r.result,
    cid: r.cid,
    uri: r.uri,
    out,
    bytes: r.bytes.length,
    verified: true,
    refund: r.refund,
    ...(r.programError ? { programError: r.programError } : {}),
  };
}

/** Writes `bytes` to `path` atomically (temporary file, then rename), so a reader never sees a partial file. */
async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = `${path}.partial-${process.pid}`;
  await writeFile(temporary, bytes);
  await rename(temporary, path);
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
