import { CachedStore } from "@hashwork/provider-node/content/cached-store";
import { DEFAULTS } from "@hashwork/provider-node/config/defaults";
import type { NodeConfig } from "@hashwork/provider-node/config/types";
import { startEngine, type EngineHandle } from "@hashwork/provider-node/engine";
import { KuboStore } from "@hashwork/sdk";
import type { Wallet } from "ethers";
import { pino, type Logger } from "pino";
import { IdbBytes } from "./idb.js";
import { CONTENT_CACHE_MAX_BYTES, IdbContentCache } from "./content-cache.js";
import { IdbOutputs, noMetrics, runJobInBrowser } from "./parts.js";
import { WasmSqliteDatabase } from "./wasm-sqlite.js";

/** Where the tab works: the chain, the market and the content store (the page's query string). */
export interface TabSettings {
  chainId: number;
  rpcUrl: string;
  storeUrl: string;
  market: string;
  registry: string;
  startBlock: number;
  /** The tab's fuel per second: measured at start (`measureTabFuelRate`), or the query string's for a test. */
  fuelPerSecond: number;
  /** The largest bundle stack budget the tab's Web Worker holds: measured at start (`measureTabStackKiB`). */
  stackKiB: number;
}

/**
 * The node's configuration for a tab: the node's defaults, one execution at a time with one queued, a 1-second
 * devnet's confirmations and polling, no watcher, no withdrawals (the earnings stay claimable in the market).
 */
export function tabConfig(s: TabSettings): NodeConfig {
  return {
    chainId: s.chainId,
    rpcUrls: [s.rpcUrl],
    contracts: { market: s.market, registry: s.registry },
    startBlock: s.startBlock,
    keystore: "(working key in localStorage)",
    dataDir: "(IndexedDB)",
    contentStore: {
      url: s.storeUrl,
      timeoutMs: DEFAULTS.contentStore.timeoutMs,
      cacheMaxBytes: CONTENT_CACHE_MAX_BYTES,
    },
    chain: { ...DEFAULTS.chain, confirmations: 1, pollIntervalMs: 500, rpcTimeoutMs: 5_000 },
    provider: {
      classes: [...DEFAULTS.provider.classes],
      maxConcurrent: 1,
      maxQueued: 1,
      fuelPerSecond: s.fuelPerSecond,
    },
    limits: { ...DEFAULTS.limits, memoryMiB: 256 },
    jobs: { ...DEFAULTS.jobs, safetyMarginSec: 5 },
    watcher: { sampleRate: 0, maxBondTokens: "0" },
    tx: { ...DEFAULTS.tx, pollIntervalMs: 250, replaceAfterMs: 15_000 },
    earnings: { withdrawThreshold: 0n, checkIntervalMs: DEFAULTS.earnings.checkIntervalMs },
    http: DEFAULTS.http,
    shutdownGraceMs: DEFAULTS.shutdownGraceMs,
    log: { level: "info" },
    faulty: false,
  };
}

export interface TabEngine {
  engine: EngineHandle;
  db: WasmSqliteDatabase;
  config: NodeConfig;
  /** Bundles' modules and inputs kept across reloads. */
  cache: IdbContentCache;
}

/**
 * Starts the provider node's engine in this tab for `wallet`: its state in SQLite (WASM) saved to IndexedDB under the
 * chain, market and provider, so a reload resumes the same records; its outputs and its content cache in IndexedDB
 * (a reload neither loses a signed transaction nor fetches a bundle again); jobs in a Web Worker.
 * `mayClaim` false pauses claiming new jobs (the page: hidden for long) while the claimed ones run on.
 */
export async function startTabEngine(
  settings: TabSettings,
  wallet: Wallet,
  onLog: (entry: Record<string, unknown>) => void,
  mayClaim: () => boolean = () => true,
): Promise<TabEngine> {
  const config = tabConfig(settings);
  const disk = await IdbBytes.open();
  const scope = `${settings.chainId}/${settings.market.toLowerCase()}/${wallet.address.toLowerCase()}`;
  const db = await WasmSqliteDatabase.open(disk, `${scope}/node.sqlite`);
  const logger: Logger = pino({
    level: config.log.level,
    base: { service: "hashwork-tab" },
    browser: {
      asObject: true,
      write: (o) => {
        // eslint-disable-next-line no-console -- the console is where a tab logs
        console.info(JSON.stringify(o));
        onLog(o as Record<string, unknown>);
      },
    },
  });
  const cache = await IdbContentCache.open(config.contentStore.cacheMaxBytes);
  const engine = await startEngine(config, wallet, {
    db,
    logger,
    metrics: noMetrics(),
    store: new CachedStore(new KuboStore(settings.storeUrl, { timeoutMs: config.contentStore.timeoutMs }), cache),
    outputs: new IdbOutputs(disk, `${scope}/outputs`),
    verifyOutputs: new IdbOutputs(disk, `${scope}/verifier-outputs`),
    runJob: runJobInBrowser,
    mayClaim,
    stackKiB: settings.stackKiB,
  });
  return { engine, db, config, cache };
}
