import { JobMarket__factory, ProviderRegistry__factory } from "@hashwork/sdk";
import { connectProvider, marketContracts, type MarketContracts } from "@hashwork/sdk/chain";
import type { ContractRunner, JsonRpcProvider } from "ethers";

/** Where the page's chain is: its RPC, its id and the market's and registry's addresses (the query string's). */
export interface ChainSettings {
  rpcUrl: string;
  chainId: number;
  market: string;
  registry: string;
}

/**
 * A provider for the page's RPC: the SDK's, pinned to the chain id and without ethers' 250 ms response cache (a
 * balance read right after a mined transfer came back from before it, and the "send ETH" step then asked too much).
 */
export function tabProvider(s: Pick<ChainSettings, "rpcUrl" | "chainId">): JsonRpcProvider {
  return connectProvider(s.rpcUrl, s.chainId);
}

/**
 * The SDK's typed bindings of the market, registry, court and token, on `runner` (a provider or a signer). The page
 * knows the market and the registry; the token is the market's, the court the registry's (a tab's verifier pay waits
 * there).
 */
export async function tabContracts(s: ChainSettings, runner: ContractRunner): Promise<MarketContracts> {
  const [token, court] = await Promise.all([
    JobMarket__factory.connect(s.market, runner).token(),
    ProviderRegistry__factory.connect(s.registry, runner).court(),
  ]);
  return marketContracts({ market: s.market, registry: s.registry, token, court, startBlock: 0 }, runner);
}
