import { getAddress, isAddress } from "ethers";
import { isAbsolute, resolve } from "node:path";
import { ConfigError } from "../errors.js";
import { DEFAULTS } from "./defaults.js";
import type { NodeConfig } from "./types.js";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
const KNOWN_KEYS = new Set([
  "$schema",
  "chainId",
  "rpcUrls",
  "contracts",
  "deployment",
  "startBlock",
  "keystore",
  "dataDir",
  "contentStore",
  "chain",
  "provider",
  "limits",
  "jobs",
  "tx",
  "earnings",
  "http",
  "log",
  "faulty",
  "shutdownGraceMs",
]);

/** Resolves contract addresses and the start block when the file does not name them. */
export type DeploymentResolver = (
  chainId: number,
  file: string | undefined,
) => {
  market: string;
  registry: string;
  court?: string;
  startBlock: number;
};

/**
 * Applies defaults and validates a parsed config file. Collects every problem (with its JSON path) before
 * throwing one ConfigError, so an operator fixes the file in one pass. Relative paths resolve against `baseDir`.
 */
export function validateConfig(raw: unknown, baseDir: string, resolveDeployment: DeploymentResolver): NodeConfig {
  const issues: string[] = [];
  const v = new Reader(issues);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new ConfigError(["$: expected an object"]);
  const r = raw as Record<string, unknown>;
  for (const key of Object.keys(r)) if (!KNOWN_KEYS.has(key)) issues.push(`$.${key}: unknown setting`);

  const chainId = v.int(r, "chainId", undefined, 1);
  const rpcUrls = v.urls(r, "rpcUrls", DEFAULTS.rpcUrls);
  const contentStore = v.obj(r, "contentStore");
  const chain = v.obj(r, "chain");
  const provider = v.obj(r, "provider");
  const limits = v.obj(r, "limits");
  const jobs = v.obj(r, "jobs");
  const tx = v.obj(r, "tx");
  const earnings = v.obj(r, "earnings");
  const http = v.obj(r, "http");
  const log = v.obj(r, "log");

  const config: Omit<NodeConfig, "contracts" | "startBlock"> = {
    chainId,
    rpcUrls,
    keystore: absolute(v.str(r, "keystore", DEFAULTS.keystore), baseDir),
    dataDir: absolute(v.str(r, "dataDir", DEFAULTS.dataDir), baseDir),
    contentStore: {
      url: v.url(contentStore, "contentStore.url", DEFAULTS.contentStore.url),
      timeoutMs: v.int(contentStore, "contentStore.timeoutMs", DEFAULTS.contentStore.timeoutMs, 100),
    },
    chain: {
      confirmations: v.int(chain, "chain.confirmations", DEFAULTS.chain.confirmations, 0, 1_000),
      pollIntervalMs: v.int(chain, "chain.pollIntervalMs", DEFAULTS.chain.pollIntervalMs, 10),
      logChunkSize: v.int(chain, "chain.logChunkSize", DEFAULTS.chain.logChunkSize, 1, 1_000_000),
      reorgDepth: v.int(chain, "chain.reorgDepth", DEFAULTS.chain.reorgDepth, 1, 10_000),
      rpcTimeoutMs: v.int(chain, "chain.rpcTimeoutMs", DEFAULTS.chain.rpcTimeoutMs, 100),
    },
    provider: {
      classes: v.classes(provider, "provider.classes", DEFAULTS.provider.classes),
      maxConcurrent: v.int(provider, "provider.maxConcurrent", DEFAULTS.provider.maxConcurrent, 1, 1_024),
    },
    limits: {
      memoryMiB: v.int(limits, "limits.memoryMiB", DEFAULTS.limits.memoryMiB, 1, 4_096),
      fuel: v.int(limits, "limits.fuel", DEFAULTS.limits.fuel, 1),
      maxOutputBytes: v.int(limits, "limits.maxOutputBytes", DEFAULTS.limits.maxOutputBytes, 1),
      maxModuleBytes: v.int(limits, "limits.maxModuleBytes", DEFAULTS.limits.maxModuleBytes, 8),
      maxInputBytes: v.int(limits, "limits.maxInputBytes", DEFAULTS.limits.maxInputBytes, 0),
    },
    jobs: {
      safetyMarginSec: v.int(jobs, "jobs.safetyMarginSec", DEFAULTS.jobs.safetyMarginSec, 0, 86_400),
      settle: v.bool(jobs, "jobs.settle", DEFAULTS.jobs.settle),
      fuelPerSecond: v.optNum(jobs, "jobs.fuelPerSecond", 1),
    },
    tx: {
      gasLimitMultiplierPct: v.int(tx, "tx.gasLimitMultiplierPct", DEFAULTS.tx.gasLimitMultiplierPct, 100, 1_000),
      maxFeePerGasGwei: v.num(tx, "tx.maxFeePerGasGwei", DEFAULTS.tx.maxFeePerGasGwei, 0),
      priorityFeeGwei: v.optNum(tx, "tx.priorityFeeGwei", 0),
      replaceAfterMs: v.int(tx, "tx.replaceAfterMs", DEFAULTS.tx.replaceAfterMs, 1_000),
      feeBumpPct: v.int(tx, "tx.feeBumpPct", DEFAULTS.tx.feeBumpPct, 10, 1_000),
      pollIntervalMs: v.int(tx, "tx.pollIntervalMs", DEFAULTS.tx.pollIntervalMs, 10),
    },
    earnings: {
      withdrawThreshold: v.uint(earnings, "earnings.withdrawThreshold", DEFAULTS.earnings.withdrawThreshold),
      checkIntervalMs: v.int(earnings, "earnings.checkIntervalMs", DEFAULTS.earnings.checkIntervalMs, 100),
    },
    http: {
      host: v.str(http, "http.host", DEFAULTS.http.host),
      port: v.int(http, "http.port", DEFAULTS.http.port, 0, 65_535),
    },
    log: { level: v.oneOf(log, "log.level", DEFAULTS.log.level, LOG_LEVELS) },
    shutdownGraceMs: v.int(r, "shutdownGraceMs", DEFAULTS.shutdownGraceMs, 0, 600_000),
    faulty: v.bool(r, "faulty", DEFAULTS.faulty),
  };

  // Contracts: explicit addresses win; otherwise the SDK's deployment file for the chain.
  let contracts: NodeConfig["contracts"] = { market: "", registry: "" };
  let startBlock = 0;
  const explicit = v.obj(r, "contracts");
  if (r.contracts !== undefined) {
    contracts = {
      market: v.address(explicit, "contracts.market"),
      registry: v.address(explicit, "contracts.registry"),
      ...(explicit.court === undefined ? {} : { court: v.address(explicit, "contracts.court") }),
    };
    startBlock = v.int(r, "startBlock", 0, 0);
  } else if (issues.length === 0) {
    const deploymentFile = r.deployment === undefined ? undefined : absolute(v.str(r, "deployment", ""), baseDir);
    try {
      const d = resolveDeployment(chainId, deploymentFile);
      contracts = {
        market: getAddress(d.market),
        registry: getAddress(d.registry),
        ...(d.court === undefined ? {} : { court: getAddress(d.court) }),
      };
      startBlock = r.startBlock === undefined ? d.startBlock : v.int(r, "startBlock", 0, 0);
    } catch (error) {
      issues.push(`$.contracts: not given and no deployment found for chain ${chainId} (${(error as Error).message})`);
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return { ...config, contracts, startBlock };
}

function absolute(path: string, baseDir: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

/** Typed field readers that record an issue and return a placeholder instead of throwing. */
class Reader {
  constructor(private readonly issues: string[]) {}

  obj(o: Record<string, unknown>, key: string): Record<string, unknown> {
    const value = o[key];
    if (value === undefined) return {};
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    this.issues.push(`$.${key}: expected an object`);
    return {};
  }

  private get(o: Record<string, unknown>, path: string): unknown {
    return o[path.split(".").pop() as string];
  }

  int(
    o: Record<string, unknown>,
    path: string,
    def: number | undefined,
    min = 0,
    max = Number.MAX_SAFE_INTEGER,
  ): number {
    const value = this.get(o, path) ?? def;
    if (value === undefined) return this.fail(path, "is required", 0);
    if (typeof value !== "number" || !Number.isInteger(value)) return this.fail(path, "expected an integer", 0);
    if (value < min || value > max) return this.fail(path, `expected ${min}..${max}, got ${value}`, 0);
    return value;
  }

  num(o: Record<string, unknown>, path: string, def: number, min: number): number {
    const value = this.get(o, path) ?? def;
    if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
      return this.fail(path, `expected a number >= ${min}`, 0);
    }
    return value;
  }

  optNum(o: Record<string, unknown>, path: string, min: number): number | undefined {
    return this.get(o, path) === undefined ? undefined : this.num(o, path, 0, min);
  }

  uint(o: Record<string, unknown>, path: string, def: string): bigint {
    const value = this.get(o, path) ?? def;
    if (
      (typeof value === "string" && /^[0-9]+$/.test(value)) ||
      (typeof value === "number" && Number.isSafeInteger(value) && value >= 0)
    ) {
      return BigInt(value);
    }
    return this.fail(path, "expected a non-negative integer (a decimal string for large values)", 0n);
  }

  bool(o: Record<string, unknown>, path: string, def: boolean): boolean {
    const value = this.get(o, path) ?? def;
    return typeof value === "boolean" ? value : this.fail(path, "expected true or false", def);
  }

  str(o: Record<string, unknown>, path: string, def: string): string {
    const value = this.get(o, path) ?? def;
    return typeof value === "string" && value.length > 0 ? value : this.fail(path, "expected a non-empty string", def);
  }

  oneOf<T extends string>(o: Record<string, unknown>, path: string, def: T, options: readonly T[]): T {
    const value = this.get(o, path) ?? def;
    return options.includes(value as T) ? (value as T) : this.fail(path, `expected one of ${options.join(", ")}`, def);
  }

  url(o: Record<string, unknown>, path: string, def: string): string {
    const value = this.str(o, path, def);
    try {
      const u = new URL(value);
      if (u.protocol !== "http:" && u.protocol !== "https:") return this.fail(path, "expected an http(s) URL", value);
    } catch {
      return this.fail(path, `expected a URL, got "${value}"`, value);
    }
    return value.replace(/\/+$/, "");
  }

  urls(o: Record<string, unknown>, path: string, def: string[]): string[] {
    const value = this.get(o, path) ?? def;
    if (!Array.isArray(value) || value.length === 0) return this.fail(path, "expected a non-empty array of URLs", def);
    return value.map((u, i) => this.url({ [i]: u }, `${path}.${i}`, ""));
  }

  address(o: Record<string, unknown>, path: string): string {
    const value = this.get(o, path);
    if (typeof value !== "string" || !isAddress(value)) return this.fail(path, "expected a 0x address", "");
    return getAddress(value);
  }

  classes(o: Record<string, unknown>, path: string, def: number[]): number[] {
    const value = this.get(o, path) ?? def;
    if (!Array.isArray(value) || value.length === 0 || !value.every((c) => Number.isInteger(c) && c >= 0 && c < 32)) {
      return this.fail(path, "expected a non-empty array of resource classes 0..31", def);
    }
    return [...new Set(value as number[])];
  }

  private fail<T>(path: string, message: string, placeholder: T): T {
    this.issues.push(`$.${path}: ${message}`);
    return placeholder;
  }
}
