import type { JobState } from "../jobs/state.js";
import type { VerifyState } from "../verify/state.js";
import type { WatchState } from "../watch/state.js";

export interface HealthInputs {
  serviceState: ServiceState;
  head: number;
  cursor: number;
  confirmations: number;
  lastPollOkMs: number;
  pollIntervalMs: number;
  pendingTxs: number;
  oldestPendingTxMs: number | undefined;
  replaceAfterMs: number;
  rpcEndpoint: number;
  jobs: Record<string, number>;
  verifications?: Record<string, number>;
  watches?: Record<string, number>;
  nowMs: number;
}

export type ServiceState = "starting" | "syncing" | "following" | "stopping" | "stopped";

export interface Health {
  ok: boolean;
  problems: string[];
  state: ServiceState;
  head: number;
  cursor: number;
  lagBlocks: number;
  lastPollAgeMs: number | null;
  pendingTxs: number;
  rpcEndpoint: number;
  jobs: Partial<Record<JobState, number>>;
  verifications: Partial<Record<VerifyState, number>>;
  watches: Partial<Record<WatchState, number>>;
}

const MAX_LAG_BLOCKS = 64; // beyond confirmations

/** /healthz from domain state: the watcher keeps up with the head, polls succeed, transactions get mined. */
export function health(i: HealthInputs): Health {
  const problems: string[] = [];
  const lag = Math.max(0, i.head - i.cursor);
  const pollAge = i.lastPollOkMs === 0 ? null : i.nowMs - i.lastPollOkMs;
  if (i.serviceState !== "following" && i.serviceState !== "syncing") problems.push(`service is ${i.serviceState}`);
  if (pollAge === null) problems.push("no successful chain poll yet");
  else if (pollAge > Math.max(5_000, i.pollIntervalMs * 10))
    problems.push(`last successful chain poll ${Math.round(pollAge / 1000)} s ago`);
  if (lag > i.confirmations + MAX_LAG_BLOCKS) problems.push(`cursor is ${lag} blocks behind the head`);
  if (i.oldestPendingTxMs !== undefined && i.nowMs - i.oldestPendingTxMs > i.replaceAfterMs * 10) {
    problems.push(`a transaction has been pending for ${Math.round((i.nowMs - i.oldestPendingTxMs) / 1000)} s`);
  }
  return {
    ok: problems.length === 0,
    problems,
    state: i.serviceState,
    head: i.head,
    cursor: i.cursor,
    lagBlocks: lag,
    lastPollAgeMs: pollAge,
    pendingTxs: i.pendingTxs,
    rpcEndpoint: i.rpcEndpoint,
    jobs: i.jobs,
    verifications: i.verifications ?? {},
    watches: i.watches ?? {},
  };
}
