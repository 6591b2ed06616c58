import type { ProviderRegistry } from "../typechain/index.js";
import type { Offer } from "./register.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

/** Arguments of {@link updateOffer} and {@link prepareUpdateOffer}: the offer that replaces the current one. */
export type UpdateOfferParameters = Offer;
/** What {@link updateOffer} resolves to: the submitted transaction. */
export type UpdateOfferReturnType = SentTransaction;
/** Why `updateOffer` can revert: the signer is not registered, or the offer is invalid. */
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
