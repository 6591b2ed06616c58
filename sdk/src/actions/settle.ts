import type { JobMarket } from "../typechain/index.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

/** Arguments of {@link settle} and {@link prepareSettle}. */
export interface SettleParameters {
  jobId: bigint;
}
/** What {@link settle} resolves to: the submitted transaction. */
export type SettleReturnType = SentTransaction;
/** Why `settle` can revert: the job is not Open (settled, or Verifying: the court settles it) or not due yet. */
export type SettleErrorName = "JobMarketJobNotOpen" | "JobMarketNotSettleable";

/** Encodes `JobMarket.settle`. */
export function prepareSettle(market: JobMarket, p: SettleParameters): PreparedCall {
  return {
    to: addressOf(market),
    data: market.interface.encodeFunctionData("settle", [p.jobId]),
    functionName: "settle",
  };
}

/**
 * Settles a job once its reveals closed (anyone may; `isSettleable` tells when): on a disagreement or an unanswered
 * audit the job goes to the court's panel (Verifying); an agreed payable result is paid after the challenge window;
 * anything else is refunded at once.
 */
export async function settle(market: JobMarket, p: SettleParameters): Promise<SettleReturnType> {
  return market.settle(p.jobId);
}
