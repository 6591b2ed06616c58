import { prepareDecideAudit } from "../../actions/decideAudit.js";
import { AuditState, JobStatus } from "../../actions/enums.js";
import { jobCommitsClosed, jobRevealsClosed, readJob } from "../../actions/readJob.js";
import { prepareResolve } from "../../actions/resolve.js";
import { prepareSettle } from "../../actions/settle.js";
import { sleep } from "../../errors/index.js";
import type { JsonRpcProvider } from "ethers";
import type { JobMarket, VerificationCourt } from "../../typechain/index.js";
import type { Context } from "../context.js";
import { CliError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { formatDuration } from "../format.js";
import { simulateAndSend } from "../tx.js";
import { jobEvents, type JobEvent } from "./events.js";
import type { ProgressView } from "./progress.js";

export interface FollowOptions {
  /** First block to read events from (the posting block). */
  fromBlock: number;
  /** Wall-clock limit; exceeding it is exit 7. */
  timeoutMs: number;
  pollMs?: number;
  /**
   * Settle the job ourselves once it is settleable (or resolve its panel once resolvable) and nobody else has
   * (needs a key).
   */
  settle: boolean;
  /** How long a settleable job is left to the providers (who settle as part of their work) before we do it. */
  settleGraceMs?: number;
  /**
   * Run once when the job's reveals have closed while it is still open (its challenge window): the built-in check
   * of `--verify`. Its note is shown in the progress view.
   */
  onRevealsClosed?: () => Promise<string>;
}

export interface FollowResult {
  events: JobEvent[];
  /** The `settled` or `cancelled` event that ended the job. */
  final: Extract<JobEvent, { type: "settled" | "cancelled" }>;
  /** Our settle (or the court's resolve) transaction, when we sent it. */
  settleTx?: string;
}

/**
 * Follows a job by polling its market and court events (one `eth_getLogs` per poll from a moving cursor) until it
 * is settled or cancelled. When the job becomes settleable (or its panel resolvable) and stays so for the grace
 * period, settles (resolves) it: the requester wants the result, and anyone may.
 */
export async function followJob(
  ctx: Context,
  jobId: bigint,
  view: ProgressView,
  o: FollowOptions,
): Promise<FollowResult> {
  const { provider, market, court } = await ctx.chain();
  const pollMs = o.pollMs ?? 500;
  const graceMs = o.settleGraceMs ?? 3_000;
  const giveUpAt = Date.now() + o.timeoutMs;
  const events: JobEvent[] = [];
  let cursor = o.fromBlock;
  let settleableSince: number | undefined;
  let settleTx: string | undefined;
  let canSettle = o.settle;
  let checkPending = o.onRevealsClosed !== undefined;

  for (;;) {
    const head = await provider.getBlockNumber();
    if (head >= cursor) {
      const fresh = await jobEvents(provider, { market, court }, jobId, cursor, head);
      cursor = head + 1;
      let final: FollowResult["final"] | undefined;
      for (const event of fresh) {
        // Events after the settlement in the same batch belong to it (the court's ChallengeSettled follows the
        // market's JobSettled in one transaction), so the batch is read to its end.
        if (final && event.block !== final.block) break;
        events.push(event);
        view.update(event);
        if (!final && (event.type === "settled" || event.type === "cancelled")) final = event;
      }
      if (final) return { events, final, settleTx };
    }

    if (checkPending && o.onRevealsClosed) {
      const job = await readJob(market, { jobId });
      const now = (await provider.getBlock("latest"))?.timestamp ?? Math.floor(Date.now() / 1000);
      if (job.status !== JobStatus.Open)
        checkPending = false; // settled, cancelled or already before the court
      else if (jobRevealsClosed(job, now)) {
        checkPending = false;
        view.note(await o.onRevealsClosed());
      }
    }

    const due = canSettle && !checkPending ? await dueAction(provider, market, court, jobId) : undefined;
    if (due) {
      settleableSince ??= Date.now();
      if (Date.now() - settleableSince >= graceMs) {
        try {
          const wallet = await ctx.signer();
          view.note(`nobody did it yet: ${DUE_NOTES[due]}`);
          const call =
            due === "settle"
              ? prepareSettle(market.connect(wallet), { jobId })
              : due === "resolve"
                ? prepareResolve(court.connect(wallet), { jobId })
                : prepareDecideAudit(market.connect(wallet), { jobId });
          settleTx = (await simulateAndSend(wallet, call, ctx.output)).hash;
        } catch (error) {
          // Someone else settled first (the events show it on the next poll), or we have no key: keep following.
          if (error instanceof CliError && error.exitCode === ExitCode.Usage) canSettle = false;
        }
      }
    } else settleableSince = undefined;

    if (Date.now() > giveUpAt) {
      throw new CliError(
        ExitCode.TimedOut,
        "WAIT_TIMED_OUT",
        `Job ${jobId} did not finish within ${formatDuration(Math.round(o.timeoutMs / 1000))}.`,
        {
          hint: `It keeps running on-chain: follow it again with \`hashwork job wait ${jobId}\` or check \`hashwork job status ${jobId}\`.`,
        },
      );
    }
    await sleep(pollMs);
  }
}

type Due = "settle" | "resolve" | "decide-audit";
const DUE_NOTES: Record<Due, string> = {
  settle: "settling the job now",
  resolve: "resolving its panel now",
  "decide-audit": "taking the audit decision now (commits closed)",
};

/**
 * What anyone may do now to move the job on: settle it (market), resolve its panel (court), take its audit decision
 * once commits closed (providers normally do; without it nothing settles), or nothing.
 */
async function dueAction(
  provider: JsonRpcProvider,
  market: JobMarket,
  court: VerificationCourt,
  jobId: bigint,
): Promise<Due | undefined> {
  if (await market.isSettleable(jobId)) return "settle";
  if (await court.isResolvable(jobId)) return "resolve";
  const job = await readJob(market, { jobId });
  const now = (await provider.getBlock("latest"))?.timestamp ?? Math.floor(Date.now() / 1000);
  if (job.status === JobStatus.Open && job.audit === AuditState.Undecided && jobCommitsClosed(job, now))
    return job.committedMask === 0 ? undefined : "decide-audit";
  return undefined;
}
