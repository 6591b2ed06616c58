import type { Command } from "commander";
import { JobStatus, type ReadJobReturnType } from "../../actions/readJob.js";
import type { Run } from "../command.js";
import type { Chain } from "../context.js";
import { formatAmount, formatRelative, formatTime, table } from "../format.js";
import { jobEvents, resultUris, type JobEvent } from "../job/events.js";
import { requireJob, STATUS_NAMES } from "../job/lookup.js";
import { parseJobId } from "../parse.js";

export function addJobStatusCommand(job: Command, run: Run): void {
  job
    .command("status <jobId>")
    .description("show a job's state, deadlines, replicas and outcome")
    .action((id: string, _o: unknown, command: Command) =>
      run(command, async (ctx) => {
        const jobId = parseJobId(id);
        const chain = await ctx.chain();
        const job = await requireJob(chain, jobId);
        const head = await chain.provider.getBlock("latest");
        const events = await jobEvents(chain.provider, chain.market, jobId, Number(job.postedBlock), head!.number);
        const settleable = job.status === JobStatus.Open && (await chain.market.isSettleable(jobId));
        const status = summarize(job, events, settleable, head!.timestamp);
        ctx.output.result(status, (s) => describeStatus(s, chain, head!.timestamp));
      }),
    );
}

const popcount = (mask: number) => mask.toString(2).split("1").length - 1;

function summarize(job: ReadJobReturnType, events: JobEvent[], settleable: boolean, now: number) {
  const settled = events.find((e) => e.type === "settled");
  const k1 = job.replicas === 1;
  return {
    jobId: job.jobId,
    status: STATUS_NAMES[job.status],
    requester: job.requester,
    replicas: job.replicas,
    claimed: job.claimed,
    delivered: popcount(k1 ? job.committedMask : job.revealedMask),
    committed: popcount(job.committedMask),
    maxPrice: job.maxPrice,
    escrow: job.maxPrice * BigInt(job.replicas),
    resourceClass: job.resourceClass,
    minReputation: job.minReputation,
    postedAt: job.postedAt,
    deadlines: {
      claim: job.claimDeadline,
      commit: job.commitDeadline,
      reveal: job.revealDeadline,
      challengeEndsAt: job.challengeEndsAt,
    },
    settleable,
    assignments: job.assignments,
    ...(settled?.type === "settled"
      ? {
          outcome: settled.outcome,
          resultHash: settled.resultHash,
          resultURIs: resultUris(events, settled.resultHash),
          paid: settled.paid,
          refund: settled.refund,
          compensation: settled.compensation,
        }
      : {}),
    next: nextStep(job, settleable, settled !== undefined, now),
  };
}

function nextStep(job: ReadJobReturnType, settleable: boolean, settled: boolean, now: number): string {
  const id = job.jobId;
  if (job.status === JobStatus.Completed) return `download it: hashwork job result ${id}`;
  if (job.status === JobStatus.Refunded || job.status === JobStatus.Cancelled)
    return `withdraw the refund (if not done): hashwork job refund ${id}`;
  if (settleable) return `anyone can settle it now: hashwork job wait ${id} (or job refund ${id})`;
  if (job.claimed === 0 && now <= job.claimDeadline)
    return `waiting for providers; cancel with: hashwork job cancel ${id}`;
  return settled ? "" : `wait for it: hashwork job wait ${id}`;
}

type Status = ReturnType<typeof summarize>;

function describeStatus(s: Status, chain: Chain, now: number): string {
  const t = chain.tokenInfo;
  const at = (ts: number) => (ts ? `${formatTime(ts)} (${formatRelative(ts, now)})` : "—");
  const rows: [string, string][] = [
    ["status", s.outcome && s.outcome !== s.status ? `${s.status} (${s.outcome})` : s.status],
    ["requester", s.requester],
    ["replicas", `${s.claimed}/${s.replicas} claimed, ${s.delivered}/${s.replicas} delivered`],
    ["max price", `${formatAmount(s.maxPrice, t)} per replica (escrow ${formatAmount(s.escrow, t)})`],
    ["class", String(s.resourceClass)],
    ["claim by", at(s.deadlines.claim)],
    [s.replicas === 1 ? "submit by" : "commit by", at(s.deadlines.commit)],
  ];
  if (s.replicas > 1) rows.push(["reveal by", at(s.deadlines.reveal)]);
  if (s.deadlines.challengeEndsAt) rows.push(["challenge ends", at(s.deadlines.challengeEndsAt)]);
  if (s.status === "open") rows.push(["settleable", s.settleable ? "yes" : "no"]);
  for (const [i, a] of s.assignments.entries())
    rows.push([`slot ${i}`, `${a.provider} at ${formatAmount(a.price, t)}`]);
  if (s.resultHash) rows.push(["result hash", s.resultHash]);
  if (s.resultURIs?.length) rows.push(["result uri", s.resultURIs.join(", ")]);
  if (s.refund !== undefined && s.refund + (s.compensation ?? 0n) > 0n)
    rows.push(["refunded", formatAmount(s.refund + (s.compensation ?? 0n), t)]);
  if (s.next) rows.push(["next", s.next]);
  return `Job ${s.jobId}\n${table(rows).replace(/^/gm, "  ")}`;
}
