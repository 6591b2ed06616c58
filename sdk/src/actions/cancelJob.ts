import type { JobMarket } from "../typechain/index.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

/** Arguments of {@link cancelJob} and {@link prepareCancelJob}. */
export interface CancelJobParameters {
  jobId: bigint;
}
/** What {@link cancelJob} resolves to: the submitted transaction. */
export type CancelJobReturnType = SentTransaction;
/** Why `cancelJob` can revert: only the requester, only while the job's seed does not exist. */
export type CancelJobErrorName = "JobMarketJobNotOpen" | "JobMarketNotRequester" | "JobMarketSeedKnown";

/** Encodes `JobMarket.cancelJob`. */
export function prepareCancelJob(market: JobMarket, p: CancelJobParameters): PreparedCall {
  return {
    to: addressOf(market),
    data: market.interface.encodeFunctionData("cancelJob", [p.jobId]),
    functionName: "cancelJob",
  };
}

/**
 * Cancels the requester's own job while its lottery seed does not exist (the posting block and the next); the whole
 * escrow becomes claimable. Later a job runs to its claim deadline (refunded in full if nobody claims).
 */
export async function cancelJob(market: JobMarket, p: CancelJobParameters): Promise<CancelJobReturnType> {
  return market.cancelJob(p.jobId);
}
