/**
 * `npm start` options: every flag, its environment variable and its default, in one place, validated before
 * anything starts. Flags win over the environment.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { CHAIN_KINDS, REPO, type ChainKind } from "@hashwork/harness/chain";

export interface DevnetOptions {
  providers: number;
  faulty: number;
  /** How many honest nodes also watch (re-execute every job they are no party of and challenge wrong results). */
  watchers: number;
  /** Jobs posted per minute (0: no workload generator). */
  rate: number;
  /** Share of posted jobs with k = 3 replicas (the rest k = 1). */
  k3Share: number;
  workloads: string[];
  ports: {
    rpc: number;
    graphql: number;
    graphAdmin: number;
    graphIndexNode: number;
    graphMetrics: number;
    content: number;
    dashboard: number;
    /** Provider node i serves /metrics on nodeMetrics + i. */
    nodeMetrics: number;
  };
  /** The chain node: Hardhat's or Foundry's anvil. */
  chain: ChainKind;
  stateDir: string;
  reset: boolean;
  /** Seconds to run before shutting down by itself (0: until Ctrl-C). */
  duration: number;
  indexer: boolean;
  dashboard: boolean;
  /** Also write sdk/deployments/31337.json so the CLI and SDK find this devnet's addresses. */
  sdkDeployment: boolean;
  /** Seconds between status lines when stdout is not a terminal. */
  statusEvery: number;
  /** SIGKILL a random provider node every 20–60 s (chaos.ts); the supervisor restarts it. */
  chaos: boolean;
}

const SPEC = {
  providers: {
    env: "HASHWORK_PROVIDERS",
    default: "7",
    help: "provider nodes to run (a k = 3 dispute needs 3 replicas, an auditor and a panel of 3 others)",
  },
  faulty: { env: "HASHWORK_FAULTY", default: "1", help: "how many of them post wrong results (get slashed)" },
  watchers: {
    env: "HASHWORK_WATCHERS",
    default: "1",
    help: "how many honest ones also re-execute every job and challenge wrong results",
  },
  rate: { env: "HASHWORK_RATE", default: "6", help: "jobs posted per minute (0: none)" },
  "k3-share": { env: "HASHWORK_K3_SHARE", default: "0.5", help: "share of jobs with k = 3 replicas (rest k = 1)" },
  workloads: { env: "HASHWORK_WORKLOADS", default: "", help: "comma-separated sample workloads (default: all)" },
  chain: {
    env: "HASHWORK_CHAIN",
    default: "hardhat",
    help: "the chain node: hardhat (Hardhat's) or anvil (Foundry's)",
  },
  "rpc-port": { env: "HASHWORK_RPC_PORT", default: "8545", help: "the chain node's JSON-RPC" },
  "graphql-port": { env: "HASHWORK_GRAPHQL_PORT", default: "8000", help: "graph-node GraphQL" },
  "graph-admin-port": { env: "HASHWORK_ADMIN_PORT", default: "8020", help: "graph-node admin" },
  "graph-index-node-port": { env: "HASHWORK_INDEX_NODE_PORT", default: "8030", help: "graph-node index-node API" },
  "graph-metrics-port": { env: "HASHWORK_METRICS_PORT", default: "8040", help: "graph-node metrics" },
  "content-port": { env: "HASHWORK_CONTENT_PORT", default: "5001", help: "embedded content store (IPFS API)" },
  "dashboard-port": { env: "HASHWORK_DASHBOARD_PORT", default: "5173", help: "dashboard" },
  "node-metrics-port": {
    env: "HASHWORK_NODE_METRICS_PORT",
    default: "9464",
    help: "first provider node's /metrics (node i: +i)",
  },
  "state-dir": { env: "HASHWORK_DEVNET_DIR", default: ".devnet", help: "keystores, configs, content, logs" },
  duration: { env: "HASHWORK_DURATION", default: "0", help: "seconds to run, then shut down (0: until Ctrl-C)" },
  "status-every": { env: "HASHWORK_STATUS_EVERY", default: "10", help: "seconds between status lines (non-TTY)" },
} as const;

const BOOLEANS = {
  reset: "wipe the state dir first (keystores, content, logs)",
  chaos: "SIGKILL a random provider node every 20–60 s (never one while another is down); each is restarted",
  "no-indexer": "do not start graph-node",
  "no-dashboard": "do not build or serve the dashboard",
  "no-sdk-deployment": "do not write sdk/deployments/31337.json",
  help: "this text",
} as const;

export function usage(): string {
  const lines = ["npm start -- [options]   (the whole Hashwork marketplace on 127.0.0.1)", ""];
  for (const [name, s] of Object.entries(SPEC))
    lines.push(`  --${name.padEnd(24)} ${s.help} [${s.env}, default ${s.default || "all"}]`);
  for (const [name, help] of Object.entries(BOOLEANS)) lines.push(`  --${name.padEnd(24)} ${help}`);
  return lines.join("\n");
}

export class UsageError extends Error {}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): DevnetOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(Object.keys(SPEC).map((k) => [k, { type: "string" as const }])),
        ...Object.fromEntries(Object.keys(BOOLEANS).map((k) => [k, { type: "boolean" as const }])),
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  if (v.help) return "help";
  const str = (name: keyof typeof SPEC): string => {
    const fromFlag = v[name];
    if (typeof fromFlag === "string") return fromFlag;
    return env[SPEC[name].env] ?? SPEC[name].default;
  };
  const problems: string[] = [];
  const int = (name: keyof typeof SPEC, min: number, max: number): number => {
    const raw = str(name);
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      problems.push(`--${name} (${SPEC[name].env}) must be an integer from ${min} to ${max}, got "${raw}"`);
    return n;
  };
  const num = (name: keyof typeof SPEC, min: number, max: number): number => {
    const raw = str(name);
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max)
      problems.push(`--${name} (${SPEC[name].env}) must be a number from ${min} to ${max}, got "${raw}"`);
    return n;
  };
  const port = (name: keyof typeof SPEC) => int(name, 1, 65_535);
  const options: DevnetOptions = {
    providers: int("providers", 1, 50),
    faulty: int("faulty", 0, 50),
    watchers: int("watchers", 0, 50),
    rate: num("rate", 0, 600),
    k3Share: num("k3-share", 0, 1),
    workloads: str("workloads")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    ports: {
      rpc: port("rpc-port"),
      graphql: port("graphql-port"),
      graphAdmin: port("graph-admin-port"),
      graphIndexNode: port("graph-index-node-port"),
      graphMetrics: port("graph-metrics-port"),
      content: port("content-port"),
      dashboard: port("dashboard-port"),
      nodeMetrics: port("node-metrics-port"),
    },
    chain: str("chain") as ChainKind,
    stateDir: resolve(REPO, str("state-dir")),
    reset: v.reset === true,
    duration: num("duration", 0, 7 * 24 * 3600),
    indexer: v["no-indexer"] !== true,
    dashboard: v["no-dashboard"] !== true,
    sdkDeployment: v["no-sdk-deployment"] !== true,
    statusEvery: num("status-every", 1, 3600),
    chaos: v.chaos === true,
  };
  if (!(CHAIN_KINDS as readonly string[]).includes(options.chain))
    problems.push(`--chain (HASHWORK_CHAIN) must be one of ${CHAIN_KINDS.join(", ")}, got "${options.chain}"`);
  if (options.faulty > options.providers)
    problems.push(`--faulty (${options.faulty}) cannot exceed --providers (${options.providers})`);
  if (options.watchers + options.faulty > options.providers)
    problems.push(
      `--watchers (${options.watchers}) are honest nodes: with --faulty ${options.faulty} at most ${options.providers - options.faulty}`,
    );
  if (options.rate > 0 && options.k3Share > 0 && options.providers < 3)
    problems.push("k = 3 jobs need at least 3 providers: pass --providers 3 or more, or --k3-share 0");
  if (options.chaos && options.providers < 2)
    problems.push("--chaos keeps at least one provider node up: pass --providers 2 or more");
  if (problems.length > 0) throw new UsageError(problems.join("\n"));
  return options;
}
