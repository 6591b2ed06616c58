import type { JobMarket } from "../typechain/index.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

export interface ClaimParameters {
  jobId: bigint;
}
export type ClaimReturnType = SentTransaction;

/** Encodes `JobMarket.claim`. */
export function prepareClaim(market: JobMarket, p: ClaimParameters): PreparedCall {
  return {
    to: addressOf(market),
    data: market.interface.encodeFunctionData("claim", [p.jobId]),
    functionName: "claim",
  };
}

/** Takes the next replica slot of a job the signer has won the lottery for. */
export async function claim(market: JobMarket, p: ClaimParameters): Promise<ClaimReturnType> {
  return market.claim(p.jobId);
}
