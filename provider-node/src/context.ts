import type { ChainClock } from "./chain/clock.js";
import type { Contracts } from "./chain/contracts.js";
import type { Common } from "./common.js";
import type { CachedStore } from "./content/cached-store.js";
import type { OutputStore } from "./content/output-store.js";
import type { runJob } from "./exec/run.js";
import type { SqlDatabase } from "./db/sql.js";
import type { JobStore } from "./db/jobs.js";
import type { VerificationStore, RoundKey } from "./db/verifications.js";
import type { WatchStore } from "./db/watches.js";
import type { ReadProviderReturnType } from "./sdk.js";
import type { TxManager } from "./tx/manager.js";
import type { SettleBatch } from "./jobs/settle-batch.js";
import type { Semaphore } from "./util/semaphore.js";
import type { TokenAmounts } from "./config/amounts.js";
import type { Owed } from "./draw/eligibility.js";

/** Everything a step needs, shared by the replica, verifier and watcher runners. One per node. */
export interface NodeContext {
  common: Common;
  db: SqlDatabase;
  jobs: JobStore;
  verifications: VerificationStore;
  watches: WatchStore;
  tx: TxManager;
  contracts: Contracts;
  /** The config's token amounts at the market token's decimals. */
  amounts: TokenAmounts;
  clock: ChainClock;
  store: CachedStore;
  /** Replica outputs. */
  outputs: OutputStore;
  /** Verifier outputs, apart from replica outputs (a node may re-execute a job it did not run as a replica). */
  verifyOutputs: OutputStore;
  /**
   * Runs a bundle in the fuel-metered sandbox and classifies the outcome: `runJob` (exec/run.ts: the SDK's `execute`, a
   * worker thread) in the node; the same executor in a Web Worker in a browser tab.
   */
  runJob: typeof runJob;
  /** Bounds executions in flight (replica, verifier and watcher alike). */
  executions: Semaphore;
  /** This provider's address. */
  me: string;
  /** Set on SIGTERM: no new claims, challenges or executions start. */
  draining: () => boolean;
  /**
   * Whether to draw for and claim new slots and seats now (the host's say: a browser tab pauses while hidden); what
   * is already claimed runs on either way. Always true in the node.
   */
  mayClaim: () => boolean;
  /**
   * The largest stack budget (bundle `limits.stackKiB`) this host's executor runs to its end: STACK_KIB_MAX in the node
   * (its sandbox's 64 MiB stack holds every budget), what a browser tab measured of its Web Worker's stack.
   */
  stackKiB: number;
  /** Hash of block `number` on the RPC's current chain (undefined if it has no such block). */
  blockHash: (number: number) => Promise<string | undefined>;
  /** Our registry record, cached for a couple of seconds (the contracts re-check everything on claim). */
  providerRecord: () => Promise<ReadProviderReturnType>;
  /**
   * Executions owed (replica slots and verifier seats claimed, not yet executed), each by its fuel limit and commit
   * deadline: the local queue a new claim joins (draw/eligibility.ts).
   */
  owed: () => Owed[];
  /**
   * Executions reserved outside the records' states, by key: claims in flight (sent or running first, not yet recorded
   * as claimed) and the watcher's checks. Owed too, so two decisions in one moment never count on the same free time.
   * Each is set in the same tick as the check that allowed it.
   */
  reserved: Map<string, Owed>;
  /** Our jobs due for settlement, sent together in one settleMany (jobs/steps/settle.ts). */
  settles: SettleBatch;
  /** Runs a record's next step soon (after the transaction that changed it). */
  wake: {
    job: (jobId: bigint) => void;
    verification: (key: RoundKey) => void;
    watch: (jobId: bigint) => void;
  };
}

/** What a step asks of the runner next. */
export type StepResult =
  | { kind: "next" } // state changed: run the next step now
  | { kind: "wait"; ms: number } // nothing to do until then (or until an event wakes the record)
  | { kind: "done" }; // terminal

export const next: StepResult = { kind: "next" };
export const done: StepResult = { kind: "done" };
export function wait(ms: number): StepResult {
  return { kind: "wait", ms: Math.max(0, Math.ceil(ms)) };
}

/** Waits until chain time `timestamp` (plus a second), at most `capMs`: events usually wake the record earlier. */
export function waitUntil(ctx: Pick<NodeContext, "clock">, timestamp: number, capMs = 2_000): StepResult {
  return wait(Math.max(250, Math.min(capMs, ctx.clock.msUntil(timestamp + 1))));
}
