import type { ContractRunner } from "ethers";
import {
  BlockhashRandomness__factory,
  HashworkToken__factory,
  JobMarket__factory,
  ProviderRegistry__factory,
  VerificationCourt__factory,
} from "../sdk.js";
import type { BlockhashRandomness, HashworkToken, JobMarket, ProviderRegistry, VerificationCourt } from "../sdk.js";

export interface Contracts {
  market: JobMarket;
  registry: ProviderRegistry;
  randomness: BlockhashRandomness;
  /** The VerificationCourt: audits, challenges and panels (every job may be audited, so it is required). */
  court: VerificationCourt;
  /** The market's payment and stake token (a watcher's bonds are approved on it). Any ERC-20 fits the binding. */
  token: HashworkToken;
}

/**
 * Typed bindings (from the SDK) for the market, its registry, its randomness source and the verification court.
 * The court is the registry's `court()` (set once there); a configured address must match it.
 */
export async function connectContracts(
  addresses: { market: string; registry: string; court?: string },
  runner: ContractRunner,
): Promise<Contracts> {
  const market = JobMarket__factory.connect(addresses.market, runner);
  const registry = ProviderRegistry__factory.connect(addresses.registry, runner);
  const [registryOfMarket, randomnessAddress, courtAddress, tokenAddress] = await Promise.all([
    market.registry(),
    market.randomness(),
    registry.court(),
    market.token(),
  ]);
  if (registryOfMarket.toLowerCase() !== addresses.registry.toLowerCase()) {
    throw new Error(`market ${addresses.market} uses registry ${registryOfMarket}, not ${addresses.registry}`);
  }
  if (BigInt(courtAddress) === 0n) throw new Error(`registry ${addresses.registry} names no verification court`);
  if (addresses.court !== undefined && addresses.court.toLowerCase() !== courtAddress.toLowerCase()) {
    throw new Error(`registry ${addresses.registry} authorises court ${courtAddress}, not ${addresses.court}`);
  }
  return {
    market,
    registry,
    randomness: BlockhashRandomness__factory.connect(randomnessAddress, runner),
    court: VerificationCourt__factory.connect(courtAddress, runner),
    token: HashworkToken__factory.connect(tokenAddress, runner),
  };
}
