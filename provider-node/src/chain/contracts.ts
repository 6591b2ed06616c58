import type { ContractRunner } from "ethers";
import { BlockhashRandomness__factory, JobMarket__factory, ProviderRegistry__factory } from "../sdk.js";
import type { BlockhashRandomness, JobMarket, ProviderRegistry } from "../sdk.js";

export interface Contracts {
  market: JobMarket;
  registry: ProviderRegistry;
  randomness: BlockhashRandomness;
}

/** Typed bindings (from the SDK) for the market, its registry and its randomness source. */
export async function connectContracts(
  addresses: { market: string; registry: string },
  runner: ContractRunner,
): Promise<Contracts> {
  const market = JobMarket__factory.connect(addresses.market, runner);
  const registry = ProviderRegistry__factory.connect(addresses.registry, runner);
  const [registryOfMarket, randomnessAddress] = await Promise.all([market.registry(), market.randomness()]);
  if (registryOfMarket.toLowerCase() !== addresses.registry.toLowerCase()) {
    throw new Error(`market ${addresses.market} uses registry ${registryOfMarket}, not ${addresses.registry}`);
  }
  return { market, registry, randomness: BlockhashRandomness__factory.connect(randomnessAddress, runner) };
}
