/**
 * Deploys the whole system (`deploySystem`, @hashwork/harness/deploy: Ignition) and writes sdk/deployments/<chainId>.json, the one file every other
 * package (provider node, CLI, subgraph, dashboard) reads addresses from; on a network the subgraph knows by name
 * (subgraph/config/networks.json), it also records the addresses there for `graph deploy --network <name>`.
 *
 *   npx hardhat run scripts/deploy.ts --network localhost
 *   BASE_SEPOLIA_RPC_URL=… HASHWORK_DEPLOYER_KEY=… npx hardhat run scripts/deploy.ts --network base-sepolia
 *
 * Ignition parameters come from ignition/parameters/<network>.json when that file exists, or from the file
 * HASHWORK_IGNITION_PARAMETERS names. Parameters that name a `paymentToken` deploy the market on that existing ERC-20.
 * HASHWORK_DEPLOYMENTS_DIR and HASHWORK_SUBGRAPH_NETWORKS redirect the two outputs, HASHWORK_DEPLOYMENT_ID names
 * Ignition's journal (ignition/deployments/<id>; it resumes an interrupted deployment).
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { network } from "hardhat";
import { deploySystem, type SystemDeployment } from "@hashwork/harness/deploy";
import { PaymentTokenError } from "@hashwork/harness/payment-token";

const repo = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const conn = await network.getOrCreate();
const parametersFile = process.env.HASHWORK_IGNITION_PARAMETERS
  ? resolve(process.env.HASHWORK_IGNITION_PARAMETERS)
  : repo(`ignition/parameters/${conn.networkName}.json`);
const parameters = existsSync(parametersFile) ? JSON.parse(await readFile(parametersFile, "utf8")) : {};
const onExistingToken = Boolean(parameters.Hashwork?.paymentToken);
let deployment: SystemDeployment;
try {
  deployment = await deploySystem(conn, {
    parameters: parameters.Hashwork,
    // A named journal (default chain-<id>): an interrupted deployment resumes where it stopped.
    deploymentId:
      process.env.HASHWORK_DEPLOYMENT_ID ?? `chain-${Number((await conn.ethers.provider.getNetwork()).chainId)}`,
  });
} catch (error) {
  // A mistyped payment token fails before anything is deployed (the probe in deploySystem).
  if (!(error instanceof PaymentTokenError)) throw error;
  console.error(`deploy: ${error.message}; nothing was deployed (parameters: ${parametersFile})`);
  process.exit(1);
}
const { chainId, contracts } = deployment;

const dir = process.env.HASHWORK_DEPLOYMENTS_DIR
  ? resolve(process.env.HASHWORK_DEPLOYMENTS_DIR)
  : repo("sdk/deployments");
await mkdir(dir, { recursive: true });
const file = join(dir, `${chainId}.json`);
await writeFile(file, JSON.stringify({ chainId, network: conn.networkName, contracts }, null, 2) + "\n");
console.log(
  `deployed to chain ${chainId}${onExistingToken ? ", paying in an existing token" : ""}; addresses written to ${file}`,
);
for (const [name, c] of Object.entries(contracts))
  console.log(`  ${name.padEnd(20)} ${c.address}  (block ${c.startBlock})`);
await recordForSubgraph(chainId);

/**
 * Writes the indexed contracts' addresses into the subgraph's networks.json entry for this chain, when it has one
 * with a `contracts` field (public networks; the local ones read sdk/deployments instead).
 */
async function recordForSubgraph(chainId: number) {
  const networksFile = process.env.HASHWORK_SUBGRAPH_NETWORKS
    ? resolve(process.env.HASHWORK_SUBGRAPH_NETWORKS)
    : repo("subgraph/config/networks.json");
  const networks = JSON.parse(await readFile(networksFile, "utf8")) as Record<
    string,
    { chainId?: number; contracts?: Record<string, unknown> }
  >;
  const entry = Object.entries(networks).find(([, n]) => n.chainId === chainId && n.contracts);
  if (!entry) return;
  const indexed = ["JobMarket", "ProviderRegistry", "VerificationCourt"];
  entry[1].contracts = Object.fromEntries(indexed.map((name) => [name, contracts[name]]));
  await writeFile(networksFile, JSON.stringify(networks, null, 2) + "\n");
  console.log(`subgraph network "${entry[0]}" in ${networksFile} now points at this deployment`);
}
