import { Ajv, type ErrorObject } from "ajv";
import { getAddress } from "ethers";
import { availableParallelism, totalmem } from "node:os";
import { isAbsolute, resolve } from "node:path";
import { ConfigError } from "../errors.js";
import { DEFAULTS } from "./defaults.js";
import { CONFIG_SCHEMA } from "./schema.js";
import type { NodeConfig } from "./types.js";

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

/** The file's shape once the schema accepted it (every setting but chainId optional). */
interface RawConfig {
  chainId: number;
  rpcUrls?: string[];
  contracts?: { market: string; registry: string; court?: string };
  deployment?: string;
  startBlock?: number;
  keystore?: string;
  dataDir?: string;
  contentStore?: { url?: string; timeoutMs?: number; cacheMaxBytes?: number };
  chain?: Partial<NodeConfig["chain"]>;
  provider?: { classes?: number[]; maxConcurrent?: number; maxQueued?: number; fuelPerSecond?: number };
  limits?: Partial<NodeConfig["limits"]>;
  jobs?: Partial<NodeConfig["jobs"]>;
  watcher?: { sampleRate?: number; maxBondTokens?: string | number };
  tx?: Partial<NodeConfig["tx"]>;
  earnings?: { withdrawThreshold?: string | number; checkIntervalMs?: number };
  http?: Partial<NodeConfig["http"]>;
  log?: Partial<NodeConfig["log"]>;
  shutdownGraceMs?: number;
  faulty?: boolean;
}

/**
 * The schema's validator, compiled when a config is validated (once, when the node starts) and dropped after: Ajv's
 * instance and the code it generates would otherwise stay in a running node's heap for nothing.
 * strict: the schema itself must be clean; allErrors: an operator fixes the file in one pass.
 */
function compileSchemaCheck() {
  return new Ajv({ allErrors: true, strict: true, verbose: true }).compile<RawConfig>(CONFIG_SCHEMA);
}

/**
 * Applies defaults and validates a parsed config file: its shape against `config.schema.json`, then what a schema
 * cannot say (URLs that parse, address checksums, token amounts, the deployment lookup). Collects every problem,
 * each with its JSON path, before throwing one ConfigError. Relative paths resolve against `baseDir`.
 */
export function validateConfig(raw: unknown, baseDir: string, resolveDeployment: DeploymentResolver): NodeConfig {
  const schemaCheck = compileSchemaCheck();
  if (!schemaCheck(raw)) throw new ConfigError(issuesFromAjv(schemaCheck.errors ?? []));
  const r = raw;
  const issues: string[] = [];
  const url = (value: string, path: string): string => {
    try {
      new URL(value);
    } catch {
      issues.push(`$.${path}: expected a URL, got ${JSON.stringify(value)}`);
    }
    return value.replace(/\/+$/, "");
  };
  const address = (value: string, path: string): string => {
    try {
      return getAddress(value);
    } catch {
      issues.push(`$.${path}: bad EIP-55 checksum (write the address in lower case, or copy it exactly)`);
      return value;
    }
  };

  const chain = { ...DEFAULTS.chain, ...r.chain };
  const limits = { ...DEFAULTS.limits, ...r.limits };
  const jobs = { ...DEFAULTS.jobs, ...r.jobs };
  const tx = { ...DEFAULTS.tx, ...r.tx };
  const maxBondTokens = r.watcher?.maxBondTokens ?? DEFAULTS.watcher.maxBondTokens;
  const maxConcurrent = r.provider?.maxConcurrent ?? machineConcurrency(limits.memoryMiB);
  const cacheMaxBytes = r.contentStore?.cacheMaxBytes ?? DEFAULTS.contentStore.cacheMaxBytes;
  // One job's content (the largest module and input the limits accept) must fit: a live job's content is never
  // evicted, so a smaller bound would be exceeded by every large job and bound nothing.
  const oneJobBytes = limits.maxModuleBytes + limits.maxInputBytes;
  if (cacheMaxBytes < oneJobBytes) {
    issues.push(
      `$.contentStore.cacheMaxBytes: expected at least limits.maxModuleBytes + limits.maxInputBytes = ${oneJobBytes} ` +
        `(one job's module and input must fit in the cache), got ${cacheMaxBytes}`,
    );
  }
  const config: Omit<NodeConfig, "contracts" | "startBlock"> = {
    chainId: r.chainId,
    rpcUrls: (r.rpcUrls ?? DEFAULTS.rpcUrls).map((u, i) => url(u, `rpcUrls.${i}`)),
    keystore: absolute(r.keystore ?? DEFAULTS.keystore, baseDir),
    dataDir: absolute(r.dataDir ?? DEFAULTS.dataDir, baseDir),
    contentStore: {
      url: url(r.contentStore?.url ?? DEFAULTS.contentStore.url, "contentStore.url"),
      timeoutMs: r.contentStore?.timeoutMs ?? DEFAULTS.contentStore.timeoutMs,
      cacheMaxBytes,
    },
    chain,
    provider: {
      classes: [...new Set(r.provider?.classes ?? DEFAULTS.provider.classes)],
      maxConcurrent,
      maxQueued: r.provider?.maxQueued ?? maxConcurrent * DEFAULTS.provider.queuedPerExecutor,
      fuelPerSecond: r.provider?.fuelPerSecond ?? DEFAULTS.provider.fuelPerSecond,
    },
    limits,
    jobs,
    watcher: {
      sampleRate: r.watcher?.sampleRate ?? DEFAULTS.watcher.sampleRate,
      maxBondTokens: wholeTokens(maxBondTokens, "watcher.maxBondTokens", issues),
    },
    tx: { ...tx, priorityFeeGwei: r.tx?.priorityFeeGwei },
    earnings: {
      withdrawThreshold: r.earnings?.withdrawThreshold === undefined ? undefined : BigInt(r.earnings.withdrawThreshold),
      checkIntervalMs: r.earnings?.checkIntervalMs ?? DEFAULTS.earnings.checkIntervalMs,
    },
    http: { ...DEFAULTS.http, ...r.http },
    log: { ...DEFAULTS.log, ...r.log },
    shutdownGraceMs: r.shutdownGraceMs ?? DEFAULTS.shutdownGraceMs,
    faulty: r.faulty ?? DEFAULTS.faulty,
  };

  // Contracts: explicit addresses win; otherwise the SDK's deployment file for the chain.
  let contracts: NodeConfig["contracts"] = { market: "", registry: "" };
  let startBlock = 0;
  if (r.contracts !== undefined) {
    const { market, registry, court } = r.contracts;
    contracts = {
      market: address(market, "contracts.market"),
      registry: address(registry, "contracts.registry"),
      ...(court === undefined ? {} : { court: address(court, "contracts.court") }),
    };
    startBlock = r.startBlock ?? 0;
  } else if (issues.length === 0) {
    const deploymentFile = r.deployment === undefined ? undefined : absolute(r.deployment, baseDir);
    try {
      const d = resolveDeployment(r.chainId, deploymentFile);
      contracts = {
        market: getAddress(d.market),
        registry: getAddress(d.registry),
        ...(d.court === undefined ? {} : { court: getAddress(d.court) }),
      };
      startBlock = r.startBlock ?? d.startBlock;
    } catch (error) {
      issues.push(
        `$.contracts: not given and no deployment found for chain ${r.chainId} (${(error as Error).message})`,
      );
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return { ...config, contracts, startBlock };
}

function absolute(path: string, baseDir: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

/** Whole tokens (a number or a decimal string) as a decimal string; the token's decimals scale it at start. A number
 * must print as a plain decimal. */
function wholeTokens(value: string | number, path: string, issues: string[]): string {
  const text = String(value);
  if (/^[0-9]+(\.[0-9]{1,18})?$/.test(text)) return text;
  issues.push(`$.${path}: expected a non-negative amount of tokens with at most 18 decimals (e.g. 100 or "2.5")`);
  return "0";
}

// ---- Ajv errors → "$.json.path: what was expected" ------------------------------------------------------

function issuesFromAjv(errors: ErrorObject[]): string[] {
  // An anyOf that failed is reported once, by its description, rather than by each branch's complaint.
  const alternatives = errors.filter((e) => e.keyword === "anyOf").map((e) => `${e.schemaPath}/`);
  const issues: string[] = [];
  for (const error of errors) {
    if (alternatives.some((prefix) => error.schemaPath.startsWith(prefix))) continue;
    const issue = issueFromAjv(error);
    if (!issues.includes(issue)) issues.push(issue);
  }
  return issues;
}

function issueFromAjv(error: ErrorObject): string {
  const segments = error.instancePath === "" ? [] : error.instancePath.slice(1).split("/").map(unescapePointer);
  const params = error.params as Record<string, unknown>;
  const at = (...more: string[]) => ["$", ...segments, ...more].join(".");
  const description = (error.parentSchema as { description?: string } | undefined)?.description;
  // Descriptions of a pattern's schema and of anyOf branches are written to follow "expected".
  const got = `, got ${describe(error.data)}`;
  switch (error.keyword) {
    case "required":
      return `${at(String(params.missingProperty))}: is required`;
    case "additionalProperties":
      return `${at(String(params.additionalProperty))}: unknown setting`;
    case "type":
      return `${at()}: expected ${String(params.type).replace(",", " or ")}${got}`;
    case "minimum":
    case "maximum":
      return `${at()}: expected ${String(params.comparison)} ${String(params.limit)}${got}`;
    case "minItems":
      return `${at()}: expected at least ${String(params.limit)} item(s)`;
    case "minLength":
      return `${at()}: expected a non-empty string`;
    case "enum":
      return `${at()}: expected one of ${(params.allowedValues as unknown[]).join(", ")}${got}`;
    case "pattern":
      return `${at()}: expected ${description ?? `a string matching /${String(params.pattern)}/`}${got}`;
    case "anyOf": {
      const branches = error.schema as { description?: string; type?: string }[];
      return `${at()}: expected ${branches.map((b) => b.description ?? b.type).join(" or ")}${got}`;
    }
    default:
      return `${at()}: ${error.message ?? `failed "${error.keyword}"`}`;
  }
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

function describe(data: unknown): string {
  if (Array.isArray(data)) return `an array of ${data.length} items`;
  if (data !== null && typeof data === "object") return "an object";
  if (typeof data === "number" && !Number.isFinite(data)) return String(data); // NaN from a CLI flag: not "null"
  return JSON.stringify(data) ?? String(data);
}

/**
 * The default of `provider.maxConcurrent`: one execution per core, and no more than half this machine's memory holds at
 * the largest sandbox it accepts (`limits.memoryMiB`); at least one.
 */
export function machineConcurrency(
  memoryMiB: number,
  machine = { cores: availableParallelism(), memoryMiB: totalmem() / 2 ** 20 },
): number {
  return Math.max(1, Math.min(machine.cores, Math.floor(machine.memoryMiB / 2 / memoryMiB)));
}
