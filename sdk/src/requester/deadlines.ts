import { DeadlinesTooShortError } from "../errors/index.js";

/** The market's shortest claim or commit phase (JobMarket.MIN_PHASE), seconds. */
export const MIN_PHASE = 30;
/** Time allowed for the posting transaction to be mined before the first deadline starts counting. */
export const INCLUSION_SLACK = 15; // seconds

/** When a job's claims and then its commits close, unix seconds. */
export interface JobDeadlines {
  claimDeadline: number;
  commitDeadline: number;
}

/**
 * Splits `timeout` (seconds from `now` to the commit deadline) into a claim phase and a commit phase. The market
 * wants each at least MIN_PHASE long and the commit deadline at least MIN_PHASE plus the job's execution time (at the
 * protocol's reference speed) after posting; a timeout too short for that throws `DeadlinesTooShortError` here rather
 * than a revert on-chain. The reveal, audit and challenge windows come after and are set by the protocol.
 */
export function jobDeadlines(now: number, timeout: number, executionTime = 0): JobDeadlines {
  const phase = Math.floor((timeout - INCLUSION_SLACK) / 2);
  const needed = Math.max(2 * MIN_PHASE, MIN_PHASE + executionTime) + 2 * INCLUSION_SLACK;
  if (phase < MIN_PHASE || timeout < needed) throw new DeadlinesTooShortError(timeout, needed, executionTime);
  const start = now + INCLUSION_SLACK;
  const claimDeadline = start + phase;
  return { claimDeadline, commitDeadline: claimDeadline + phase };
}
