import type { ProviderRegistry } from "../typechain/index.js";
import type { Offer } from "./register.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

export type UpdateOfferParameters = Offer;
export type UpdateOfferReturnType = SentTransaction;
export type UpdateOfferErrorName = "ProviderRegistryNotRegistered" | "ProviderRegistryInvalidOffer";

/** Encodes `ProviderRegistry.updateOffer`. */
export function prepareUpdateOffer(registry: ProviderRegistry, p: UpdateOfferParameters): PreparedCall {
  return {
    to: addressOf(registry),
    data: registry.interface.encodeFunctionData("updateOffer", [
      p.metadataURI,
      p.classes,
      p.pricePerMfuel,
      p.minMfuel,
      p.capacity,
    ]),
    functionName: "updateOffer",
  };
}

/** Replaces the signer's offer; open assignments keep the offer they were claimed at. */
export async function updateOffer(
  registry: ProviderRegistry,
  p: UpdateOfferParameters,
): Promise<UpdateOfferReturnType> {
  return registry.updateOffer(p.metadataURI, p.classes, p.pricePerMfuel, p.minMfuel, p.capacity);
}
