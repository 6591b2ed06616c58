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
import { keystoreAddress } from "../sdk.js";
import { createLogger } from "../logger.js";
import { createMetrics } from "../metrics.js";
import { readProvider } from "../sdk.js";
import { flag, type ParsedArgs } from "./args.js";

/** `hashwork-node status`: what the database says and what the chain says, as text or --json. */
export async function status(args: ParsedArgs): Promise<void> {
  const config = loadConfig(flag(args, "config") ?? "hashwork-node.json");
  const address = await keystoreAddress(config.keystore);
  const dbPath = join(config.dataDir, "node.sqlite");
  let local: {
    cursor: Cursor | undefined;
    counts: Record<string, number>;
    totals: { earned: bigint; slashed: bigint };
    pendingTxs: number;
    recent: unknown[];
  } = {
    cursor: undefined,
    counts: {},
    totals: { earned: 0n, slashed: 0n },
    pendingTxs: 0,
    recent: [],
  };
  if (existsSync(dbPath)) {
    const db = new Database(dbPath, { readOnly: true }); // the running node keeps writing (WAL)
    try {
      const jobs = new JobStore(db);
      local = {
        cursor: new CursorStore(db).get(),
        counts: Object.fromEntries(jobs.countByState()),
        totals: jobs.totals(),
        pendingTxs: new TxStore(db).pending().length,
        recent: db.sql
          .prepare(
            "SELECT job_id, state, reason, replicas, result_kind, outcome, earned, slashed FROM jobs ORDER BY updated_ms DESC LIMIT 10",
          )
          .all(),
      };
    } finally {
      db.close();
    }
  }
  const { cursor, counts, totals, pendingTxs, recent } = local;

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
    const [head, p, claimable] = await Promise.all([
      provider.getBlockNumber(),
      readProvider(contracts.registry, { provider: address }),
      contracts.market.claimable(address),
    ]);
    chain = {
      head,
      lagBlocks: cursor ? head - cursor.block : null,
      registered: p.registered,
      stake: formatUnits(p.stake),
      locked: formatUnits(p.locked),
      activeJobs: p.activeJobs,
      capacity: p.capacity,
      price: formatUnits(p.price),
      reputation: p.reputation.toString(),
      completed: p.completed,
      slashes: p.slashes,
      noShows: p.noShows,
      jailedUntil: p.jailedUntil,
      claimable: formatUnits(claimable),
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
    earned: formatUnits(totals.earned),
    slashed: formatUnits(totals.slashed),
    pendingTxs,
    chain,
    recent,
  };
  if (flag(args, "json") === "true") {
    process.stdout.write(JSON.stringify(report, null, 2) + "\n");
    return;
  }
  const lines = [
    `provider   ${address}`,
    `market     ${config.contracts.market} (chain ${config.chainId})`,
    `cursor     ${cursor ? `block ${cursor.block}` : "not started"}`,
    `jobs       ${
      Object.entries(counts)
        .map(([s, n]) => `${s}=${n}`)
        .join(" ") || "none"
    }`,
    `earned     ${report.earned}   slashed ${report.slashed}   pending txs ${pendingTxs}`,
    `chain      ${Object.entries(chain)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(" ")}`,
  ];
  process.stdout.write(lines.join("\n") + "\n");
}
