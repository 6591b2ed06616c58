import type { JobDetail, JobVerification, VerificationRound } from "../queries/jobDetail";
import { formatEnum, formatMfuel, formatTimestamp, formatTokens, shortHex } from "../format";

export type TimelineStepName =
  | "posted"
  | "claimed"
  | "committed"
  | "audit"
  | "auditor-drawn"
  | "auditor-committed"
  | "auditor-revealed"
  | "revealed"
  | "challenged"
  | `panel-${number}`
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
 * A job's lifecycle from its entity: posted → claimed → committed → audit decided (audited or not) → auditor drawn →
 * committed → revealed (audited jobs) → revealed → challenged → panel rounds → settled with the verdict (→ slashed).
 */
export function jobTimeline(job: JobDetail): TimelineStep[] {
  const ended = job.status !== "OPEN" && job.status !== "VERIFYING";
  const state = (happened: boolean): TimelineStep["state"] => (happened ? "done" : ended ? "skipped" : "pending");
  const slots = (count: number, what: string) =>
    `${count} of ${job.replicas} slot${job.replicas === 1 ? "" : "s"} ${what}`;
  const v = job.verification;

  const steps: TimelineStep[] = [
    {
      name: "posted",
      label: "Posted",
      state: "done",
      at: job.postedAt,
      detail: `${formatTokens(job.escrow)} escrowed: ${job.replicas} × ${formatTokens(job.budget)} for ${formatMfuel(job.maxFuel)}, fee ${formatTokens(job.fee)}, audit fee ${formatTokens(job.auditFee)}`,
    },
    {
      name: "claimed",
      label: "Claimed",
      state: state(job.claimed > 0),
      at: job.lastClaimAt,
      detail: slots(job.claimed, "claimed"),
    },
    {
      name: "committed",
      label: "Committed",
      state: state(job.committed > 0),
      at: job.lastCommitAt,
      detail: slots(job.committed, "committed"),
    },
    {
      name: "audit",
      label: job.audit === "AUDITED" ? "Audited" : job.audit === "NOT_AUDITED" ? "Not audited" : "Audit decision",
      state: state(job.audit !== "UNDECIDED"),
      at: job.auditDecidedAt,
      detail: auditDetail(job),
    },
    ...(job.audit === "AUDITED" ? auditorSteps(job, v, ended) : []),
    {
      name: "revealed",
      label: "Revealed",
      state: state(job.revealed > 0),
      at: job.lastRevealAt,
      detail: slots(job.revealed, "revealed"),
    },
    ...(v?.challenger ? [challengeStep(v)] : []),
    ...(v ? v.rounds.filter((r) => r.round > 0).map((r) => panelStep(v, r)) : []),
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
      at: job.slashEvents[job.slashEvents.length - 1]!.timestamp,
      detail: job.slashEvents
        .map((s) => `${shortHex(s.provider.id)} lost ${formatTokens(s.amount)} (${slashLabel(s.source, s.reason)})`)
        .join("; "),
    });
  }
  return steps;
}

function auditDetail(job: JobDetail): string {
  if (job.audit === "UNDECIDED") return `audited with probability ${job.auditRateBps / 100}% once commits close`;
  if (job.audit === "NOT_AUDITED") return "not audited: replicas reveal right away";
  return "an auditor re-executes the job and commits before the replicas reveal";
}

/** The auditor's draw, commitment and reveal (round 0's one seat). */
function auditorSteps(job: JobDetail, v: JobVerification | null, ended: boolean): TimelineStep[] {
  const seat = v?.seats.find((s) => s.roundIndex === 0);
  const state = (at: string | null | undefined): TimelineStep["state"] => (at ? "done" : ended ? "skipped" : "pending");
  const who = seat ? shortHex(seat.verifier.id) : "nobody";
  return [
    {
      name: "auditor-drawn",
      label: "Auditor drawn",
      state: state(seat?.drawnAt),
      at: seat?.drawnAt ?? null,
      detail: seat ? `${who} drawn, ${formatTokens(seat.pay)} reserved from the pool` : "no auditor drawn yet",
    },
    {
      name: "auditor-committed",
      label: "Auditor committed",
      state: state(seat?.committedAt),
      at: seat?.committedAt ?? null,
      detail: seat?.committedAt
        ? `${who} committed; the replicas may reveal`
        : `the auditor may commit until ${formatTimestamp(job.auditCommitEndsAt)}`,
    },
    {
      name: "auditor-revealed",
      label: "Auditor revealed",
      state: state(seat?.revealedAt),
      at: seat?.revealedAt ?? null,
      detail:
        seat?.revealedAt && seat.outputHash
          ? `${who} revealed ${shortHex(seat.outputHash)} using ${formatMfuel(seat.fuelUsed ?? "0")}`
          : "the auditor has not revealed",
    },
  ];
}

function challengeStep(v: JobVerification): TimelineStep {
  const settled = v.challengeStatus && v.challengeStatus !== "OPEN" ? `: ${formatEnum(v.challengeStatus)}` : "";
  return {
    name: "challenged",
    label: "Challenged",
    state: "done",
    at: v.challengedAt,
    detail: `${shortHex(v.challenger!)} bonded ${formatTokens(v.bond)} against ${v.agreed ? shortHex(v.agreed) : "the result"}${settled}`,
  };
}

function panelStep(v: JobVerification, r: VerificationRound): TimelineStep {
  const result = r.closed ? (r.majority ? `majority ${shortHex(r.majority)}` : "no majority") : "deciding";
  return {
    name: `panel-${r.round}`,
    label: `Panel round ${r.round}${r.round === 1 && v.reason ? ` (${formatEnum(v.reason)})` : ""}`,
    state: "done",
    at: r.closedAt ?? r.openedAt,
    detail: `${r.drawn} of ${r.seats} verifiers drawn, ${r.committed} committed, ${r.revealed} revealed; ${result}`,
  };
}

function slashLabel(source: string, reason: string): string {
  return source === "COURT" ? `verifier ${formatEnum(reason)}` : formatEnum(reason);
}

function settlementDetail(job: JobDetail): string {
  if (job.status === "OPEN") return "waiting for the deadlines or a result";
  if (job.status === "VERIFYING") return "waiting for the panel's verdict";
  if (job.status === "CANCELLED") return `cancelled by the requester; ${formatTokens(job.refund)} refunded`;
  const outcome = job.outcome ? formatEnum(job.outcome) : "settled";
  const verdict = job.verification?.verdictOutcome ? ` (verdict: ${formatEnum(job.verification.verdictOutcome)})` : "";
  return `${outcome}${verdict}: ${formatTokens(job.paid)} paid to winners, ${formatTokens(job.refund)} refunded`;
}
