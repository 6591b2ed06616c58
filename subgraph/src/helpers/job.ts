import { BigInt, Bytes, log } from "@graphprotocol/graph-ts";
import { Assignment, Job } from "../../generated/schema";

export function jobIdString(jobId: BigInt): string {
  return jobId.toString();
}

export function assignmentId(jobId: string, slot: i32): string {
  return jobId + "-" + slot.toString();
}

/** The job, or null (logged) if its JobPosted was never indexed — only possible with a wrong startBlock. */
export function loadJob(jobId: BigInt, handler: string): Job | null {
  const job = Job.load(jobIdString(jobId));
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
