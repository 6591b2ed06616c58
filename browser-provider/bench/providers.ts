/**
 * The two providers the bench compares, behind one interface: the provider page in headless Chromium and a provider
 * node process, both registered with the tab's offer and the same stake, both running one job at a time with one
 * queued, both measuring their fuel per second at start.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import {
  cmdline,
  cpuTicks,
  nodeHeapMiB,
  pids,
  processTree,
  rssMiB,
  safe,
  sandboxRssByParent,
} from "@hashwork/harness/proc-usage";
import { MIN_MFUEL, PRICE_PER_MFUEL } from "@hashwork/provider-node/test-helpers/market";
import type { World } from "@hashwork/provider-node/test-helpers/suite";
import type { CDPSession } from "playwright-core";
import { TAB_OFFER } from "../src/engine/registration.js";
import { startTab, tabExecMs } from "../test/tab-page.js";

/** Memory at one instant (MiB). */
export interface MemorySample {
  /** The tab: its main thread's JS heap (CDP JSHeapUsedSize). The node: its V8 heap used (its /metrics). */
  heap?: number;
  /** The tab: Chromium's renderer processes (the page and its Web Workers, which are threads of it). The node: its process. */
  process: number;
  /** The tab: every Chromium process (browser, zygote, GPU, network, renderers). The node: it plus its running sandbox processes. */
  total: number;
}

export interface ProviderSide {
  name: "tab" | "node";
  address: string;
  /** Fuel per second the provider measured at start (the SDK's calibration, slowest workload) and claims at. */
  measuredFuelPerSecond: number;
  /** Its own run time (ms) of each job it executed. */
  execMs(): Promise<Map<bigint, number>>;
  memory(): Promise<MemorySample>;
  /** CPU ticks (USER_HZ) of all its processes so far. */
  cpuTicks(): number;
  close(): Promise<void>;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The tab's processes: Chromium started on `profileDir` and everything below it. */
function chromiumProcesses(profileDir: string): { all: number[]; renderers: number[] } {
  const root = pids().find((pid) => {
    const cmd = cmdline(pid);
    return cmd.includes(`--user-data-dir=${profileDir}`) && !cmd.includes("--type=");
  });
  const all = root === undefined ? [] : processTree(root);
  return { all, renderers: all.filter((pid) => cmdline(pid).includes("--type=renderer")) };
}

/** The provider page at `pageUrl`, registered with the tab's offer but `capacity`, staked `stake` (test/tab-page.ts). */
export async function openTabSide(
  world: World,
  pageUrl: string,
  profileDir: string,
  stake: bigint,
  capacity: number,
): Promise<ProviderSide> {
  const pageErrors: string[] = [];
  const tab = await startTab(world, pageUrl, profileDir, stake, pageErrors, { capacity });
  const cdp: CDPSession = await tab.context.newCDPSession(tab.page);
  await cdp.send("Performance.enable");
  return {
    name: "tab",
    address: tab.address,
    measuredFuelPerSecond: tab.measuredFuelPerSecond,
    execMs: () => tabExecMs(tab.page),
    async memory() {
      const { metrics } = await cdp.send("Performance.getMetrics");
      const heap = metrics.find((m) => m.name === "JSHeapUsedSize")?.value;
      const { all, renderers } = chromiumProcesses(profileDir);
      return {
        heap: heap === undefined ? undefined : heap / 2 ** 20,
        process: sum(renderers.map((pid) => safe(() => rssMiB(pid)))),
        total: sum(all.map((pid) => safe(() => rssMiB(pid)))),
      };
    },
    cpuTicks: () => sum(chromiumProcesses(profileDir).all.map((pid) => safe(() => cpuTicks(pid)))),
    async close() {
      if (pageErrors.length > 0) console.error(`bench:tab: the page's errors: ${pageErrors.join("; ")}`);
      await tab.context.close();
    },
  };
}

/**
 * A provider node for hardhat account `accountIndex` with the tab's offer but `capacity`, `stake`, and the tab's limits (its config,
 * browser-provider/src/engine/start.ts `tabConfig`: one execution at a time with one queued, 500 ms chain polling,
 * 256 MiB per job, 5 s safety margin, no watcher); its fuel per second measured at boot as the tab's is.
 */
export async function startNodeSide(
  world: World,
  accountIndex: number,
  stake: bigint,
  capacity: number,
): Promise<ProviderSide> {
  // addNode registers the test offer: the tab's price and minimum, or the two sides would not be comparable.
  if (PRICE_PER_MFUEL !== TAB_OFFER.pricePerMfuel || BigInt(MIN_MFUEL) !== BigInt(TAB_OFFER.minMfuel))
    throw new Error("the test offer (provider-node/test/helpers/market.ts) is no longer the tab's (TAB_OFFER)");
  const node = await world.addNode("bench-node", accountIndex, {
    stake,
    capacity,
    config: {
      chain: { confirmations: 1, pollIntervalMs: 500, rpcTimeoutMs: 5_000 },
      tx: { pollIntervalMs: 250, replaceAfterMs: 15_000 },
      provider: { maxConcurrent: 1, maxQueued: 1 },
      limits: { memoryMiB: 256 },
      jobs: { safetyMarginSec: 5 },
      watcher: { sampleRate: 0 },
      log: { level: "info" },
    },
  });
  // The suite's nodes are given a fixed rate; this one measures its own at boot, as the tab does.
  const config = JSON.parse(readFileSync(node.configPath, "utf8")) as { provider: Record<string, unknown> };
  delete config.provider.fuelPerSecond;
  writeFileSync(node.configPath, JSON.stringify(config, null, 2));
  await node.start();
  const measured = /"fuelPerSecond":(\d+)[^\n]*measured this machine's sandbox speed/.exec(node.logs());
  const pid = node.process!.pid!;
  return {
    name: "node",
    address: node.address,
    measuredFuelPerSecond: Number(measured?.[1] ?? NaN),
    async execMs() {
      const db = new DatabaseSync(join(node.dir, "data/node.sqlite"), { readOnly: true });
      try {
        const rows = db.prepare("SELECT job_id, exec_ms FROM jobs WHERE exec_ms IS NOT NULL").all() as {
          job_id: string;
          exec_ms: number;
        }[];
        return new Map(rows.map((r) => [BigInt(r.job_id), Number(r.exec_ms)]));
      } finally {
        db.close();
      }
    },
    async memory() {
      const own = safe(() => rssMiB(pid));
      return {
        heap: (await nodeHeapMiB(`${node.httpUrl}/metrics`))?.used,
        process: own,
        total: own + (sandboxRssByParent().get(pid) ?? 0),
      };
    },
    cpuTicks: () => safe(() => cpuTicks(pid)),
    async close() {
      await node.stop("SIGTERM", 10_000);
    },
  };
}
