import type { DisputeCourt } from "../typechain/index.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

export interface ClaimVerifierParameters {
  jobId: bigint;
}
export type ClaimVerifierReturnType = SentTransaction;

/** Encodes `DisputeCourt.claimVerifier`. */
export function prepareClaimVerifier(court: DisputeCourt, p: ClaimVerifierParameters): PreparedCall {
  return {
    to: addressOf(court),
    data: court.interface.encodeFunctionData("claimVerifier", [p.jobId]),
    functionName: "claimVerifier",
  };
}

/** Takes the next verifier slot of a dispute the signer has won the verifier lottery for; locks collateral. */
export async function claimVerifier(court: DisputeCourt, p: ClaimVerifierParameters): Promise<ClaimVerifierReturnType> {
  return court.claimVerifier(p.jobId);
}
