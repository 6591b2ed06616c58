import type { Command } from "commander";
import type { Log } from "ethers";
import { JobStatus, prepareCancelJob } from "@hashwork/sdk/actions";
import type { Run } from "../command.js";
import type { Chain } from "../context.js";
import { CliError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { formatAmount } from "../format.js";
import { STATUS_NAMES } from "../job/lookup.js";
import { readExistingJob } from "@hashwork/sdk/requester";
import { parseJobId } from "../parse.js";
import { simulateAndSend } from "../tx.js";
import { withdrawClaimable } from "./withdraw-claimable.js";

export function addJobCancelCommand(job: Command, run: Run): void {
  job
    .command("cancel <jobId>")
    .description("cancel a job before its lottery seed exists (its posting block and the next) and withdraw its escrow")
    .option("--no-withdraw", "leave the refund claimable in the market instead of withdrawing it")
    .action((id: string, o: { withdraw: boolean }, command: Command) =>
      run(command, async (ctx) => {
        const jobId = parseJobId(id);
        const chain = await ctx.chain();
        const { wallet } = await ctx.writable();
        const job = await readExistingJob(chain, jobId);
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
        // The seed of the posting block exists from the next block on: a cancel must be mined in it at the latest.
        const head = await chain.provider.getBlockNumber();
        if (BigInt(head) > job.postedBlock) {
          throw new CliError(
            ExitCode.NotAllowedNow,
            "SEED_KNOWN",
            `Job ${jobId} can no longer be cancelled: its lottery seed exists (posted in block ${job.postedBlock}, now ${head}).`,
            {
              hint: `It runs to its claim deadline; if nobody claims it, \`hashwork job refund ${jobId}\` returns the whole escrow.`,
            },
          );
        }
        const amount = (x: bigint) => formatAmount(x, chain.tokenInfo);
        const cancelled = await simulateAndSend(wallet, prepareCancelJob(chain.market, { jobId }), ctx.output, amount);
        const refund = cancelledRefund(chain, cancelled.receipt.logs) ?? 0n;
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

/** The refund of the receipt's JobCancelled log (the whole escrow). */
function cancelledRefund(chain: Chain, logs: readonly Log[]): bigint | undefined {
  for (const log of logs) {
    if (log.address.toLowerCase() !== chain.addresses.market.toLowerCase()) continue;
    const parsed = chain.market.interface.parseLog(log);
    if (parsed?.name === "JobCancelled") return parsed.args.refund as bigint;
  }
  return undefined;
}
