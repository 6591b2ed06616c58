import { usageError } from "../errors.js";
import { formatDuration } from "../format.js";

/** The market's shortest claim or commit phase (JobMarket.MIN_PHASE), seconds. */
export const MIN_PHASE = 30;
/** Time allowed for the posting transaction to be mined before the first deadline starts counting. */
export const INCLUSION_SLACK = 15; // seconds

export interface Deadlines {
  claimDeadline: number;
  commitDeadline: number;
}

/**
 * Splits `timeout` (seconds from `now` to the commit deadline) into a claim phase and a commit phase. The market
 * wants each at least MIN_PHASE long and the commit deadline at least MIN_PHASE plus the job's execution time (at the
 * protocol's reference speed) after posting; a timeout too short for that is a usage error here rather than a revert
 * on-chain. The reveal, audit and challenge windows come after and are set by the protocol.
 */
export function computeDeadlines(now: number, timeout: number, executionTime = 0): Deadlines {
  const phase = Math.floor((timeout - INCLUSION_SLACK) / 2);
  const needed = Math.max(2 * MIN_PHASE, MIN_PHASE + executionTime) + 2 * INCLUSION_SLACK;
  if (phase < MIN_PHASE || timeout < needed) {
    throw usageError(
      `--timeout ${formatDuration(timeout)} is too short: claims need at least ${MIN_PHASE}s, and commits ${MIN_PHASE}s more${executionTime ? ` plus the job's execution time (${executionTime}s at the reference speed)` : ""}.`,
      `Use --timeout ${needed}s or more.`,
    );
  }
  const start = now + INCLUSION_SLACK;
  const claimDeadline = start + phase;
  return { claimDeadline, commitDeadline: claimDeadline + phase };
}
