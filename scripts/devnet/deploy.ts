/**
 * The devnet's deployment step, run by the devnet as
 *   HASHWORK_RPC_URL=… HASHWORK_DEVNET_DEPLOYMENT=<file> hardhat run --network localhost scripts/devnet/deploy.ts
 * Ignition-deploys the same module as scripts/deploy.ts (parameters: ignition/parameters/localhost.json plus
 * the devnet's faster windows below) and writes <file> in the sdk/deployments format, plus the chain's genesis
 * hash and the deployment's block hash so the devnet can tell a new chain from a known one.
 *
 * Why not scripts/deploy.ts as is: its Ignition journal (ignition/deployments/chain-31337) outlives the
 * in-memory hardhat node, so on the next (new) chain Ignition would "reuse" contracts that no longer exist.
 * This uses a journal of its own, per RPC port, removed before and after.
 */
import { existsSync, rmSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { network } from "hardhat";
import { contractName } from "../lib/contract-names.js";
import { firstBlockWithCode } from "../lib/deployment.js";
import HashworkModule from "../../ignition/modules/Hashwork.js";

/**
 * Devnet overrides: the shortest windows the bounds allow, the highest audit rate the fee bound allows (so audits show
 * within minutes), a fast reference verifier (a job's execution time is 30 s + maxFuel / fuelPerSecond), and a jail a
 * faulty demo node rarely reaches.
 */
const DEVNET_PARAMETERS = {
  challengeWindow: 60n, // seconds (minimum)
  revealPeriod: 60n, // seconds (minimum)
  auditDrawPeriod: 60n, // seconds (minimum)
  courtDrawPeriod: 60n, // seconds (minimum)
  courtRevealPeriod: 60n, // seconds (minimum)
  wideningPeriod: 10n, // seconds (minimum): every eligible provider can claim within ~10 s per k
  courtWideningPeriod: 10n, // seconds (minimum)
  auditRateBps: 2_500n, // 25% of jobs audited (the maximum: the audit fee must cover the rate)
  auditFeeBps: 2_500n, // of one replica's budget
  fuelPerSecond: 1_000_000_000n, // reference verifier speed
  jailThreshold: 20n, // faults within the fault window (the maximum)
  jailDuration: 3600n, // seconds (minimum)
  faultWindow: 3600n, // seconds (minimum)
};

const out = process.env.HASHWORK_DEVNET_DEPLOYMENT;
if (!out) throw new Error("HASHWORK_DEVNET_DEPLOYMENT is not set");
const conn = await network.getOrCreate();
const provider = conn.ethers.provider;
const chainId = Number((await provider.getNetwork()).chainId);
const port = new URL(process.env.HASHWORK_RPC_URL ?? "http://127.0.0.1:8545").port || "8545";
const deploymentId = `devnet-${chainId}-${port}`;
const journal = join(import.meta.dirname, "..", "..", "ignition", "deployments", deploymentId);

const parametersFile = join(import.meta.dirname, "..", "..", "ignition", "parameters", "localhost.json");
const base = existsSync(parametersFile) ? JSON.parse(await readFile(parametersFile, "utf8")) : {};
const parameters = { ...base, Hashwork: { ...base.Hashwork, ...DEVNET_PARAMETERS } };

rmSync(journal, { recursive: true, force: true });
try {
  const deployed = await conn.ignition.deploy(HashworkModule, { parameters, deploymentId, displayUi: false });
  const contracts: Record<string, { address: string; startBlock: number }> = {};
  let lastBlock = 0;
  for (const [key, contract] of Object.entries(deployed)) {
    const address = await contract.getAddress();
    const startBlock = await firstBlockWithCode(provider, address);
    lastBlock = Math.max(lastBlock, startBlock);
    contracts[contractName(key)] = { address, startBlock };
  }
  const genesis = await provider.getBlock(0);
  const deployBlock = await provider.getBlock(lastBlock);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(
    out,
    JSON.stringify(
      { chainId, network: "localhost", contracts, genesisHash: genesis?.hash, deploymentBlockHash: deployBlock?.hash },
      null,
      2,
    ) + "\n",
  );
} finally {
  rmSync(journal, { recursive: true, force: true });
}
