/**
 * graph-node's dev binary (gnd) with this repository's subgraph: finding gnd, the checks before it can run, building
 * the subgraph for a deployment, and the `gnd dev` command line. Shared by the devnet's indexer (indexer.ts) and the
 * subgraph package's scripts (tests, end-to-end test, benchmark).
 */
import { spawn } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "@hashwork/harness/chain";
import { runToCompletion, track, type Launch } from "@hashwork/harness/processes";
import { PrerequisiteError, type Postgres } from "./postgres.js";

export const SUBGRAPH = join(REPO, "subgraph");

/** Hoisted to the repository root by npm workspaces, or nested under subgraph/ when npm could not hoist it. */
function installed(relative: string): string | undefined {
  return [join(REPO, "node_modules", relative), join(SUBGRAPH, "node_modules", relative)].find(isExecutable);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The gnd binary: GND_BIN (a gnd of your own, e.g. built from graph-node's gnd/ crate), else the one from
 * @graphprotocol/gnd-linux-x64, an optional dependency published for linux-x64 only (so `npm install` succeeds on
 * other machines without it).
 */
export function findGnd(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GND_BIN) {
    if (isExecutable(env.GND_BIN)) return env.GND_BIN;
    throw new PrerequisiteError(`gnd: GND_BIN=${env.GND_BIN} is not an executable file.`);
  }
  const gnd = installed("@graphprotocol/gnd-linux-x64/bin/gnd");
  if (gnd) return gnd;
  throw new PrerequisiteError(
    [
      "gnd: graph-node's dev binary is not installed. It comes from @graphprotocol/gnd-linux-x64, an optional",
      `dependency published for linux-x64 only (this machine: ${process.platform}-${process.arch}).`,
      "On linux-x64 run `npm install` at the repository root; elsewhere set GND_BIN to a gnd binary",
      "(built from https://github.com/graphprotocol/graph-node, crate gnd/) or run this on linux-x64.",
    ].join("\n"),
  );
}

/** The subgraph is built from the exported ABIs. */
export function requireAbis(): void {
  if (!existsSync(join(REPO, "sdk/abis/JobMarket.json")))
    throw new PrerequisiteError(
      "sdk/abis/ is missing: run `npx hardhat build && node scripts/export-abis.ts` at the repository root",
    );
}

/** Whether a chain answers JSON-RPC at `url`. */
export async function rpcAnswers(url: string): Promise<boolean> {
  return post(url, { jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] });
}

/** Whether an IPFS API answers at `url` (graph-node checks /api/v0/version on start). */
export async function ipfsAnswers(url: string): Promise<boolean> {
  return post(`${url}/api/v0/version`);
}

async function post(url: string, body?: unknown): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(5_000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

/** Runs a step of the build: into `logFile` when given (its tail on failure), else on this terminal. */
export async function run(
  name: string,
  command: string,
  args: string[],
  o: { cwd: string; env?: NodeJS.ProcessEnv; logFile?: string; signal?: AbortSignal },
): Promise<void> {
  if (o.logFile) return runToCompletion(name, command, args, { ...o, logFile: o.logFile });
  const child = track(spawn(command, args, { cwd: o.cwd, env: o.env, stdio: "inherit", signal: o.signal }));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (exitCode, signal) => resolve(signal ? null : exitCode));
  });
  if (code !== 0) throw new Error(`${name} failed (${code === null ? "killed" : `exit ${code}`})`);
}

export interface BuildOptions {
  /** The addresses (sdk/deployments format); without it, those of `network` (scripts/manifest.mjs says how). */
  deploymentFile?: string;
  network?: string;
  /** Another networks.json than subgraph/config/networks.json. */
  networksFile?: string;
  logFile?: string;
  signal?: AbortSignal;
}

/** subgraph.yaml for the deployment, then `graph codegen` and `graph build` (into subgraph/generated and build/). */
export async function buildSubgraph(o: BuildOptions = {}): Promise<void> {
  const graph = installed(".bin/graph");
  if (!graph) throw new PrerequisiteError("graph-cli is not installed (@graphprotocol/graph-cli): run `npm install`");
  const env = { ...process.env, ...(o.networksFile ? { HASHWORK_SUBGRAPH_NETWORKS: o.networksFile } : {}) };
  const manifestArgs = [
    ...(o.network ? ["--network", o.network] : []),
    ...(o.deploymentFile ? ["--deployment", o.deploymentFile] : []),
  ];
  const common = { cwd: SUBGRAPH, env, logFile: o.logFile, signal: o.signal };
  // manifest.mjs fails with a clear message when the deployment file is missing.
  await run("scripts/manifest.mjs", process.execPath, ["scripts/manifest.mjs", ...manifestArgs], common);
  await run("graph codegen", graph, ["codegen"], common);
  await run("graph build", graph, ["build"], common);
}

/** The name graph-node knows `network`'s chain by (its `graphNetwork` in the networks file). */
export function graphNetwork(network = "hardhat", networksFile = join(SUBGRAPH, "config/networks.json")): string {
  const networks = JSON.parse(readFileSync(networksFile, "utf8")) as Record<string, { graphNetwork?: string }>;
  const name = networks[network]?.graphNetwork;
  if (!name) throw new PrerequisiteError(`${networksFile} has no graphNetwork for network "${network}"`);
  return name;
}

export interface GndDevOptions {
  rpcUrl: string;
  /** The chain's name in the manifest (`graphNetwork`). */
  network: string;
  ipfsUrl: string;
  ports: { graphql: number; admin: number; indexNode: number; metrics: number };
  /** gnd's own data. */
  databaseDir: string;
  postgres: Postgres;
  env?: NodeJS.ProcessEnv;
}

/**
 * `gnd dev` serving the built subgraph (run it in SUBGRAPH) as subgraph-0. gnd binds its four ports on 0.0.0.0
 * (hard-coded, no flag), and it ignores SIGTERM: stop it with a short grace.
 */
export function gndDev(o: GndDevOptions): Launch {
  const args = ["dev", "--manifests", "./subgraph.yaml", "--database-dir", o.databaseDir];
  args.push("--ethereum-rpc", `${o.network}:${o.rpcUrl}`, "--ipfs", o.ipfsUrl);
  args.push("--http-port", String(o.ports.graphql), "--admin-port", String(o.ports.admin));
  args.push("--index-node-port", String(o.ports.indexNode), "--metrics-port", String(o.ports.metrics));
  return { command: findGnd(), args: [...args, ...o.postgres.args], env: { ...o.postgres.env, ...o.env } };
}

export function subgraphUrl(graphqlPort: number): string {
  return `http://127.0.0.1:${graphqlPort}/subgraphs/name/subgraph-0`;
}
