import type { ProviderRegistry } from "../typechain/index.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

export type WithdrawReturnType = SentTransaction;
export type WithdrawErrorName = "ProviderRegistryNothingToWithdraw" | "ProviderRegistryStillUnbonding";

/** Encodes `ProviderRegistry.withdraw` (stake that finished unbonding). */
export function prepareWithdraw(registry: ProviderRegistry): PreparedCall {
  return { to: addressOf(registry), data: registry.interface.encodeFunctionData("withdraw"), functionName: "withdraw" };
}

/** Pays out the signer's stake that finished unbonding. */
export async function withdraw(registry: ProviderRegistry): Promise<WithdrawReturnType> {
  return registry.withdraw();
}
