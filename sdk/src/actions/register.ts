import type { ProviderRegistry } from "../typechain/index.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

export interface RegisterParameters {
  metadataURI: string;
  /** Bitmask of resource classes served (bit i = class i). */
  classes: number;
  /** Token units per replica. */
  price: bigint;
  /** Max concurrent assignments. */
  capacity: number;
}
export type RegisterReturnType = SentTransaction;

/** Encodes `ProviderRegistry.register`. */
export function prepareRegister(registry: ProviderRegistry, p: RegisterParameters): PreparedCall {
  return {
    to: addressOf(registry),
    data: registry.interface.encodeFunctionData("register", [p.metadataURI, p.classes, p.price, p.capacity]),
    functionName: "register",
  };
}

/** Registers the registry's signer as a provider with an offer. */
export async function register(registry: ProviderRegistry, p: RegisterParameters): Promise<RegisterReturnType> {
  return registry.register(p.metadataURI, p.classes, p.price, p.capacity);
}
