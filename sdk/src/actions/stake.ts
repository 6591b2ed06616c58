import type { HashworkToken, ProviderRegistry } from "../typechain/index.js";
import type { TokenPullErrorName } from "./errors.js";
import { addressOf, approveExactly, signerAddressOf, type PreparedCall, type SentTransaction } from "./types.js";

/** Arguments of {@link stake} and {@link prepareStake}. */
export interface StakeParameters {
  /** Token units to bond. */
  amount: bigint;
}
/** What {@link stake} resolves to: the submitted transaction. */
export type StakeReturnType = SentTransaction;
/**
 * Why `stake` can revert (in the order the registry checks): not registered, a zero amount, a total stake above the
 * registry's maximum, a token that delivered less than the amount, or a pull without allowance or balance.
 */
export type StakeErrorName =
  "ProviderRegistryNotRegistered" | "ProviderRegistryZeroAmount" | "ProviderRegistryStakeTooLarge" | TokenPullErrorName;

/** Encodes `ProviderRegistry.stake` (the registry pulls the tokens, so an allowance must exist). */
export function prepareStake(registry: ProviderRegistry, p: StakeParameters): PreparedCall {
  return {
    to: addressOf(registry),
    data: registry.interface.encodeFunctionData("stake", [p.amount]),
    functionName: "stake",
  };
}

/**
 * Approves the registry for exactly `amount` when the allowance is short, then stakes it. The stake counts for draws
 * triggered from the next block on (draws read stake as of the block before their trigger).
 */
export async function stake(
  registry: ProviderRegistry,
  token: HashworkToken,
  p: StakeParameters,
): Promise<StakeReturnType> {
  const owner = await signerAddressOf(registry, "stake");
  await approveExactly(token, owner, addressOf(registry), p.amount);
  return registry.stake(p.amount);
}
