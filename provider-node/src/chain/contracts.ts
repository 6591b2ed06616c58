import { ZeroAddress, type ContractRunner } from "ethers";
import {
  BlockhashRandomness__factory,
  DisputeCourt__factory,
  JobMarket__factory,
  ProviderRegistry__factory,
} from "../sdk.js";
import type { BlockhashRandomness, DisputeCourt, JobMarket, ProviderRegistry } from "../sdk.js";

export interface Contracts {
  market: JobMarket;
  registry: ProviderRegistry;
  randomness: BlockhashRandomness;
  /** The dispute court the registry authorises; undefined on a deployment without one (no verifier work). */
  court: DisputeCourt | undefined;
}

/**
 * Typed bindings (from the SDK) for the market, its registry, its randomness source and the dispute court.
 * The court is the registry's `disputeCourt()` (set once there); a configured address must match it.
 */
export async function connectContracts(
  addresses: { market: string; registry: string; court?: string },
  runner: ContractRunner,
): Promise<Contracts> {
  const market = JobMarket__factory.connect(addresses.market, runner);
  const registry = ProviderRegistry__factory.connect(addresses.registry, runner);
  const [registryOfMarket, randomnessAddress, courtAddress] = await Promise.all([
    market.registry(),
    market.randomness(),
    registry.disputeCourt(),
  ]);
  if (registryOfMarket.toLowerCase() !== addresses.registry.toLowerCase()) {
    throw new Error(`market ${addresses.market} uses registry ${registryOfMarket}, not ${addresses.registry}`);
  }
  if (addresses.court !== undefined && addresses.court.toLowerCase() !== courtAddress.toLowerCase()) {
    throw new Error(`registry ${addresses.registry} authorises dispute court ${courtAddress}, not ${addresses.court}`);
  }
  const court = courtAddress === ZeroAddress ? undefined : DisputeCourt__factory.connect(courtAddress, runner);
  return { market, registry, randomness: BlockhashRandomness__factory.connect(randomnessAddress, runner), court };
}
