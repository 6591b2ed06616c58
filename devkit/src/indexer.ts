/**
 * graph-node with the subgraph deployed, through `subgraph/scripts/indexer.sh` (its environment interface:
 * RPC, deployment file, IPFS URL, ports, database, work dir). It runs in its own process group: stopping it
 * stops gnd too (indexer.sh SIGKILLs gnd after HASHWORK_STOP_GRACE; so do we, after our own grace).
 */
import { join } from "node:path";
import { REPO } from "@hashwork/harness/chain";
import { fatal, waitFor } from "@hashwork/harness/ports";
import { Service } from "@hashwork/harness/processes";
import { indexedBlock } from "./status.js";

export interface IndexerOptions {
  rpcUrl: string;
  /** The addresses (sdk/deployments format); without it, those of `network` in the networks file. */
  deploymentFile?: string;
  /** The subgraph's network name (default hardhat) and networks.json (default subgraph/config/networks.json). */
  network?: string;
  networksFile?: string;
  ipfsUrl: string;
  ports: { graphql: number; admin: number; indexNode: number; metrics: number };
  workDir: string;
  logFile: string;
}

export interface Indexer {
  service: Service;
  subgraphUrl: string;
  /** Resolves when the subgraph answers GraphQL queries. */
  ready(timeoutMs?: number): Promise<void>;
}

export function startIndexer(o: IndexerOptions): Indexer {
  const service = new Service(
    "graph-node (subgraph/scripts/indexer.sh)",
    "bash",
    [join(REPO, "subgraph/scripts/indexer.sh")],
    {
      cwd: REPO,
      logFile: o.logFile,
      graceMs: 15_000,
      env: {
        ...process.env,
        PATH: `${process.env.PATH ?? ""}:/usr/sbin:/sbin`,
        HASHWORK_RPC_URL: o.rpcUrl,
        ...(o.deploymentFile ? { HASHWORK_DEPLOYMENT: o.deploymentFile } : {}),
        ...(o.network ? { HASHWORK_NETWORK: o.network } : {}),
        ...(o.networksFile ? { HASHWORK_SUBGRAPH_NETWORKS: o.networksFile } : {}),
        HASHWORK_IPFS_URL: o.ipfsUrl,
        HASHWORK_GRAPHQL_PORT: String(o.ports.graphql),
        HASHWORK_ADMIN_PORT: String(o.ports.admin),
        HASHWORK_INDEX_NODE_PORT: String(o.ports.indexNode),
        HASHWORK_METRICS_PORT: String(o.ports.metrics),
        // One database per devnet (a test devnet and yours can run side by side); recreated on every start.
        HASHWORK_INDEXER_DB: `hashwork_devnet_${o.ports.graphql}`,
        HASHWORK_INDEXER_DIR: o.workDir,
        HASHWORK_STOP_GRACE: "3", // gnd ignores SIGTERM: do not wait long for it
        // graph-node batches writes while it is behind the chain head (up to 5 minutes or 10 MB) and queries see
        // nothing of a batch until it is written. It starts a minute or two behind the devnet's 1-second blocks, so
        // with batching the subgraph would show an empty market for minutes: write every block instead.
        GRAPH_STORE_WRITE_BATCH_DURATION: "0",
      },
    },
  );
  const subgraphUrl = `http://127.0.0.1:${o.ports.graphql}/subgraphs/name/subgraph-0`;
  return {
    service,
    subgraphUrl,
    async ready(timeoutMs = 300_000) {
      await waitFor(
        "graph-node to serve the subgraph",
        async () => {
          if (!service.running)
            throw fatal(`graph-node's indexer.sh exited; see ${o.logFile} and ${join(o.workDir, "gnd.log")}`);
          return (await indexedBlock(subgraphUrl)) !== undefined ? true : undefined;
        },
        timeoutMs,
        1_000,
      );
    },
  };
}
