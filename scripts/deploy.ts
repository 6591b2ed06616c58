/**
 * Deploys the whole system with Ignition and writes sdk/deployments/<chainId>.json, the one file every other
 * package (provider node, CLI, subgraph, dashboard) reads addresses from.
 *
 *   npx hardhat run scripts/deploy.ts --network localhost
 *
 * Ignition parameters come from ignition/parameters/<network>.json when that file exists.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { network } from "hardhat";
import HashworkModule from "../ignition/modules/Hashwork.js";
import { contractName } from "./lib/contract-names.js";

const conn = await network.getOrCreate();
const parametersFile = new URL(`../ignition/parameters/${conn.networkName}.json`, import.meta.url);
const parameters = existsSync(parametersFile) ? JSON.parse(await readFile(parametersFile, "utf8")) : {};
const deployed = await conn.ignition.deploy(HashworkModule, { parameters });

const chainId = Number((await conn.ethers.provider.getNetwork()).chainId);
const contracts: Record<string, { address: string; startBlock: number }> = {};
for (const [name, contract] of Object.entries(deployed)) {
  const address = await contract.getAddress();
  // The block of the deployment transaction: where indexers start.
  const tx = contract.deploymentTransaction();
  const receipt = tx ? await tx.wait() : undefined;
  const startBlock = receipt?.blockNumber ?? (await firstBlockWithCode(address));
  contracts[contractName(name)] = { address, startBlock };
}

const file = new URL(`../sdk/deployments/${chainId}.json`, import.meta.url);
await mkdir(new URL("../sdk/deployments/", import.meta.url), { recursive: true });
await writeFile(file, JSON.stringify({ chainId, network: conn.networkName, contracts }, null, 2) + "\n");
console.log(`deployed to chain ${chainId}; addresses written to ${file.pathname}`);
for (const [name, c] of Object.entries(contracts))
  console.log(`  ${name.padEnd(20)} ${c.address}  (block ${c.startBlock})`);

/** Binary search for the first block at which `address` has code (Ignition may return already-deployed contracts). */
async function firstBlockWithCode(address: string) {
  let lo = 0;
  let hi = await conn.ethers.provider.getBlockNumber();
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if ((await conn.ethers.provider.getCode(address, mid)) !== "0x") hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
