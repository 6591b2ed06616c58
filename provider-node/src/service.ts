import type { Wallet } from "ethers";
import { join } from "node:path";
import { ChainClock } from "./chain/clock.js";
import { connectContracts, type Contracts } from "./chain/contracts.js";
import { FailoverProvider } from "./chain/rpc.js";
import { ChainWatcher } from "./chain/watcher.js";
import { Shutdown, type Common } from "./common.js";
import type { NodeConfig } from "./config/types.js";
import { CachedStore } from "./content/cached-store.js";
import { OutputFiles } from "./content/outputs.js";
import { CursorStore } from "./db/cursor.js";
import { Database } from "./db/database.js";
import { JobStore } from "./db/jobs.js";
import { TxStore, VERIFIER_TX_KINDS } from "./db/txs.js";
import { VerificationStore } from "./db/verifications.js";
import { EarningsPolicy } from "./earnings.js";
import { health, type Health, type ServiceState } from "./http/health.js";
import { startOperatorServer, type OperatorServer } from "./http/server.js";
import type { JobContext } from "./jobs/context.js";
import { MarketLogHandler } from "./jobs/events.js";
import { JobRunner, StepRunner } from "./jobs/runner.js";
import { WORKING_STATES } from "./jobs/state.js";
import { createLogger, type Logger } from "./logger.js";
import { createMetrics } from "./metrics.js";
import { KuboStore, measureFuelRate, readProvider, type ReadProviderReturnType } from "./sdk.js";
import { TxManager } from "./tx/manager.js";
import { Semaphore } from "./util/semaphore.js";
import type { VerifyContext } from "./verify/context.js";
import { CourtLogHandler } from "./verify/events.js";
import { VERIFY_WORKING_STATES } from "./verify/state.js";
import { verificationNeedsWork, verifyStep } from "./verify/steps/index.js";

export interface NodeHandle {
  address: string;
  common: Common;
  db: Database;
  contracts: Contracts;
  tx: TxManager;
  http: OperatorServer;
  health(): Health;
  /** Graceful stop: no new work, in-flight steps get `graceMs`, then everything is closed. */
  stop(reason?: string, graceMs?: number): Promise<void>;
}

const PARAMS_TTL_MS = 60_000;
const PROVIDER_TTL_MS = 2_000;

/** Wires the node's components from a validated config and an unlocked wallet, and starts them. */
export async function startNode(
  config: NodeConfig,
  wallet: Wallet,
  logger: Logger = createLogger(config.log.level),
): Promise<NodeHandle> {
  const metrics = createMetrics();
  const shutdown = new Shutdown();
  const common: Common = { config, logger: logger.child({ provider: wallet.address }), metrics, shutdown };
  if (config.jobs.fuelPerSecond === undefined) {
    const rate = await measureFuelRate();
    config.jobs.fuelPerSecond = Math.floor(rate.fuelPerSecond);
    common.logger.info({ fuelPerSecond: config.jobs.fuelPerSecond }, "measured this machine's sandbox speed");
  }
  let state: ServiceState = "starting";
  const setState = (s: ServiceState) => {
    state = s;
    for (const x of ["starting", "syncing", "following", "stopping", "stopped"])
      metrics.serviceState.set({ state: x }, x === s ? 1 : 0);
  };
  setState("starting");

  const db = new Database(join(config.dataDir, "node.sqlite"));
  const provider = new FailoverProvider(config.rpcUrls, {
    chainId: config.chainId,
    timeoutMs: config.chain.rpcTimeoutMs,
    logger: common.logger,
    metrics,
  });
  const reported = Number(await provider.send("eth_chainId", []));
  if (reported !== config.chainId) throw new Error(`RPC reports chain ${reported}, config says ${config.chainId}`);
  const signer = wallet.connect(provider);
  const contracts = await connectContracts(config.contracts, provider);
  const me = signer.address;

  const registration = await readProvider(contracts.registry, { provider: me });
  if (!registration.registered || registration.stake === 0n) {
    common.logger.warn(
      { registered: registration.registered, stake: registration.stake.toString() },
      "provider is not registered or has no stake; it will not win jobs",
    );
  }

  const jobs = new JobStore(db);
  const verifications = new VerificationStore(db);
  const txs = new TxStore(db);
  const cursors = new CursorStore(db);
  const clock = new ChainClock();
  const tx = new TxManager(common, provider, signer, db, txs, async (t) => {
    // A reorged-out transaction goes out again only while the job it was for still stands as we know it.
    if (t.archived) return false;
    if (t.jobId === null) return true;
    if (VERIFIER_TX_KINDS.has(t.kind)) {
      const v = verifications.get(t.jobId);
      return v !== undefined && v.state !== "failed" && v.state !== "skipped";
    }
    if (t.kind === "resolve") return true; // harmless whoever it helps; reverts if already resolved
    const job = jobs.get(t.jobId);
    return job !== undefined && job.state !== "failed" && job.state !== "skipped";
  });
  const store = new CachedStore(
    new KuboStore(config.contentStore.url, { timeoutMs: config.contentStore.timeoutMs }),
    join(config.dataDir, "content"),
  );
  let draining = false;
  let params: { value: bigint; at: number } | undefined;
  let courtParams: { value: bigint; at: number } | undefined;
  let record: { value: Promise<ReadProviderReturnType>; at: number } | undefined;
  const ctx: JobContext = {
    common,
    db,
    jobs,
    tx,
    contracts,
    clock,
    store,
    outputs: new OutputFiles(join(config.dataDir, "outputs")),
    executions: new Semaphore(config.provider.maxConcurrent),
    me,
    draining: () => draining,
    providerRecord: () => {
      if (!record || Date.now() - record.at > PROVIDER_TTL_MS) {
        const value = readProvider(contracts.registry, { provider: me });
        value.catch(() => (record = undefined));
        record = { value, at: Date.now() };
      }
      return record.value;
    },
    blockHash: async (n) => (await provider.getBlock(n))?.hash ?? undefined,
    wideningPeriod: async () => {
      if (!params || Date.now() - params.at > PARAMS_TTL_MS)
        params = { value: (await contracts.market.parameters()).wideningPeriod, at: Date.now() };
      return params.value;
    },
    working: () =>
      jobs.active().filter((j) => WORKING_STATES.has(j.state)).length +
      verifications.active().filter((v) => VERIFY_WORKING_STATES.has(v.state)).length,
  };
  const runner = new JobRunner(ctx);
  const handler = new MarketLogHandler(common, jobs, contracts.market, me, (id) => runner.wake(id));

  // The verifier side: only when the registry names a dispute court.
  const court = contracts.court;
  const verifyCtx: VerifyContext | undefined = court && {
    ...ctx,
    court,
    verifications,
    verifyOutputs: new OutputFiles(join(config.dataDir, "verifier-outputs")),
    courtWideningPeriod: async () => {
      if (!courtParams || Date.now() - courtParams.at > PARAMS_TTL_MS)
        courtParams = { value: (await court.parameters()).wideningPeriod, at: Date.now() };
      return courtParams.value;
    },
  };
  const verifier =
    verifyCtx &&
    new StepRunner(common, {
      role: "verification",
      load: (id) => verifications.get(id),
      resumable: () => verifications.active().map((v) => v.jobId),
      needsWork: verificationNeedsWork,
      step: (v) => verifyStep(verifyCtx, v),
    });
  const courtHandler =
    court &&
    new CourtLogHandler(common, verifications, jobs, court, contracts.registry, me, {
      verification: (id) => verifier?.wake(id),
      job: (id) => runner.wake(id),
    });
  // One cursor over the market, the court and the registry (its ProviderSlashed tells a disputed job's loss).
  const watched = court
    ? [config.contracts.market, String(court.target), config.contracts.registry]
    : [config.contracts.market];
  const marketAddress = config.contracts.market.toLowerCase();
  const watcher = new ChainWatcher(common, provider, db, cursors, clock, watched, {
    handle: (log) => (log.address.toLowerCase() === marketAddress ? handler.handle(log) : courtHandler?.handle(log)),
    onRewind: (ancestor) => {
      for (const j of jobs.activeAfter(ancestor)) queueMicrotask(() => runner.wake(j.jobId));
      for (const v of verifications.activeAfter(ancestor)) queueMicrotask(() => verifier?.wake(v.jobId));
    },
  });
  const earnings = new EarningsPolicy(common, contracts, tx);

  const latest = await provider.getBlock("latest");
  if (latest) clock.observe(latest.timestamp);
  await tx.start();

  const currentHealth = (): Health => {
    const counts = jobs.countByState();
    const verifierCounts = verifications.countByState();
    const pending = txs.pending();
    return health({
      serviceState: state,
      head: watcher.head,
      cursor: watcher.cursor.block,
      confirmations: config.chain.confirmations,
      lastPollOkMs: watcher.lastPollOkMs,
      pollIntervalMs: config.chain.pollIntervalMs,
      pendingTxs: pending.length,
      oldestPendingTxMs: pending.length === 0 ? undefined : Math.min(...pending.map((t) => t.createdMs)),
      replaceAfterMs: config.tx.replaceAfterMs,
      rpcEndpoint: provider.activeEndpoint,
      jobs: Object.fromEntries(counts),
      verifications: Object.fromEntries(verifierCounts),
      nowMs: Date.now(),
    });
  };
  metrics.bindJobCounts(() => (db.sql.isOpen ? jobs.countByState() : new Map()));
  metrics.bindVerificationCounts(() => (db.sql.isOpen ? verifications.countByState() : new Map()));
  const followTimer = setInterval(() => {
    if (
      state === "syncing" &&
      watcher.head > 0 &&
      watcher.head - watcher.cursor.block <= config.chain.confirmations + 1
    )
      setState("following");
  }, 1_000);

  const http = await startOperatorServer(config.http.host, config.http.port, metrics.registry, currentHealth);
  runner.start();
  verifier?.start();
  watcher.start();
  earnings.start();
  setState("syncing");
  common.logger.info(
    {
      market: config.contracts.market,
      court: court ? String(court.target) : null,
      chainId: config.chainId,
      http: http.url,
      faulty: config.faulty,
      cursor: watcher.cursor,
    },
    "node started",
  );
  if (!court) common.logger.warn("the registry names no dispute court; this node will not serve as a verifier");
  if (config.faulty) common.logger.warn("FAULTY MODE: posting wrong result hashes and verdicts on purpose");

  let stopping: Promise<void> | undefined;
  const stop = (reason = "stop requested", graceMs = 20_000): Promise<void> => {
    stopping ??= (async () => {
      setState("stopping");
      common.logger.info({ reason }, "stopping");
      draining = true;
      await watcher.stop();
      await earnings.stop();
      const runners = verifier ? [runner, verifier] : [runner];
      const drained = await Promise.all(runners.map((r) => r.drain(graceMs)));
      if (drained.includes(false)) {
        const inFlight = runners.reduce((n, r) => n + r.busy, 0);
        common.logger.warn({ inFlight }, "grace period over; parking in-flight jobs");
      }
      await shutdown.run(reason); // aborts executions and waits: what is left stays parked in its state
      await Promise.all(runners.map((r) => r.settle(5_000)));
      tx.stop();
      clearInterval(followTimer);
      await http.close();
      provider.destroy();
      db.close();
      setState("stopped");
      common.logger.info("stopped");
    })();
    return stopping;
  };

  return { address: me, common, db, contracts, tx, http, health: currentHealth, stop };
}
