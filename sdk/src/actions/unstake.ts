import type { ProviderRegistry } from "../typechain/index.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

/** Arguments of {@link unstake} and {@link prepareUnstake}. */
export interface UnstakeParameters {
  /** Token units of free stake to move to unbonding. */
  amount: bigint;
}
/** What {@link unstake} resolves to: the submitted transaction. */
export type UnstakeReturnType = SentTransaction;
/** Why `unstake` can revert: not registered, a zero amount, or more than the free (unlocked) stake. */
export type UnstakeErrorName =
  "ProviderRegistryNotRegistered" | "ProviderRegistryZeroAmount" | "ProviderRegistryInsufficientFreeStake";

/** Encodes `ProviderRegistry.requestUnstake`. */
export function prepareUnstake(registry: ProviderRegistry, p: UnstakeParameters): PreparedCall {
  const data = registry.interface.encodeFunctionData("requestUnstake", [p.amount]);
  return { to: addressOf(registry), data, functionName: "requestUnstake" };
}

/** Starts unbonding `amount` of free stake (restarting the delay); `withdraw` it once the unbonding period passed. */
export async function unstake(registry: ProviderRegistry, p: UnstakeParameters): Promise<UnstakeReturnType> {
  return registry.requestUnstake(p.amount);
}
