import type { JobMarket } from "../typechain/index.js";
import type { SeedErrorName } from "./errors.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

/** Arguments of {@link reveal} and {@link prepareReveal}. */
export interface RevealParameters {
  jobId: bigint;
  /** The provider's replica slot on the job, as for {@link CommitParameters}. */
  slot: number;
  /** What was committed: the output hash, the fuel and the salt. */
  outputHash: string;
  fuelUsed: bigint;
  salt: string;
  /** `ipfs://<cid>` of the output, at most 512 bytes ("" with `INPUT_UNAVAILABLE`). */
  resultURI: string;
}
/** What {@link reveal} resolves to: the submitted transaction. */
export type RevealReturnType = SentTransaction;
/** Why `revealResult` can revert (a reveal also takes the audit decision, hence the seed errors). */
export type RevealErrorName =
  | "JobMarketJobNotOpen"
  | "JobMarketNotAssigned"
  | "JobMarketNotCommitted"
  | "JobMarketAlreadyRevealed"
  | "JobMarketCommitsNotClosed"
  | SeedErrorName
  | "JobMarketRevealNotOpen"
  | "JobMarketDeadlinePassed"
  | "JobMarketZeroHash"
  | "JobMarketFuelOverLimit"
  | "JobMarketCommitmentMismatch"
  | "JobMarketURITooLong";

/** Encodes `JobMarket.revealResult`. */
export function prepareReveal(market: JobMarket, p: RevealParameters): PreparedCall {
  const data = market.interface.encodeFunctionData("revealResult", [
    p.jobId,
    p.slot,
    p.outputHash,
    p.fuelUsed,
    p.salt,
    p.resultURI,
  ]);
  return { to: addressOf(market), data, functionName: "revealResult" };
}

/**
 * Opens the signer's commitment: unaudited jobs once commits closed; audited jobs once the auditor committed (or its
 * commit window ended), until `revealEndsAt`.
 */
export async function reveal(market: JobMarket, p: RevealParameters): Promise<RevealReturnType> {
  return market.revealResult(p.jobId, p.slot, p.outputHash, p.fuelUsed, p.salt, p.resultURI);
}

/** Arguments of {@link revealAndSettle} and {@link prepareRevealAndSettle}: a k = 1 job's only slot, 0. */
export type RevealAndSettleParameters = Omit<RevealParameters, "slot">;
/** Why `revealAndSettle` can revert: as a reveal, and `JobMarketRevealNotOpen` for a job with k > 1, an audit already
 * decided, or before the challenge window counted from the commitment ended. */
export type RevealAndSettleErrorName = RevealErrorName | "JobMarketNotSettleable";

/** Encodes `JobMarket.revealAndSettle`. */
export function prepareRevealAndSettle(market: JobMarket, p: RevealAndSettleParameters): PreparedCall {
  const data = market.interface.encodeFunctionData("revealAndSettle", [
    p.jobId,
    p.outputHash,
    p.fuelUsed,
    p.salt,
    p.resultURI,
  ]);
  return { to: addressOf(market), data, functionName: "revealAndSettle" };
}

/**
 * A k = 1 job's replica reveals and settles in one transaction, once the challenge window counted from its commitment
 * (`timeline.challengeEndsAt` while the audit is undecided) is over and nobody took the audit decision. On an audited
 * job it only takes the decision (the replica then reveals with {@link reveal} after the auditor).
 */
export async function revealAndSettle(market: JobMarket, p: RevealAndSettleParameters): Promise<RevealReturnType> {
  return market.revealAndSettle(p.jobId, p.outputHash, p.fuelUsed, p.salt, p.resultURI);
}
