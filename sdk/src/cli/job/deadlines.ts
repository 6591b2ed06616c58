import { usageError } from "../errors.js";
import { formatDuration } from "../format.js";

/** The market's shortest phase (JobMarket.MIN_PHASE), seconds. */
export const MIN_PHASE = 30;
/** Time allowed for the posting transaction to be mined before the first deadline starts counting. */
export const INCLUSION_SLACK = 15; // seconds

export interface Deadlines {
  claimDeadline: number;
  commitDeadline: number;
  /** 0 for k = 1 (no reveal phase). */
  revealDeadline: number;
}

/**
 * Splits `timeout` (seconds from `now` to the job's last deadline) into equal phases: claim + submit for
 * k = 1, claim + commit + reveal for k ≥ 2. Each phase must be at least MIN_PHASE long, so a timeout too
 * short for the replica count is a usage error here rather than a revert on-chain.
 */
export function computeDeadlines(now: number, timeout: number, replicas: number): Deadlines {
  const phases = replicas === 1 ? 2 : 3;
  const phase = Math.floor((timeout - INCLUSION_SLACK) / phases);
  if (phase < MIN_PHASE) {
    const needed = phases * MIN_PHASE + INCLUSION_SLACK;
    throw usageError(
      `--timeout ${formatDuration(timeout)} is too short for ${replicas} replica${replicas === 1 ? "" : "s"}: each of the ${phases} phases needs at least ${MIN_PHASE}s.`,
      `Use --timeout ${needed}s or more.`,
    );
  }
  const start = now + INCLUSION_SLACK;
  const claimDeadline = start + phase;
  const commitDeadline = claimDeadline + phase;
  return { claimDeadline, commitDeadline, revealDeadline: replicas === 1 ? 0 : commitDeadline + phase };
}
