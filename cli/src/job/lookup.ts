import { AuditState, JobStatus, type ReadJobReturnType } from "@hashwork/sdk/actions";

export const STATUS_NAMES: Record<JobStatus, string> = {
  [JobStatus.None]: "none",
  [JobStatus.Open]: "open",
  [JobStatus.Completed]: "completed",
  [JobStatus.Refunded]: "refunded",
  [JobStatus.Cancelled]: "cancelled",
  [JobStatus.Verifying]: "verifying",
  [JobStatus.Archived]: "archived",
};

export const AUDIT_NAMES: Record<AuditState, string> = {
  [AuditState.Undecided]: "undecided",
  [AuditState.NotAudited]: "not audited",
  [AuditState.Audited]: "audited",
};

/**
 * The job's last known deadline, unix seconds: the end of its challenge window once the audit decision fixed the
 * timeline, else the commit deadline (the reveal and challenge windows follow it by protocol-set periods).
 */
export const lastDeadline = (job: ReadJobReturnType) => job.timeline.challengeEndsAt || job.commitDeadline;
