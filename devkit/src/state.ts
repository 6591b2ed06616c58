/**
 * The devnet's state directory (default `.devnet/`):
 *
 *   deployment.json        this chain's addresses (sdk/deployments format) + genesis and deployment block hashes
 *   devnet.json            the running devnet's endpoints (written when ready, removed on shutdown)
 *   content/               the embedded content store                              — persists
 *   providers/p<i>/        config.json, keystore.json                              — persist
 *   providers/p<i>/data/   the node's SQLite (cursor, jobs, txs)                   — reset on a new chain
 *   indexer/               graph-node's work dir (its index is rebuilt on every start: indexer.ts)
 *   dashboard/             nothing yet (the dashboard is served from dashboard/dist)
 *   logs/                  one log per child, truncated on each start
 *
 * `hardhat node` keeps its chain in memory, so every start is a new chain: the parts that depend on chain state
 * (node databases, the index) are reset automatically, detected by comparing the genesis hash and the
 * deployment's block hash with the last run's; the content store and keystores persist. --reset wipes it all.
 */
import { existsSync, readdirSync, readFileSync, rmSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface StateLayout {
  root: string;
  deployment: string;
  endpoints: string;
  content: string;
  providers: string;
  indexer: string;
  logs: string;
  provider(i: number): string;
  log(name: string): string;
}

export function layout(root: string): StateLayout {
  return {
    root,
    deployment: join(root, "deployment.json"),
    endpoints: join(root, "devnet.json"),
    content: join(root, "content"),
    providers: join(root, "providers"),
    indexer: join(root, "indexer"),
    logs: join(root, "logs"),
    provider: (i) => join(root, "providers", `p${i + 1}`),
    log: (name) => join(root, "logs", `${name}.log`),
  };
}

/** Creates the layout; with `reset` wipes it first. Truncates the logs of the last run. */
export function prepare(state: StateLayout, reset: boolean): void {
  if (reset) rmSync(state.root, { recursive: true, force: true });
  for (const dir of [state.root, state.content, state.providers, state.logs]) mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(state.logs)) if (f.endsWith(".log")) rmSync(join(state.logs, f), { force: true });
  rmSync(state.indexer, { recursive: true, force: true }); // graph-node re-indexes from the start block anyway
  rmSync(state.endpoints, { force: true });
}

export interface ChainIdentity {
  genesisHash?: string;
  deploymentBlockHash?: string;
}

/** The chain identity the last run recorded, if any. */
export function lastChain(state: StateLayout): ChainIdentity | undefined {
  if (!existsSync(state.deployment)) return undefined;
  try {
    const d = JSON.parse(readFileSync(state.deployment, "utf8")) as ChainIdentity;
    return { genesisHash: d.genesisHash, deploymentBlockHash: d.deploymentBlockHash };
  } catch {
    return undefined;
  }
}

/** Removes everything that only makes sense on the last run's chain: provider node databases. */
export function forgetChain(state: StateLayout): number {
  let n = 0;
  if (!existsSync(state.providers)) return 0;
  for (const p of readdirSync(state.providers)) {
    const data = join(state.providers, p, "data");
    if (existsSync(data)) {
      rmSync(data, { recursive: true, force: true });
      n++;
    }
  }
  rmSync(state.deployment, { force: true });
  return n;
}

export function writeJson(file: string, value: unknown): void {
  writeFileSync(file, JSON.stringify(value, null, 2) + "\n");
}
