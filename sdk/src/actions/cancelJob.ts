import type { JobMarket } from "../typechain/index.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

export interface CancelJobParameters {
  jobId: bigint;
}
export type CancelJobReturnType = SentTransaction;

/** Encodes `JobMarket.cancelJob`. */
export function prepareCancelJob(market: JobMarket, p: CancelJobParameters): PreparedCall {
  return {
    to: addressOf(market),
    data: market.interface.encodeFunctionData("cancelJob", [p.jobId]),
    functionName: "cancelJob",
  };
}

/** Cancels the requester's own job before anyone claimed it; the escrow becomes claimable. */
export async function cancelJob(market: JobMarket, p: CancelJobParameters): Promise<CancelJobReturnType> {
  return market.cancelJob(p.jobId);
}
