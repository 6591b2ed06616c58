import type { DisputeCourt } from "../typechain/index.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

export interface ResolveDisputeParameters {
  jobId: bigint;
}
export type ResolveDisputeReturnType = SentTransaction;

/** Encodes `DisputeCourt.resolve`. */
export function prepareResolveDispute(court: DisputeCourt, p: ResolveDisputeParameters): PreparedCall {
  return {
    to: addressOf(court),
    data: court.interface.encodeFunctionData("resolve", [p.jobId]),
    functionName: "resolve",
  };
}

/** Decides a dispute whose reveals are in or whose deadlines passed (anyone may call it; see `isResolvable`). */
export async function resolveDispute(
  court: DisputeCourt,
  p: ResolveDisputeParameters,
): Promise<ResolveDisputeReturnType> {
  return court.resolve(p.jobId);
}
