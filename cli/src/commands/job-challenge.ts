import type { Command } from "commander";
import {
  AuditState,
  challengeBond,
  jobAgreement,
  jobRevealsClosed,
  JobStatus,
  prepareChallenge,
  slotOf,
} from "@hashwork/sdk/actions";
import { isRealResult } from "@hashwork/sdk";
import type { Run } from "../command.js";
import type { Chain, Context } from "../context.js";
import { CliError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { approveExactly, requireGas, requireTokens } from "../funds.js";
import { formatAmount, formatTime } from "../format.js";
import { followJob } from "../job/follow.js";
import { STATUS_NAMES } from "../job/lookup.js";
import { readExistingJob } from "@hashwork/sdk/requester";
import { ProgressView } from "../job/progress.js";
import { parseDuration, parseJobId } from "../parse.js";
import { simulateAndSend } from "../tx.js";

export function addJobChallengeCommand(job: Command, run: Run): void {
  job
    .command("challenge <jobId>")
    .description(
      "challenge a job's agreed result in its challenge window: posts the court's bond; a verifier panel re-runs the job",
    )
    .option("--wait", "follow the job through the panel to settlement, resolving it if nobody does")
    .option("--wait-timeout <duration>", "give up waiting after this long (exit 7)")
    .action((id: string, o: { wait?: boolean; waitTimeout?: string }, command: Command) =>
      run(command, async (ctx) => {
        const jobId = parseJobId(id);
        const waitTimeoutSec = o.waitTimeout ? parseDuration(o.waitTimeout, "--wait-timeout") : undefined;
        const chain = await ctx.chain();
        const opened = await openChallenge(ctx, chain, jobId);
        if (!o.wait) {
          ctx.output.result(opened, (r) => describeOpened(r, chain));
          return;
        }
        ctx.output.note(describeOpened(opened, chain));
        return followChallenge(ctx, chain, jobId, opened, waitTimeoutSec);
      }),
    );
}

/** Checks what the market and the court will check, approves exactly the bond, simulates, challenges. */
export async function openChallenge(ctx: Context, chain: Chain, jobId: bigint) {
  const { wallet, token } = await ctx.writable();
  const job = await readExistingJob(chain, jobId);
  const notNow = (code: string, message: string, hint?: string) =>
    new CliError(ExitCode.NotAllowedNow, code, message, { hint });
  if (job.status === JobStatus.Verifying)
    throw notNow(
      "ALREADY_VERIFYING",
      `Job ${jobId} is already before the court's panel.`,
      `Follow it with \`hashwork job wait ${jobId}\`.`,
    );
  if (job.status !== JobStatus.Open)
    throw notNow(
      "JOB_NOT_OPEN",
      `Job ${jobId} is ${STATUS_NAMES[job.status]}: there is nothing left to challenge.`,
      `See it with \`hashwork job status ${jobId}\`.`,
    );
  const now = (await chain.provider.getBlock("latest"))?.timestamp ?? Math.floor(Date.now() / 1000);
  if (job.replicas === 1 && job.audit === AuditState.Undecided && job.committedMask !== 0)
    throw notNow(
      "ANSWER_SEALED",
      `Job ${jobId}'s answer is sealed: its replica reveals and settles it after ${formatTime(job.timeline.challengeEndsAt)}.`,
      `To check it first, \`hashwork job wait ${jobId} --verify\` takes the audit decision (the replica must then reveal), re-runs the job and challenges a wrong result.`,
    );
  if (!jobRevealsClosed(job, now))
    throw notNow(
      "REVEALS_NOT_CLOSED",
      `Job ${jobId} has no agreed result yet: its reveals are not closed.`,
      `Follow it with \`hashwork job wait ${jobId}\`; the challenge window opens when the reveals close.`,
    );
  const { majority, disagree } = jobAgreement(job);
  if (disagree || !isRealResult(majority))
    throw notNow(
      "NOT_CHALLENGEABLE",
      `Job ${jobId} has no agreed payable result to challenge${disagree ? ": its results disagree, so the court's panel decides anyway" : ""}.`,
      `See it with \`hashwork job status ${jobId}\`.`,
    );
  if (now > job.timeline.challengeEndsAt)
    throw notNow(
      "CHALLENGE_WINDOW_CLOSED",
      `The challenge window of job ${jobId} closed at ${formatTime(job.timeline.challengeEndsAt)}: its result is final.`,
      `Anyone can settle it now: \`hashwork job wait ${jobId}\`.`,
    );
  if (slotOf(job, wallet.address) >= 0)
    throw notNow(
      "CANNOT_CHALLENGE",
      `You hold a replica slot of job ${jobId}: a replica cannot challenge the result it delivered.`,
      "Challenge from another account (--keystore or HASHWORK_PRIVATE_KEY).",
    );

  const fmt = (x: bigint) => formatAmount(x, chain.tokenInfo);
  const bond = await challengeBond(chain.court, { budget: job.budget });
  await requireGas(wallet);
  await requireTokens(token, chain.tokenInfo, wallet.address, bond, "The challenge bond");
  // The court has no permit entry point: approve exactly the bond (nothing if the allowance covers it).
  const approveTx = await approveExactly(wallet, token, chain.tokenInfo, chain.addresses.court, bond, ctx.output);
  const sent = await simulateAndSend(wallet, prepareChallenge(chain.court.connect(wallet), { jobId }), ctx.output, fmt);
  return {
    jobId,
    challenger: wallet.address,
    agreed: majority,
    bond,
    challengeTx: sent.hash,
    block: sent.block,
    ...(approveTx ? { approveTx } : {}),
  };
}

type Opened = Awaited<ReturnType<typeof openChallenge>>;

export function describeOpened(r: Opened, chain: Chain): string {
  return [
    `Challenged job ${r.jobId} (tx ${r.challengeTx}); bond ${formatAmount(r.bond, chain.tokenInfo)} held by the court.`,
    "A panel of verifiers re-runs the job. A different verdict wins the bond back plus a reward (and refunds the requester);",
    "a confirming verdict forfeits the bond; no verdict returns it.",
    `Follow it with \`hashwork job wait ${r.jobId}\`.`,
  ].join("\n");
}

/**
 * Follows the job through the panel to settlement and reports the outcome, the challenge's result and balances
 * (`extra` is merged into the JSON result).
 */
export async function followChallenge(
  ctx: Context,
  chain: Chain,
  jobId: bigint,
  opened: Opened,
  waitTimeoutSec?: number,
  extra: Record<string, unknown> = {},
) {
  const job = await readExistingJob(chain, jobId);
  const params = await chain.court.parameters();
  const execution = Number(await chain.market.executionTime(job.maxFuel));
  // Every round: draw, commit (with the execution time) and reveal.
  const perRound = Number(params.drawPeriod) + execution + Number(params.revealPeriod);
  const defaultWait = Number(params.maxRounds) * perRound + 300;
  const view = new ProgressView(ctx.output, jobId, job.replicas, chain.tokenInfo);
  const followed = await followJob(ctx, jobId, view, {
    fromBlock: opened.block,
    timeoutMs: (waitTimeoutSec ?? defaultWait) * 1000,
    settle: true,
  });
  const settled = followed.events.find((e) => e.type === "challenge-settled");
  const final = followed.final;
  const [court, market] = await Promise.all([
    chain.court.claimable(opened.challenger),
    chain.market.claimable(opened.challenger),
  ]);
  const result = {
    ...extra,
    ...opened,
    outcome: final.type === "settled" ? final.outcome : "cancelled",
    ...(settled?.type === "challenge-settled"
      ? { won: settled.won, bondReturned: settled.bondReturned, reward: settled.reward }
      : {}),
    ...(followed.settleTx ? { settleTx: followed.settleTx } : {}),
    claimable: { court, market },
  };
  const fmt = (x: bigint) => formatAmount(x, chain.tokenInfo);
  ctx.output.result(result, (r) =>
    [
      `Job ${jobId} settled: ${r.outcome}.`,
      r.won === undefined
        ? "The challenge has no ChallengeSettled event yet."
        : r.won
          ? `Challenge won: ${fmt(r.bondReturned!)} bond back and ${fmt(r.reward!)} reward.`
          : `Challenge not won: ${fmt(r.bondReturned!)} of the bond returned.`,
      r.claimable.court + r.claimable.market > 0n
        ? `Claimable: ${fmt(r.claimable.court)} in the court, ${fmt(r.claimable.market)} in the market — withdraw with \`hashwork job refund ${jobId}\` (requester) or \`hashwork provider earnings --withdraw\`.`
        : "Nothing claimable.",
    ].join("\n"),
  );
  return ExitCode.Ok;
}
