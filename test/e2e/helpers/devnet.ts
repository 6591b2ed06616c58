/**
 * Runs `npm start` (scripts/start.mjs) as a child on free ports with its own state dir, for end-to-end tests:
 * waits for its endpoints, queries the subgraph, stops it like Ctrl-C, and finds processes it left behind.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { foundryBinary, REPO } from "@hashwork/harness/chain";
import { consecutiveFreePorts, freePort, waitFor } from "@hashwork/harness/ports";
import { track } from "@hashwork/harness/processes";
import type { DevnetOptions } from "@hashwork/devkit/options";

export { REPO, waitFor };

/** What the devnet writes to `<state dir>/devnet.json` once every endpoint answers. */
export interface Endpoints {
  pid: number;
  stateDir: string;
  rpcUrl: string;
  chainId: number;
  contentStoreUrl: string;
  subgraphUrl: string | null;
  dashboardUrl: string | null;
  dashboardNote: string | null;
  /** Whether --chaos kills provider nodes. */
  chaos: boolean;
  nodeMetrics: { name: string; address: string; faulty: boolean; watcher: boolean; url: string }[];
  contracts: Record<string, string>;
  startedAt: string;
  readyAt: string;
}

/** The ports the devnet is started on (its `--*-port` options). */
export type DevnetPorts = DevnetOptions["ports"];

export interface DevnetHandle {
  child: ChildProcess;
  stateDir: string;
  ports: DevnetPorts;
  /** Everything the devnet printed so far (stdout and stderr). */
  output(): string;
  /** Resolves once devnet.json exists (every endpoint answers); rejects if the devnet exits first. */
  ready(timeoutMs: number): Promise<Endpoints>;
  /** Resolves with the exit code (or signal name) when the devnet exits. */
  exited: Promise<number | string>;
  /** Sends `signal` (SIGINT: what Ctrl-C does) and waits for the exit, SIGKILLing after `timeoutMs`. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | string>;
  /** Strings that identify the devnet's processes in /proc/<pid>/cmdline. */
  markers(): string[];
  /** Removes the state dir (kept when KEEP_TEST_DIRS is set, for its logs). */
  cleanup(): Promise<void>;
}

/** Starts the devnet on free ports (node-metrics ports are consecutive: one per provider). */
export async function startDevnet(o: { args?: string[]; providers?: number } = {}): Promise<DevnetHandle> {
  const stateDir = await mkdtemp(join(tmpdir(), "hashwork-devnet-e2e-"));
  const providers = o.providers ?? 7;
  const ports: DevnetPorts = {
    rpc: await freePort(),
    graphql: await freePort(),
    graphAdmin: await freePort(),
    graphIndexNode: await freePort(),
    graphMetrics: await freePort(),
    content: await freePort(),
    dashboard: await freePort(),
    nodeMetrics: await consecutiveFreePorts(providers),
  };
  const args = [
    join(REPO, "scripts/start.mjs"),
    "--state-dir",
    stateDir,
    "--providers",
    String(providers),
    "--rpc-port",
    String(ports.rpc),
    "--graphql-port",
    String(ports.graphql),
    "--graph-admin-port",
    String(ports.graphAdmin),
    "--graph-index-node-port",
    String(ports.graphIndexNode),
    "--graph-metrics-port",
    String(ports.graphMetrics),
    "--content-port",
    String(ports.content),
    "--dashboard-port",
    String(ports.dashboard),
    "--node-metrics-port",
    String(ports.nodeMetrics),
    "--no-sdk-deployment", // leave sdk/deployments/31337.json to the developer's own devnet
    ...(o.args ?? []),
  ];
  const child = track(spawn(process.execPath, args, { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] }));
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  let exitedValue: number | string | undefined;
  void exited.then((v) => (exitedValue = v));

  const endpointsFile = join(stateDir, "devnet.json");
  return {
    child,
    stateDir,
    ports,
    output: () => output,
    exited,
    async ready(timeoutMs) {
      return waitFor(
        "the devnet's endpoints (devnet.json)",
        () => {
          if (exitedValue !== undefined)
            throw Object.assign(new Error(`the devnet exited (${exitedValue}):\n${output.slice(-4000)}`), {
              fatal: true,
            });
          return existsSync(endpointsFile) ? (JSON.parse(readFileSync(endpointsFile, "utf8")) as Endpoints) : undefined;
        },
        timeoutMs,
        500,
      );
    },
    async stop(signal = "SIGINT", timeoutMs = 90_000) {
      if (exitedValue !== undefined) return exitedValue;
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
    async cleanup() {
      if (process.env.KEEP_TEST_DIRS) console.error(`devnet state and logs kept in ${stateDir}`);
      else await rm(stateDir, { recursive: true, force: true });
    },
    markers: () => [
      stateDir,
      `--port ${ports.rpc}`,
      `127.0.0.1:${ports.rpc}`,
      `--http-port ${ports.graphql}`,
      `--admin-port ${ports.graphAdmin}`,
    ],
  };
}

/** Processes (other than this one) whose command line contains any of `markers`: pid and command line. */
export function processesMatching(markers: string[]): { pid: number; cmdline: string }[] {
  const found: { pid: number; cmdline: string }[] = [];
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
    } catch {
      continue; // exited meanwhile
    }
    if (cmdline && markers.some((m) => cmdline.includes(m))) found.push({ pid, cmdline });
  }
  return found;
}

/** A GraphQL query against the subgraph; throws on transport or GraphQL errors. */
export async function querySubgraph<T>(url: string, query: string): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(5_000),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
  if (!body.data) throw new Error(`no data (HTTP ${res.status})`);
  return body.data;
}

/**
 * The dashboard's browser check (`checkDashboard` in dashboard/test/checkDashboard.ts, owned by the dashboard:
 * headless Chromium compares the pages with the subgraph and takes screenshots), run against this devnet.
 * Skipped only on request (HASHWORK_DASHBOARD_E2E=0) or when the devnet runs without dashboard or indexer; a
 * missing Chromium is an error, not a silent skip (`.ci/run` installs Debian's).
 */
export async function runDashboardCheck(
  e: Endpoints,
  screenshotsDir: string,
): Promise<{ skipped: string } | { checked: string[]; screenshots: string[] }> {
  const module = join(REPO, "dashboard/test/checkDashboard.ts");
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (process.env.HASHWORK_DASHBOARD_E2E === "0") return { skipped: "HASHWORK_DASHBOARD_E2E=0" };
  if (!e.dashboardUrl || !e.subgraphUrl) return { skipped: "the devnet runs without the dashboard or the indexer" };
  if (!existsSync(chromium)) {
    throw new Error(
      `no Chromium at ${chromium}: install it (apt-get install chromium), set CHROMIUM_PATH, ` +
        "or skip the browser check with HASHWORK_DASHBOARD_E2E=0",
    );
  }
  // A computed specifier: the dashboard is its own TypeScript project (bundler resolution), not part of ours.
  const { checkDashboard } = (await import(pathToFileURL(module).href)) as {
    checkDashboard(o: {
      dashboardUrl: string;
      subgraphUrl: string;
      rpcUrl?: string;
      screenshotsDir: string;
      chromiumPath?: string;
    }): Promise<{ checked: string[]; screenshots: string[] }>;
  };
  return checkDashboard({
    dashboardUrl: e.dashboardUrl,
    subgraphUrl: e.subgraphUrl,
    rpcUrl: e.rpcUrl,
    screenshotsDir,
    chromiumPath: chromium,
  });
}

/** Runs Foundry's `cast` against `rpcUrl` (arguments as on its command line); resolves with its trimmed stdout. */
export function cast(rpcUrl: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(foundryBinary("cast"), [...args, "--rpc-url", rpcUrl], { timeout: 60_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`cast ${args[0]}: ${stderr || error.message}`)) : resolve(stdout.trim()),
    ),
  );
}
