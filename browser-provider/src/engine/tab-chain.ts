import { JobMarket__factory, ProviderRegistry__factory } from "@hashwork/sdk";
import { marketContracts, type MarketContracts } from "@hashwork/sdk/chain";
import { JsonRpcProvider, Network, type ContractRunner } from "ethers";

/** Where the page's chain is: its RPC, its id and the market's and registry's addresses (the query string's). */
export interface ChainSettings {
  rpcUrl: string;
  chainId: number;
  market: string;
  registry: string;
}

/** A provider for the page's RPC: its chain id fixed (no detection round trip), quick receipt polling. */
export function tabProvider(s: Pick<ChainSettings, "rpcUrl" | "chainId">): JsonRpcProvider {
  return new JsonRpcProvider(s.rpcUrl, Network.from(s.chainId), { staticNetwork: true, pollingInterval: 250 });
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
