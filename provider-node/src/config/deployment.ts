import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Where `scripts/deploy.ts` writes addresses: the SDK owns them. */
export function deploymentFile(chainId: number): string {
  return fileURLToPath(new URL(`../../../sdk/deployments/${chainId}.json`, import.meta.url));
}

interface DeploymentFile {
  chainId: number;
  contracts: Record<string, { address: string; startBlock: number }>;
}

/** Reads the market and registry addresses and the market's deployment block from a deployment file. */
export function readDeployment(chainId: number, file: string | undefined) {
  const path = file ?? deploymentFile(chainId);
  const d = JSON.parse(readFileSync(path, "utf8")) as DeploymentFile;
  if (d.chainId !== chainId) throw new Error(`${path} is for chain ${d.chainId}`);
  const market = d.contracts.JobMarket;
  const registry = d.contracts.ProviderRegistry;
  if (!market || !registry) throw new Error(`${path} lacks JobMarket or ProviderRegistry`);
  return {
    market: market.address,
    registry: registry.address,
    startBlock: Math.min(market.startBlock, registry.startBlock),
  };
}
