import type { JobMarket } from "../typechain/index.js";
import type { EligibilityErrorName, SeedErrorName } from "./errors.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

/** Arguments of {@link claim} and {@link prepareClaim}. */
export interface ClaimParameters {
  jobId: bigint;
}
/** What {@link claim} resolves to: the submitted transaction. */
export type ClaimReturnType = SentTransaction;
/** Why `claim` can revert (in the order the market checks; the lottery last). */
export type ClaimErrorName =
  | "JobMarketPaused"
  | "JobMarketJobNotOpen"
  | "JobMarketSlotsFull"
  | "JobMarketClaimClosed"
  | "JobMarketRequesterCannotClaim"
  | "JobMarketAlreadyOnJob"
  | SeedErrorName
  | EligibilityErrorName
  | "JobMarketNotDrawn";

/** Encodes `JobMarket.claim`. */
export function prepareClaim(market: JobMarket, p: ClaimParameters): PreparedCall {
  return {
    to: addressOf(market),
    data: market.interface.encodeFunctionData("claim", [p.jobId]),
    functionName: "claim",
  };
}

/**
 * Takes the next replica slot of a job the signer wins the lottery for (see `replicaDraw` and `drawTime`), locking
 * the job's collateral. The first claim fixes the job's seed.
 */
export async function claim(market: JobMarket, p: ClaimParameters): Promise<ClaimReturnType> {
  return market.claim(p.jobId);
}
