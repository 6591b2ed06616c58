import type { ChainClock } from "../chain/clock.js";
import type { Contracts } from "../chain/contracts.js";
import type { Common } from "../common.js";
import type { CachedStore } from "../content/cached-store.js";
import type { OutputFiles } from "../content/outputs.js";
import type { Database } from "../db/database.js";
import type { JobRecord, JobStore } from "../db/jobs.js";
import type { ReadProviderReturnType } from "../sdk.js";
import type { TxManager } from "../tx/manager.js";
import type { Semaphore } from "../util/semaphore.js";
import type { JobState } from "./state.js";

/** Everything a step needs. One per node; steps are plain functions of (context, job). */
export interface JobContext {
  common: Common;
  db: Database;
  jobs: JobStore;
  tx: TxManager;
  contracts: Contracts;
  clock: ChainClock;
  store: CachedStore;
  outputs: OutputFiles;
  executions: Semaphore;
  /** This provider's address. */
  me: string;
  /** Set on SIGTERM: no new claims or executions start. */
  draining: () => boolean;
  /** Hash of block `number` on the RPC's current chain (undefined if it has no such block). */
  blockHash: (number: number) => Promise<string | undefined>;
  /** Our registry record, cached for a couple of seconds (the contract re-checks everything on claim). */
  providerRecord: () => Promise<ReadProviderReturnType>;
  /** Cached `parameters().wideningPeriod` of the market, seconds. */
  wideningPeriod: () => Promise<bigint>;
  /** Assignments that still owe an execution (jobs and verifier slots): the local capacity in use. */
  working: () => number;
}

/** What a step asks of the runner next. */
export type StepResult =
  | { kind: "next" } // state changed: run the next step now
  | { kind: "wait"; ms: number } // nothing to do until then (or until an event wakes the job)
  | { kind: "done" }; // terminal

export const next: StepResult = { kind: "next" };
export const done: StepResult = { kind: "done" };
export function wait(ms: number): StepResult {
  return { kind: "wait", ms: Math.max(0, Math.ceil(ms)) };
}

/** Moves the job and logs the transition; false if another path already moved it. */
export function move(
  ctx: JobContext,
  job: JobRecord,
  to: JobState,
  patch: Parameters<JobStore["transition"]>[3] = {},
): boolean {
  const moved = ctx.jobs.transition(job.jobId, job.state, to, patch);
  if (moved) {
    ctx.common.metrics.transitions.inc({ to });
    const reason = patch.reason ?? undefined;
    const log = { jobId: job.jobId.toString(), from: job.state, to, ...(reason ? { reason } : {}) };
    if (to === "failed") ctx.common.logger.warn(log, "job failed");
    else ctx.common.logger.info(log, "job state changed");
  }
  return moved;
}
