import type { HashworkToken, VerificationCourt } from "../typechain/index.js";
import type { TokenPullErrorName } from "./errors.js";
import { addressOf, approveExactly, signerAddressOf, type PreparedCall, type SentTransaction } from "./types.js";

/** Arguments of {@link fundPool} and {@link prepareFundPool}. */
export interface FundPoolParameters {
  /** Token units to add to the pool that pays verifiers. */
  amount: bigint;
}
/** What {@link fundPool} resolves to: the submitted transaction. */
export type FundPoolReturnType = SentTransaction;
/**
 * Why `fundPool` can revert: a zero amount, a token that delivered less than the amount, or a pull without
 * allowance or balance.
 */
export type FundPoolErrorName = "VerificationCourtZeroAmount" | TokenPullErrorName;

/** Encodes `VerificationCourt.fundPool` (the court pulls the tokens, so an allowance must exist). */
export function prepareFundPool(court: VerificationCourt, p: FundPoolParameters): PreparedCall {
  return {
    to: addressOf(court),
    data: court.interface.encodeFunctionData("fundPool", [p.amount]),
    functionName: "fundPool",
  };
}

/** Approves the court for exactly `amount` when the allowance is short, then adds it to the verifier pool. */
export async function fundPool(
  court: VerificationCourt,
  token: HashworkToken,
  p: FundPoolParameters,
): Promise<FundPoolReturnType> {
  const owner = await signerAddressOf(court, "fundPool");
  await approveExactly(token, owner, addressOf(court), p.amount);
  return court.fundPool(p.amount);
}
