import type { JobMarket } from "../typechain/index.js";
import type { SeedErrorName } from "./errors.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

/** Arguments of {@link decideAudit} and {@link prepareDecideAudit}. */
export interface DecideAuditParameters {
  jobId: bigint;
}
/** What {@link decideAudit} resolves to: the submitted transaction. */
export type DecideAuditReturnType = SentTransaction;
/**
 * Why `decideAudit` can revert: the decision was taken (by a reveal, a settlement, an auditor's draw, or another
 * caller), commits are still open, or the audit seed's block is not mined yet.
 */
export type DecideAuditErrorName =
  "JobMarketJobNotOpen" | "JobMarketAuditAlreadyDecided" | "JobMarketCommitsNotClosed" | SeedErrorName;

/** Encodes `JobMarket.decideAudit`. */
export function prepareDecideAudit(market: JobMarket, p: DecideAuditParameters): PreparedCall {
  return {
    to: addressOf(market),
    data: market.interface.encodeFunctionData("decideAudit", [p.jobId]),
    functionName: "decideAudit",
  };
}

/**
 * Takes a job's audit decision once its commits closed (anyone may; revealing takes it too). `AuditDecided` carries
 * the audit and reveal windows.
 */
export async function decideAudit(market: JobMarket, p: DecideAuditParameters): Promise<DecideAuditReturnType> {
  return market.decideAudit(p.jobId);
}
