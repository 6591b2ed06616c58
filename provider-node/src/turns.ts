/**
 * Turn-taking for calls anyone may make (decideAudit, settle, resolve): every party that could send the call waits its
 * own offset after the call first became possible, re-reads the chain, and sends only if nobody did; usually exactly
 * one transaction goes out. Offsets: verifiers by seat, replicas by slot behind them; local wall clock.
 */
const firstDue = new Map<string, number>();

/** Milliseconds until our turn for `key` (0: now), the clock starting at the first call. */
export function msUntilTurn(key: string, offsetMs: number, nowMs = Date.now()): number {
  const since = firstDue.get(key) ?? nowMs;
  firstDue.set(key, since);
  return Math.max(0, since + offsetMs - nowMs);
}

/** Forgets `key` (the call is no longer due, or it was made). */
export function clearTurn(key: string): void {
  firstDue.delete(key);
}

/** A replica's offset: slot × 1.5 s. */
export const REPLICA_TURN_MS = 1_500;
/** A verifier's offset: seat × 1.5 s; replicas resolve only after every seat had its turn (7 seats). */
export const VERIFIER_TURN_MS = 1_500;
export const AFTER_VERIFIERS_MS = 12_000;
