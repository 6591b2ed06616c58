import type { Wallet } from "ethers";
import { ChainClock } from "./chain/clock.js";
import type { Wakers } from "./chain/log-handler.js";
import { connectContracts, type Contracts } from "./chain/contracts.js";
import { tokenAmounts } from "./config/amounts.js";
import { FailoverProvider } from "./chain/rpc.js";
import { ChainWatcher } from "./chain/watcher.js";
import { Shutdown, type Common } from "./common.js";
import type { NodeConfig } from "./config/types.js";
import type { CachedStore } from "./content/cached-store.js";
import { CacheSweeper } from "./content/cache-sweeper.js";
import type { ContentCache } from "./content/content-cache.js";
import type { OutputStore } from "./content/output-store.js";
import { OutputSweeper } from "./content/output-sweeper.js";
import type { NodeContext } from "./context.js";
import { CursorStore } from "./db/cursor.js";
import type { SqlDatabase } from "./db/sql.js";
import { JobStore } from "./db/jobs.js";
import { ANYONE_TX_KINDS, TxStore, VERIFIER_TX_KINDS, WATCHER_TX_KINDS, type TxRecord } from "./db/txs.js";
import { VerificationStore, type RoundKey, type VerificationRecord } from "./db/verifications.js";
import { WatchStore, type WatchRecord } from "./db/watches.js";
import { EarningsPolicy } from "./earnings.js";
import { health, type Health, type ServiceState } from "./http/health.js";
import { MarketLogHandler } from "./jobs/events.js";
import { JobRunner, StepRunner } from "./jobs/runner.js";
import { SettleBatch } from "./jobs/settle-batch.js";
import { OWED_STATES } from "./jobs/state.js";
import type { runJob } from "./exec/run.js";
import type { Logger } from "./logger.js";
import type { Metrics } from "./metrics.js";
import { readProvider, STACK_KIB_MAX } from "./sdk.js";
import { TxManager } from "./tx/manager.js";
import { Semaphore } from "./util/semaphore.js";
import { CourtLogHandler } from "./verify/events.js";
import { VERIFY_WORKING_STATES } from "./verify/state.js";
import { verificationNeedsWork, verifyStep } from "./verify/steps/index.js";
import { watchNeedsWork, watchStep } from "./watch/steps.js";
import type { Owed } from "./draw/eligibility.js";

/**
 * What the engine is built from besides the config and the key: everything that differs between the provider node
 * (service.ts: node:sqlite, files, pino on stdout, prom-client, a sandbox process per job) and a browser tab (browser-provider:
 * SQLite in WASM saved to IndexedDB, a Web Worker, the console). The engine itself — the watcher, the per-record
 * state machines, the draw, the transaction manager — is the same code.
 */
export interface EngineParts {
  db: SqlDatabase;
  logger: Logger;
  metrics: Metrics;
  /** The content store with its local cache. */
  store: CachedStore;
  /**
   * The node's on-disk cache behind `store`, kept within its bound by a sweeper (`contentStore.cacheMaxBytes`); a
   * browser tab leaves it out: its cache bounds itself (`IdbContentCache`).
   */
  contentCache?: ContentCache;
  /** Replica outputs and verifier outputs, apart. */
  outputs: OutputStore;
  verifyOutputs: OutputStore;
  runJob: typeof runJob;
  /**
   * Whether to claim new slots and seats now; false pauses claiming while the jobs and seats already claimed run on
   * through commit, reveal and settlement. A browser tab pauses while it is hidden for long; the node leaves it out
   * (always true).
   */
  mayClaim?: () => boolean;
  /**
   * The largest bundle stack budget (`limits.stackKiB`) the host's executor holds; bundles asking for more are never
   * claimed. A browser tab measures it (`measureStackKiB`); the node leaves it out: its sandbox holds STACK_KIB_MAX.
   */
  stackKiB?: number;
}

export interface EngineHandle {
  address: string;
  common: Common;
  db: SqlDatabase;
  contracts: Contracts;
  tx: TxManager;
  /** The persisted records (the page shows them). */
  stores: { jobs: JobStore; verifications: VerificationStore; watches: WatchStore };
  /** Everything `/healthz` reports, from the engine's state. */
  health(): Health;
  /** Graceful stop: no new work, in-flight steps get `graceMs`, then everything is closed. */
  stop(reason?: string, graceMs?: number): Promise<void>;
}

const PROVIDER_TTL_MS = 2_000;

/** The node's three kinds of persisted records, each driven by its own runner through one step per state. */
interface Runners {
  jobs: JobRunner;
  verifications: StepRunner<RoundKey, VerificationRecord>;
  watches: StepRunner<bigint, WatchRecord>;
}

/**
 * Wires the engine from a validated config (its `provider.fuelPerSecond` set: configured or measured), an unlocked
 * wallet and its parts, and starts it.
 */
export async function startEngine(config: NodeConfig, wallet: Wallet, parts: EngineParts): Promise<EngineHandle> {
  const { db, metrics } = parts;
  const shutdown = new Shutdown();
  const common: Common = { config, logger: parts.logger.child({ provider: wallet.address }), metrics, shutdown };
  if (config.provider.fuelPerSecond === undefined) throw new Error("provider.fuelPerSecond must be set (or measured)");
  let state: ServiceState = "starting";
  const setState = (s: ServiceState) => {
    state = s;
    for (const x of ["starting", "syncing", "following", "stopping", "stopped"])
      metrics.serviceState.set({ state: x }, x === s ? 1 : 0);
  };
  setState("starting");

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
  const amounts = tokenAmounts(config, Number(await contracts.token.decimals()));
  const me = signer.address;

  const registration = await readProvider(contracts.registry, { provider: me });
  if (!registration.registered || registration.stake === 0n) {
    common.logger.warn(
      { registered: registration.registered, stake: registration.stake.toString() },
      "provider is not registered or has no stake; it will not win jobs or seats",
    );
  }

  const stores = { jobs: new JobStore(db), verifications: new VerificationStore(db), watches: new WatchStore(db) };
  const txs = new TxStore(db);
  const cursors = new CursorStore(db);
  const clock = new ChainClock();
  const tx = new TxManager(common, provider, signer, db, txs, (t) => Promise.resolve(stillWanted(stores, t)));
  const store = parts.store;
  let draining = false;
  // The runners are created below, with the context their steps read; nothing wakes a record before they exist.
  const wake: Wakers = {
    job: (id) => runners.jobs.wake(id),
    verification: (key) => runners.verifications.wake({ jobId: key.jobId, round: key.round }),
    watch: (id) => runners.watches.wake(id),
  };
  const reserved = new Map<string, Owed>();
  const ctx: NodeContext = {
    common,
    db,
    ...stores,
    tx,
    contracts,
    amounts,
    clock,
    store,
    outputs: parts.outputs,
    verifyOutputs: parts.verifyOutputs,
    runJob: parts.runJob,
    executions: new Semaphore(config.provider.maxConcurrent),
    me,
    draining: () => draining,
    mayClaim: parts.mayClaim ?? (() => true),
    stackKiB: parts.stackKiB ?? STACK_KIB_MAX,
    providerRecord: cached(PROVIDER_TTL_MS, () => readProvider(contracts.registry, { provider: me })),
    blockHash: async (n) => (await provider.getBlock(n))?.hash ?? undefined,
    reserved,
    settles: new SettleBatch(config.jobs.settleBatchMax),
    owed: () => [
      ...reserved.values(),
      ...stores.jobs
        .active()
        .filter((j) => OWED_STATES.has(j.state))
        .map((j) => ({ maxFuel: j.maxFuel, commitEndsAt: j.commitDeadline })),
      // A seat's fuel limit is its job's (known from the posting; unknown, the largest this node accepts).
      ...stores.verifications
        .active()
        .filter((v) => VERIFY_WORKING_STATES.has(v.state))
        .map((v) => ({
          maxFuel: stores.jobs.get(v.jobId)?.maxFuel ?? BigInt(config.limits.fuel),
          commitEndsAt: v.commitEndsAt,
        })),
    ],
    wake,
  };
  const runners: Runners = {
    jobs: new JobRunner(ctx),
    verifications: new StepRunner(
      common,
      {
        role: "verification",
        load: (key: RoundKey) => stores.verifications.get(key),
        resumable: () => stores.verifications.active().map((v) => ({ jobId: v.jobId, round: v.round })),
        needsWork: verificationNeedsWork,
        step: (v) => verifyStep(ctx, v),
      },
      (key) => `${key.jobId}:${key.round}`,
    ),
    watches: new StepRunner(common, {
      role: "watch",
      load: (id: bigint) => stores.watches.get(id),
      resumable: () => stores.watches.active().map((w) => w.jobId),
      needsWork: watchNeedsWork,
      step: (w) => watchStep(ctx, w),
    }),
  };
  const all = [runners.jobs, runners.verifications, runners.watches];

  // One cursor over the market and the court.
  const marketLogs = new MarketLogHandler(common, stores, contracts.market, me, wake);
  const courtLogs = new CourtLogHandler(common, stores, contracts.court, me, wake);
  const marketAddress = config.contracts.market.toLowerCase();
  const watcher = new ChainWatcher(
    common,
    provider,
    db,
    cursors,
    clock,
    [marketAddress, String(contracts.court.target)],
    {
      handle: (log) => (log.address.toLowerCase() === marketAddress ? marketLogs.handle(log) : courtLogs.handle(log)),
      onRewind: (ancestor) => {
        for (const j of stores.jobs.activeAfter(ancestor)) queueMicrotask(() => wake.job(j.jobId));
        for (const v of stores.verifications.activeAfter(ancestor)) queueMicrotask(() => wake.verification(v));
        for (const w of stores.watches.active()) queueMicrotask(() => wake.watch(w.jobId));
      },
    },
  );
  const earnings = new EarningsPolicy(common, contracts, tx, amounts.withdrawThreshold);
  const sweeper = new OutputSweeper(common, db, { replica: parts.outputs, verifier: parts.verifyOutputs });
  const cacheSweeper = parts.contentCache && new CacheSweeper(common, db, parts.contentCache);

  const latest = await provider.getBlock("latest");
  if (latest) clock.observe(latest.timestamp);
  await tx.start();

  const currentHealth = (): Health => {
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
      jobs: Object.fromEntries(stores.jobs.countByState()),
      verifications: Object.fromEntries(stores.verifications.countByState()),
      watches: Object.fromEntries(stores.watches.countByState()),
      nowMs: Date.now(),
    });
  };
  const open = () => db.isOpen;
  metrics.bindJobCounts(() => (open() ? stores.jobs.countByState() : new Map()));
  metrics.bindVerificationCounts(() => (open() ? stores.verifications.countByState() : new Map()));
  metrics.bindWatches(
    () => (open() ? stores.watches.countByState() : new Map()),
    () => (open() ? stores.watches.openBonds() : 0n),
  );
  const followTimer = setInterval(() => {
    if (
      state === "syncing" &&
      watcher.head > 0 &&
      watcher.head - watcher.cursor.block <= config.chain.confirmations + 1
    )
      setState("following");
  }, 1_000);

  for (const r of all) r.start();
  watcher.start();
  earnings.start();
  sweeper.start();
  cacheSweeper?.start();
  setState("syncing");
  common.logger.info(
    {
      market: config.contracts.market,
      court: String(contracts.court.target),
      chainId: config.chainId,
      fuelPerSecond: config.provider.fuelPerSecond,
      watcherSampleRate: config.watcher.sampleRate,
      faulty: config.faulty,
      cursor: watcher.cursor,
    },
    "node started",
  );
  if (config.faulty) common.logger.warn("FAULTY MODE: committing wrong answers as a replica and as a verifier");

  let stopping: Promise<void> | undefined;
  const stop = (reason = "stop requested", graceMs = 20_000): Promise<void> => {
    stopping ??= (async () => {
      setState("stopping");
      common.logger.info({ reason }, "stopping");
      draining = true;
      await watcher.stop();
      await earnings.stop();
      await sweeper.stop();
      await cacheSweeper?.stop();
      const drained = await Promise.all(all.map((r) => r.drain(graceMs)));
      if (drained.includes(false)) {
        const inFlight = all.reduce((n, r) => n + r.busy, 0);
        common.logger.warn({ inFlight }, "grace period over; parking in-flight jobs");
      }
      await shutdown.run(reason); // aborts executions and waits: what is left stays parked in its state
      await Promise.all(all.map((r) => r.settle(5_000)));
      tx.stop();
      clearInterval(followTimer);
      provider.destroy();
      db.close();
      setState("stopped");
      common.logger.info("stopped");
    })();
    return stopping;
  };

  return { address: me, common, db, contracts, tx, stores, health: currentHealth, stop };
}

/**
 * Whether a transaction a reorg removed should go out again as signed: only while what it was for still stands as we
 * know it (another job may now have the same id, and a stale claim could land on it). Calls anyone may make are
 * harmless whoever they help; they revert once not needed.
 */
function stillWanted(
  stores: { jobs: JobStore; verifications: VerificationStore; watches: WatchStore },
  t: TxRecord,
): boolean {
  if (t.archived) return false;
  if (t.jobId === null || ANYONE_TX_KINDS.has(t.kind)) return true;
  const live = (state: string | undefined) => state !== undefined && state !== "failed" && state !== "skipped";
  if (VERIFIER_TX_KINDS.has(t.kind)) return stores.verifications.ofJob(t.jobId).some((v) => live(v.state));
  if (WATCHER_TX_KINDS.has(t.kind)) return live(stores.watches.get(t.jobId)?.state);
  return live(stores.jobs.get(t.jobId)?.state);
}

/** A value read through `load`, cached for `ttlMs` (a failed read is not cached). */
function cached<T>(ttlMs: number, load: () => Promise<T>): () => Promise<T> {
  let entry: { value: Promise<T>; at: number } | undefined;
  return () => {
    if (!entry || Date.now() - entry.at > ttlMs) {
      const value = load();
      value.catch(() => (entry = undefined));
      entry = { value, at: Date.now() };
    }
    return entry.value;
  };
}
