import type { DisputeCourt } from "../typechain/index.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

export type WithdrawCourtReturnType = SentTransaction;

/** Encodes `DisputeCourt.withdraw` (the caller's claimable balance in the court). */
export function prepareWithdrawCourt(court: DisputeCourt): PreparedCall {
  return { to: addressOf(court), data: court.interface.encodeFunctionData("withdraw"), functionName: "withdraw" };
}

/** Pays out the signer's claimable balance in the dispute court (bonds back, rewards, compensation, verifier pay). */
export async function withdrawCourt(court: DisputeCourt): Promise<WithdrawCourtReturnType> {
  return court.withdraw();
}
