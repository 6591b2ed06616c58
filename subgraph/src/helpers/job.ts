import { BigInt, Bytes, log } from "@graphprotocol/graph-ts";
import { Assignment, Job } from "../../generated/schema";
import { AUDIT_AUDITED } from "./constants";

export function assignmentId(jobId: string, slot: i32): string {
  return jobId + "-" + slot.toString();
}

/** The job, or null (logged) if its JobPosted was never indexed — only possible with a wrong startBlock. */
export function loadJob(jobId: BigInt, handler: string): Job | null {
  const job = Job.load(jobId.toString());
  if (job == null)
    log.error("{}: job {} is not indexed (startBlock after its JobPosted?)", [handler, jobId.toString()]);
  return job;
}

/** The slot `provider` holds on `job`, by a scan of at most k ≤ 7 slots (events name the provider, not the slot). */
export function findAssignment(job: Job, provider: Bytes, handler: string): Assignment | null {
  for (let slot = 0; slot < job.claimed; slot++) {
    const assignment = Assignment.load(assignmentId(job.id, slot));
    if (assignment != null && assignment.provider.equals(provider)) return assignment;
  }
  log.error("{}: provider {} holds no slot on job {}", [handler, provider.toHexString(), job.id]);
  return null;
}

/**
 * Reveals close when every committed replica revealed and, for an audited job, the auditor too (Jobs.revealsClosed);
 * the challenge window then runs from that moment instead of from revealEndsAt.
 */
export function closeRevealsIfDone(job: Job, auditorRevealed: boolean, timestamp: BigInt): void {
  if (job.revealsClosedAt !== null || job.revealed != job.committed) return;
  if (job.audit == AUDIT_AUDITED && !auditorRevealed) return;
  job.revealsClosedAt = timestamp;
  updateChallengeEnd(job);
}

/** challengeEndsAt = (revealsClosedAt or revealEndsAt) + challengeWindow + executionTime (Jobs.challengeEndsAt). */
export function updateChallengeEnd(job: Job): void {
  const closed = job.revealsClosedAt !== null ? job.revealsClosedAt : job.revealEndsAt;
  if (closed === null || job.executionTime === null || job.challengeWindow === null) return;
  job.challengeEndsAt = (closed as BigInt).plus(job.challengeWindow as BigInt).plus(job.executionTime as BigInt);
}
