/**
 * The per-dispute verifier state machine (when the court may draw this node as a verifier). Like jobs: every
 * state is persisted before the action that leaves it starts, and every step re-reads the court first, so a
 * repeated step never repeats an effect.
 *
 *   seen ─► claimed ─► executed ─► committed ─► revealed ─► resolved
 *    │         └──────────┴────────────┴────────────┴──────► failed (we hold a slot and missed a deadline)
 *    └─► skipped (not eligible, not drawn before the draw deadline, slots taken)
 *
 * `resolved` is reached whoever calls `resolve`; the verdict and our payment or slash come from the court's
 * events and are recorded in any state.
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

/** States in which we hold a verifier slot and still owe an execution (they count against local capacity). */
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
