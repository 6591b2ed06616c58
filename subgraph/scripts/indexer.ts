/**
 * `npm run indexer`: graph-node (gnd dev) indexing the local devnet, with this subgraph deployed and served at
 *   http://127.0.0.1:$HASHWORK_GRAPHQL_PORT/subgraphs/name/subgraph-0     (default port 8000)
 * Runs in the foreground until Ctrl-C / SIGTERM, then stops everything it started.
 *
 * Needs the devnet: `npx hardhat node --hostname 127.0.0.1` and `npx hardhat run scripts/deploy.ts --network
 * localhost` (which writes sdk/deployments/31337.json). Environment:
 *   HASHWORK_RPC_URL        chain RPC (default http://127.0.0.1:8545)
 *   HASHWORK_NETWORK        network in config/networks.json (default hardhat)
 *   HASHWORK_DEPLOYMENT     a deployment file other than sdk/deployments/<chainId>.json
 *   HASHWORK_SUBGRAPH_NETWORKS  a networks.json other than config/networks.json
 *   HASHWORK_IPFS_URL       a Kubo API or the devnet's content store; unset: the SDK's embedded store is started
 *   HASHWORK_GRAPHQL_PORT, HASHWORK_ADMIN_PORT, HASHWORK_INDEX_NODE_PORT, HASHWORK_METRICS_PORT (8000/8020/8030/8040)
 *   HASHWORK_INDEXER_DIR    work dir for gnd.log and gnd's data (default: a new temporary dir)
 *   HASHWORK_INDEXER_DB     the database (default hashwork_indexer), or POSTGRES_URL: a database of your own (see
 *                           @hashwork/devkit/postgres); the index is rebuilt from the start block on every start, since
 *                           a restarted devnet is a new chain.
 */
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findGnd, ipfsAnswers, requireAbis, rpcAnswers } from "@hashwork/devkit/graph-node";
import { startIndexer } from "@hashwork/devkit/indexer";
import { PrerequisiteError } from "@hashwork/devkit/postgres";
import { freePort } from "@hashwork/harness/ports";
import { startLocalStoreServer } from "@hashwork/sdk/content";
import { main } from "@hashwork/devkit/script";

const env = process.env;
const port = (name: string, fallback: number) => Number(env[name] ?? fallback);

main("indexer", async (stop) => {
  findGnd();
  const rpcUrl = env.HASHWORK_RPC_URL ?? "http://127.0.0.1:8545";
  if (!(await rpcAnswers(rpcUrl)))
    throw new PrerequisiteError(
      `indexer: no chain at ${rpcUrl} — start one: npx hardhat node --hostname 127.0.0.1 (or set HASHWORK_RPC_URL)`,
    );
  requireAbis();
  const work = env.HASHWORK_INDEXER_DIR ?? mkdtempSync(join(env.TMPDIR ?? tmpdir(), "hashwork-indexer."));
  mkdirSync(work, { recursive: true });

  let ipfsUrl = env.HASHWORK_IPFS_URL;
  if (!ipfsUrl) {
    const store = await startLocalStoreServer({
      dir: join(work, "content"),
      host: "127.0.0.1",
      port: await freePort(),
    });
    stop.onShutdown(() => store.close());
    ipfsUrl = store.url;
  } else if (!(await ipfsAnswers(ipfsUrl))) {
    throw new PrerequisiteError(`indexer: no IPFS API at ${ipfsUrl} (graph-node checks /api/v0/version)`);
  }

  const logFile = join(work, "gnd.log");
  const indexer = startIndexer({
    rpcUrl,
    network: env.HASHWORK_NETWORK ?? "hardhat",
    deploymentFile: env.HASHWORK_DEPLOYMENT,
    networksFile: env.HASHWORK_SUBGRAPH_NETWORKS,
    ipfsUrl,
    ports: {
      graphql: port("HASHWORK_GRAPHQL_PORT", 8000),
      admin: port("HASHWORK_ADMIN_PORT", 8020),
      indexNode: port("HASHWORK_INDEX_NODE_PORT", 8030),
      metrics: port("HASHWORK_METRICS_PORT", 8040),
    },
    workDir: work,
    logFile,
    database: env.HASHWORK_INDEXER_DB ?? "hashwork_indexer",
  });
  stop.onShutdown(async () => void (await indexer.service.stop()));
  console.log(`indexer: building the subgraph and starting graph-node (log: ${logFile})`);
  try {
    await indexer.ready();
  } catch (error) {
    console.error(readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n"));
    throw error;
  }
  console.log(`indexer: indexing ${rpcUrl}; GraphQL at ${indexer.subgraphUrl} (logs: ${logFile}); Ctrl-C stops`);
  const { code, signal } = await indexer.service.exited;
  if (stop.requested) return;
  console.error(`indexer: gnd exited (${signal ?? `exit ${code}`}); see ${logFile}`);
  return 1;
});
