import type { Command } from "commander";
import { JobStatus, prepareSettle, type ReadJobReturnType } from "@hashwork/sdk/actions";
import type { Run } from "../command.js";
import { CliError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { formatAmount, formatTime } from "../format.js";
import { jobEvents, readExistingJob } from "@hashwork/sdk/requester";
import { parseJobId } from "../parse.js";
import { simulateAndSend } from "../tx.js";
import { withdrawClaimable } from "./withdraw-claimable.js";

export function addJobRefundCommand(job: Command, run: Run): void {
  job
    .command("refund <jobId>")
    .description("settle a job whose deadlines passed (anyone can) and withdraw your claimable refund")
    .option("--no-withdraw", "leave the refund in your balance in the market, where it pays your next jobs")
    .action((id: string, o: { withdraw: boolean }, command: Command) =>
      run(command, async (ctx) => {
        const jobId = parseJobId(id);
        const chain = await ctx.chain();
        const { wallet } = await ctx.writable();
        const job = await readExistingJob(chain, jobId);
        const amount = (x: bigint) => formatAmount(x, chain.tokenInfo);

        if (job.status === JobStatus.Verifying) {
          throw new CliError(
            ExitCode.NotAllowedNow,
            "VERIFYING",
            `Job ${jobId} is before the court's panel: only the court's resolve settles it, once its verifiers have ruled.`,
            { hint: `Follow it with \`hashwork job wait ${jobId}\` (it resolves the panel when it can).` },
          );
        }
        let settleTx: string | undefined;
        if (job.status === JobStatus.Open) {
          if (!(await chain.market.isSettleable(jobId))) {
            const when = settleableFrom(job);
            throw new CliError(
              ExitCode.NotAllowedNow,
              "NOT_SETTLEABLE",
              `Job ${jobId} is still running: it can be settled ${when ? `after ${formatTime(when)}` : "once its results are in"}.`,
              {
                hint: `Follow it with \`hashwork job wait ${jobId}\`, or cancel it if nobody claimed it yet.`,
                data: when ? { settleableAfter: when } : undefined,
              },
            );
          }
          settleTx = (
            await simulateAndSend(wallet, prepareSettle(chain.market.connect(wallet), { jobId }), ctx.output, amount)
          ).hash;
        }
        const head = await chain.provider.getBlockNumber();
        const events = await jobEvents(chain.provider, chain, jobId, Number(job.postedBlock), head);
        const final = events.find((e) => e.type === "settled" || e.type === "cancelled");
        const outcome = final?.type === "settled" ? final.outcome : "cancelled";
        const credited =
          final?.type === "settled"
            ? final.refund + final.compensation
            : final?.type === "cancelled"
              ? final.refund
              : 0n;

        // Refunds are credited to the requester; anyone else who settles only pays the gas.
        const isRequester = job.requester === wallet.address;
        // Withdrawing takes the whole balance in the market, deposits included (the contract pays out all of it).
        const withdrawn =
          isRequester && o.withdraw
            ? await withdrawClaimable(wallet, chain, ctx.output)
            : { amount: 0n, court: 0n, tx: undefined, courtTx: undefined };
        const kept = isRequester && !o.withdraw ? await chain.market.claimable(wallet.address) : undefined;
        if (!settleTx && withdrawn.amount === 0n && kept === undefined) {
          throw new CliError(
            ExitCode.InsufficientFunds,
            "NOTHING_TO_REFUND",
            `Job ${jobId} is already ${outcome === "cancelled" ? "cancelled" : `settled (${outcome})`} and ${wallet.address} has nothing claimable.`,
            {
              hint: "The refund was probably withdrawn already; check your token balance.",
            },
          );
        }
        const result = {
          jobId,
          outcome,
          settleTx,
          credited,
          withdrawn: withdrawn.amount,
          withdrawTx: withdrawn.tx,
          court: withdrawn.court,
          courtTx: withdrawn.courtTx,
          ...(kept !== undefined ? { balance: kept } : {}),
        };
        ctx.output.result(result, (r) =>
          [
            settleTx
              ? `Job ${jobId} settled (tx ${settleTx}): ${outcome}.`
              : `Job ${jobId} was already ${outcome === "cancelled" ? "cancelled" : `settled: ${outcome}`}.`,
            `Credited to the requester by this job: ${amount(r.credited)}.`,
            kept !== undefined
              ? `Your balance in the market: ${amount(kept)} (it pays your next jobs; \`job refund\` without --no-withdraw takes it out).`
              : r.withdrawTx
                ? `Withdrew ${amount(r.withdrawn)} to ${wallet.address} (tx ${r.withdrawTx}${r.courtTx && r.courtTx !== r.withdrawTx ? `; verification court ${amount(r.court)}, tx ${r.courtTx}` : ""}).`
                : isRequester
                  ? "Nothing claimable to withdraw."
                  : `The refund is claimable by the requester ${job.requester}.`,
          ].join("\n"),
        );
      }),
    );
}

/**
 * When an open job becomes settleable by its deadlines, unix seconds (undefined: once its commits close and the
 * audit is decided, which fixes the reveal and challenge windows).
 */
function settleableFrom(job: ReadJobReturnType): number | undefined {
  if (job.claimed === 0) return job.claimDeadline;
  if (job.timeline.challengeEndsAt) return job.timeline.challengeEndsAt;
  return job.timeline.revealEndsAt || undefined;
}
