import type { VerificationCourt } from "../typechain/index.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

/** Arguments of {@link revealVerdict} and {@link prepareRevealVerdict}. */
export interface RevealVerdictParameters {
  jobId: bigint;
  /** What was committed: the output hash, the fuel, the proof of execution and the salt. */
  outputHash: string;
  fuelUsed: bigint;
  proof: string;
  salt: string;
  /** `ipfs://<cid>` of the verifier's output, at most 512 bytes. */
  resultURI: string;
}
/** What {@link revealVerdict} resolves to: the submitted transaction. */
export type RevealVerdictReturnType = SentTransaction;
/** Why `revealVerdict` can revert. */
export type RevealVerdictErrorName =
  | "VerificationCourtNotOpen"
  | "VerificationCourtNotVerifier"
  | "VerificationCourtNotCommitted"
  | "VerificationCourtAlreadyRevealed"
  | "VerificationCourtRevealNotOpen"
  | "VerificationCourtDeadlinePassed"
  | "VerificationCourtZeroHash"
  | "VerificationCourtFuelOverLimit"
  | "VerificationCourtCommitmentMismatch"
  | "VerificationCourtURITooLong";

/** Encodes `VerificationCourt.revealVerdict`. */
export function prepareRevealVerdict(court: VerificationCourt, p: RevealVerdictParameters): PreparedCall {
  const data = court.interface.encodeFunctionData("revealVerdict", [
    p.jobId,
    p.outputHash,
    p.fuelUsed,
    p.proof,
    p.salt,
    p.resultURI,
  ]);
  return { to: addressOf(court), data, functionName: "revealVerdict" };
}

/**
 * Opens the signer's verdict: the auditor any time after committing, until the job's `revealEndsAt`; a panel seat once
 * the panel's commits closed (`roundCommitsClosed`), until the round's `revealEndsAt`.
 */
export async function revealVerdict(
  court: VerificationCourt,
  p: RevealVerdictParameters,
): Promise<RevealVerdictReturnType> {
  return court.revealVerdict(p.jobId, p.outputHash, p.fuelUsed, p.proof, p.salt, p.resultURI);
}
