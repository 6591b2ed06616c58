import { Wallet, type JsonRpcProvider, type Provider, type Signer } from "ethers";
import { connectProvider, marketContracts, probeChainId, type MarketContracts } from "../chain/connect.js";
import { KuboStore, type ContentStore } from "../content/index.js";
import { loadDeployment, marketAddresses, type MarketAddresses } from "../deployments/index.js";

/**
 * What the requester's actions work with: the market's contracts, the chain they read blocks and logs from, and the
 * content store. Contracts connected to a signer send as it; connected to a provider they only read.
 */
export interface MarketClient extends MarketContracts {
  provider: Provider;
  store: ContentStore;
  /** The deployment's first block: log reads start here (default 0). */
  startBlock?: number;
}

/** Where `connectMarket` finds the chain, the content store and the deployment, and who sends. */
export interface ConnectMarketOptions {
  /** The chain's JSON-RPC endpoint. */
  rpcUrl: string;
  /** The content store's API URL (Kubo RPC, or the devnet's local store), or a store. */
  store: string | ContentStore;
  /** Who sends: a private key (hex) or a signer. Without one the client only reads. */
  signer?: string | Signer;
  /** A deployment file in the `sdk/deployments/<chainId>.json` format; default the SDK's own file for the chain. */
  deployment?: string;
}

export interface ConnectedMarket extends MarketClient {
  provider: JsonRpcProvider;
  chainId: number;
  addresses: MarketAddresses;
  /** The signer's address, when there is one. */
  account: string | undefined;
  /** Stops the provider's background work so the process can exit. */
  close(): void;
}

/**
 * Connects to a deployed market: probes the chain id (failing fast with `RpcUnreachableError`), loads the deployment's
 * addresses (`DeploymentError` when there are none) and binds the contracts to the signer, if any.
 */
export async function connectMarket(o: ConnectMarketOptions): Promise<ConnectedMarket> {
  const chainId = await probeChainId(o.rpcUrl);
  const deployment = o.deployment ? loadDeployment(chainId, o.deployment) : loadDeployment(chainId);
  const addresses = marketAddresses(deployment, o.deployment);
  const provider = connectProvider(o.rpcUrl, chainId);
  const signer =
    typeof o.signer === "string"
      ? new Wallet(o.signer, provider)
      : o.signer && !o.signer.provider
        ? o.signer.connect(provider)
        : o.signer;
  return {
    ...marketContracts(addresses, signer ?? provider),
    provider,
    store: typeof o.store === "string" ? new KuboStore(o.store) : o.store,
    startBlock: addresses.startBlock,
    chainId,
    addresses,
    account: signer ? await signer.getAddress() : undefined,
    close: () => provider.destroy(),
  };
}

/** The signer the client's market is connected to; `action` names the caller in the error when there is none. */
export function signerOf(client: Pick<MarketClient, "market">, action: string): Signer {
  const runner = client.market.runner as Partial<Signer> | null;
  if (!runner || typeof runner.sendTransaction !== "function" || typeof runner.getAddress !== "function")
    throw new TypeError(`${action} needs a client whose contracts are connected to a signer`);
  return runner as Signer;
}
