import type { VerificationCourt } from "../typechain/index.js";
import { commitment } from "../results.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

export interface CommitVerdictParameters {
  jobId: bigint;
  /** The committing verifier's address (it is bound into the commitment). */
  verifier: string;
  /** The verifier's own answer: output hash and fuel used. */
  outputHash: string;
  fuelUsed: bigint;
  /** 32 random bytes, kept secret (and on disk) until the reveal. */
  salt: string;
}
export type CommitVerdictReturnType = SentTransaction;
/** Why `commitVerdict` can revert. */
export type CommitVerdictErrorName =
  | "VerificationCourtNotOpen"
  | "VerificationCourtZeroHash"
  | "VerificationCourtNotVerifier"
  | "VerificationCourtAlreadyCommitted"
  | "VerificationCourtDeadlinePassed";

/** Encodes `VerificationCourt.commitVerdict` with `commitment(jobId, verifier, outputHash, fuelUsed, salt)`. */
export function prepareCommitVerdict(court: VerificationCourt, p: CommitVerdictParameters): PreparedCall {
  const c = commitment(p.jobId, p.verifier, p.outputHash, p.fuelUsed, p.salt);
  return {
    to: addressOf(court),
    data: court.interface.encodeFunctionData("commitVerdict", [p.jobId, c]),
    functionName: "commitVerdict",
  };
}

/** Commits a verifier's answer in the current round (the auditor before any replica can reveal). */
export async function commitVerdict(
  court: VerificationCourt,
  p: CommitVerdictParameters,
): Promise<CommitVerdictReturnType> {
  return court.commitVerdict(p.jobId, commitment(p.jobId, p.verifier, p.outputHash, p.fuelUsed, p.salt));
}
