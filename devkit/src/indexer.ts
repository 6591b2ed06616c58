/**
 * graph-node (`gnd dev`) with the subgraph deployed, indexing a running chain: the service first builds the subgraph
 * for the deployment and makes its database (postgres.ts), then runs gnd in its own process group. gnd ignores
 * SIGTERM, so stopping it SIGKILLs it after a short grace. Used by the devnet and by the subgraph package's scripts.
 */
import { join } from "node:path";
import { fatal, freePort, waitFor } from "@hashwork/harness/ports";
import { Service } from "@hashwork/harness/processes";
import { buildSubgraph, gndDev, graphNetwork, ipfsAnswers, requireAbis, SUBGRAPH, subgraphUrl } from "./graph-node.js";
import { postgresFor, PrerequisiteError } from "./postgres.js";
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
  /** The build's and gnd's output. */
  logFile: string;
  /** Recreated on every start, since a restarted devnet is a new chain. Default: one per GraphQL port, so a test
   * devnet and yours can run side by side. */
  database?: string;
  /** Let graph-node batch its writes while it is behind the chain head (its default; the benchmark measures that). */
  batchWrites?: boolean;
}

export interface Indexer {
  service: Service;
  subgraphUrl: string;
  /** Resolves when the subgraph answers GraphQL queries. */
  ready(timeoutMs?: number): Promise<void>;
}

/** Four free loopback ports for graph-node's GraphQL, admin, index-node and metrics servers. */
export async function freeIndexerPorts(): Promise<IndexerOptions["ports"]> {
  return { graphql: await freePort(), admin: await freePort(), indexNode: await freePort(), metrics: await freePort() };
}

export function startIndexer(o: IndexerOptions): Indexer {
  const service = Service.after(
    "graph-node",
    async (signal) => {
      requireAbis();
      if (!(await ipfsAnswers(o.ipfsUrl)))
        throw new PrerequisiteError(`no IPFS API at ${o.ipfsUrl} (graph-node checks /api/v0/version)`);
      const { deploymentFile, network, networksFile, logFile } = o;
      await buildSubgraph({ deploymentFile, network, networksFile, logFile, signal });
      signal.throwIfAborted();
      const postgres = await postgresFor(o.database ?? `hashwork_devnet_${o.ports.graphql}`);
      return gndDev({
        rpcUrl: o.rpcUrl,
        network: graphNetwork(o.network, o.networksFile),
        ipfsUrl: o.ipfsUrl,
        ports: o.ports,
        databaseDir: join(o.workDir, "gnd"),
        postgres,
        // graph-node batches writes while it is behind the chain head (up to 5 minutes or 10 MB) and queries see
        // nothing of a batch until it is written. It starts a minute or two behind the devnet's 1-second blocks, so
        // with batching the subgraph would show an empty market for minutes: write every block instead.
        env: o.batchWrites ? {} : { GRAPH_STORE_WRITE_BATCH_DURATION: "0" },
      });
    },
    { cwd: SUBGRAPH, logFile: o.logFile, graceMs: 3_000 },
  );
  const url = subgraphUrl(o.ports.graphql);
  return {
    service,
    subgraphUrl: url,
    async ready(timeoutMs = 300_000) {
      await waitFor(
        "graph-node to serve the subgraph",
        async () => {
          if (!service.running) {
            const { code, signal, error } = await service.exited;
            throw fatal(
              `graph-node ${error ? `did not start: ${error.message}` : `exited (${signal ?? `exit ${code}`})`}; see ${o.logFile}`,
            );
          }
          return (await indexedBlock(url)) !== undefined ? true : undefined;
        },
        timeoutMs,
        1_000,
      );
    },
  };
}
