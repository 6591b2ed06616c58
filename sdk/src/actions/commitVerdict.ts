import type { VerificationCourt } from "../typechain/index.js";
import { verdictCommitment } from "../results.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

/** Arguments of {@link commitVerdict} and {@link prepareCommitVerdict}. */
export interface CommitVerdictParameters {
  jobId: bigint;
  /** The committing verifier's address (it is bound into the commitment). */
  verifier: string;
  /** The verifier's own answer: output hash and fuel used. */
  outputHash: string;
  fuelUsed: bigint;
  /**
   * Its proof of execution: `executionProof(seedFor(round.openedBlock), stateDigest)`, the round's seed and the digest
   * of the module's final state, which no replica publishes (a panel votes on result and proof together).
   */
  proof: string;
  /** 32 random bytes, kept secret (and on disk) until the reveal. */
  salt: string;
}
/** What {@link commitVerdict} resolves to: the submitted transaction. */
export type CommitVerdictReturnType = SentTransaction;
/** Why `commitVerdict` can revert. */
export type CommitVerdictErrorName =
  | "VerificationCourtNotOpen"
  | "VerificationCourtZeroHash"
  | "VerificationCourtNotVerifier"
  | "VerificationCourtAlreadyCommitted"
  | "VerificationCourtDeadlinePassed";

/**
 * Encodes `VerificationCourt.commitVerdict` with `verdictCommitment(jobId, verifier, outputHash, fuelUsed, proof, salt)`.
 */
export function prepareCommitVerdict(court: VerificationCourt, p: CommitVerdictParameters): PreparedCall {
  const c = verdictCommitment(p.jobId, p.verifier, p.outputHash, p.fuelUsed, p.proof, p.salt);
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
  return court.commitVerdict(
    p.jobId,
    verdictCommitment(p.jobId, p.verifier, p.outputHash, p.fuelUsed, p.proof, p.salt),
  );
}
