import type { ProviderRegistry } from "../typechain/index.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

/** What {@link withdraw} resolves to: the submitted transaction. */
export type WithdrawReturnType = SentTransaction;
/** Why `withdraw` can revert: nothing is unbonding, or the unbonding period has not passed. */
export type WithdrawErrorName = "ProviderRegistryNothingToWithdraw" | "ProviderRegistryStillUnbonding";

/** Encodes `ProviderRegistry.withdraw` (stake that finished unbonding). */
export function prepareWithdraw(registry: ProviderRegistry): PreparedCall {
  return { to: addressOf(registry), data: registry.interface.encodeFunctionData("withdraw"), functionName: "withdraw" };
}

/** Pays out the signer's stake that finished unbonding. */
export async function withdraw(registry: ProviderRegistry): Promise<WithdrawReturnType> {
  return registry.withdraw();
}
