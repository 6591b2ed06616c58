/**
 * The market at scale: for each provider count N, starts the whole devnet (`npm start`: chain, content store,
 * graph-node with the subgraph, N provider nodes), ramps a stream of the sample jobs (k = 1 and k = 3 mixed) through
 * rising rates, and prints per step: jobs posted and settled per minute, post → settled latency (p50/p95), CPU and
 * RSS of every component (each provider node, alone and with the sandbox processes running its jobs; the chain, graph-node, the devnet's own process with the content
 * store, this process posting the jobs), the indexer's lag behind the chain, and which component saturates first.
 *
 *   npm run bench:market                                    # N = 8, 16, 32; 6, 12, 24 jobs/min; 4 minutes a step
 *   BENCH_NODES=8 BENCH_RATES=6,12 BENCH_STEP_SECONDS=180 npm run bench:market
 *   BENCH_CHAIN=anvil npm run bench:market                  # on Foundry's anvil instead of Hardhat's node
 *   BENCH_POSTERS=1 npm run bench:market                    # one posting loop (default: 6, one requester each)
 *
 * Needs what `npm start` needs (PostgreSQL for graph-node). Every number is measured on this machine, with every
 * component on it: the table says how far one machine goes and what runs out first, which is what "Scaling beyond one
 * machine" in the README sizes from.
 */
import { readdirSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { JsonRpcProvider, Network, NonceManager } from "ethers";
import pino from "pino";
import { hardhatAccount, REQUESTER_ACCOUNTS, ROLES } from "@hashwork/devkit/accounts";
import { JOB_PRICE_PER_MFUEL } from "@hashwork/devkit/devnet";
import { WorkloadGenerator } from "@hashwork/devkit/generator";
import { HashworkToken__factory, JobMarket__factory, VerificationCourt__factory } from "@hashwork/sdk";
import { loadWorkloads } from "@hashwork/devkit/workloads";
import {
  cmdline,
  cpuTicks,
  nodeHeapMiB as heapOf,
  rssMiB,
  safe,
  sandboxRssByParent,
  TICKS_PER_SECOND,
} from "@hashwork/harness/proc-usage";
import { querySubgraph, startDevnet, type DevnetHandle, type Endpoints } from "../test/e2e/helpers/devnet.js";

/** A positive number from the environment, or exit 2 naming the variable (NaN would measure an empty market). */
function positive(name: string, raw: string, whole = true): number {
  const value = Number(raw.trim());
  if (raw.trim() === "" || !(value > 0) || (whole && !Number.isInteger(value))) {
    console.error(`bench:market: ${name} must be a positive ${whole ? "whole " : ""}number, not "${raw}"`);
    process.exit(2);
  }
  return value;
}
const env = (name: string, fallback: string) => process.env[name] ?? fallback;
const list = (name: string, fallback: string, whole = true) =>
  env(name, fallback)
    .split(",")
    .map((s) => positive(name, s, whole));
const NODES = list("BENCH_NODES", "8,16,32");
const RATES = list("BENCH_RATES", "6,12,24", false);
const STEP_SECONDS = positive("BENCH_STEP_SECONDS", env("BENCH_STEP_SECONDS", "240"));
// After the ramp, how long the jobs still open may take to settle (a devnet job's windows add up to ~4 minutes).
const DRAIN_SECONDS = positive("BENCH_DRAIN_SECONDS", env("BENCH_DRAIN_SECONDS", "480"));
const CHAIN = env("BENCH_CHAIN", "hardhat");
// Concurrent posting loops, one requester account each: one loop posts one job at a time (~2-3 s each: a probe run,
// the upload, a mined transaction), so a single loop tops out near 20 jobs/min and the bench would measure it.
const POSTERS = positive("BENCH_POSTERS", env("BENCH_POSTERS", String(REQUESTER_ACCOUNTS.length)));
if (POSTERS > REQUESTER_ACCOUNTS.length) {
  console.error(
    `bench:market: BENCH_POSTERS must be at most ${REQUESTER_ACCOUNTS.length} (one requester account each)`,
  );
  process.exit(2);
}
const SAMPLE_MS = 5_000;
const HEAP_EVERY = 6; // samples between two scrapes of the nodes' heap (30 s)

/** One process the bench watches, by the component it is. */
type Watched = { component: string; pid: number; metricsUrl?: string };
/** heapUsedMiB / heapTotalMiB: V8's heap (used / committed, mean of the scrapes), provider nodes only. */
/**
 * sandboxMeanMiB / sandboxPeakMiB (provider nodes): the node's RSS plus that of the sandbox processes running its jobs
 * at the sample (each job runs in a process of its own, see the node's exec/run.ts), mean and largest.
 */
type Usage = {
  cpuPct: number;
  rssMeanMiB: number;
  rssPeakMiB: number;
  heapUsedMiB?: number;
  heapTotalMiB?: number;
  withSandboxMeanMiB?: number;
  withSandboxPeakMiB?: number;
};
type StepResult = {
  rate: number;
  posted: number;
  /** Jobs settled while the step ran (of any step's posting): the sustained rate once the pipeline is full. */
  settledPerMin: number;
  latencyP50: number;
  latencyP95: number;
  /** Posted in the step and still not settled after the drain. */
  unsettled: number;
  indexerLagBlocks: number;
  usage: Map<string, Usage>;
};

/** The devnet's processes by component (provider nodes by their metrics port: node i serves nodeMetrics + i). */
function watchedProcesses(devnet: DevnetHandle, endpoints: Endpoints): Watched[] {
  const watched: Watched[] = [{ component: "job poster (this process)", pid: process.pid }];
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const cmd = cmdline(pid);
    if (!cmd.includes(devnet.stateDir) && !cmd.includes(`${devnet.ports.rpc}`)) continue;
    if (cmd.includes("hashwork-node.mjs start")) {
      const node = endpoints.nodeMetrics.find((n) => cmd.includes(`/${n.name}/`) || cmd.includes(`/${n.name}.`));
      watched.push({ component: `provider node ${node?.name ?? pid}`, pid, metricsUrl: node?.url });
    } else if (/(^|\/)(anvil|hardhat) /.test(cmd) || cmd.includes("hardhat node")) {
      watched.push({ component: "chain", pid });
    } else if (cmd.includes("gnd ") || cmd.includes("graph-node")) {
      watched.push({ component: "graph-node", pid });
    } else if (cmd.includes("devkit/src/main.ts")) {
      watched.push({ component: "devnet + content store", pid });
    }
  }
  return watched;
}

/** CPU (percent of one core) and RSS of each watched process over `seconds`, sampled every SAMPLE_MS. */
async function measureUsage(watched: Watched[], seconds: number): Promise<Map<string, Usage>> {
  const start = new Map(watched.map((w) => [w.pid, safe(() => cpuTicks(w.pid))]));
  const rss = new Map<number, number[]>(watched.map((w) => [w.pid, []]));
  const heap = new Map<number, { used: number; total: number }[]>(watched.map((w) => [w.pid, []]));
  const withSandbox = new Map<number, number[]>(watched.map((w) => [w.pid, []]));
  const t0 = Date.now();
  for (let sample = 1; Date.now() - t0 < seconds * 1000; sample++) {
    await new Promise((r) => setTimeout(r, SAMPLE_MS));
    const sandboxes = sandboxRssByParent();
    for (const w of watched) {
      const own = safe(() => rssMiB(w.pid));
      rss.get(w.pid)!.push(own);
      if (own > 0) withSandbox.get(w.pid)!.push(own + (sandboxes.get(w.pid) ?? 0));
    }
    // A node's V8 heap from its metrics, every HEAP_EVERY samples (a scrape allocates in the node it measures).
    if (sample % HEAP_EVERY === 0)
      await Promise.all(
        watched.map(async (w) => {
          const h = w.metricsUrl === undefined ? undefined : await heapOf(w.metricsUrl);
          if (h) heap.get(w.pid)!.push(h);
        }),
      );
  }
  const elapsed = (Date.now() - t0) / 1000;
  const usage = new Map<string, Usage>();
  for (const w of watched) {
    const samples = rss.get(w.pid)!.filter((x) => x > 0);
    const heaps = heap.get(w.pid)!;
    const totals = withSandbox.get(w.pid)!;
    usage.set(w.component, {
      cpuPct: ((safe(() => cpuTicks(w.pid)) - start.get(w.pid)!) / TICKS_PER_SECOND / elapsed) * 100,
      rssMeanMiB: mean(samples),
      rssPeakMiB: Math.max(0, ...samples),
      ...(heaps.length > 0
        ? { heapUsedMiB: mean(heaps.map((h) => h.used)), heapTotalMiB: mean(heaps.map((h) => h.total)) }
        : {}),
      ...(w.metricsUrl !== undefined
        ? { withSandboxMeanMiB: mean(totals), withSandboxPeakMiB: Math.max(0, ...totals) }
        : {}),
    });
  }
  return usage;
}

const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

async function runProviders(n: number): Promise<StepResult[]> {
  const devnet = await startDevnet({
    providers: n,
    args: ["--chain", CHAIN, "--faulty", "0", "--watchers", "0", "--rate", "0", "--no-dashboard", "--duration", "0"],
  });
  try {
    const endpoints = await devnet.ready(900_000);
    const provider = new JsonRpcProvider(endpoints.rpcUrl, Network.from(endpoints.chainId), {
      staticNetwork: true,
      pollingInterval: 1_000,
    });
    const c = endpoints.contracts;
    const market = JobMarket__factory.connect(c.JobMarket, provider);
    const deployer = new NonceManager(hardhatAccount(ROLES.deployer).connect(provider));
    const logger = pino({ level: "warn" });
    const results: StepResult[] = [];
    const windows: { fromBlock: number; toBlock: number }[] = [];
    const generators: WorkloadGenerator[] = [];
    for (const rate of RATES) {
      const generator = new WorkloadGenerator({
        provider,
        deployer,
        token: HashworkToken__factory.connect(c.HashworkToken, provider),
        market,
        court: VerificationCourt__factory.connect(c.VerificationCourt, provider),
        contentUrl: endpoints.contentStoreUrl,
        workloads: loadWorkloads().workloads,
        rate,
        k3Share: 0.5,
        maxPricePerMfuel: JOB_PRICE_PER_MFUEL,
        logger,
        posters: POSTERS,
      });
      await generator.prepare();
      const fromBlock = await provider.getBlockNumber();
      const t0 = Date.now();
      generator.start();
      const usage = await measureUsage(watchedProcesses(devnet, endpoints), STEP_SECONDS);
      await generator.stopPosting(); // its sweeper settles its jobs nobody else settles, through the drain
      generators.push(generator);
      const toBlock = await provider.getBlockNumber();
      const settled = await market.queryFilter(market.filters.JobSettled(), fromBlock, toBlock);
      const meta = await querySubgraph<{ _meta: { block: { number: number } } }>(
        endpoints.subgraphUrl!,
        "{ _meta { block { number } } }",
      );
      windows.push({ fromBlock, toBlock });
      results.push({
        rate,
        posted: 0,
        settledPerMin: settled.length / ((Date.now() - t0) / 60_000),
        latencyP50: NaN,
        latencyP95: NaN,
        unsettled: 0,
        indexerLagBlocks: (await provider.getBlockNumber()) - meta._meta.block.number,
        usage,
      });
    }
    // Drain: the jobs still open settle (or are refunded) by their deadlines; then each step's latencies.
    const postedIn = async (w: { fromBlock: number; toBlock: number }) =>
      market.queryFilter(market.filters.JobPosted(), w.fromBlock, w.toBlock);
    const allPosted = (await Promise.all(windows.map(postedIn))).flat();
    const settledAt = new Map<bigint, number>();
    const drainEnds = Date.now() + DRAIN_SECONDS * 1000;
    let from = windows[0].fromBlock;
    while (Date.now() < drainEnds) {
      const to = await provider.getBlockNumber();
      for (const e of await market.queryFilter(market.filters.JobSettled(), from, to))
        settledAt.set(e.args.jobId, (await e.getBlock()).timestamp);
      from = to + 1;
      if (allPosted.every((e) => settledAt.has(e.args.jobId))) break;
      await new Promise((r) => setTimeout(r, 5_000));
    }
    await Promise.all(generators.map((g) => g.stop()));
    for (const [i, w] of windows.entries()) {
      const latencies: number[] = [];
      const posted = await postedIn(w);
      for (const e of posted) {
        const at = settledAt.get(e.args.jobId);
        if (at !== undefined) latencies.push(at - (await e.getBlock()).timestamp);
      }
      Object.assign(results[i], {
        posted: posted.length,
        latencyP50: percentile(latencies, 50),
        latencyP95: percentile(latencies, 95),
        unsettled: posted.length - latencies.length,
      });
    }
    printTable(n, results);
    provider.destroy();
    return results;
  } finally {
    await devnet.stop("SIGINT");
    await devnet.cleanup();
  }
}

function printTable(n: number, results: StepResult[]) {
  const cores = availableParallelism();
  // Everything else the machine ran shows in its load beyond what the table attributes to the market's processes.
  const load = loadavg()[1].toFixed(1);
  console.log(
    `\n### ${n} provider nodes (${CHAIN}), ${STEP_SECONDS} s per rate, ${POSTERS} posting loops, ${cores} cores, ` +
      `load ${load} at the end\n`,
  );
  console.log(
    "| jobs/min posted | settled/min | post → settled p50 / p95 | unsettled | indexer lag | node CPU mean / max | " +
      "node RSS mean / max (peak) | node + running sandbox RSS mean / max (peak) | chain CPU, RSS | graph-node CPU | devnet CPU | poster CPU | all CPU | largest share |",
  );
  console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
  for (const r of results) {
    const rows = [...r.usage.entries()];
    const nodes = rows.filter(([k]) => k.startsWith("provider node")).map(([, u]) => u);
    const get = (k: string) => r.usage.get(k) ?? { cpuPct: 0, rssMeanMiB: 0, rssPeakMiB: 0 };
    const nodeCpu = nodes.map((u) => u.cpuPct);
    const shares: [string, number][] = [
      ["provider nodes", nodeCpu.reduce((a, b) => a + b, 0)],
      ...rows.filter(([k]) => !k.startsWith("provider node")).map(([k, u]) => [k, u.cpuPct] as [string, number]),
    ];
    shares.sort((a, b) => b[1] - a[1]);
    const all = shares.reduce((sum, [, c]) => sum + c, 0);
    // Each posting loop posts one job at a time (a probe execution, the upload, a mined transaction): when the loops
    // together fall short of the rate asked (CPU for the probes, a busy chain), the step measures the poster, not
    // the market, and the row says so.
    const postedPerMin = (r.posted / STEP_SECONDS) * 60;
    const cells = [
      postedPerMin.toFixed(1),
      r.settledPerMin.toFixed(1),
      `${r.latencyP50} / ${r.latencyP95} s`,
      `${r.unsettled}`,
      `${r.indexerLagBlocks} blocks`,
      `${pct(mean(nodeCpu))} / ${pct(Math.max(...nodeCpu))}`,
      `${mib(mean(nodes.map((u) => u.rssMeanMiB)))} / ${mib(Math.max(...nodes.map((u) => u.rssMeanMiB)))} (${mib(Math.max(...nodes.map((u) => u.rssPeakMiB)))})`,
      `${mib(mean(nodes.map((u) => u.withSandboxMeanMiB ?? 0)))} / ${mib(Math.max(...nodes.map((u) => u.withSandboxMeanMiB ?? 0)))} (${mib(Math.max(...nodes.map((u) => u.withSandboxPeakMiB ?? 0)))})`,
      `${pct(get("chain").cpuPct)}, ${mib(get("chain").rssMeanMiB)}`,
      pct(get("graph-node").cpuPct),
      pct(get("devnet + content store").cpuPct),
      pct(get("job poster (this process)").cpuPct),
      `${pct(all)} of ${cores * 100}%`,
      `${shares[0][0]}${all > cores * 85 ? " (machine saturated)" : ""}${postedPerMin < r.rate * 0.9 ? `; the poster fell behind (asked ${r.rate}/min)` : ""}`,
    ];
    console.log(`| ${cells.join(" | ")} |`);
  }
  // Per node and rate: RSS mean / peak and V8 heap used / committed (MiB), to compare nodes and runs.
  console.log();
  for (const r of results) {
    const nodes = [...r.usage.entries()].filter(([k]) => k.startsWith("provider node"));
    const cell = ([k, u]: [string, Usage]) =>
      `${k.slice("provider node ".length)} ${u.rssMeanMiB.toFixed(0)}/${u.rssPeakMiB.toFixed(0)} cpu ${pct(u.cpuPct)}` +
      (u.heapUsedMiB === undefined ? "" : ` heap ${u.heapUsedMiB.toFixed(0)}/${u.heapTotalMiB!.toFixed(0)}`) +
      (u.withSandboxMeanMiB === undefined
        ? ""
        : ` with sandbox ${u.withSandboxMeanMiB.toFixed(0)}/${u.withSandboxPeakMiB!.toFixed(0)}`);
    const heaps = nodes.map(([, u]) => u).filter((u) => u.heapUsedMiB !== undefined);
    console.log(
      `${r.rate}/min: node RSS mean/peak (MiB), CPU, V8 heap used/committed (MiB): ${nodes.map(cell).join(", ")}; ` +
        `heap mean ${mean(heaps.map((u) => u.heapUsedMiB!)).toFixed(1)}/${mean(heaps.map((u) => u.heapTotalMiB!)).toFixed(1)}`,
    );
  }
}

const pct = (x: number) => `${x.toFixed(0)}%`;
const mib = (x: number) => `${x.toFixed(0)} MiB`;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/**
 * The highest posting rate the market kept up with: every job of the step settled, and its p95 latency at most 1.5x
 * that of the slowest rate (a queue building up shows there first).
 */
function sustained(results: StepResult[]): number {
  const base = results[0]?.latencyP95 ?? NaN;
  const kept = results.filter((r) => r.posted > 0 && r.unsettled === 0 && r.latencyP95 <= base * 1.5);
  return Math.max(0, ...kept.map((r) => (r.posted / STEP_SECONDS) * 60));
}

let best = { rate: 0, providers: 0 };
for (const n of NODES) {
  const rate = sustained(await runProviders(n));
  if (rate > best.rate) best = { rate, providers: n };
}
console.log(`\nsustained: ${best.rate.toFixed(1)} jobs/min at ${best.providers} providers`);
