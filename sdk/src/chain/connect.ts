import { JsonRpcProvider, Network, type ContractRunner } from "ethers";
import type { MarketAddresses } from "../deployments/index.js";
import { RpcUnreachableError } from "../errors/index.js";
import {
  HashworkToken__factory,
  JobMarket__factory,
  ProviderRegistry__factory,
  VerificationCourt__factory,
  type HashworkToken,
  type JobMarket,
  type ProviderRegistry,
  type VerificationCourt,
} from "../typechain/index.js";

/** The market's contracts bound to one runner (a provider to read, a signer to send). */
export interface MarketContracts {
  market: JobMarket;
  registry: ProviderRegistry;
  token: HashworkToken;
  /** The VerificationCourt: audits, panels, challenges; its pool pays verifiers. */
  court: VerificationCourt;
}

/** Binds the deployment's market, registry, token and court to `runner`. */
export function marketContracts(addresses: MarketAddresses, runner: ContractRunner): MarketContracts {
  return {
    market: JobMarket__factory.connect(addresses.market, runner),
    registry: ProviderRegistry__factory.connect(addresses.registry, runner),
    token: HashworkToken__factory.connect(addresses.token, runner),
    court: VerificationCourt__factory.connect(addresses.court, runner),
  };
}

/**
 * Asks the endpoint for its chain id with a short deadline before anything else, so an unreachable node fails fast
 * with one clear error (ethers would otherwise retry network detection forever).
 */
export async function probeChainId(url: string, timeoutMs = 5_000): Promise<number> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (cause) {
    throw new RpcUnreachableError(url, { cause });
  }
  const body = (await response.json().catch(() => ({}))) as { result?: unknown };
  if (!response.ok || typeof body.result !== "string")
    throw new RpcUnreachableError(url, { cause: new Error(`HTTP ${response.status}`) });
  return Number(BigInt(body.result));
}

/**
 * A provider pinned to the probed chain id (no background network detection). Its request cache is off: ethers would
 * otherwise answer a second `eth_getTransactionCount` within 250 ms from cache, and a second transaction sent right
 * after the first (withdraw after cancel) would reuse its nonce.
 */
export function connectProvider(url: string, chainId: number): JsonRpcProvider {
  return new JsonRpcProvider(url, Network.from(chainId), {
    staticNetwork: true,
    pollingInterval: 500,
    cacheTimeout: -1,
  });
}
