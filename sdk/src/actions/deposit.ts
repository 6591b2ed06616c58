import type { HashworkToken, JobMarket } from "../typechain/index.js";
import type { TokenPullErrorName } from "./errors.js";
import { addressOf, approveExactly, signerAddressOf, type PreparedCall, type SentTransaction } from "./types.js";

/** Arguments of {@link deposit} and {@link prepareDeposit}. */
export interface DepositParameters {
  /** Token units to move from the signer's wallet to its balance in the market. */
  amount: bigint;
}
/** What {@link deposit} resolves to: the submitted transaction. */
export type DepositReturnType = SentTransaction;
/**
 * Why `deposit` can revert: a zero amount, a token that delivered less than the amount, or a pull without allowance
 * or balance.
 */
export type DepositErrorName = "JobMarketZeroDeposit" | TokenPullErrorName;

/** Encodes `JobMarket.deposit` (the market pulls the tokens, so an allowance must exist). */
export function prepareDeposit(market: JobMarket, p: DepositParameters): PreparedCall {
  return {
    to: addressOf(market),
    data: market.interface.encodeFunctionData("deposit", [p.amount]),
    functionName: "deposit",
  };
}

/**
 * Approves the market for exactly `amount` when the allowance is short, then deposits it: the tokens join the
 * signer's claimable balance in the market (`market.claimable(account)`, the balance refunds are credited to and
 * `withdrawEarnings` pays out). A posting whose whole escrow that balance covers takes it from there, with no token
 * transfer and no allowance: cheaper than a pull per job for a requester who posts repeatedly.
 */
export async function deposit(
  market: JobMarket,
  token: HashworkToken,
  p: DepositParameters,
): Promise<DepositReturnType> {
  const owner = await signerAddressOf(market, "deposit");
  await approveExactly(token, owner, addressOf(market), p.amount);
  return market.deposit(p.amount);
}
