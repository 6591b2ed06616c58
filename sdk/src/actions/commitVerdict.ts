import type { DisputeCourt } from "../typechain/index.js";
import { commitment } from "../results.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

export interface CommitVerdictParameters {
  jobId: bigint;
  /** The committing verifier's address (it is bound into the commitment). */
  verifier: string;
  /** The verifier's own result hash of the disputed job. */
  resultHash: string;
  /** 32 random bytes, kept secret (and on disk) until the reveal. */
  salt: string;
}
export type CommitVerdictReturnType = SentTransaction;

/** Encodes `DisputeCourt.commitVerdict` with `commitment(jobId, verifier, resultHash, salt)`. */
export function prepareCommitVerdict(court: DisputeCourt, p: CommitVerdictParameters): PreparedCall {
  const c = commitment(p.jobId, p.verifier, p.resultHash, p.salt);
  return {
    to: addressOf(court),
    data: court.interface.encodeFunctionData("commitVerdict", [p.jobId, c]),
    functionName: "commitVerdict",
  };
}

/** Commits a verifier's result for a disputed job. */
export async function commitVerdict(court: DisputeCourt, p: CommitVerdictParameters): Promise<CommitVerdictReturnType> {
  return court.commitVerdict(p.jobId, commitment(p.jobId, p.verifier, p.resultHash, p.salt));
}
