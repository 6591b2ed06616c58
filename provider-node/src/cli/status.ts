import { formatUnits } from "ethers";
import { join } from "node:path";
import { connectContracts } from "../chain/contracts.js";
import { FailoverProvider } from "../chain/rpc.js";
import { loadConfig } from "../config/load.js";
import { existsSync } from "node:fs";
import { CursorStore, type Cursor } from "../db/cursor.js";
import { Database } from "../db/database.js";
import { JobStore } from "../db/jobs.js";
import { TxStore } from "../db/txs.js";
import { VerificationStore } from "../db/verifications.js";
import { WatchStore } from "../db/watches.js";
import { keystoreAddress } from "../sdk.js";
import { createLogger } from "../logger.js";
import { createMetrics } from "../metrics.js";
import { readProvider } from "../sdk.js";
import type { ParsedArgs } from "./args.js";

/** `hashwork-node status`: what the database says and what the chain says, as text or --json. */
export async function status({ options }: ParsedArgs): Promise<void> {
  const config = loadConfig(options.config ?? "hashwork-node.json");
  const address = await keystoreAddress(config.keystore);
  const dbPath = join(config.dataDir, "node.sqlite");
  let local: {
    cursor: Cursor | undefined;
    counts: Record<string, number>;
    verifierCounts: Record<string, number>;
    watchCounts: Record<string, number>;
    totals: { earned: bigint; slashed: bigint };
    verifierTotals: { earned: bigint; slashed: bigint };
    openBonds: bigint;
    pendingTxs: number;
    recent: unknown[];
    recentVerifications: unknown[];
    recentWatches: unknown[];
  } = {
    cursor: undefined,
    counts: {},
    verifierCounts: {},
    watchCounts: {},
    totals: { earned: 0n, slashed: 0n },
    verifierTotals: { earned: 0n, slashed: 0n },
    openBonds: 0n,
    pendingTxs: 0,
    recent: [],
    recentVerifications: [],
    recentWatches: [],
  };
  if (existsSync(dbPath)) {
    const db = new Database(dbPath, { readOnly: true }); // the running node keeps writing (WAL)
    try {
      const jobs = new JobStore(db);
      const verifications = new VerificationStore(db);
      const watches = new WatchStore(db);
      local = {
        cursor: new CursorStore(db).get(),
        counts: Object.fromEntries(jobs.countByState()),
        verifierCounts: Object.fromEntries(verifications.countByState()),
        watchCounts: Object.fromEntries(watches.countByState()),
        totals: jobs.totals(),
        verifierTotals: verifications.totals(),
        openBonds: watches.openBonds(),
        pendingTxs: new TxStore(db).pending().length,
        recent: db.sql
          .prepare(
            "SELECT job_id, state, reason, replicas, result_kind, fuel_used, audited, outcome, earned, slashed FROM jobs ORDER BY updated_ms DESC LIMIT 10",
          )
          .all(),
        recentVerifications: db.sql
          .prepare(
            "SELECT job_id, round, state, reason, seat, result_kind, upheld, earned, slashed FROM verifications ORDER BY updated_ms DESC LIMIT 10",
          )
          .all(),
        recentWatches: db.sql
          .prepare(
            "SELECT job_id, state, reason, bond, challenge_result, earned, slashed FROM watches ORDER BY updated_ms DESC LIMIT 10",
          )
          .all(),
      };
    } finally {
      db.close();
    }
  }
  const { cursor, counts, verifierCounts, watchCounts, totals, verifierTotals, pendingTxs, recent } = local;

  const logger = createLogger("silent");
  const provider = new FailoverProvider(config.rpcUrls, {
    chainId: config.chainId,
    timeoutMs: config.chain.rpcTimeoutMs,
    logger,
    metrics: createMetrics(),
    retries: 1,
  });
  let chain: Record<string, unknown>;
  try {
    const contracts = await connectContracts(config.contracts, provider);
    const [head, p, claimable, courtClaimable] = await Promise.all([
      provider.getBlockNumber(),
      readProvider(contracts.registry, { provider: address }),
      contracts.market.claimable(address),
      contracts.court.claimable(address),
    ]);
    chain = {
      head,
      lagBlocks: cursor ? head - cursor.block : null,
      registered: p.registered,
      stake: formatUnits(p.stake),
      locked: formatUnits(p.locked),
      activeJobs: p.activeJobs,
      capacity: p.capacity,
      pricePerMfuel: formatUnits(p.pricePerMfuel),
      minMfuel: p.minMfuel,
      reputation: p.reputation.toString(),
      completed: p.completed,
      slashes: p.slashes,
      noShows: p.noShows,
      faultsAtJail: p.faultsAtJail,
      jailedUntil: p.jailedUntil,
      claimable: formatUnits(claimable),
      courtClaimable: formatUnits(courtClaimable),
    };
  } catch (error) {
    chain = { error: (error as Error).message.slice(0, 200) };
  } finally {
    provider.destroy();
  }

  const report = {
    address,
    market: config.contracts.market,
    cursor: cursor ?? null,
    jobs: counts,
    verifications: verifierCounts,
    watches: watchCounts,
    earned: formatUnits(totals.earned),
    slashed: formatUnits(totals.slashed),
    verifierEarned: formatUnits(verifierTotals.earned),
    verifierSlashed: formatUnits(verifierTotals.slashed),
    watcherBondsOpen: formatUnits(local.openBonds),
    pendingTxs,
    chain,
    recent,
    recentVerifications: local.recentVerifications,
    recentWatches: local.recentWatches,
  };
  if (options.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + "\n");
    return;
  }
  const lines = [
    `provider   ${address}`,
    `market     ${config.contracts.market} (chain ${config.chainId})`,
    `cursor     ${cursor ? `block ${cursor.block}` : "not started"}`,
    `jobs       ${countsLine(counts)}`,
    `verifier   ${countsLine(verifierCounts)}   earned ${report.verifierEarned}   slashed ${report.verifierSlashed}`,
    `watcher    ${countsLine(watchCounts)}   bonds open ${report.watcherBondsOpen}`,
    `earned     ${report.earned}   slashed ${report.slashed}   pending txs ${pendingTxs}`,
    `chain      ${Object.entries(chain)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(" ")}`,
  ];
  process.stdout.write(lines.join("\n") + "\n");
}

function countsLine(counts: Record<string, number>): string {
  return (
    Object.entries(counts)
      .map(([s, n]) => `${s}=${n}`)
      .join(" ") || "none"
  );
}
