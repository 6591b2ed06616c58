import type { HashworkToken, ProviderRegistry } from "../typechain/index.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

export interface StakeParameters {
  /** Token units to bond. */
  amount: bigint;
}
export type StakeReturnType = SentTransaction;

/** Encodes `ProviderRegistry.stake` (the registry pulls the tokens, so an allowance must exist). */
export function prepareStake(registry: ProviderRegistry, p: StakeParameters): PreparedCall {
  return {
    to: addressOf(registry),
    data: registry.interface.encodeFunctionData("stake", [p.amount]),
    functionName: "stake",
  };
}

/** Approves the registry for `amount` when the allowance is short, then stakes it. */
export async function stake(
  registry: ProviderRegistry,
  token: HashworkToken,
  p: StakeParameters,
): Promise<StakeReturnType> {
  const runner = registry.runner;
  if (!runner || !("getAddress" in runner) || typeof runner.getAddress !== "function") {
    throw new TypeError("stake needs a registry connected to a signer");
  }
  const owner = (await runner.getAddress()) as string;
  const spender = addressOf(registry);
  if ((await token.allowance(owner, spender)) < p.amount) await (await token.approve(spender, p.amount)).wait();
  return registry.stake(p.amount);
}
