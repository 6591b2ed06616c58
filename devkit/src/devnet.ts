/**
 * The devnet orchestrator: the whole marketplace on 127.0.0.1, started in dependency order, watched, and
 * stopped in reverse order on Ctrl-C / SIGTERM / --duration, or when a part everyone depends on (the chain,
 * graph-node) dies (then exit 1). A provider node that dies is restarted (supervisor.ts); --chaos kills them.
 *
 *   content store (in-process) → hardhat node → Ignition deploy, the court's verifier pool funded → graph-node
 *   (indexer.ts, in the background) → providers funded, registered, staked → provider nodes (one faulty, one
 *   watching; supervised) → interval mining only (1 block/s) → workload generator (posts and settles) → --chaos
 *   → dashboard → status line
 */
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { JsonRpcProvider, Network, NonceManager, formatEther, parseEther } from "ethers";
import pino, { type Logger } from "pino";
import { hardhatAccount, ROLES } from "./accounts.js";
import { mineAtIntervalOnly, REPO, startChainNode, type ChainNode } from "@hashwork/harness/chain";
import { deploySystemAt } from "@hashwork/harness/deploy";
import { DEVNET_PARAMETERS, localhostParameters } from "./parameters.js";
import { ensureDashboardBuilt, serveDashboard, type DashboardServer } from "./dashboard.js";
import { Chaos, CHAOS } from "./chaos.js";
import { WorkloadGenerator } from "./generator.js";
import { startIndexer, type Indexer } from "./indexer.js";
import type { DevnetOptions } from "./options.js";
import { checkPorts, type PortClaim } from "@hashwork/harness/ports";
import { runToCompletion, sleep, type Service } from "@hashwork/harness/processes";
import { Shutdown } from "@hashwork/harness/shutdown";
import {
  describeOffers,
  fundAndRegister,
  initNodes,
  MARKET_PRICE_PER_MFUEL,
  nodeAnswers,
  providerSpecs,
  spawnNode,
  startNodes,
  type ProviderSpec,
} from "./providers.js";
import {
  HashworkToken__factory,
  JobMarket__factory,
  ProviderRegistry__factory,
  startLocalStoreServer,
  VerificationCourt__factory,
  type LocalStoreServer,
} from "@hashwork/sdk";
import { forgetChain, lastChain, layout, prepare, writeJson } from "./state.js";
import { MarketWatcher, describeOutcomes, formatStatus, indexedBlock, type MarketCounts } from "./status.js";
import { NodeSupervisor } from "./supervisor.js";
import { loadWorkloads } from "./workloads.js";

/** Tokens for the accounts left to the person at the keyboard (the README walks through them). */
const YOUR_TOKENS = parseEther("10000");
/**
 * Tokens the deployer puts in the court's verifier pool: every job's budget must stay within
 * pool / (1 + panelSize × maxRounds), and the generator's largest jobs (about 2 tokens per replica) are far below.
 */
const POOL_FUNDING = parseEther("10000");
/** What the generator's jobs bid per million fuel: above every provider's asking price. */
export const JOB_PRICE_PER_MFUEL = (MARKET_PRICE_PER_MFUEL * 125n) / 100n;
/** How long a stop waits for the workload generator's last post or settlement. */
const GENERATOR_STOP_MS = 10_000;

/** What a run leaves for whoever started it (the e2e test reads `devnet.json`, this is the in-process view). */
export interface DevnetResult {
  exitCode: number;
  counts?: MarketCounts;
  startedAtMs: number;
  readyAtMs?: number;
}

const out = (line: string) => process.stdout.write(`${line}\n`);

export async function runDevnet(opts: DevnetOptions, t0 = Date.now()): Promise<DevnetResult> {
  const state = layout(opts.stateDir);
  const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
  const step = (what: string) => out(`  ✓ ${what} (${elapsed()})`);
  /** A line between status lines (a terminal's status line is cleared first, and redrawn on the next tick). */
  const event = (line: string) => {
    if (statusShown) process.stdout.write("\r\x1b[2K");
    out(`  ${line} (${elapsed()})`);
  };

  // ---- everything that can fail before a process starts
  await checkPorts(portClaims(opts));
  const { source: workloadSource, workloads } = loadWorkloads(opts.workloads);
  prepare(state, opts.reset);
  const logger: Logger = pino(
    { base: { service: "devnet" }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ dest: state.log("devnet"), sync: false }),
  );

  // ---- shutdown: idempotent, from any point of startup. Each part registers how it stops as it starts, so the parts
  // stop newest first (the generator and the nodes before graph-node, the chain and the content store they use); a
  // part whose start raced the shutdown is stopped as soon as it registers.
  let store: LocalStoreServer | undefined;
  let chain: ChainNode | undefined;
  let provider: JsonRpcProvider | undefined;
  let generator: WorkloadGenerator | undefined;
  let supervisor: NodeSupervisor | undefined;
  let dashboard: DashboardServer | undefined;
  let statusTimer: NodeJS.Timeout | undefined;
  let durationTimer: NodeJS.Timeout | undefined;
  let statusShown = false;
  let watcher: MarketWatcher | undefined;
  let exitCode = 0;
  let shuttingDown: Promise<void> | undefined;
  const stop = new Shutdown((error) => logger.error({ err: error }, "a part of the devnet failed to stop"));

  const shutdown = (reason: string, code: number): Promise<void> => {
    if (shuttingDown) return shuttingDown;
    exitCode = code;
    const stopT0 = Date.now();
    if (statusShown) process.stdout.write("\n");
    out(`\nstopping (${reason}) …`);
    shuttingDown = stop.run(reason).then(() => {
      rmSync(state.endpoints, { force: true });
      logger.info({ reason, exitCode }, "devnet stopped");
      logger.flush();
      out(`stopped in ${((Date.now() - stopT0) / 1000).toFixed(1)}s; logs in ${state.logs}`);
    });
    return shuttingDown;
  };
  const onSignal = (signal: NodeJS.Signals) => void shutdown(signal === "SIGINT" ? "Ctrl-C" : signal, 0);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("SIGHUP", onSignal);
  // The chain and graph-node (the content store is in-process): everyone depends on them, so their death stops it all.
  const watch = (service: Service) => {
    void service.exited.then(({ code, signal }) => {
      if (service.isStopping || shuttingDown) return;
      const log = service.options.logFile;
      process.stderr.write(`\ndevnet: ${service.name} exited unexpectedly (${signal ?? `exit ${code}`}); see ${log}\n`);
      void shutdown(`${service.name} crashed`, 1);
    });
    return service;
  };

  let counts: MarketCounts | undefined;
  let readyAtMs: number | undefined;
  try {
    out(`hashwork devnet — state in ${state.root}${opts.reset ? " (reset)" : ""}`);

    // ---- content store (in-process; persists across runs)
    store = await startLocalStoreServer({ dir: state.content, port: opts.ports.content, host: "127.0.0.1" });
    const contentStore = store;
    stop.onShutdown(() => contentStore.close().catch(() => undefined));
    step(`content store ${store.url}`);

    // ---- chain (in memory: a new chain on every start)
    chain = await startChainNode({ kind: opts.chain, port: opts.ports.rpc, logFile: state.log(opts.chain) });
    const chainNode = chain;
    stop.onShutdown(() => chainNode.stop());
    watch(chain.service);
    const previous = lastChain(state);
    const genesisHash = ((await chain.rpc("eth_getBlockByNumber", ["0x0", false])) as { hash: string }).hash;
    if (previous?.genesisHash !== genesisHash) {
      const n = forgetChain(state);
      step(`${chain.service.name} ${chain.url} — a new chain${n > 0 ? `: reset ${n} provider node database(s)` : ""}`);
    } else step(`${chain.service.name} ${chain.url}`);
    if (shuttingDown) return await finish();

    // ---- contracts
    out(`  … deploying with Ignition (Hardhat recompiles first if the contracts changed: minutes with solc-js)`);
    await runToCompletion(
      "hardhat build",
      join(REPO, "node_modules/.bin/hardhat"),
      ["build", "--quiet", "--no-tests"],
      {
        cwd: REPO,
        logFile: state.log("deploy"),
        env: { ...process.env, FORCE_COLOR: "0" },
        timeoutMs: 1_200_000,
      },
    );
    const deployment = await deploySystemAt(chain.url, {
      parameters: { ...(await localhostParameters()), ...DEVNET_PARAMETERS },
      poolFunding: POOL_FUNDING,
    });
    writeJson(state.deployment, deployment);
    const c = deployment.contracts;
    if (opts.sdkDeployment) {
      mkdirSync(join(REPO, "sdk/deployments"), { recursive: true });
      copyFileSync(state.deployment, join(REPO, `sdk/deployments/${deployment.chainId}.json`));
    }
    step(`contracts deployed (JobMarket ${c.JobMarket.address})`);
    if (shuttingDown) return await finish();

    // ---- graph-node in the background (building and starting it takes the longest)
    let indexer: Indexer | undefined;
    if (opts.indexer) {
      indexer = startIndexer({
        rpcUrl: chain.url,
        deploymentFile: state.deployment,
        ipfsUrl: store.url,
        ports: {
          graphql: opts.ports.graphql,
          admin: opts.ports.graphAdmin,
          indexNode: opts.ports.graphIndexNode,
          metrics: opts.ports.graphMetrics,
        },
        workDir: state.indexer,
        logFile: state.log("indexer"),
      });
      const graphNode = indexer.service;
      stop.onShutdown(async () => void (await graphNode.stop()));
      watch(graphNode);
    }
    const dashboardBuild = opts.dashboard ? ensureDashboardBuilt(state.log("dashboard-build")) : undefined;

    // ---- providers: funded, registered, staked; then their nodes
    provider = new JsonRpcProvider(chain.url, Network.from(deployment.chainId), {
      staticNetwork: true,
      pollingInterval: 250,
    });
    const rpc = provider;
    stop.onShutdown(() => rpc.destroy());
    const deployer = new NonceManager(hardhatAccount(ROLES.deployer).connect(provider));
    const token = HashworkToken__factory.connect(c.HashworkToken.address, provider);
    const registry = ProviderRegistry__factory.connect(c.ProviderRegistry.address, provider);
    const market = JobMarket__factory.connect(c.JobMarket.address, provider);
    const court = VerificationCourt__factory.connect(c.VerificationCourt.address, provider);
    step(
      `court pool funded with ${formatEther(POOL_FUNDING)} HWK: jobs up to ${formatEther(await market.maxVerifiableBudget())} HWK per replica are verifiable`,
    );
    const specs: ProviderSpec[] = providerSpecs(state, {
      count: opts.providers,
      faulty: opts.faulty,
      watchers: opts.watchers,
      metricsBase: opts.ports.nodeMetrics,
    });
    await fundAndRegister({ provider, rpc: chain.rpc, deployer, token, registry }, specs);
    step(`${specs.length} providers registered and staked (${describeOffers(specs)})`);
    const startBlock = Math.min(c.JobMarket.startBlock, c.ProviderRegistry.startBlock);
    await initNodes(specs, {
      rpcUrl: chain.url,
      contentUrl: store.url,
      market: c.JobMarket.address,
      registry: c.ProviderRegistry.address,
      startBlock,
      logFile: state.log("provider-init"),
    });
    if (shuttingDown) return await finish();
    const nodes = await startNodes(specs, state.log);
    const specOf = (name: string) => specs.find((s) => s.name === name)!;
    supervisor = new NodeSupervisor({
      respawn: (name) => spawnNode(specOf(name), state.log),
      answers: async (name, service) => void (await nodeAnswers(specOf(name), service, state.log)),
      report: (line) => {
        logger.info(line);
        event(line);
      },
      logFile: (name) => state.log(`provider-${name}`),
    });
    specs.forEach((s, i) => supervisor!.adopt(s.name, nodes[i]));
    const nodeSupervisor = supervisor;
    stop.onShutdown(() => nodeSupervisor.stop()); // the nodes finish their in-flight work
    step(
      `${specs.length} provider nodes running (${specs.filter((s) => s.faulty).length} faulty, ` +
        `${specs.filter((s) => s.watcher).length} watching every job)`,
    );
    if (shuttingDown) return await finish();

    // ---- workload generator
    generator = new WorkloadGenerator({
      provider,
      deployer,
      token,
      market,
      court,
      contentUrl: store.url,
      workloads,
      rate: opts.rate,
      k3Share: opts.k3Share,
      maxPricePerMfuel: JOB_PRICE_PER_MFUEL,
      logger: logger.child({ part: "generator" }),
    });
    await generator.prepare();
    const yours = [ROLES.yourRequester, ROLES.yourProvider].map((i) => hardhatAccount(i));
    for (const wallet of yours) await (await token.connect(deployer).transfer(wallet.address, YOUR_TOKENS)).wait();
    // From now on one block a second, with every pending transaction in it. Automining gives each transaction its own
    // block, each at least a second after the last: with seven nodes and the generator sending a few transactions a
    // second, the chain's clock would run ahead of the wall clock (3x after ten minutes) and every protocol window
    // (claim, commit, reveal, challenge) would last a third of its length in real time.
    await mineAtIntervalOnly(chain);
    generator.start();
    const jobs = generator;
    // Bounded: its loops wait on the chain, and a chain that died (the reason we stop) never answers.
    stop.onShutdown(() => Promise.race([jobs.stop().catch(() => undefined), sleep(GENERATOR_STOP_MS)]));
    step(
      opts.rate > 0
        ? `workload generator: ${opts.rate} jobs/min, ${Math.round(opts.k3Share * 100)}% k = 3, bidding ` +
            `${formatEther(JOB_PRICE_PER_MFUEL)} HWK per Mfuel for 1.5x the fuel each input measured ` +
            `(${workloads.map((w) => w.name).join(", ")}; from ${workloadSource})`
        : "workload generator off (--rate 0)",
    );
    if (opts.chaos) {
      const killer = new Chaos(supervisor, (name) => specOf(name).metricsUrl);
      killer.start();
      stop.onShutdown(() => killer.stop());
      step(
        `--chaos: SIGKILLing a random provider node every ${CHAOS.minGapMs / 1000}–${CHAOS.maxGapMs / 1000}s ` +
          `(one with jobs in flight when there is one, none while another is down); each is restarted`,
      );
    }
    watcher = new MarketWatcher(
      provider,
      market,
      court,
      registry,
      { market: c.JobMarket.address, court: c.VerificationCourt.address, registry: c.ProviderRegistry.address },
      startBlock,
      specs.filter((s) => s.faulty).map((s) => s.wallet.address),
    );

    // ---- dashboard
    let dashboardNote: string | undefined;
    if (dashboardBuild) {
      const built = await dashboardBuild;
      dashboardNote = built.note;
      dashboard = await serveDashboard({
        port: opts.ports.dashboard,
        note: built.note,
        config: {
          subgraphUrl: indexer?.subgraphUrl ?? null,
          rpcUrl: chain.url,
          chainId: deployment.chainId,
          contracts: Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v.address])),
        },
      });
      const web = dashboard;
      stop.onShutdown(() => web.close().catch(() => undefined));
      step(`dashboard ${dashboard.url}${built.note ? ` — note: ${built.note}` : ""}`);
    }
    if (shuttingDown) return await finish();

    // ---- URLs once, then the status line (graph-node may still be building the subgraph)
    const endpoints = {
      pid: process.pid,
      stateDir: state.root,
      rpcUrl: chain.url,
      chainId: deployment.chainId,
      contentStoreUrl: store.url,
      subgraphUrl: indexer?.subgraphUrl ?? null,
      dashboardUrl: dashboard?.url ?? null,
      dashboardNote: dashboardNote ?? null,
      chaos: opts.chaos,
      nodeMetrics: specs.map((s) => ({
        name: s.name,
        address: s.wallet.address,
        faulty: s.faulty,
        watcher: s.watcher,
        url: s.metricsUrl,
      })),
      contracts: Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v.address])),
      startedAt: new Date(t0).toISOString(),
      readyAt: null as string | null,
    };
    printUrls(endpoints, opts);

    let indexerReady = false;
    const statusLine = async () => {
      try {
        counts = await watcher!.poll();
      } catch {
        return; // the chain is going away (shutdown) or busy: try again next tick
      }
      const indexed = !indexer ? "off" : indexerReady ? await indexedBlock(indexer.subgraphUrl) : undefined;
      const line = formatStatus(counts, {
        uptimeMs: Date.now() - t0,
        indexed,
        postFailures: generator?.stats.failed,
        unverifiable: generator?.stats.unverifiable,
        nodes: supervisor && { up: supervisor.up, total: supervisor.total, ...supervisor.stats, chaos: opts.chaos },
      });
      if (shuttingDown) return;
      if (process.stdout.isTTY) {
        process.stdout.write(`\r\x1b[2K${line.slice(0, (process.stdout.columns || 200) - 1)}`);
        statusShown = true;
      } else if (Date.now() - lastPrinted >= opts.statusEvery * 1000) {
        out(line);
        lastPrinted = Date.now();
      }
      if (counts.firstSettledAtMs && !announced.settled) {
        announced.settled = true;
        logger.info({ afterMs: counts.firstSettledAtMs - t0 }, "first job settled");
      }
      if (counts.firstSlashedAtMs && !announced.slashed) {
        announced.slashed = true;
        logger.info({ afterMs: counts.firstSlashedAtMs - t0 }, "first assignment slashed");
      }
    };
    let lastPrinted = 0;
    const announced = { settled: false, slashed: false };
    let polling = false;
    statusTimer = setInterval(() => {
      if (polling) return;
      polling = true;
      void statusLine().finally(() => (polling = false));
    }, 2_000);
    await statusLine();

    const stoppedPromise = new Promise<void>((resolve) => {
      if (stop.requested) resolve();
      else stop.signal.addEventListener("abort", () => resolve(), { once: true });
    });
    if (opts.duration > 0) {
      const left = opts.duration * 1000 - (Date.now() - t0);
      durationTimer = setTimeout(() => void shutdown(`--duration ${opts.duration}s reached`, 0), Math.max(0, left));
    }
    // The newest parts: the status line and the clock stop first.
    stop.onShutdown(() => {
      clearInterval(statusTimer);
      clearTimeout(durationTimer);
    });
    if (indexer) {
      const ready = indexer.ready();
      ready.catch(() => undefined); // if we stop first, its rejection is expected
      await Promise.race([ready, stoppedPromise]);
      if (!shuttingDown) {
        indexerReady = true;
        if (statusShown) process.stdout.write("\r\x1b[2K");
        step(`graph-node serving the subgraph at ${indexer.subgraphUrl}`);
      }
    }
    if (!shuttingDown) {
      readyAtMs = Date.now();
      // The e2e test and scripts read this file: every endpoint answers once it exists.
      writeJson(state.endpoints, { ...endpoints, readyAt: new Date(readyAtMs).toISOString() });
    }
    await stoppedPromise;
    return await finish();
  } catch (error) {
    if (!shuttingDown) {
      process.stderr.write(`\ndevnet: ${(error as Error).message}\n`);
      logger.error({ err: error }, "startup failed");
      await shutdown("startup failed", 1);
    }
    return await finish();
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    process.off("SIGHUP", onSignal);
  }

  async function finish(): Promise<DevnetResult> {
    if (!shuttingDown) await shutdown("startup interrupted", exitCode);
    await shuttingDown;
    if (counts) {
      const at = (ms?: number) => (ms ? `${((ms - t0) / 1000).toFixed(0)}s after start` : "never");
      out(
        `summary: ${counts.posted} jobs posted, ${counts.settled} settled (${describeOutcomes(counts.outcomes)}); ` +
          `${counts.audited} of ${counts.auditsDecided} audited; ${counts.panels} panels, ${counts.challenges} challenges; ` +
          `${counts.slashed} replica slots and ${counts.verifiersSlashed} verifiers slashed; ` +
          `faulty node paid ${counts.faultyPaid} times; ${counts.jailed} jailings; ` +
          `first settled ${at(counts.firstSettledAtMs)}, ` +
          `first slashed ${at(counts.firstSlashedAtMs)}, first audited job settled ${at(counts.firstAuditSettledAtMs)}` +
          (supervisor && (supervisor.stats.restarts > 0 || opts.chaos)
            ? `; ${supervisor.stats.restarts} provider node restarts` +
              (opts.chaos ? ` (${supervisor.stats.kills} nodes killed by --chaos)` : "")
            : ""),
      );
    }
    return { exitCode, counts, startedAtMs: t0, readyAtMs };
  }
}

function portClaims(opts: DevnetOptions): PortClaim[] {
  const p = opts.ports;
  const claims: PortClaim[] = [
    { port: p.rpc, role: "RPC", hint: "pass --rpc-port or stop the other process" },
    { port: p.content, role: "content store", hint: "pass --content-port or stop the other process" },
  ];
  if (opts.indexer) {
    claims.push(
      { port: p.graphql, role: "GraphQL", hint: "pass --graphql-port or stop the other process", wildcard: true },
      {
        port: p.graphAdmin,
        role: "graph-node admin",
        hint: "pass --graph-admin-port or stop the other process",
        wildcard: true,
      },
      {
        port: p.graphIndexNode,
        role: "graph-node index-node",
        hint: "pass --graph-index-node-port or stop the other process",
        wildcard: true,
      },
      {
        port: p.graphMetrics,
        role: "graph-node metrics",
        hint: "pass --graph-metrics-port or stop the other process",
        wildcard: true,
      },
    );
  }
  if (opts.dashboard)
    claims.push({ port: p.dashboard, role: "dashboard", hint: "pass --dashboard-port or stop the other process" });
  for (let i = 0; i < opts.providers; i++)
    claims.push({
      port: p.nodeMetrics + i,
      role: `provider node p${i + 1} metrics`,
      hint: "pass --node-metrics-port (node i uses it + i) or stop the other process",
    });
  return claims;
}

function printUrls(
  e: {
    rpcUrl: string;
    subgraphUrl: string | null;
    dashboardUrl: string | null;
    dashboardNote: string | null;
    contentStoreUrl: string;
    nodeMetrics: { name: string; address: string; faulty: boolean; watcher: boolean; url: string }[];
    stateDir: string;
  },
  opts: DevnetOptions,
): void {
  const rows: [string, string][] = [
    ["RPC (chain 31337)", e.rpcUrl],
    [
      "GraphQL",
      e.subgraphUrl
        ? `${e.subgraphUrl}  (open it in a browser for GraphiQL; graph-node needs a minute or two to come up)`
        : "off (--no-indexer)",
    ],
    [
      "Dashboard",
      e.dashboardUrl ? `${e.dashboardUrl}${e.dashboardNote ? `  (${e.dashboardNote})` : ""}` : "off (--no-dashboard)",
    ],
    ["Content store", `${e.contentStoreUrl}  (IPFS API + /ipfs/<cid> gateway)`],
    ...e.nodeMetrics.map((n): [string, string] => [
      `Node ${n.name}${n.faulty ? " (faulty)" : n.watcher ? " (watcher)" : ""}`,
      `${n.url}  ${n.address}`,
    ]),
    ["Logs", join(e.stateDir, "logs")],
  ];
  // Devnet keys are Hardhat's public test keys: printing them is safe here and nowhere else.
  const [requester, providerAccount] = [ROLES.yourRequester, ROLES.yourProvider].map((i) => hardhatAccount(i));
  rows.push(
    ["Your requester", `${requester!.address}  HASHWORK_PRIVATE_KEY=${requester!.privateKey}`],
    ["Your provider", `${providerAccount!.address}  HASHWORK_PRIVATE_KEY=${providerAccount!.privateKey}`],
    ["", `(${formatEther(YOUR_TOKENS)} HWK each, for the hashwork CLI; see the README's Requesters and Providers)`],
  );
  out("");
  for (const [k, v] of rows) out(`  ${k.padEnd(20)} ${v}`);
  out("");
  out(
    `  the chain lives in memory: a new one on every start (${opts.reset ? "state wiped by --reset" : "keystores and content persist; --reset wipes them"})`,
  );
  out(`  ${opts.duration > 0 ? `stops by itself after ${opts.duration}s; ` : ""}Ctrl-C stops everything`);
  out("");
}
