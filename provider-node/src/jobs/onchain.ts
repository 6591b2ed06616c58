import type { ReadJobReturnType } from "../sdk.js";

/** Our slot on the job, or -1. */
export function slotOf(job: ReadJobReturnType, me: string): number {
  return job.assignments.findIndex((a) => a.provider.toLowerCase() === me.toLowerCase());
}

/** Whether the slot has committed (k >= 2) or submitted (k = 1). */
export function hasCommitted(job: ReadJobReturnType, slot: number): boolean {
  return (job.committedMask & (1 << slot)) !== 0;
}

export function hasRevealed(job: ReadJobReturnType, slot: number): boolean {
  return (job.revealedMask & (1 << slot)) !== 0;
}

/** Mirror of JobMarket._commitsClosed: reveals are open from this moment on. */
export function commitsClosed(job: ReadJobReturnType, nowSec: number): boolean {
  if (nowSec > job.commitDeadline) return true;
  const claimsClosed = job.claimed === job.replicas || nowSec > job.claimDeadline;
  return claimsClosed && job.committedMask === (1 << job.claimed) - 1;
}
