import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DeploymentError } from "../errors/deployment.js";

/** One deployed contract: its address and the block of its deployment (where indexers start). */
export interface DeployedContract {
  address: string;
  startBlock: number;
}

/** What `scripts/deploy.ts` writes to `sdk/deployments/<chainId>.json`. */
export interface Deployment {
  chainId: number;
  network: string;
  contracts: Record<string, DeployedContract>;
}

/** The market's addresses as every client needs them. */
export interface MarketAddresses {
  market: string;
  registry: string;
  /** What the market escrows and the registry stakes: `PaymentToken` when the deployment pays in an existing ERC-20,
   * else the bundled `HashworkToken`. */
  token: string;
  /** The VerificationCourt (audits, challenges, panels); the Ignition module's `court`. */
  court: string;
  /** The earliest deployment block of the market, the registry and the court: where indexers and nodes start. */
  startBlock: number;
}

/** Where `scripts/deploy.ts` writes a chain's addresses: the SDK owns them. */
export function deploymentFile(chainId: number): string {
  return fileURLToPath(new URL(`../../deployments/${chainId}.json`, import.meta.url));
}

/** Reads a deployment file (default: the SDK's file for `chainId`) and checks it is for that chain. */
export function loadDeployment(chainId: number, file: string = deploymentFile(chainId)): Deployment {
  let deployment: Deployment;
  try {
    deployment = JSON.parse(readFileSync(file, "utf8")) as Deployment;
  } catch (cause) {
    throw new DeploymentError(`no deployment for chain ${chainId} at ${file}`, {
      details: "deploy first (`npx hardhat run scripts/deploy.ts --network localhost`) or pass a deployment file",
      cause,
    });
  }
  if (deployment.chainId !== chainId) {
    throw new DeploymentError(`${file} is for chain ${deployment.chainId}, not ${chainId}`);
  }
  return deployment;
}

/** The market, registry, token and court addresses of a deployment, failing clearly when one is missing. */
export function marketAddresses(deployment: Deployment, file = "deployment"): MarketAddresses {
  const { JobMarket: market, ProviderRegistry: registry, VerificationCourt: court } = deployment.contracts;
  const token = deployment.contracts.PaymentToken ?? deployment.contracts.HashworkToken;
  if (!market || !registry || !token || !court) {
    throw new DeploymentError(`${file} lacks JobMarket, ProviderRegistry, a token or VerificationCourt`, {
      details:
        "deployment files key contracts by name (@hashwork/harness/deploy CONTRACT_NAMES): the court is VerificationCourt, the " +
        "token PaymentToken or HashworkToken",
    });
  }
  return {
    market: market.address,
    registry: registry.address,
    token: token.address,
    court: court.address,
    startBlock: Math.min(market.startBlock, registry.startBlock, court.startBlock),
  };
}
