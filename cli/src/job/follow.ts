import { type DueAction, type FinalJobEvent, type JobEvent, waitForJob } from "@hashwork/sdk/requester";
import type { Context } from "../context.js";
import type { ProgressView } from "./progress.js";

export interface FollowOptions {
  /** First block to read events from (the posting block). */
  fromBlock: number;
  /** Wall-clock limit; exceeding it is exit 7. */
  timeoutMs: number;
  /** Settle the job ourselves (or resolve its panel, or take its audit decision) once due, if nobody else does. */
  settle: boolean;
  /** The built-in check of `--verify`, run once the job's reveals close; its note is shown in the progress view. */
  onRevealsClosed?: () => Promise<string>;
}

export interface FollowResult {
  events: JobEvent[];
  /** The `settled` or `cancelled` event that ended the job. */
  final: FinalJobEvent;
  /** Our settle (or the court's resolve) transaction, when we sent it. */
  settleTx?: string;
}

const DUE_NOTES: Record<DueAction, string> = {
  settle: "settling the job now",
  resolve: "resolving its panel now",
  "decide-audit": "taking the audit decision now (commits closed)",
};

/**
 * The SDK's `waitForJob` to the job's end, shown in the progress view. Settling needs a key: without one (or with a
 * keystore whose password is not given) the job is only followed.
 */
export async function followJob(
  ctx: Context,
  jobId: bigint,
  view: ProgressView,
  o: FollowOptions,
): Promise<FollowResult> {
  const { onRevealsClosed } = o;
  const waited = await waitForJob(await ctx.client({ sign: false }), {
    jobId,
    fromBlock: o.fromBlock,
    timeout: o.timeoutMs,
    settle: o.settle && { signer: () => ctx.signer() },
    onEvent: (event) => view.update(event),
    onAction: (due) => view.note(`nobody did it yet: ${DUE_NOTES[due]}`),
    ...(onRevealsClosed ? { onRevealsClosed: async () => view.note(await onRevealsClosed()) } : {}),
  });
  return { events: waited.events, final: waited.final!, ...(waited.actionTx ? { settleTx: waited.actionTx } : {}) };
}
