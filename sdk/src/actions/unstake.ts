import type { ProviderRegistry } from "../typechain/index.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

export interface UnstakeParameters {
  /** Token units of free stake to move to unbonding. */
  amount: bigint;
}
export type UnstakeReturnType = SentTransaction;
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
