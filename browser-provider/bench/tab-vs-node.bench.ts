/**
 * bench:tab — the provider page in a browser tab next to a provider node, on the same machine (issue 16: "jobs per
 * minute and fuel per second in a tab next to the node's, and the page's memory").
 *
 * On one local hardhat chain with the contracts and a content store (the provider node's suite world), one provider
 * at a time: first the tab (headless Chromium), then a node, each with the tab's offer (but a capacity of 32, see
 * CAPACITY) and the same stake, one job at a time with one queued, its fuel per second measured at start. Each gets a stream of k = 1 jobs posted faster than
 * one provider runs them, first the realistic mix (every SDK sample workload in turn: sha256, wordfreq, mandelbrot,
 * primes, iris, edges), then the flattering one (only the small, quick jobs), and the table puts both side by side.
 *
 *   npm run bench:tab                                   # 120 s per mix and provider, 90 jobs/min (about 16 minutes)
 *   BENCH_TAB_SECONDS=20 npm run bench:tab              # a quick smoke run
 *   BENCH_TAB_RATE=60 BENCH_TAB_POSTERS=4 npm run bench:tab
 *   BENCH_TAB_CAPACITY=2 npm run bench:tab              # the page's own offer: the challenge window bounds both
 *
 * Settled counts the jobs claimed in the window that settled: after both windows the chain's clock is moved past the
 * challenge window (60 s on the test parameters) rather than waiting for it. Every server listens on 127.0.0.1.
 */
import { rmSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { loadWorkloads } from "@hashwork/devkit/workloads";
import { TEST_PARAMS, TOKEN } from "@hashwork/provider-node/test-helpers/market";
import type { World } from "@hashwork/provider-node/test-helpers/suite";
import { TAB_OFFER } from "../src/engine/registration.js";
import { startTabWorld, type TabWorld } from "../test/e2e/tab-world.js";
import { JobStream, prepareJobs } from "./job-stream.js";
import { MarketWatch } from "./market-watch.js";
import { runPhase, type PhaseResult } from "./phase.js";
import { openTabSide, startNodeSide, type ProviderSide } from "./providers.js";
import { out, printTable, type SideReport } from "./report.js";

/** A positive number from the environment, or exit 2 naming the variable. */
function setting(name: string, fallback: number): number {
  const raw = process.env[name] ?? String(fallback);
  const value = Number(raw.trim());
  if (raw.trim() === "" || !(value > 0)) {
    console.error(`bench:tab: ${name} must be a positive number, not "${raw}"`);
    process.exit(2);
  }
  return value;
}
const SECONDS = setting("BENCH_TAB_SECONDS", 120);
const RATE = setting("BENCH_TAB_RATE", 90);
// Faster than either provider runs k = 1 sample jobs (~30-40 a minute in the smoke runs): "left unclaimed" shows it.
// One posting loop posts one job at a time (three uploads, a mined transaction: 1-2 s): six loops keep the rate.
const POSTERS = setting("BENCH_TAB_POSTERS", 6);
const TIMEOUT_SECONDS = setting("BENCH_TAB_TIMEOUT_SECONDS", 4 * SECONDS + 900);
/**
 * Jobs each provider may hold at once on chain, from its claim until its settlement (the registry's `capacity`): the
 * page's offer's (TAB_OFFER). A job's collateral stays locked through its 60 s challenge window, so with 2 (the page's
 * first offer) a provider claims at most two jobs a minute whatever its speed, and the bench measures the window.
 */
const CAPACITY = setting("BENCH_TAB_CAPACITY", TAB_OFFER.capacity);
const STAKE = 1_000n * TOKEN;
/** The offer's minimum billable fuel: a job must ask for at least that much for either provider to claim it. */
const MIN_FUEL = BigInt(TAB_OFFER.minMfuel) * 1_000_000n;
/** The node's hardhat account: none of the stream's requesters (1, 2, 6-9), not the deployer (0). */
const NODE_ACCOUNT = 12;

const workloads = loadWorkloads().workloads;
const MIXES = [
  { mix: "realistic: all six samples in turn", workloads },
  {
    mix: "flattering: small jobs only (sha256, wordfreq, primes, iris)",
    workloads: loadWorkloads(["sha256", "wordfreq", "primes", "iris"]).workloads,
  },
];
// Enough jobs for the window at the rate, and a few more for the posting loops' last round.
const JOBS_PER_WINDOW = Math.ceil((RATE * SECONDS) / 60) + POSTERS;

let tabWorld: TabWorld | undefined;
let watch: MarketWatch | undefined;
let current: ProviderSide | undefined;
let tornDown: Promise<void> | undefined;
const teardown = () =>
  (tornDown ??= (async () => {
    await current?.close().catch(() => undefined);
    await watch?.stop().catch(() => undefined);
    await tabWorld?.teardown().catch(() => undefined);
  })());

// A hard bound on the whole run: past it, everything is torn down and the bench fails.
const hardTimeout = setTimeout(() => {
  console.error(`bench:tab: still running after ${TIMEOUT_SECONDS} s (BENCH_TAB_TIMEOUT_SECONDS); stopping`);
  void teardown().finally(() => process.exit(1));
}, TIMEOUT_SECONDS * 1000);

// Interrupted (Ctrl-C, a CI's SIGTERM), the bench tears down what it started. Playwright's own signal handler may exit
// first; the temporary directories go then too (the chain and the node are killed by harness's exit hook).
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => void teardown().finally(() => process.exit(signal === "SIGINT" ? 130 : 143)));
process.once("exit", () => {
  for (const dir of [tabWorld?.work, tabWorld?.world.dir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Both windows on one provider, then its claimed jobs settled (the challenge window skipped). */
async function measure(side: ProviderSide, stream: JobStream, w: World, market: MarketWatch): Promise<SideReport> {
  console.error(
    `bench:tab: ${side.name} ${side.address} measured ${(side.measuredFuelPerSecond / 1e6).toFixed(0)} M fuel/s at start`,
  );
  const phases: PhaseResult[] = [];
  for (const m of MIXES) {
    const jobs = await prepareJobs(m.workloads, JOBS_PER_WINDOW, MIN_FUEL);
    console.error(`bench:tab: ${side.name}, ${m.mix}: ${SECONDS} s at ${RATE} jobs/min`);
    const p = await runPhase(side, stream, market, { mix: m.mix, jobs, perMinute: RATE, seconds: SECONDS });
    console.error(
      `bench:tab:   posted ${p.posted}, claimed ${p.claimedInWindow} in the window, ${p.unclaimed} left unclaimed`,
    );
    phases.push(p);
  }
  const revealed = phases.flatMap((p) => p.revealed.map((r) => r.jobId));
  const settledOrInCourt = () =>
    revealed.every((id) => market.job(id).settledAtMs !== undefined || market.job(id).verifying === true);
  // The provider settles its own jobs once their challenge windows end: move the chain's clock past them.
  for (let round = 0; round < 3 && !settledOrInCourt(); round++) {
    await w.advance(Number(TEST_PARAMS.challengeWindow) + 1);
    await market.until(settledOrInCourt, 30_000);
  }
  return { phases, measuredFuelPerSecond: side.measuredFuelPerSecond, execMs: await side.execMs() };
}

async function main(): Promise<void> {
  const started = Date.now();
  tabWorld = await startTabWorld("bench-tab");
  const { world, work } = tabWorld;
  const sys = world.sys;
  const stream = new JobStream({ ...sys, store: world.store.store }, POSTERS);
  await stream.fund();
  watch = new MarketWatch(sys.provider, sys.market, await sys.provider.getBlockNumber());
  await watch.start();

  const reports: SideReport[] = [];
  current = await openTabSide(world, await tabWorld.pageUrl({ auto: "1" }), join(work, "profile"), STAKE, CAPACITY);
  reports.push(await measure(current, stream, world, watch));
  await current.close();
  current = undefined; // closed: the teardown must not close it again
  current = await startNodeSide(world, NODE_ACCOUNT, STAKE, CAPACITY);
  reports.push(await measure(current, stream, world, watch));
  await current.close();
  current = undefined;

  printTable(
    reports,
    `### bench:tab: one tab, then one node, alone on a local hardhat chain, capacity ${CAPACITY}; ` +
      `k = 1 jobs at ${RATE}/min for ${SECONDS} s ` +
      `per mix; ${availableParallelism()} cores, load ${loadavg()[1]!.toFixed(1)} at the end; ` +
      `${((Date.now() - started) / 60_000).toFixed(1)} min in all`,
  );
  out(
    "\nmemory: the tab's heap is its page's main-thread JS heap (CDP Performance.getMetrics JSHeapUsedSize), its process " +
      "RSS Chromium's renderer (the page and its Web Workers, which are its threads), its total every Chromium process; " +
      "the node's heap is its V8 heap used (/metrics), its process RSS the node's, its total the node's plus its " +
      "sandbox processes running at the sample (one per job). Sampled every second in the window.",
  );
}

try {
  await main();
} finally {
  await teardown();
  clearTimeout(hardTimeout);
}
