import {
  HashworkToken__factory,
  JobMarket__factory,
  ProviderRegistry__factory,
  VerificationCourt__factory,
  type HashworkToken,
  type JobMarket,
  type ProviderRegistry,
  type VerificationCourt,
} from "@hashwork/sdk";
import { JsonRpcProvider, Network, type ContractRunner } from "ethers";

/** Where the page's chain is: its RPC, its id and the market's and registry's addresses (the query string's). */
export interface ChainSettings {
  rpcUrl: string;
  chainId: number;
  market: string;
  registry: string;
}

export interface TabContracts {
  market: JobMarket;
  registry: ProviderRegistry;
  /** The verification court (the registry's): a tab's verifier pay waits there. */
  court: VerificationCourt;
  /** The market's payment and stake token. */
  token: HashworkToken;
}

/** A provider for the page's RPC: its chain id fixed (no detection round trip), quick receipt polling. */
export function tabProvider(s: Pick<ChainSettings, "rpcUrl" | "chainId">): JsonRpcProvider {
  return new JsonRpcProvider(s.rpcUrl, Network.from(s.chainId), { staticNetwork: true, pollingInterval: 250 });
}

/** The SDK's typed bindings of the market, registry, court and token, on `runner` (a provider or a signer). */
export async function tabContracts(s: ChainSettings, runner: ContractRunner): Promise<TabContracts> {
  const market = JobMarket__factory.connect(s.market, runner);
  const registry = ProviderRegistry__factory.connect(s.registry, runner);
  const [token, court] = await Promise.all([market.token(), registry.court()]);
  return {
    market,
    registry,
    court: VerificationCourt__factory.connect(court, runner),
    token: HashworkToken__factory.connect(token, runner),
  };
}
