import type { LogFormat } from "../log-format.js";

/** The node's configuration after defaults are applied and every field is validated. */
export interface NodeConfig {
  /** Chain the node serves; every RPC URL must report it. */
  chainId: number;
  /** JSON-RPC endpoints, tried in order with failover and backoff. */
  rpcUrls: string[];
  /**
   * Contract addresses (from `contracts` in the file, or the SDK deployment file of `chainId`). `court` (the
   * VerificationCourt) is optional: the node asks the registry (`court()`) at boot, and a given one must match it.
   */
  contracts: { market: string; registry: string; court?: string };
  /** First block to scan when the database has no cursor yet (the market's deployment block). */
  startBlock: number;
  /** Encrypted JSON keystore (absolute path). The password comes from --password-file, HASHWORK_KEYSTORE_PASSWORD or a prompt. */
  keystore: string;
  /** SQLite database, outputs and content cache (absolute path). */
  dataDir: string;
  contentStore: {
    /** Kubo RPC API base URL (or the embedded local store serving the same paths). */
    url: string;
    timeoutMs: number;
    /**
     * Bytes the local content cache (`<dataDir>/content`: bundles, modules, inputs and published outputs) is kept
     * within, least recently used evicted first; content of live jobs is never evicted. At least `limits.maxModuleBytes
     * + limits.maxInputBytes`. A browser tab bounds its IndexedDB cache (`IdbContentCache`) by it.
     */
    cacheMaxBytes: number;
  };
  chain: {
    /** Blocks a log must be buried under before the node acts on it. */
    confirmations: number;
    pollIntervalMs: number;
    /** Blocks per eth_getLogs request during backfill (halved on "too many results"). */
    logChunkSize: number;
    /** Recent block hashes kept for reorg detection. */
    reorgDepth: number;
    /** Per-request timeout of one RPC call. */
    rpcTimeoutMs: number;
  };
  provider: {
    /** Resource classes this machine serves (each 0..31); jobs of other classes are skipped. */
    classes: number[];
    /**
     * Executions in flight (replica slots, verifier seats, watched jobs) at once. Unset in the file: one per core, as
     * many as half the machine's memory holds at `limits.memoryMiB` each.
     */
    maxConcurrent: number;
    /**
     * Claimed slots and seats that may wait for an executor beyond the `maxConcurrent` running; unset: 4 per executor.
     * Within it a claim is taken only while every execution owed still finishes before its commit deadline at this
     * machine's fuel rate. The registry's `capacity` (assignments held until settlement) is a separate, on-chain bound.
     */
    maxQueued: number;
    /**
     * This machine's sandbox speed, fuel per second; omitted in the file, measured at boot (`measureFuelRate`). The
     * node abstains from any slot or seat whose whole fuel limit it cannot burn at this rate before the commit deadline.
     */
    fuelPerSecond: number | undefined;
  };
  /** The largest job this machine accepts; a bundle asking more is not claimed. */
  limits: {
    memoryMiB: number;
    /** The most fuel (bundle `limits.fuel`) a job may ask for. */
    fuel: number;
    maxOutputBytes: number;
    maxModuleBytes: number;
    maxInputBytes: number;
  };
  jobs: {
    /** Seconds that must remain before a commit deadline, beyond the execution time, to claim a slot or a seat. */
    safetyMarginSec: number;
    /**
     * A replica job whose whole fuel limit runs within this many seconds here is run before it is claimed, and its
     * claim commits to the answer (one transaction less); 0 claims every job first.
     */
    runFirstMaxSec: number;
    /**
     * Whether the node calls settle and resolve on jobs it works on once they are due (anyone may; a node that never
     * does still has its jobs settled by others, later). The audit decision its own reveal needs it takes regardless.
     */
    settle: boolean;
    /**
     * Most jobs settled in one transaction (`settleMany`, 1..32): the node's jobs that are due together go out
     * together, sharing the transaction's base cost and the cold reads of the market's shared state.
     */
    settleBatchMax: number;
    /**
     * Seconds a job due for settlement may wait for more of the node's jobs to come due, so they share a transaction;
     * 0 (the default) sends what is due at once. Waiting delays the node's pay, never anyone's deadline: a settlement
     * has none.
     */
    settleWaitSec: number;
    /**
     * Seconds a job's local output file (replica or verifier) is kept once the job is final: terminal, and for a
     * failed job we hold a slot on, its settlement recorded. Then the node deletes it (sweeps every few minutes); 0
     * deletes it at the first sweep after the job is final. The requester reads the output from the content store.
     */
    keepOutputsSec: number;
  };
  /** Watcher mode: off when `sampleRate` is 0. */
  watcher: {
    /** Share of jobs (0..1) re-executed and compared, sampled by hash of (job id, our address). */
    sampleRate: number;
    /** Whole tokens our open challenges may bond at most, in sum (a decimal string; in token units once the token's
     * decimals are known: see amounts.ts). */
    maxBondTokens: string;
  };
  tx: {
    /** Gas limit = estimate × this / 100. */
    gasLimitMultiplierPct: number;
    /** Hard cap of maxFeePerGas, gwei. */
    maxFeePerGasGwei: number;
    /** Tip, gwei; omitted = what the RPC suggests. */
    priorityFeeGwei: number | undefined;
    /** A pending transaction is re-sent with higher fees after this long. */
    replaceAfterMs: number;
    /** Fee increase per replacement, percent (nodes require >= 10). */
    feeBumpPct: number;
    pollIntervalMs: number;
  };
  earnings: {
    /** Claimable balance (token units) at which the node withdraws; 0 disables withdrawals; unset: 10 whole tokens
     * at the token's decimals. */
    withdrawThreshold: bigint | undefined;
    checkIntervalMs: number;
  };
  http: { host: string; port: number };
  /** After SIGTERM, in-flight work gets this long to finish before it is parked (resumed on restart). */
  shutdownGraceMs: number;
  /** format: unset means pretty on a terminal, JSON elsewhere (see chooseLogFormat). */
  log: { level: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent"; format?: LogFormat };
  /** Demo/test mode: commits wrong answers as a replica and as a verifier (gets slashed). Never use with real stake. */
  faulty: boolean;
}
