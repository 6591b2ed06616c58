/**
 * `deploySystem`: the one way the system gets deployed — by scripts/deploy.ts on a public network, by the devnet, by
 * every end-to-end suite, the mocha fixture, the subgraph's end-to-end chain and the benchmarks. It Ignition-deploys
 * the Hashwork module (./ignition.ts) with the caller's parameters, optionally funds the court's verifier pool, and
 * returns the deployment record clients read addresses from (the sdk/deployments/<chainId>.json format, plus the
 * hashes that tell one chain from another).
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { Provider } from "ethers";
import type {} from "@nomicfoundation/hardhat-toolbox-mocha-ethers"; // the connection's `ethers` and `ignition`
import type { NetworkConnection } from "hardhat/types/network";
import type { Deployment } from "@hashwork/sdk/deployments";
import { REPO } from "./chain.js";
import { probePaymentToken } from "./payment-token.js";

/** The Ignition module's future ids → contract names, as deployment files (sdk/deployments/*.json) key them. */
export const CONTRACT_NAMES: Record<string, string> = {
  token: "HashworkToken", // the governance token; also the payment token unless `paymentToken` names another
  paymentToken: "PaymentToken", // an existing ERC-20 the market pays in (HashworkOnExistingToken)
  registry: "ProviderRegistry",
  randomness: "BlockhashRandomness",
  market: "JobMarket",
  court: "VerificationCourt",
  timelock: "HashworkTimelock",
  governor: "HashworkGovernor",
};

/** The Hashwork module's parameters (see ./ignition.ts and ignition/parameters/*.json): numbers, or addresses. */
export type HashworkParameters = Record<string, bigint | number | string | boolean>;

export interface DeployOptions {
  /** Module parameters; a `paymentToken` address deploys the market on that existing ERC-20. */
  parameters?: HashworkParameters;
  /**
   * Ignition's journal (ignition/deployments/<id>): an interrupted deployment under the same id resumes, a finished
   * one is reused. Public networks name one. Without it the journal is temporary — removed before and after — since a
   * local chain does not outlive its node, and a kept journal would "reuse" contracts the next chain never had.
   */
  deploymentId?: string;
  /** Tokens the deployer puts into the court's verifier pool, so audits can pay verifiers from the first job on. */
  poolFunding?: bigint;
}

/** A deployment record: addresses and start blocks, plus the hashes that identify the chain it is on. */
export interface SystemDeployment extends Deployment {
  /** Block 0's hash: a restarted local chain has a new one. */
  genesisHash: string;
  /** The hash of the deployment's last block: a reorg past the deployment changes it. */
  deploymentBlockHash: string;
}

export async function deploySystem(conn: NetworkConnection, o: DeployOptions = {}): Promise<SystemDeployment> {
  const provider = conn.ethers.provider;
  const chainId = Number((await provider.getNetwork()).chainId);
  const paymentToken = o.parameters?.paymentToken;
  const onExistingToken = typeof paymentToken === "string";
  if (onExistingToken) await probePaymentToken(provider, paymentToken, conn.networkName);
  const temporary = o.deploymentId === undefined && conn.networkConfig.type !== "edr-simulated";
  const deploymentId = temporary ? `local-${chainId}-${process.pid}-${randomBytes(4).toString("hex")}` : o.deploymentId;
  const journal = deploymentId && join(REPO, "ignition", "deployments", deploymentId);
  if (temporary && journal) rmSync(journal, { recursive: true, force: true });
  try {
    // Imported here, not at the top: building the module reads the registry's creation code from the build's
    // artifacts, which a fresh clone has only once the caller (the devnet, `npm test`) has compiled.
    const { default: HashworkModule, HashworkOnExistingToken } = await import("./ignition.js");
    const deployed: Record<string, DeployedHandle> = await conn.ignition.deploy(
      onExistingToken ? HashworkOnExistingToken : HashworkModule,
      { parameters: { Hashwork: o.parameters ?? {} }, deploymentId, displayUi: false },
    );
    const contracts: Deployment["contracts"] = {};
    let lastBlock = 0;
    for (const [key, contract] of Object.entries(deployed)) {
      const address = await contract.getAddress();
      // An existing payment token was deployed by someone else, whenever: nothing indexes it from its first block,
      // and finding that block would need an archive node.
      const startBlock = key === "paymentToken" ? 0 : await firstBlockWithCode(provider, address);
      lastBlock = Math.max(lastBlock, startBlock);
      contracts[CONTRACT_NAMES[key] ?? key] = { address, startBlock };
    }
    if (o.poolFunding) await fundPool(conn, contracts, o.poolFunding);
    const hashOf = async (block: number) => (await provider.getBlock(block))?.hash ?? "";
    return {
      chainId,
      network: conn.networkName,
      contracts,
      genesisHash: await hashOf(0),
      deploymentBlockHash: await hashOf(lastBlock),
    };
  } finally {
    if (temporary && journal) rmSync(journal, { recursive: true, force: true });
  }
}

/** `deploySystem` on the EVM node at `rpcUrl` (the config's `localhost` network, pointed there), from a plain process. */
export async function deploySystemAt(rpcUrl: string, o: DeployOptions = {}): Promise<SystemDeployment> {
  const { network } = await import("hardhat");
  const conn = await network.connect({ network: "localhost", override: { url: rpcUrl } });
  try {
    return await deploySystem(conn, o);
  } finally {
    await conn.close();
  }
}

interface DeployedHandle {
  getAddress(): Promise<string>;
}

/**
 * The first block with code at `address`: where indexers start. (Ignition hands back contracts bound by address, with
 * no deployment transaction.) A binary search over past blocks: on a public network it needs an archive node.
 */
export async function firstBlockWithCode(provider: Provider, address: string): Promise<number> {
  let lo = 0;
  let hi = await provider.getBlockNumber();
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if ((await provider.getCode(address, mid)) !== "0x") hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const POOL_ABI = [
  "function approve(address spender, uint256 value) returns (bool)",
  "function fundPool(uint256 amount)",
];

async function fundPool(conn: NetworkConnection, contracts: Deployment["contracts"], amount: bigint) {
  const [deployer] = await conn.ethers.getSigners();
  const token = contracts.PaymentToken ?? contracts.HashworkToken;
  const court = contracts.VerificationCourt;
  if (!deployer || !token || !court) throw new Error("deploySystem: no deployer, token or court to fund the pool");
  const asDeployer = (address: string) => new conn.ethers.Contract(address, POOL_ABI, deployer);
  await (await asDeployer(token.address).getFunction("approve")(court.address, amount)).wait();
  await (await asDeployer(court.address).getFunction("fundPool")(amount)).wait();
}
