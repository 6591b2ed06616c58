import type { JobDetail } from "../queries/jobDetail";
import { formatEnum, formatTokens, shortHex } from "../format";

export type TimelineStepName = "posted" | "claimed" | "committed" | "revealed" | "settled" | "slashed";

export interface TimelineStep {
  name: TimelineStepName;
  label: string;
  /** done: it happened; pending: it may still happen; skipped: the job ended without it. */
  state: "done" | "pending" | "skipped";
  /** Unix seconds it happened (the last such event for claims, commits and reveals). */
  at: string | null;
  detail: string;
}

/** A job's lifecycle, posted → claimed → committed → revealed → settled (→ slashed), from its entity. */
export function jobTimeline(job: JobDetail): TimelineStep[] {
  const ended = job.status !== "OPEN";
  const k1 = job.replicas === 1;
  const progress = (name: TimelineStepName, label: string, count: number, at: string | null, detail: string) =>
    ({
      name,
      label,
      state: count > 0 ? "done" : ended ? "skipped" : "pending",
      at,
      detail: `${count} of ${job.replicas} slots ${detail}`,
    }) satisfies TimelineStep;

  const steps: TimelineStep[] = [
    {
      name: "posted",
      label: "Posted",
      state: "done",
      at: job.postedAt,
      detail: `${formatTokens(job.escrow)} escrowed for ${job.replicas} slot${k1 ? "" : "s"}`,
    },
    progress("claimed", "Claimed", job.claimed, job.lastClaimAt, "claimed"),
    progress(
      "committed",
      k1 ? "Committed (k = 1: submitted)" : "Committed",
      job.committed,
      job.lastCommitAt,
      "committed",
    ),
    progress("revealed", k1 ? "Revealed (k = 1: submitted)" : "Revealed", job.revealed, job.lastRevealAt, "revealed"),
    {
      name: "settled",
      label: job.status === "CANCELLED" ? "Cancelled" : "Settled",
      state: ended ? "done" : "pending",
      at: job.settledAt,
      detail: settlementDetail(job),
    },
  ];
  if (job.slashEvents.length > 0) {
    steps.push({
      name: "slashed",
      label: "Slashed",
      state: "done",
      at: job.slashEvents[job.slashEvents.length - 1].timestamp,
      detail: job.slashEvents
        .map((s) => `${shortHex(s.provider.id)} lost ${formatTokens(s.amount)} (${formatEnum(s.reason)})`)
        .join("; "),
    });
  }
  return steps;
}

function settlementDetail(job: JobDetail): string {
  if (job.status === "OPEN") return "waiting for the deadlines or a result";
  if (job.status === "CANCELLED") return `cancelled by the requester; ${formatTokens(job.refund)} refunded`;
  const outcome = job.outcome ? formatEnum(job.outcome) : "settled";
  return `${outcome}: ${formatTokens(job.paid)} paid to winners, ${formatTokens(job.refund)} refunded`;
}
