/**
 * What the subgraph's scripts share: `main`, which stops everything a script started however it ends (exit 2 for a
 * missing prerequisite, 130 on Ctrl-C), and the local stack of the end-to-end test and the benchmark.
 */
import { join } from "node:path";
import { run, SUBGRAPH } from "@hashwork/devkit/graph-node";
import { startIndexer } from "@hashwork/devkit/indexer";
import { PrerequisiteError } from "@hashwork/devkit/postgres";
import { REPO, startChainNode } from "@hashwork/harness/chain";
import { freePort } from "@hashwork/harness/ports";
import { Shutdown } from "@hashwork/harness/shutdown";
import { startLocalStoreServer } from "@hashwork/sdk/content";

export { SUBGRAPH };

/** Runs `body`, then stops what it registered on `stop` (newest first) and exits with its code. */
export function main(name: string, body: (stop: Shutdown) => Promise<number | void>): void {
  // The engines of every package.json: Hardhat 3 needs 22, node:sqlite without a flag 22.13.
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 22 || (major === 22 && minor < 13)) {
    console.error("Node >= 22.13 must be first on PATH (see README: Prerequisites)");
    process.exit(2);
  }
  const stop = new Shutdown();
  let exiting: Promise<void> | undefined;
  const finish = (code: number) => (exiting ??= stop.run(`exit ${code}`).then(() => process.exit(code)));
  // `on`, not `once`: while a listener is left, the harness leaves Ctrl-C to us (we stop children in order).
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void finish(130));
  body(stop).then(
    (code) => finish(code ?? 0),
    (error: Error) => {
      const prerequisite = error instanceof PrerequisiteError;
      if (!stop.requested) console.error(prerequisite ? error.message : `${name}: ${error.message}`);
      return finish(prerequisite ? 2 : 1);
    },
  );
}

export interface Stack {
  rpcUrl: string;
  subgraphUrl: string;
  /** `hardhat run <script>` against the chain, with E2E_DIR set to the work dir. */
  hardhatRun(script: string, env?: NodeJS.ProcessEnv): Promise<void>;
}

/**
 * A hardhat node and the SDK's embedded content store on 127.0.0.1, the system Ignition-deployed by
 * scripts/subgraph/e2e-chain.ts, and graph-node indexing it with the subgraph built for that deployment.
 */
export async function startStack(stop: Shutdown, work: string, database: string): Promise<Stack> {
  // Automine only, as the chain steps expect (no interval blocks).
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
  await hardhatRun("scripts/subgraph/e2e-chain.ts", { E2E_STEP: "deploy" });

  const indexer = startIndexer({
    rpcUrl: chain.url,
    deploymentFile: join(work, "deployment.json"),
    ipfsUrl: store.url,
    ports: {
      graphql: await freePort(),
      admin: await freePort(),
      indexNode: await freePort(),
      metrics: await freePort(),
    },
    workDir: work,
    logFile: join(work, "gnd.log"),
    database,
    batchWrites: true, // graph-node as it runs by default
  });
  stop.onShutdown(async () => void (await indexer.service.stop()));
  console.log("graph-node: building the subgraph, then starting gnd (gnd.log)");
  await indexer.ready();
  return { rpcUrl: chain.url, subgraphUrl: indexer.subgraphUrl, hardhatRun };
}
