import { readJob, JobStatus, type ReadJobReturnType } from "../../actions/readJob.js";
import type { Chain } from "../context.js";
import { CliError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";

/** Reads a job, failing with exit 3 and a next step when no job has that id. */
export async function requireJob(chain: Chain, jobId: bigint): Promise<ReadJobReturnType> {
  const job = await readJob(chain.market, { jobId });
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
  return job;
}

export const STATUS_NAMES: Record<JobStatus, string> = {
  [JobStatus.None]: "none",
  [JobStatus.Open]: "open",
  [JobStatus.Completed]: "completed",
  [JobStatus.Refunded]: "refunded",
  [JobStatus.Cancelled]: "cancelled",
  [JobStatus.Disputed]: "disputed",
};

/** The job's last deadline (reveal for k ≥ 2, submit for k = 1), unix seconds. */
export const lastDeadline = (job: ReadJobReturnType) => (job.replicas === 1 ? job.commitDeadline : job.revealDeadline);
