import type { JobMarket } from "../typechain/index.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

/** What {@link withdrawEarnings} resolves to: the submitted transaction. */
export type WithdrawEarningsReturnType = SentTransaction;
/** Why `withdrawEarnings` can revert: the signer has nothing to withdraw in the market. */
export type WithdrawEarningsErrorName = "JobMarketNothingToWithdraw";

/** Encodes `JobMarket.withdraw` (the caller's claimable balance). */
export function prepareWithdrawEarnings(market: JobMarket): PreparedCall {
  return { to: addressOf(market), data: market.interface.encodeFunctionData("withdraw"), functionName: "withdraw" };
}

/** Pays out the signer's claimable balance in the market (payments, bonuses, refunds, compensation). */
export async function withdrawEarnings(market: JobMarket): Promise<WithdrawEarningsReturnType> {
  return market.withdraw();
}
