import type { VerificationCourt } from "../typechain/index.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

/** Arguments of {@link resolve} and {@link prepareResolve}. */
export interface ResolveParameters {
  jobId: bigint;
}
/** What {@link resolve} resolves to: the submitted transaction. */
export type ResolveReturnType = SentTransaction;
/** Why `resolve` can revert: no panel is running, or its reveals are not in and its deadline has not passed. */
export type ResolveErrorName = "VerificationCourtNotOpen" | "VerificationCourtNotResolvable";

/** Encodes `VerificationCourt.resolve`. */
export function prepareResolve(court: VerificationCourt, p: ResolveParameters): PreparedCall {
  return {
    to: addressOf(court),
    data: court.interface.encodeFunctionData("resolve", [p.jobId]),
    functionName: "resolve",
  };
}

/**
 * Closes the current panel round (anyone may; `isResolvable` tells when): a strict majority settles the job by its
 * verdict, no majority opens the next round or, after the last, fails closed.
 */
export async function resolve(court: VerificationCourt, p: ResolveParameters): Promise<ResolveReturnType> {
  return court.resolve(p.jobId);
}
