/**
 * The watcher's state machine, one per sampled job (config `watcher`). The node runs the job itself without holding
 * a slot, and once reveals close with an agreed payable result compares that result with its own answer: a different
 * answer is challenged with a bond within the challenge window, and the challenge followed to the court's verdict.
 *
 *   seen ─► executed ─► matched (our answer is the agreed one: nothing to do)
 *    │          └──────► challenged ─► settled (the court's verdict: won, lost or undecided)
 *    └─► skipped (a party of the job, never committed, no agreed payable result, the court verifies it anyway,
 *                 the bond budget is spent, the challenge window closed) ; failed (an execution or a send failed)
 */
export const WATCH_STATES = ["seen", "executed", "matched", "challenged", "settled", "failed", "skipped"] as const;
export type WatchState = (typeof WATCH_STATES)[number];

const NEXT: Record<WatchState, readonly WatchState[]> = {
  seen: ["executed", "skipped", "failed"],
  executed: ["matched", "challenged", "skipped", "failed"],
  challenged: ["settled", "failed"],
  matched: [],
  settled: [],
  failed: [],
  skipped: [],
};

export function canWatchTransition(from: WatchState, to: WatchState): boolean {
  return NEXT[from].includes(to);
}

export function isWatchTerminal(state: WatchState): boolean {
  return NEXT[state].length === 0;
}
