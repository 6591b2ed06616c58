import type { JobMarket } from "../typechain/index.js";
import { commitment } from "../results.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

export interface CommitParameters {
  jobId: bigint;
  /** The committing provider's address (it is bound into the commitment). */
  provider: string;
  resultHash: string;
  /** 32 random bytes, kept secret until the reveal. */
  salt: string;
}
export type CommitReturnType = SentTransaction;

/** Encodes `JobMarket.commitResult` with `commitment(jobId, provider, resultHash, salt)` (k >= 2). */
export function prepareCommit(market: JobMarket, p: CommitParameters): PreparedCall {
  const c = commitment(p.jobId, p.provider, p.resultHash, p.salt);
  return {
    to: addressOf(market),
    data: market.interface.encodeFunctionData("commitResult", [p.jobId, c]),
    functionName: "commitResult",
  };
}

/** Commits to a result of a k >= 2 job. */
export async function commit(market: JobMarket, p: CommitParameters): Promise<CommitReturnType> {
  return market.commitResult(p.jobId, commitment(p.jobId, p.provider, p.resultHash, p.salt));
}
