import type { Command } from "commander";
import { prepareCancelJob } from "../../actions/cancelJob.js";
import { JobStatus } from "../../actions/readJob.js";
import type { Run } from "../command.js";
import { CliError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { formatAmount } from "../format.js";
import { requireJob, STATUS_NAMES } from "../job/lookup.js";
import { parseJobId } from "../parse.js";
import { simulateAndSend } from "../tx.js";
import { withdrawClaimable } from "./withdraw-claimable.js";

export function addJobCancelCommand(job: Command, run: Run): void {
  job
    .command("cancel <jobId>")
    .description("cancel a job nobody has claimed yet and withdraw its escrow")
    .option("--no-withdraw", "leave the refund claimable in the market instead of withdrawing it")
    .action((id: string, o: { withdraw: boolean }, command: Command) =>
      run(command, async (ctx) => {
        const jobId = parseJobId(id);
        const chain = await ctx.chain();
        const { wallet } = await ctx.writable();
        const job = await requireJob(chain, jobId);
        // The contract would refuse these too; checking first explains them without a failed transaction.
        if (job.requester !== wallet.address) {
          throw new CliError(
            ExitCode.NotAllowedNow,
            "NOT_REQUESTER",
            `Only the requester of job ${jobId} (${job.requester}) can cancel it; you are ${wallet.address}.`,
            {
              hint: "Use the key that posted the job (--keystore or HASHWORK_PRIVATE_KEY).",
            },
          );
        }
        if (job.status !== JobStatus.Open) {
          throw new CliError(
            ExitCode.NotAllowedNow,
            "JOB_NOT_OPEN",
            `Job ${jobId} is ${STATUS_NAMES[job.status]}; only open jobs can be cancelled.`,
            {
              hint: `See it with \`hashwork job status ${jobId}\`.`,
            },
          );
        }
        if (job.claimed > 0) {
          throw new CliError(
            ExitCode.NotAllowedNow,
            "ALREADY_CLAIMED",
            `Job ${jobId} has already been claimed by a provider, so it can no longer be cancelled.`,
            {
              hint: `Wait for the result with \`hashwork job wait ${jobId}\`; if it times out, \`hashwork job refund ${jobId}\` returns your escrow.`,
            },
          );
        }
        const amount = (x: bigint) => formatAmount(x, chain.tokenInfo);
        const cancelled = await simulateAndSend(wallet, prepareCancelJob(chain.market, { jobId }), ctx.output, amount);
        const refund = job.maxPrice * BigInt(job.replicas);
        const withdrawn = o.withdraw
          ? await withdrawClaimable(wallet, chain, ctx.output)
          : { amount: 0n, tx: undefined };
        const result = {
          jobId,
          status: "cancelled",
          tx: cancelled.hash,
          refund,
          withdrawn: withdrawn.amount,
          withdrawTx: withdrawn.tx,
        };
        ctx.output.result(result, (r) =>
          [
            `Job ${jobId} cancelled (tx ${r.tx}); ${amount(r.refund)} escrow returned.`,
            r.withdrawTx
              ? `Withdrew ${amount(r.withdrawn)} to ${wallet.address} (tx ${r.withdrawTx}).`
              : `The refund is claimable in the market; withdraw it with \`hashwork job refund ${jobId}\`.`,
          ].join("\n"),
        );
      }),
    );
}
