import { prepareSettle } from "../../actions/settle.js";
import { sleep } from "../../errors/index.js";
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
  /** Settle the job ourselves once it is settleable and nobody else has (needs a key). */
  settle: boolean;
  /** How long a settleable job is left to the providers (who settle as part of their work) before we do it. */
  settleGraceMs?: number;
}

export interface FollowResult {
  events: JobEvent[];
  /** The `settled` or `cancelled` event that ended the job. */
  final: Extract<JobEvent, { type: "settled" | "cancelled" }>;
  /** Our settle transaction, when we sent it. */
  settleTx?: string;
}

/**
 * Follows a job by polling its events (one `eth_getLogs` per poll from a moving cursor) until it is settled
 * or cancelled. When the job becomes settleable and stays so for the grace period, settles it: the
 * requester wants the result, and anyone may settle.
 */
export async function followJob(
  ctx: Context,
  jobId: bigint,
  view: ProgressView,
  o: FollowOptions,
): Promise<FollowResult> {
  const { provider, market } = await ctx.chain();
  const pollMs = o.pollMs ?? 500;
  const graceMs = o.settleGraceMs ?? 3_000;
  const giveUpAt = Date.now() + o.timeoutMs;
  const events: JobEvent[] = [];
  let cursor = o.fromBlock;
  let settleableSince: number | undefined;
  let settleTx: string | undefined;
  let canSettle = o.settle;

  for (;;) {
    const head = await provider.getBlockNumber();
    if (head >= cursor) {
      const fresh = await jobEvents(provider, market, jobId, cursor, head);
      cursor = head + 1;
      for (const event of fresh) {
        events.push(event);
        view.update(event);
        if (event.type === "settled" || event.type === "cancelled") return { events, final: event, settleTx };
      }
    }

    if (canSettle && (await market.isSettleable(jobId))) {
      settleableSince ??= Date.now();
      if (Date.now() - settleableSince >= graceMs) {
        try {
          const wallet = await ctx.signer();
          view.note("settleable and nobody settled it yet: settling it now");
          settleTx = (await simulateAndSend(wallet, prepareSettle(market.connect(wallet), { jobId }), ctx.output)).hash;
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
