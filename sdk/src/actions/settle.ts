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

/** Arguments of {@link settleMany} and {@link prepareSettleMany}. */
export interface SettleManyParameters {
  /** 1 to `MAX_SETTLE_BATCH` (32) jobs; one already settled by someone else is skipped. */
  jobIds: readonly bigint[];
}
/** What {@link settleMany} resolves to: the submitted transaction. */
export type SettleManyReturnType = SentTransaction;
/** Why `settleMany` can revert: a bad batch size, or what `settle` says of one of its jobs (the whole batch reverts). */
export type SettleManyErrorName = SettleErrorName | "JobMarketBatchSize";

/** Encodes `JobMarket.settleMany`. */
export function prepareSettleMany(market: JobMarket, p: SettleManyParameters): PreparedCall {
  return {
    to: addressOf(market),
    data: market.interface.encodeFunctionData("settleMany", [[...p.jobIds]]),
    functionName: "settleMany",
  };
}

/**
 * Settles several jobs in one transaction, each as {@link settle} would: one transaction's base cost and one cold
 * access to the market's shared state for all of them (a node settling what it finished saves some 30,000 gas a job).
 */
export async function settleMany(market: JobMarket, p: SettleManyParameters): Promise<SettleManyReturnType> {
  return market.settleMany([...p.jobIds]);
}
