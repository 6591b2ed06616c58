import type { VerificationCourt } from "../typechain/index.js";
import type { EligibilityErrorName, SeedErrorName } from "./errors.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

/** Arguments of {@link claimVerifier} and {@link prepareClaimVerifier}. */
export interface ClaimVerifierParameters {
  jobId: bigint;
}
/** What {@link claimVerifier} resolves to: the submitted transaction. */
export type ClaimVerifierReturnType = SentTransaction;
/**
 * Why `claimVerifier` can revert. The first auditor draw opens round 0 and takes the market's audit decision when
 * nobody did (hence the market's errors); the lottery is checked last.
 */
export type ClaimVerifierErrorName =
  | "JobMarketCommitsNotClosed"
  | "VerificationCourtNotAudited"
  | "VerificationCourtNotOpen"
  | "VerificationCourtSeatsFull"
  | "VerificationCourtDrawClosed"
  | "VerificationCourtIneligible"
  | SeedErrorName
  | "VerificationCourtPoolInsufficient"
  | EligibilityErrorName
  | "VerificationCourtNotDrawn";

/** Encodes `VerificationCourt.claimVerifier`. */
export function prepareClaimVerifier(court: VerificationCourt, p: ClaimVerifierParameters): PreparedCall {
  return {
    to: addressOf(court),
    data: court.interface.encodeFunctionData("claimVerifier", [p.jobId]),
    functionName: "claimVerifier",
  };
}

/**
 * Takes the next seat of the job's current round (the audit, or a panel) when the signer wins the verifier lottery
 * (see `auditorDraw`, `panelDraw` and `drawTime`); locks the job's collateral and reserves the pay from the pool.
 */
export async function claimVerifier(
  court: VerificationCourt,
  p: ClaimVerifierParameters,
): Promise<ClaimVerifierReturnType> {
  return court.claimVerifier(p.jobId);
}
