import type { JobMarket } from "../typechain/index.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

export interface SettleParameters {
  jobId: bigint;
}
export type SettleReturnType = SentTransaction;

/** Encodes `JobMarket.settle`. */
export function prepareSettle(market: JobMarket, p: SettleParameters): PreparedCall {
  return {
    to: addressOf(market),
    data: market.interface.encodeFunctionData("settle", [p.jobId]),
    functionName: "settle",
  };
}

/** Settles a job whose results are in or whose deadlines passed (anyone may call it). */
export async function settle(market: JobMarket, p: SettleParameters): Promise<SettleReturnType> {
  return market.settle(p.jobId);
}
