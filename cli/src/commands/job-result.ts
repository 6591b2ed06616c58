import type { Command } from "commander";
import type { Run } from "../command.js";
import { defaultOutPath, deliveredExit, deliverResult, describeDelivered } from "../job/deliver.js";
import { parseJobId } from "../parse.js";

export function addJobResultCommand(job: Command, run: Run): void {
  job
    .command("result <jobId>")
    .description("download a settled job's output, verify it against the on-chain hash and CID, and write it")
    .option("--out <file>", "where to write the output (default ./job-<id>.out)")
    .action((id: string, o: { out?: string }, command: Command) =>
      run(command, async (ctx) => {
        const jobId = parseJobId(id);
        const { tokenInfo } = await ctx.chain();
        // A job still open has no final result: fetchResult refuses it (exit 8, NOT_SETTLED).
        const delivered = await deliverResult(ctx, jobId, undefined, o.out ?? defaultOutPath(jobId));
        ctx.output.result(delivered, (d) => describeDelivered(d, tokenInfo));
        return deliveredExit(delivered);
      }),
    );
}
