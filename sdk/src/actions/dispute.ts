import type { DisputeCourt } from "../typechain/index.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

export interface DisputeParameters {
  jobId: bigint;
}
export type DisputeReturnType = SentTransaction;

/** Encodes `DisputeCourt.dispute`. The caller must have approved (or permitted) `bondFor(maxPrice)` to the court. */
export function prepareDispute(court: DisputeCourt, p: DisputeParameters): PreparedCall {
  return {
    to: addressOf(court),
    data: court.interface.encodeFunctionData("dispute", [p.jobId]),
    functionName: "dispute",
  };
}

/** Disputes a k = 1 result during its challenge window; the court pulls the bond from the signer. */
export async function dispute(court: DisputeCourt, p: DisputeParameters): Promise<DisputeReturnType> {
  return court.dispute(p.jobId);
}
