import type { JobMarket } from "../typechain/index.js";
import { commitment } from "../results.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

/** Arguments of {@link commit} and {@link prepareCommit}. */
export interface CommitParameters {
  jobId: bigint;
  /** The provider's replica slot on the job (its `JobClaimed`'s `slot`; `slotOf(readJob(…), provider)`). */
  slot: number;
  /** The committing provider's address (it is bound into the commitment). */
  provider: string;
  /** keccak256 of the output bytes (or `INPUT_UNAVAILABLE`). */
  outputHash: string;
  /** The fuel the metered execution used (0 with `INPUT_UNAVAILABLE`). */
  fuelUsed: bigint;
  /** 32 random bytes, kept secret (and on disk) until the reveal. */
  salt: string;
}
/** What {@link commit} resolves to: the submitted transaction. */
export type CommitReturnType = SentTransaction;
/** Why `commitResult` can revert. */
export type CommitErrorName =
  | "JobMarketJobNotOpen"
  | "JobMarketZeroHash"
  | "JobMarketNotAssigned"
  | "JobMarketAlreadyCommitted"
  | "JobMarketDeadlinePassed";

/** Encodes `JobMarket.commitResult` with `commitment(jobId, provider, outputHash, fuelUsed, salt)`. */
export function prepareCommit(market: JobMarket, p: CommitParameters): PreparedCall {
  const c = commitment(p.jobId, p.provider, p.outputHash, p.fuelUsed, p.salt);
  return {
    to: addressOf(market),
    data: market.interface.encodeFunctionData("commitResult", [p.jobId, p.slot, c]),
    functionName: "commitResult",
  };
}

/** Commits to a result (every job, k = 1 too). Keep the salt and the output on disk before sending it. */
export async function commit(market: JobMarket, p: CommitParameters): Promise<CommitReturnType> {
  return market.commitResult(p.jobId, p.slot, commitment(p.jobId, p.provider, p.outputHash, p.fuelUsed, p.salt));
}
