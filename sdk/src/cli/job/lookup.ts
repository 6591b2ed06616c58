import { AuditState, JobStatus } from "../../actions/enums.js";
import { readJob, type ReadJobReturnType } from "../../actions/readJob.js";
import type { Chain } from "../context.js";
import { CliError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";

/** Reads a job (with its verification in the court), failing with exit 3 and a next step when no job has that id. */
export async function requireJob(chain: Chain, jobId: bigint): Promise<ReadJobReturnType> {
  const job = await readJob(chain.market, { jobId, court: chain.court });
  if (job.status === JobStatus.None) {
    const count = await chain.market.jobCount();
    throw new CliError(
      ExitCode.NotFound,
      "JOB_NOT_FOUND",
      `Job ${jobId} not found: this market has ${count} job${count === 1n ? "" : "s"}.`,
      {
        hint: "List your jobs with `hashwork job list`; check --network/--rpc if you expected it elsewhere.",
      },
    );
  }
  if (job.status === JobStatus.Archived) {
    throw new CliError(
      ExitCode.NotFound,
      "JOB_ARCHIVED",
      `Job ${jobId} is finished and the market has recycled its record; its history is in its events.`,
      {
        hint: "Its JobPosted and JobSettled events hold its terms and outcome; the subgraph and the dashboard show it.",
      },
    );
  }
  return job;
}

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
