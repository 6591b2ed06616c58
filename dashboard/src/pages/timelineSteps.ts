import type { JobDetail, JobDispute } from "../queries/jobDetail";
import { formatEnum, formatTokens, shortHex } from "../format";

export type TimelineStepName =
  | "posted"
  | "claimed"
  | "committed"
  | "revealed"
  | "disputed"
  | "drawn"
  | "verdicts"
  | "resolved"
  | "settled"
  | "slashed";

export interface TimelineStep {
  name: TimelineStepName;
  label: string;
  /** done: it happened; pending: it may still happen; skipped: the job ended without it. */
  state: "done" | "pending" | "skipped";
  /** Unix seconds it happened (the last such event for claims, commits and reveals). */
  at: string | null;
  detail: string;
}

/**
 * A job's lifecycle, posted → claimed → committed → revealed (→ disputed → verifiers drawn → verdicts revealed →
 * resolved) → settled (→ slashed), from its entity.
 */
export function jobTimeline(job: JobDetail): TimelineStep[] {
  const ended = job.status !== "OPEN" && job.status !== "DISPUTED";
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
    ...(job.dispute ? disputeSteps(job.dispute) : []),
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
        .map((s) => `${shortHex(s.provider.id)} lost ${formatTokens(s.amount)} (${slashLabel(s.source, s.reason)})`)
        .join("; "),
    });
  }
  return steps;
}

/** The dispute's steps: opened, verifiers drawn, verdicts revealed, resolved. */
function disputeSteps(d: JobDispute): TimelineStep[] {
  const resolved = d.status === "RESOLVED";
  const state = (happened: boolean): TimelineStep["state"] => (happened ? "done" : resolved ? "skipped" : "pending");
  return [
    {
      name: "disputed",
      label: "Disputed",
      state: "done",
      at: d.openedAt,
      detail: `${shortHex(d.challenger)} posted a ${formatTokens(d.bond)} bond against ${shortHex(d.resultHash)}`,
    },
    {
      name: "drawn",
      label: "Verifiers drawn",
      state: state(d.drawn > 0),
      at: d.lastDrawAt,
      detail: `${d.drawn} of ${d.verifierCount} verifiers drawn, ${formatTokens(d.collateral)} collateral each`,
    },
    {
      name: "verdicts",
      label: "Verdicts revealed",
      state: state(d.revealed > 0),
      at: d.lastRevealAt,
      detail: `${d.revealed} of ${d.drawn} verifiers revealed (${d.committed} committed)`,
    },
    {
      name: "resolved",
      label: "Resolved",
      state: resolved ? "done" : "pending",
      at: d.resolvedAt,
      detail: verdictDetail(d),
    },
  ];
}

function verdictDetail(d: JobDispute): string {
  if (d.status !== "RESOLVED" || !d.verdict) return "waiting for the reveals or the deadlines";
  const parts = [`${formatEnum(d.verdict)} by ${d.majorityCount} of ${d.verifierCount} verifiers`];
  if (d.verdict === "OVERTURNED") {
    parts.push(`provider slashed ${formatTokens(d.providerSlashed)}`);
    parts.push(`requester compensated ${formatTokens(d.compensation)}`);
  }
  if (d.verdict === "UPHELD") parts.push(`provider paid ${formatTokens(d.providerPaid)} from the bond`);
  parts.push(`challenger paid ${formatTokens(d.challengerPaid)}`);
  parts.push(`verifiers paid ${formatTokens(d.verifierPayments)}`);
  return parts.join("; ");
}

function slashLabel(source: string, reason: string): string {
  if (source === "DISPUTE_PROVIDER") return "overturned by the verifiers";
  if (source === "DISPUTE_VERIFIER") return `verifier ${formatEnum(reason)}`;
  return formatEnum(reason);
}

function settlementDetail(job: JobDetail): string {
  if (job.status === "OPEN") return "waiting for the deadlines or a result";
  if (job.status === "DISPUTED") return "waiting for the dispute's verdict";
  if (job.status === "CANCELLED") return `cancelled by the requester; ${formatTokens(job.refund)} refunded`;
  const outcome = job.outcome ? formatEnum(job.outcome) : "settled";
  return `${outcome}: ${formatTokens(job.paid)} paid to winners, ${formatTokens(job.refund)} refunded`;
}
