import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { JOB_STATES } from "./jobs/state.js";
import { VERIFY_STATES } from "./verify/state.js";
import { WATCH_STATES } from "./watch/state.js";

/** Every metric the node exports, prefixed `hashwork_node_`. */
export function createMetrics() {
  const registry = new Registry();
  // Read from the database at scrape time, so the gauge is never stale.
  let jobCounts: () => Map<string, number> = () => new Map();
  let verificationCounts: () => Map<string, number> = () => new Map();
  let watchCounts: () => Map<string, number> = () => new Map();
  let openBonds: () => bigint = () => 0n;
  collectDefaultMetrics({ register: registry, prefix: "hashwork_node_" });
  const m = {
    registry,
    jobs: new Gauge({
      name: "hashwork_node_jobs",
      help: "Jobs in the local database by state",
      labelNames: ["state"],
      registers: [registry],
      collect() {
        const counts = jobCounts();
        for (const state of JOB_STATES) this.set({ state }, counts.get(state) ?? 0);
      },
    }),
    /** Where the jobs gauge reads its counts from. */
    bindJobCounts(source: () => Map<string, number>) {
      jobCounts = source;
    },
    verifications: new Gauge({
      name: "hashwork_node_verifier_jobs",
      help: "Verifier records (audits and panel rounds the court may draw this node for) by state",
      labelNames: ["state"],
      registers: [registry],
      collect() {
        const counts = verificationCounts();
        for (const state of VERIFY_STATES) this.set({ state }, counts.get(state) ?? 0);
      },
    }),
    /** Where the verifier jobs gauge reads its counts from. */
    bindVerificationCounts(source: () => Map<string, number>) {
      verificationCounts = source;
    },
    verifierTransitions: new Counter({
      name: "hashwork_node_verifier_transitions_total",
      help: "Verifier assignment state transitions",
      labelNames: ["to"],
      registers: [registry],
    }),
    auditsDecided: new Counter({
      name: "hashwork_node_audits_decided_total",
      help: "Audit decisions (AuditDecided) of jobs of the classes this node serves, by outcome",
      labelNames: ["audited"],
      registers: [registry],
    }),
    panelsSeen: new Counter({
      name: "hashwork_node_panels_seen_total",
      help: "Panel rounds (RoundOpened, round >= 1) of jobs of the classes this node serves",
      registers: [registry],
    }),
    verdicts: new Counter({
      name: "hashwork_node_verifier_verdicts_total",
      help: "Seats this node revealed and was paid for, by role (auditor, panel) and whether its answer was upheld",
      labelNames: ["role", "upheld"],
      registers: [registry],
    }),
    verifierEarnings: new Counter({
      name: "hashwork_node_verifier_earnings_total",
      help: "Token units the court credited this node as a verifier (every revealing verifier is paid)",
      registers: [registry],
    }),
    verifierSlashes: new Counter({
      name: "hashwork_node_verifier_slashes_total",
      help: "Verifier assignments of this node that were slashed",
      labelNames: ["reason"],
      registers: [registry],
    }),
    verifierSlashedAmount: new Counter({
      name: "hashwork_node_verifier_slashed_amount_total",
      help: "Token units slashed from this node as a verifier",
      registers: [registry],
    }),
    courtWithdrawn: new Counter({
      name: "hashwork_node_court_withdrawn_total",
      help: "Token units withdrawn from the verification court",
      registers: [registry],
    }),
    watches: new Gauge({
      name: "hashwork_node_watcher_jobs",
      help: "Jobs this node watches (re-executes to check the agreed result) by state",
      labelNames: ["state"],
      registers: [registry],
      collect() {
        const counts = watchCounts();
        for (const state of WATCH_STATES) this.set({ state }, counts.get(state) ?? 0);
      },
    }),
    /** Where the watcher gauges read their values from. */
    bindWatches(counts: () => Map<string, number>, bonds: () => bigint) {
      watchCounts = counts;
      openBonds = bonds;
    },
    watcherChecked: new Counter({
      name: "hashwork_node_watcher_checked_total",
      help: "Agreed results the watcher compared with its own answer, by whether they agreed",
      labelNames: ["agreed"],
      registers: [registry],
    }),
    watcherChallenges: new Counter({
      name: "hashwork_node_watcher_challenges_total",
      help: "The watcher's challenges decided by the court, by result (won, lost, undecided)",
      labelNames: ["result"],
      registers: [registry],
    }),
    watcherBondsOpen: new Gauge({
      name: "hashwork_node_watcher_bonds_open",
      help: "Token units bonded in the watcher's open challenges",
      registers: [registry],
      collect() {
        this.set(Number(openBonds()));
      },
    }),
    transitions: new Counter({
      name: "hashwork_node_job_transitions_total",
      help: "Job state transitions",
      labelNames: ["to"],
      registers: [registry],
    }),
    executionSeconds: new Histogram({
      name: "hashwork_node_execution_seconds",
      help: "Wall-clock seconds of WASM executions",
      labelNames: ["outcome"],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers: [registry],
    }),
    overheadSeconds: new Histogram({
      name: "hashwork_node_claim_overhead_seconds",
      help: "Seconds from the winning second (or the job being seen, if later) to the claim transaction being sent",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    earnings: new Counter({
      name: "hashwork_node_earnings_total",
      help: "Token units credited to this provider (payments and bonuses)",
      registers: [registry],
    }),
    withdrawn: new Counter({
      name: "hashwork_node_withdrawn_total",
      help: "Token units withdrawn from the market",
      registers: [registry],
    }),
    slashes: new Counter({
      name: "hashwork_node_slashes_total",
      help: "Replica slots of this provider that were slashed, by fault (dissent, noshow, withheld)",
      labelNames: ["reason"],
      registers: [registry],
    }),
    slashedAmount: new Counter({
      name: "hashwork_node_slashed_amount_total",
      help: "Token units slashed from this provider",
      registers: [registry],
    }),
    outputsPruned: new Counter({
      name: "hashwork_node_outputs_pruned_total",
      help: "Local output files deleted once their job was final for jobs.keepOutputsSec, by role (replica, verifier)",
      labelNames: ["role"],
      registers: [registry],
    }),
    outputsPrunedBytes: new Counter({
      name: "hashwork_node_outputs_pruned_bytes_total",
      help: "Bytes of disk freed by deleting local output files, by role (replica, verifier)",
      labelNames: ["role"],
      registers: [registry],
    }),
    contentCacheBytes: new Gauge({
      name: "hashwork_node_content_cache_bytes",
      help: "Bytes held in the local content cache (<dataDir>/content) after the last sweep",
      registers: [registry],
    }),
    contentCacheMaxBytes: new Gauge({
      name: "hashwork_node_content_cache_max_bytes",
      help: "The bound the local content cache is kept within (contentStore.cacheMaxBytes)",
      registers: [registry],
    }),
    contentCacheEvictions: new Counter({
      name: "hashwork_node_content_cache_evictions_total",
      help: "Files evicted from the local content cache (least recently used first) to keep contentStore.cacheMaxBytes",
      registers: [registry],
    }),
    contentCacheEvictedBytes: new Counter({
      name: "hashwork_node_content_cache_evicted_bytes_total",
      help: "Bytes of disk freed by evicting files from the local content cache",
      registers: [registry],
    }),
    headBlock: new Gauge({
      name: "hashwork_node_head_block",
      help: "Latest block number reported by the RPC",
      registers: [registry],
    }),
    cursorBlock: new Gauge({
      name: "hashwork_node_cursor_block",
      help: "Last block whose logs are fully handled",
      registers: [registry],
    }),
    headLag: new Gauge({
      name: "hashwork_node_head_lag_blocks",
      help: "Head block minus the cursor block",
      registers: [registry],
    }),
    reorgs: new Counter({
      name: "hashwork_node_reorgs_total",
      help: "Reorgs detected (cursor rewinds)",
      registers: [registry],
    }),
    rpcErrors: new Counter({
      name: "hashwork_node_rpc_errors_total",
      help: "Failed RPC requests",
      labelNames: ["endpoint"],
      registers: [registry],
    }),
    txs: new Counter({
      name: "hashwork_node_transactions_total",
      help: "Transactions by function and result",
      labelNames: ["function", "result"],
      registers: [registry],
    }),
    txReplacements: new Counter({
      name: "hashwork_node_transaction_replacements_total",
      help: "Fee-bumped replacements of stuck transactions",
      registers: [registry],
    }),
    serviceState: new Gauge({
      name: "hashwork_node_service_state",
      help: "1 for the service's current state",
      labelNames: ["state"],
      registers: [registry],
    }),
  };
  return m;
}
export type Metrics = ReturnType<typeof createMetrics>;
