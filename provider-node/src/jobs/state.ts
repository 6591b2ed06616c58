/**
 * The per-job replica state machine (k = 1 and k >= 2 alike: every job is commit–reveal). Every state is persisted
 * before the action that leaves it starts, and every step re-reads the chain before acting, so running a step twice
 * (after a crash) never repeats an effect.
 *
 *   seen ─► claimed ─► fetched ─► executed ─► committed ─► revealed ─► settled
 *    │ │       │          │           │           │            └──► verifying ─► settled
 *    │ │       └──────────┴───────────┴───────────┴──────────────────────────────► failed
 *    │ └─► executed (a short job run before its claim, which committed to the answer: jobs/steps/runFirst.ts)
 *    └─► skipped (never claimed: not eligible, cannot finish in time, not drawn, slots taken, deadline, a lost race)
 *
 * `committed` waits for commits to close, takes the audit decision, waits for the auditor (audited jobs) and reveals;
 * an unaudited k = 1 job's answer stays sealed through its challenge window and is revealed and settled in one
 * transaction (committed ─► settled).
 * `revealed` settles once the market allows it; a disagreement, an unanswered audit or a challenge sends the job to
 * the court (`verifying`), which settles it by its verdict. A failed job we hold a slot on is still driven to its
 * settlement (its collateral is released or slashed there).
 */
export const JOB_STATES = [
  "seen",
  "claimed",
  "fetched",
  "executed",
  "committed",
  "revealed",
  "verifying",
  "settled",
  "failed",
  "skipped",
] as const;
export type JobState = (typeof JOB_STATES)[number];

export const TERMINAL_STATES: ReadonlySet<JobState> = new Set(["settled", "failed", "skipped"]);

/** States in which a claimed slot still owes an execution (the local queue: draw/eligibility.ts). */
export const OWED_STATES: ReadonlySet<JobState> = new Set(["claimed", "fetched"]);

const NEXT: Record<JobState, readonly JobState[]> = {
  seen: ["claimed", "executed", "skipped", "failed"],
  claimed: ["fetched", "failed", "settled"],
  fetched: ["executed", "failed", "settled"],
  executed: ["committed", "failed", "settled"],
  committed: ["revealed", "settled", "failed"],
  revealed: ["settled", "verifying", "failed"],
  verifying: ["settled", "failed"],
  settled: [],
  failed: [], // the on-chain settlement of a failed job is still recorded (outcome, slash) without a transition
  skipped: [],
};

/** Whether `from → to` is a legal transition (the repository refuses anything else). */
export function canTransition(from: JobState, to: JobState): boolean {
  return NEXT[from].includes(to);
}

export function isTerminal(state: JobState): boolean {
  return TERMINAL_STATES.has(state);
}
