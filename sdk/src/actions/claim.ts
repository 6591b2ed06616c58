import { ZeroHash } from "ethers";
import { commitment } from "../results.js";
import type { JobMarket } from "../typechain/index.js";
import type { EligibilityErrorName, SeedErrorName } from "./errors.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

/** Arguments of {@link claim} and {@link prepareClaim}. */
export interface ClaimParameters {
  jobId: bigint;
  /**
   * The answer, when the job already ran (a short job, run before claiming): the claim then commits to it in the same
   * transaction, as `commitResult` would. Keep the salt and the output on disk before sending it.
   */
  answer?: ClaimAnswer;
}
/** What a claim that commits binds the claimer to: `commitment(jobId, provider, outputHash, fuelUsed, salt)`. */
export interface ClaimAnswer {
  provider: string;
  outputHash: string;
  fuelUsed: bigint;
  salt: string;
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
  | "JobMarketNotDrawn"; // (the commit deadline is never passed: it is after the claim deadline)

/** The `commitment` argument of `JobMarket.claim`: zero for a claim alone. */
function claimCommitment(p: ClaimParameters): string {
  const a = p.answer;
  return a ? commitment(p.jobId, a.provider, a.outputHash, a.fuelUsed, a.salt) : ZeroHash;
}

/** Encodes `JobMarket.claim`. */
export function prepareClaim(market: JobMarket, p: ClaimParameters): PreparedCall {
  return {
    to: addressOf(market),
    data: market.interface.encodeFunctionData("claim", [p.jobId, claimCommitment(p)]),
    functionName: "claim",
  };
}

/**
 * Takes the next replica slot of a job the signer wins the lottery for (see `replicaDraw` and `drawTime`), locking
 * the job's collateral; with `answer`, commits to it as well. The first claim of a job with more replicas keeps the
 * job's seed for the later claims.
 */
export async function claim(market: JobMarket, p: ClaimParameters): Promise<ClaimReturnType> {
  return market.claim(p.jobId, claimCommitment(p));
}
