import type { Command } from "commander";
import { prepareDispute } from "../../actions/dispute.js";
import { DisputeStatus, readDispute } from "../../actions/readDispute.js";
import { JobStatus } from "../../actions/readJob.js";
import { prepareWithdrawCourt } from "../../actions/withdrawCourt.js";
import type { DisputeCourt } from "../../typechain/index.js";
import type { Run } from "../command.js";
import type { Chain, Context } from "../context.js";
import { courtOf } from "../court.js";
import { DisputeProgressView, followDispute } from "../dispute/follow.js";
import { CliError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { approveExactly, requireGas, requireTokens } from "../funds.js";
import { formatAmount, formatTime, table } from "../format.js";
import { requireJob, STATUS_NAMES } from "../job/lookup.js";
import { parseDuration, parseJobId } from "../parse.js";
import { simulateAndSend } from "../tx.js";

export function addJobDisputeCommand(job: Command, run: Run): void {
  job
    .command("dispute <jobId>")
    .description("challenge a k = 1 result during its challenge window (posts a bond; verifiers re-run the job)")
    .option("--wait", "follow the dispute to its verdict, resolving it if nobody does")
    .option("--wait-timeout <duration>", "give up waiting after this long (exit 7)")
    .option("--withdraw", "do not dispute: withdraw what the dispute court owes you (bond back, reward, pay)")
    .action((id: string, o: { wait?: boolean; waitTimeout?: string; withdraw?: boolean }, command: Command) =>
      run(command, async (ctx) => {
        const jobId = parseJobId(id);
        if (o.withdraw) return withdrawFromCourt(ctx);
        const waitTimeoutSec = o.waitTimeout ? parseDuration(o.waitTimeout, "--wait-timeout") : undefined;
        const chain = await ctx.chain();
        const court = await courtOf(chain);
        const existing = await readDispute(court, { jobId });
        // An open or resolved dispute is followed (or reported), never disputed twice.
        if (existing.status !== DisputeStatus.None) {
          if (!o.wait)
            throw new CliError(
              ExitCode.NotAllowedNow,
              "ALREADY_DISPUTED",
              `Job ${jobId} is already disputed (dispute ${existing.status === DisputeStatus.Open ? "open" : "resolved"}).`,
              { hint: `Follow it with \`hashwork job dispute ${jobId} --wait\`.` },
            );
          return follow(ctx, chain, court, jobId, { waitTimeoutSec, summary: { jobId } });
        }
        const opened = await openDispute(ctx, chain, court, jobId);
        if (!o.wait) {
          ctx.output.result(opened, (r) => describeOpened(r, chain));
          return;
        }
        ctx.output.note(describeOpened(opened, chain));
        return follow(ctx, chain, court, jobId, { waitTimeoutSec, summary: opened, fromBlock: opened.block });
      }),
    );
}

/** Checks everything the court and the market will check, approves exactly the bond, simulates, disputes. */
async function openDispute(ctx: Context, chain: Chain, court: DisputeCourt, jobId: bigint) {
  const { wallet, token } = await ctx.writable();
  const fmt = (x: bigint) => formatAmount(x, chain.tokenInfo);
  const job = await requireJob(chain, jobId);
  const notNow = (code: string, message: string, hint?: string) =>
    new CliError(ExitCode.NotAllowedNow, code, message, { hint });
  if (job.replicas !== 1)
    throw notNow(
      "NOT_DISPUTABLE",
      `Job ${jobId} has ${job.replicas} replicas: only k = 1 results can be disputed (k ≥ 2 jobs settle by consensus).`,
    );
  if (job.status === JobStatus.Disputed)
    throw notNow(
      "ALREADY_DISPUTED",
      `Job ${jobId} is already disputed.`,
      `Follow it with \`hashwork job dispute ${jobId} --wait\`.`,
    );
  if (job.status !== JobStatus.Open)
    throw notNow(
      "JOB_NOT_OPEN",
      `Job ${jobId} is ${STATUS_NAMES[job.status]}: there is nothing left to dispute.`,
      `See it with \`hashwork job status ${jobId}\`.`,
    );
  if (job.committedMask === 0)
    throw notNow(
      "NO_RESULT_YET",
      `Job ${jobId} has no submitted result yet: there is nothing to dispute.`,
      `Follow it with \`hashwork job wait ${jobId}\`; the challenge window opens when the result is submitted.`,
    );
  const now = (await chain.provider.getBlock("latest"))?.timestamp ?? Math.floor(Date.now() / 1000);
  if (now >= job.challengeEndsAt)
    throw notNow(
      "CHALLENGE_WINDOW_CLOSED",
      `The challenge window of job ${jobId} closed at ${formatTime(job.challengeEndsAt)}: its result is final.`,
      `Anyone can settle it now: \`hashwork job refund ${jobId}\` (or \`hashwork job wait ${jobId}\` for the output).`,
    );
  const provider = job.assignments[0]?.provider ?? "";
  if (provider.toLowerCase() === wallet.address.toLowerCase())
    throw notNow(
      "PROVIDER_CANNOT_CHALLENGE",
      `You are the provider of job ${jobId}: a provider cannot dispute its own result.`,
      "Dispute from another account (--keystore or HASHWORK_PRIVATE_KEY).",
    );

  const bond = await court.bondFor(job.maxPrice);
  await requireGas(wallet);
  await requireTokens(token, chain.tokenInfo, wallet.address, bond, "The dispute bond");
  const courtAddress = court.target as string;
  // The court has no permit entry point: approve exactly the bond (nothing if the allowance covers it).
  const approveTx = await approveExactly(wallet, token, chain.tokenInfo, courtAddress, bond, ctx.output);
  const call = prepareDispute(court.connect(wallet), { jobId });
  const sent = await simulateAndSend(wallet, call, ctx.output, fmt);
  const d = await readDispute(court, { jobId, blockTag: sent.block });
  return {
    jobId,
    challenger: wallet.address,
    provider: d.provider,
    disputedHash: d.resultHash,
    bond: d.bond,
    collateral: d.collateral,
    verifiers: d.verifiers,
    deadlines: { draw: d.drawDeadline, commit: d.commitDeadline, reveal: d.revealDeadline },
    disputeTx: sent.hash,
    block: sent.block,
    ...(approveTx ? { approveTx } : {}),
  };
}

function describeOpened(r: Awaited<ReturnType<typeof openDispute>>, chain: Chain): string {
  const fmt = (x: bigint) => formatAmount(x, chain.tokenInfo);
  return [
    `Disputed job ${r.jobId} (tx ${r.disputeTx}); bond ${fmt(r.bond)} held by the court.`,
    table([
      ["provider", r.provider],
      ["result", r.disputedHash],
      ["verifiers", `${r.verifiers}, each locking ${fmt(r.collateral)}`],
      ["draw until", formatTime(r.deadlines.draw)],
      ["commit until", formatTime(r.deadlines.commit)],
      ["reveal until", formatTime(r.deadlines.reveal)],
    ]),
    `Follow it with \`hashwork job dispute ${r.jobId} --wait\`.`,
  ].join("\n");
}

/** Follows the dispute to its verdict and reports what each side is credited and what we can withdraw. */
async function follow(
  ctx: Context,
  chain: Chain,
  court: DisputeCourt,
  jobId: bigint,
  o: { waitTimeoutSec?: number; summary: Record<string, unknown>; fromBlock?: number },
): Promise<ExitCode> {
  const d = await readDispute(court, { jobId });
  const now = (await chain.provider.getBlock("latest"))?.timestamp ?? Math.floor(Date.now() / 1000);
  const defaultWait = Math.max(0, d.revealDeadline - now) + 300;
  const view = new DisputeProgressView(ctx.output, jobId, d.verifiers, chain.tokenInfo);
  const { resolved, events, resolveTx } = await followDispute(ctx, court, jobId, view, {
    fromBlock: o.fromBlock ?? Number(d.openedBlock),
    timeoutMs: (o.waitTimeoutSec ?? defaultWait) * 1000,
  });
  const me = await ctx
    .signer()
    .then((w) => w.address)
    .catch(() => undefined);
  const [claimable, marketClaimable] = me
    ? await Promise.all([court.claimable(me), chain.market.claimable(me)])
    : [undefined, undefined];
  const verifiers = events.filter((e) => e.type === "drawn").map((e) => (e as { verifier: string }).verifier);
  const overturned = resolved.verdict === "overturned";
  const result = {
    ...o.summary,
    verdict: resolved.verdict,
    majorityHash: resolved.majorityHash,
    verifiersDrawn: verifiers,
    credited: {
      challenger: resolved.challengerPaid,
      requester: resolved.compensation,
      requesterRefund: overturned ? d.maxPrice : 0n,
      provider: resolved.providerPaid,
      eachMajorityVerifier: resolved.verifierPayment,
      treasury: resolved.treasuryPaid,
    },
    providerSlashed: resolved.providerSlashed,
    verifiersSlashed: resolved.verifiersSlashed,
    resolveTx,
    ...(me ? { account: me, claimable: { court: claimable, market: marketClaimable } } : {}),
  };
  ctx.output.result(result, () => {
    const fmt = (x: bigint) => formatAmount(x, chain.tokenInfo);
    const lines = [
      `Dispute of job ${jobId} resolved: ${resolved.verdict}${resolveTx ? ` (resolved by us, tx ${resolveTx})` : ""}.`,
      overturned
        ? `The provider was slashed ${fmt(resolved.providerSlashed)}; the requester gets the ${fmt(d.maxPrice)} escrow back and ${fmt(resolved.compensation)} compensation; the challenger ${fmt(resolved.challengerPaid)} (bond and reward).`
        : resolved.verdict === "upheld"
          ? `The result stands; the bond pays the provider ${fmt(resolved.providerPaid)} and the majority verifiers.`
          : `No deciding majority: the result stands and the challenger gets its ${fmt(resolved.challengerPaid)} bond back.`,
      `Majority verifiers were paid ${fmt(resolved.verifierPayment)} each.`,
    ];
    if (me && claimable !== undefined) {
      lines.push(
        claimable > 0n
          ? `${me} can withdraw ${fmt(claimable)} from the court: \`hashwork job dispute ${jobId} --withdraw\`${marketClaimable ? ` (and ${fmt(marketClaimable)} from the market: \`hashwork job refund ${jobId}\`)` : ""}.`
          : `${me} has nothing claimable in the court.`,
      );
    }
    return lines.join("\n");
  });
  return ExitCode.Ok;
}

/** `--withdraw`: pays out the signer's claimable balance in the court. */
async function withdrawFromCourt(ctx: Context): Promise<void> {
  const chain = await ctx.chain();
  const { wallet } = await ctx.writable();
  const court = await courtOf(chain, wallet);
  const fmt = (x: bigint) => formatAmount(x, chain.tokenInfo);
  const amount = await court.claimable(wallet.address);
  if (amount === 0n) {
    throw new CliError(
      ExitCode.InsufficientFunds,
      "NOTHING_TO_WITHDRAW",
      `${wallet.address} has no claimable balance in the dispute court.`,
      { hint: "Bonds, rewards and compensation become claimable when a dispute is resolved." },
    );
  }
  const sent = await simulateAndSend(wallet, prepareWithdrawCourt(court), ctx.output, fmt);
  ctx.output.result(
    { account: wallet.address, withdrawn: amount, withdrawTx: sent.hash },
    (r) => `Withdrew ${fmt(r.withdrawn)} from the dispute court to ${r.account} (tx ${r.withdrawTx}).`,
  );
}
