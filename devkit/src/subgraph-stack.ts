/**
 * The stack the subgraph's end-to-end test, its benchmark and the dashboard's development stack run on: a hardhat node
 * and the SDK's embedded content store on 127.0.0.1, the system deployed (`deploySystem`) with the devnet's windows
 * (ignition/parameters/localhost.json) into <work>/deployment.json, and graph-node indexing it.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { REPO, startChainNode, type ChainNode } from "@hashwork/harness/chain";
import { deploySystemAt } from "@hashwork/harness/deploy";
import { freePort } from "@hashwork/harness/ports";
import type { Shutdown } from "@hashwork/harness/shutdown";
import { startLocalStoreServer } from "@hashwork/sdk/content";
import { run } from "./graph-node.js";
import { freeIndexerPorts, startIndexer } from "./indexer.js";
import { localhostParameters } from "./parameters.js";

export interface Stack {
  chain: ChainNode;
  subgraphUrl: string;
  /** `hardhat run <script>` against the chain, with E2E_DIR set to the work dir (scripts/subgraph/e2e-chain.ts's steps). */
  hardhatRun(script: string, env?: NodeJS.ProcessEnv): Promise<void>;
}

/** Starts the stack, logs in `work` (hardhat.log, gnd.log); `stop` stops it. Automine only, as the chain steps expect. */
export async function startStack(stop: Shutdown, work: string, database: string): Promise<Stack> {
  const chain = await startChainNode({
    kind: "hardhat",
    port: await freePort(),
    logFile: join(work, "hardhat.log"),
    intervalMs: 0,
  });
  stop.onShutdown(() => chain.stop());
  const store = await startLocalStoreServer({ dir: join(work, "content"), host: "127.0.0.1", port: await freePort() });
  stop.onShutdown(() => store.close());
  const hardhatRun = (script: string, env: NodeJS.ProcessEnv = {}) =>
    run(script, join(REPO, "node_modules/.bin/hardhat"), ["run", "--no-compile", "--network", "localhost", script], {
      cwd: REPO,
      env: { ...process.env, HASHWORK_RPC_URL: chain.url, E2E_DIR: work, ...env },
    });
  // The chain steps plant audit seeds in the randomness source (forceAudit): the market must read seeds from it.
  const parameters = { ...(await localhostParameters()), inlineSeeds: false };
  const { chainId, network, contracts } = await deploySystemAt(chain.url, { parameters });
  await writeFile(join(work, "deployment.json"), JSON.stringify({ chainId, network, contracts }, null, 2) + "\n");

  const indexer = startIndexer({
    rpcUrl: chain.url,
    deploymentFile: join(work, "deployment.json"),
    ipfsUrl: store.url,
    ports: await freeIndexerPorts(),
    workDir: work,
    logFile: join(work, "gnd.log"),
    database,
    batchWrites: true, // graph-node as it runs by default
  });
  stop.onShutdown(async () => void (await indexer.service.stop()));
  console.error("graph-node: building the subgraph, then starting gnd (gnd.log)");
  await indexer.ready();
  return { chain, subgraphUrl: indexer.subgraphUrl, hardhatRun };
}
