import type { Command } from "commander";
import { JobStatus } from "../../actions/enums.js";
import type { Run } from "../command.js";
import { CliError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { defaultOutPath, deliveredExit, deliverResult, describeDelivered } from "../job/deliver.js";
import { jobEvents } from "../job/events.js";
import { requireJob } from "../job/lookup.js";
import { parseJobId } from "../parse.js";

export function addJobResultCommand(job: Command, run: Run): void {
  job
    .command("result <jobId>")
    .description("download a settled job's output, verify it against the on-chain hash and CID, and write it")
    .option("--out <file>", "where to write the output (default ./job-<id>.out)")
    .action((id: string, o: { out?: string }, command: Command) =>
      run(command, async (ctx) => {
        const jobId = parseJobId(id);
        const chain = await ctx.chain();
        const job = await requireJob(chain, jobId);
        if (job.status === JobStatus.Open) {
          throw new CliError(
            ExitCode.NotAllowedNow,
            "NOT_SETTLED",
            `Job ${jobId} is still open; its result is final only once it is settled.`,
            {
              hint: `Wait for it with \`hashwork job wait ${jobId}\` (it settles the job when it can).`,
            },
          );
        }
        const head = await chain.provider.getBlockNumber();
        const events = await jobEvents(chain.provider, chain, jobId, Number(job.postedBlock), head);
        const delivered = await deliverResult(ctx, jobId, events, o.out ?? defaultOutPath(jobId), chain.tokenInfo);
        ctx.output.result(delivered, (d) => describeDelivered(d, chain.tokenInfo));
        return deliveredExit(delivered);
      }),
    );
}
