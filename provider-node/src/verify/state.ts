/**
 * The verifier state machine, one per (job, round) this node may be drawn for: the audit (round 0, announced by the
 * market's `AuditDecided(audited = true)`) and each panel round (`RoundOpened`, rounds 1..). Like jobs: every state is
 * persisted before the action that leaves it starts, and every step re-reads the court first.
 *
 *   seen ─► claimed ─► executed ─► committed ─► revealed ─► resolved
 *    │         └──────────┴────────────┴────────────┴──────► failed (we hold a seat and missed a deadline)
 *    └─► skipped (a party of the job, not eligible, cannot finish in time, not drawn, seats taken)
 *
 * `resolved`: our round is over (a panel round closed, or the job's verification became final for the audit). Pay,
 * slashes and whether our answer was upheld come from the court's events, recorded in any state.
 */
export const VERIFY_STATES = [
  "seen",
  "claimed",
  "executed",
  "committed",
  "revealed",
  "resolved",
  "failed",
  "skipped",
] as const;
export type VerifyState = (typeof VERIFY_STATES)[number];

/** States in which we hold a seat and still owe an execution (they count against local capacity). */
export const VERIFY_WORKING_STATES: ReadonlySet<VerifyState> = new Set(["claimed"]);

const NEXT: Record<VerifyState, readonly VerifyState[]> = {
  seen: ["claimed", "skipped", "failed", "resolved"],
  claimed: ["executed", "failed", "resolved"],
  executed: ["committed", "failed", "resolved"],
  committed: ["revealed", "failed", "resolved"],
  revealed: ["resolved", "failed"],
  resolved: [],
  failed: [],
  skipped: [],
};

export function canVerifyTransition(from: VerifyState, to: VerifyState): boolean {
  return NEXT[from].includes(to);
}

export function isVerifyTerminal(state: VerifyState): boolean {
  return NEXT[state].length === 0;
}
