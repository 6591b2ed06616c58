import type { JobRecord } from "../db/jobs.js";
import type { JobContext } from "./context.js";

/**
 * Puts the job's output into the content store so its revealed URI resolves. Best effort: a failure is
 * logged and retried by later steps; the hash on-chain does not depend on the store.
 */
export async function publishOutput(ctx: JobContext, job: JobRecord): Promise<void> {
  if (job.outputStored || job.outputPath === null || job.resultKind === "input-unavailable") return;
  try {
    const bytes = await ctx.outputs.read(job.outputPath);
    await ctx.store.put(bytes, { signal: ctx.common.shutdown.signal });
    ctx.jobs.patch(job.jobId, { outputStored: true });
  } catch (error) {
    ctx.common.logger.warn(
      { jobId: job.jobId.toString(), err: (error as Error).message.slice(0, 200) },
      "storing the output failed; will retry",
    );
  }
}
