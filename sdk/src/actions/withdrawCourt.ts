import type { VerificationCourt } from "../typechain/index.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

/** What {@link withdrawCourt} resolves to: the submitted transaction. */
export type WithdrawCourtReturnType = SentTransaction;
/** Why `withdrawCourt` can revert: the signer has nothing to withdraw in the court. */
export type WithdrawCourtErrorName = "VerificationCourtNothingToWithdraw";

/** Encodes `VerificationCourt.withdraw` (the caller's claimable balance in the court). */
export function prepareWithdrawCourt(court: VerificationCourt): PreparedCall {
  return { to: addressOf(court), data: court.interface.encodeFunctionData("withdraw"), functionName: "withdraw" };
}

/** Pays out the signer's claimable balance in the court (verifier pay, a challenger's bond and reward). */
export async function withdrawCourt(court: VerificationCourt): Promise<WithdrawCourtReturnType> {
  return court.withdraw();
}
