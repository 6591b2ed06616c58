import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, readFileSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { Wallet } from "ethers";
import { track } from "./children.js";
import { REPO } from "./hardhat.js";
import { freePort, waitFor } from "./ports.js";
import { NODE_ENV, NODE_FLAGS } from "../../src/process-settings.js";
import { mergeConfig } from "../../src/config/merge.js";

const BIN = join(REPO, "provider-node/bin/hashwork-node.mjs");
const PASSWORD = "test-password-1234";

export interface NodeOptions {
  dir: string;
  name: string;
  wallet: Wallet;
  rpcUrls: string[];
  market: string;
  registry: string;
  startBlock: number;
  storeUrl: string;
  /** Default 31337 (the local chains'). */
  chainId?: number;
  /** Deep-merged into the config file after `init`. */
  config?: Record<string, unknown>;
}

/** Settings that make a node react quickly on a 1-second devnet. */
const FAST = {
  chain: { confirmations: 1, pollIntervalMs: 250, rpcTimeoutMs: 3_000 },
  tx: { pollIntervalMs: 200, replaceAfterMs: 15_000 },
  // A fixed sandbox speed instead of measuring it at every start (about a second each): near what measureFuelRate()
  // reports for its slowest calibration mix on a loaded 2-core machine (~580 M fuel/s).
  provider: { fuelPerSecond: 500_000_000 },
  jobs: { safetyMarginSec: 5 },
  earnings: { withdrawThreshold: "0" },
  log: { level: "debug" },
};

/** A provider node process driven through its CLI (`init`, then `start`), with its own dir, DB and logs. */
export class NodeProcess {
  process: ChildProcess | undefined;
  readonly configPath: string;
  readonly logFile: string;
  httpUrl = "";
  private starts = 0;

  private constructor(
    readonly name: string,
    readonly address: string,
    readonly dir: string,
  ) {
    this.configPath = join(dir, "config.json");
    this.logFile = join(dir, "node.log");
  }

  static async create(o: NodeOptions): Promise<NodeProcess> {
    const dir = join(o.dir, o.name);
    await mkdir(dir, { recursive: true });
    const node = new NodeProcess(o.name, o.wallet.address, dir);
    const port = await freePort();
    const args = [
      "init",
      "--config",
      node.configPath,
      "--chain-id",
      String(o.chainId ?? 31337),
      "--market",
      o.market,
      "--registry",
      o.registry,
    ];
    for (const url of o.rpcUrls) args.push("--rpc", url);
    args.push(
      "--start-block",
      String(o.startBlock),
      "--content-store",
      o.storeUrl,
      "--http-port",
      String(port),
      "--import-key-from-env",
    );
    await run(args, { HASHWORK_PRIVATE_KEY: o.wallet.privateKey });
    const config = JSON.parse(readFileSync(node.configPath, "utf8")) as Record<string, unknown>;
    writeFileSync(node.configPath, JSON.stringify(mergeConfig(mergeConfig(config, FAST), o.config ?? {}), null, 2));
    node.httpUrl = `http://127.0.0.1:${port}`;
    return node;
  }

  /** Deep-merges `patch` into the config file (takes effect on the next start). */
  configure(patch: Record<string, unknown>): void {
    const config = JSON.parse(readFileSync(this.configPath, "utf8")) as Record<string, unknown>;
    writeFileSync(this.configPath, JSON.stringify(mergeConfig(config, patch), null, 2));
  }

  /** Starts `hashwork-node start` and waits for /healthz to answer. */
  async start(o: { faulty?: boolean; env?: Record<string, string> } = {}): Promise<void> {
    const args = [...NODE_FLAGS, BIN, "start", "--config", this.configPath, ...(o.faulty ? ["--faulty"] : [])];
    const log = createWriteStream(this.logFile, { flags: "a" });
    log.write(`\n--- start #${++this.starts} ---\n`);
    const child = track(
      spawn(process.execPath, args, {
        cwd: REPO,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, ...NODE_ENV, HASHWORK_KEYSTORE_PASSWORD: PASSWORD, ...o.env },
      }),
    );
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    child.once("exit", () => setTimeout(() => log.end(), 100));
    this.process = child;
    await waitFor(
      `${this.name} /healthz`,
      async () => {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`${this.name} exited (${child.exitCode ?? child.signalCode})`);
        const res = await fetch(`${this.httpUrl}/healthz`);
        return res.status > 0 ? true : undefined;
      },
      60_000,
    );
  }

  get running(): boolean {
    return this.process !== undefined && this.process.exitCode === null && this.process.signalCode === null;
  }

  /** SIGTERM (graceful) by default; resolves when the process has exited. */
  async stop(signal: NodeJS.Signals = "SIGTERM", timeoutMs = 30_000): Promise<number | string | null> {
    const child = this.process;
    if (!child || !this.running) return child?.exitCode ?? child?.signalCode ?? null;
    const exited = new Promise<number | string | null>((r) => child.once("exit", (code, sig) => r(code ?? sig)));
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    const result = await exited;
    clearTimeout(timer);
    return result;
  }

  /** Resolves when the process exits by itself (e.g. a failpoint). */
  async exited(timeoutMs = 120_000): Promise<number | string | null> {
    const child = this.process;
    if (!child) return null;
    if (!this.running) return child.exitCode ?? child.signalCode;
    return waitFor(
      `${this.name} to exit`,
      () => (this.running ? undefined : (child.exitCode ?? child.signalCode ?? "exited")),
      timeoutMs,
    );
  }

  /** The job's replica row in the node's SQLite database (read-only connection). */
  job(jobId: bigint): Record<string, unknown> | undefined {
    return this.row("SELECT * FROM jobs WHERE job_id = ?", jobId.toString());
  }

  /** The node's verifier row for round `round` of a job (0: the audit), read-only. */
  verification(jobId: bigint, round: number): Record<string, unknown> | undefined {
    return this.row("SELECT * FROM verifications WHERE job_id = ? AND round = ?", jobId.toString(), round);
  }

  /** The node's watcher row for a job, read-only. */
  watch(jobId: bigint): Record<string, unknown> | undefined {
    return this.row("SELECT * FROM watches WHERE job_id = ?", jobId.toString());
  }

  private row(sql: string, ...params: (string | number)[]): Record<string, unknown> | undefined {
    const db = new DatabaseSync(join(this.dir, "data/node.sqlite"), { readOnly: true });
    try {
      return db.prepare(sql).get(...params) as Record<string, unknown> | undefined;
    } finally {
      db.close();
    }
  }

  /** Transactions of a job in the node's database. */
  txs(jobId: bigint): Record<string, unknown>[] {
    const db = new DatabaseSync(join(this.dir, "data/node.sqlite"), { readOnly: true });
    try {
      return db.prepare("SELECT * FROM txs WHERE job_id = ? ORDER BY id").all(jobId.toString()) as Record<
        string,
        unknown
      >[];
    } finally {
      db.close();
    }
  }

  /** `hashwork-node status --json` for this node (read-only beside the running node). */
  status(): Record<string, unknown> {
    const r = spawnSync(process.execPath, [BIN, "status", "--config", this.configPath, "--json"], {
      cwd: REPO,
      encoding: "utf8",
      env: { ...process.env, HASHWORK_KEYSTORE_PASSWORD: PASSWORD },
      timeout: 60_000,
    });
    if (r.status !== 0) throw new Error(`status failed (${r.status}): ${r.stderr}`);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  }

  async metrics(): Promise<string> {
    return (await fetch(`${this.httpUrl}/metrics`)).text();
  }

  async health(): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${this.httpUrl}/healthz`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  logs(): string {
    return readFileSync(this.logFile, "utf8");
  }
}

async function run(args: string[], env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, HASHWORK_KEYSTORE_PASSWORD: PASSWORD, ...env },
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const code = await new Promise<number | null>((r) => child.once("exit", r));
  if (code !== 0) throw new Error(`hashwork-node ${args[0]} failed (${code}): ${output}`);
}
