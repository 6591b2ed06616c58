import { JobStatus } from "../actions/enums.js";
import { readJob, type ReadJobReturnType } from "../actions/readJob.js";
import { JobNotFoundError } from "../errors/index.js";
import type { MarketClient } from "./client.js";

/**
 * Reads a job with its verification in the court, throwing `JobNotFoundError` when the market has no job with that
 * id or has recycled its record (`archived`).
 */
export async function readExistingJob(
  client: Pick<MarketClient, "market" | "court">,
  jobId: bigint,
): Promise<ReadJobReturnType> {
  const job = await readJob(client.market, { jobId, court: client.court });
  if (job.status === JobStatus.None || job.status === JobStatus.Archived)
    throw new JobNotFoundError(jobId, {
      archived: job.status === JobStatus.Archived,
      jobCount: await client.market.jobCount(),
    });
  return job;
}
