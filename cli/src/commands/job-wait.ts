import type { Command } from "commander";
import type { Run } from "../command.js";
import type { Context } from "../context.js";
import type { ExitCode } from "../exit-codes.js";
import { defaultOutPath, deliveredExit, deliverResult, describeDelivered } from "../job/deliver.js";
import { followJob } from "../job/follow.js";
import { lastDeadline } from "../job/lookup.js";
import { readExistingJob } from "@hashwork/sdk/requester";
import { ProgressView } from "../job/progress.js";
import { parseDuration, parseJobId } from "../parse.js";
import { verifyAndChallenge } from "./job-verify.js";

export function addJobWaitCommand(job: Command, run: Run): void {
  job
    .command("wait <jobId>")
    .description("follow a job to settlement (settling it if nobody does), then download and verify its output")
    .option("--out <file>", "where to write the verified output (default ./job-<id>.out)")
    .option("--wait-timeout <duration>", "give up waiting after this long (exit 7)")
    .option("--verify", VERIFY_HELP)
    .action((id: string, o: { out?: string; waitTimeout?: string; verify?: boolean }, command: Command) =>
      run(command, (ctx) => {
        const jobId = parseJobId(id);
        const waitTimeoutSec = o.waitTimeout ? parseDuration(o.waitTimeout, "--wait-timeout") : undefined;
        return waitAndDeliver(ctx, jobId, { out: o.out ?? defaultOutPath(jobId), waitTimeoutSec, verify: o.verify });
      }),
    );
}

export const VERIFY_HELP =
  "when the reveals close, re-run the job here and challenge a differing result within its challenge window";

export interface WaitOptions {
  out: string;
  /** Re-run the job locally once its reveals close and challenge a differing result (`--verify`). */
  verify?: boolean;
  waitTimeoutSec?: number;
  /** Merged into the JSON result (e.g. the post summary of `job post --wait`). */
  extra?: Record<string, unknown>;
}

/** Follows `jobId` with a progress display, then delivers its verified output to `out`. */
export async function waitAndDeliver(ctx: Context, jobId: bigint, o: WaitOptions): Promise<ExitCode> {
  const chain = await ctx.chain();
  const job = await readExistingJob(chain, jobId);
  const [params, execution] = await Promise.all([chain.market.parameters(), chain.market.executionTime(job.maxFuel)]);
  const now = (await chain.provider.getBlock("latest"))?.timestamp ?? Math.floor(Date.now() / 1000);
  // Long enough for every deadline: before the audit decision only the commit deadline is known, and the audit, the
  // reveals and the challenge window follow it (each window plus the job's execution time at most); then time for
  // someone to settle. A job that goes to a panel may need longer: --wait-timeout.
  const windows =
    Number(params.auditDrawPeriod) +
    Number(params.revealPeriod) +
    Number(params.challengeWindow) +
    3 * Number(execution);
  // (A k = 1 job whose answer is sealed reports its window counted from the commitment, and when it can be settled
  // without its replica: the later of the two.)
  const end = Math.max(job.timeline.challengeEndsAt, job.timeline.revealEndsAt) || lastDeadline(job) + windows;
  const defaultWait = Math.max(0, end - now) + 300;
  const view = new ProgressView(ctx.output, jobId, job.replicas, chain.tokenInfo);
  const followed = await followJob(ctx, jobId, view, {
    fromBlock: Number(job.postedBlock),
    timeoutMs: (o.waitTimeoutSec ?? defaultWait) * 1000,
    settle: true,
    ...(o.verify ? { onRevealsClosed: () => verifyAndChallenge(ctx, jobId) } : {}),
  });
  const delivered = await deliverResult(ctx, jobId, followed.events, o.out);
  const result = { ...o.extra, ...delivered, ...(followed.settleTx ? { settleTx: followed.settleTx } : {}) };
  ctx.output.result(result, () => describeDelivered(delivered, chain.tokenInfo));
  return deliveredExit(delivered);
}
