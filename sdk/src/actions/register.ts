import type { ProviderRegistry } from "../typechain/index.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

/** A provider's offer, as `register` and `updateOffer` take it. */
export interface Offer {
  metadataURI: string;
  /** Bitmask of resource classes served (bit i = class i). */
  classes: number;
  /** Token units per million fuel. */
  pricePerMfuel: bigint;
  /** Million fuel a job is billed at least (0 = no minimum); a job whose `maxFuel` is smaller cannot be claimed. */
  minMfuel: number;
  /** Max concurrent assignments (replica slots and verifier seats). */
  capacity: number;
}

/** Arguments of {@link register} and {@link prepareRegister}: the provider's first offer. */
export type RegisterParameters = Offer;
/** What {@link register} resolves to: the submitted transaction. */
export type RegisterReturnType = SentTransaction;
/**
 * Why `register` can revert: the signer is registered already, or the offer is invalid (no class, zero price or zero
 * capacity).
 */
export type RegisterErrorName = "ProviderRegistryAlreadyRegistered" | "ProviderRegistryInvalidOffer";

/** Encodes `ProviderRegistry.register`. */
export function prepareRegister(registry: ProviderRegistry, p: RegisterParameters): PreparedCall {
  return {
    to: addressOf(registry),
    data: registry.interface.encodeFunctionData("register", [
      p.metadataURI,
      p.classes,
      p.pricePerMfuel,
      p.minMfuel,
      p.capacity,
    ]),
    functionName: "register",
  };
}

/** Registers the registry's signer as a provider with an offer (then `stake` to take part in draws). */
export async function register(registry: ProviderRegistry, p: RegisterParameters): Promise<RegisterReturnType> {
  return registry.register(p.metadataURI, p.classes, p.pricePerMfuel, p.minMfuel, p.capacity);
}
