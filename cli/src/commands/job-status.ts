import type { Command } from "commander";
import { AuditState, JobStatus, type ReadJobReturnType, VerificationStatus } from "@hashwork/sdk/actions";
import type { Run } from "../command.js";
import type { Chain } from "../context.js";
import { formatAmount, formatRelative, formatTime, table } from "../format.js";
import { type JobEvent, jobEvents, readExistingJob, winningOutput } from "@hashwork/sdk/requester";
import { AUDIT_NAMES, STATUS_NAMES } from "../job/lookup.js";
import { parseJobId } from "../parse.js";

export function addJobStatusCommand(job: Command, run: Run): void {
  job
    .command("status <jobId>")
    .description("show a job's state, deadlines, replicas, audit, verification and outcome")
    .action((id: string, _o: unknown, command: Command) =>
      run(command, async (ctx) => {
        const jobId = parseJobId(id);
        const chain = await ctx.chain();
        const job = await readExistingJob(chain, jobId);
        const head = await chain.provider.getBlock("latest");
        const events = await jobEvents(chain.provider, chain, jobId, Number(job.postedBlock), head!.number);
        const [settleable, resolvable] = await Promise.all([
          job.status === JobStatus.Open ? chain.market.isSettleable(jobId) : false,
          job.status === JobStatus.Verifying ? chain.court.isResolvable(jobId) : false,
        ]);
        const status = summarize(job, events, settleable, resolvable, head!.timestamp);
        ctx.output.result(status, (s) => describeStatus(s, chain, head!.timestamp));
      }),
    );
}

const popcount = (mask: number) => mask.toString(2).split("1").length - 1;
const ZERO_WORD = /^0x0{64}$/;

function summarize(job: ReadJobReturnType, events: JobEvent[], settleable: boolean, resolvable: boolean, now: number) {
  const settled = events.find((e) => e.type === "settled");
  const started = events.find((e) => e.type === "verification-started");
  const revealed = new Map(
    events.filter((e) => e.type === "revealed").map((e) => [e.provider.toLowerCase(), e] as const),
  );
  const v = job.verification;
  const winner = settled?.type === "settled" && !ZERO_WORD.test(settled.result) ? settled : undefined;
  return {
    jobId: job.jobId,
    status: STATUS_NAMES[job.status],
    requester: job.requester,
    replicas: job.replicas,
    claimed: job.claimed,
    committed: popcount(job.committedMask),
    revealed: popcount(job.revealedMask),
    audit: AUDIT_NAMES[job.audit],
    maxFuel: job.maxFuel,
    maxPricePerMfuel: job.maxPricePerMfuel,
    budget: job.budget,
    escrow: job.budget * BigInt(job.replicas) + job.fee + job.auditFee,
    fee: job.fee,
    auditFee: job.auditFee,
    collateral: job.collateral,
    resourceClass: job.resourceClass,
    minReputation: job.minReputation,
    postedAt: job.postedAt,
    deadlines: {
      claim: job.claimDeadline,
      commit: job.commitDeadline,
      auditCommitEndsAt: job.timeline.auditCommitEndsAt,
      revealEndsAt: job.timeline.revealEndsAt,
      challengeEndsAt: job.timeline.challengeEndsAt,
    },
    settleable,
    resolvable,
    assignments: job.assignments.map((a, i) => {
      const r = revealed.get(a.provider.toLowerCase());
      return {
        slot: i,
        provider: a.provider,
        pricePerMfuel: a.pricePerMfuel,
        minMfuel: a.minMfuel,
        committed: (job.committedMask & (1 << i)) !== 0,
        revealed: (job.revealedMask & (1 << i)) !== 0,
        ...(r ? { outputHash: r.outputHash, fuelUsed: r.fuelUsed, resultURI: r.resultURI } : {}),
      };
    }),
    ...(v && v.status !== VerificationStatus.None
      ? {
          verification: {
            status: VERIFICATION_NAMES[v.status],
            ...(started?.type === "verification-started" ? { reason: started.reason } : {}),
            challenger: /^0x0{40}$/.test(v.challenger) ? undefined : v.challenger,
            bond: v.bond,
            verdict: v.verdict,
            rounds: v.rounds.map((r) => ({
              round: r.index,
              seats: r.seats,
              claimed: r.claimed,
              committed: popcount(r.committedMask),
              revealed: popcount(r.revealedMask),
              revealEndsAt: r.revealEndsAt,
              verifiers: r.taken.map((s) => s.account),
            })),
          },
        }
      : {}),
    ...(settled?.type === "settled"
      ? {
          outcome: settled.outcome,
          result: settled.result,
          fuelUsed: settled.fuelUsed,
          ...(winner ? winningFields(events, winner.result) : {}),
          paid: settled.paid,
          refund: settled.refund,
          compensation: settled.compensation,
          slashed: settled.slashed,
        }
      : {}),
    next: nextStep(job, settleable, resolvable, settled !== undefined, now),
  };
}

const VERIFICATION_NAMES: Record<VerificationStatus, string> = {
  [VerificationStatus.None]: "none",
  [VerificationStatus.Audit]: "audit",
  [VerificationStatus.Panel]: "panel",
  [VerificationStatus.Final]: "final",
};

function winningFields(events: JobEvent[], result: string) {
  const w = winningOutput(events, result);
  return { outputHash: w.outputHash, resultURIs: w.uris };
}

function nextStep(
  job: ReadJobReturnType,
  settleable: boolean,
  resolvable: boolean,
  settled: boolean,
  now: number,
): string {
  const id = job.jobId;
  if (job.status === JobStatus.Completed) return `download it: hashwork job result ${id}`;
  if (job.status === JobStatus.Refunded || job.status === JobStatus.Cancelled)
    return `withdraw the refund (if not done): hashwork job refund ${id}`;
  if (settleable) return `anyone can settle it now: hashwork job wait ${id} (or job refund ${id})`;
  if (resolvable) return `anyone can resolve its panel now: hashwork job wait ${id}`;
  if (job.status === JobStatus.Verifying) return `the court's panel decides; follow it: hashwork job wait ${id}`;
  if (job.replicas === 1 && job.audit === AuditState.Undecided && job.committedMask !== 0)
    return `its answer is sealed until its replica reveals and settles it; to check it first: hashwork job wait ${id} --verify`;
  if (job.revealsClosedAt !== 0 && now <= job.timeline.challengeEndsAt)
    return `check the result (hashwork job verify ${id}); challenge it if wrong: hashwork job challenge ${id}`;
  if (job.claimed === 0 && now <= job.claimDeadline) return `waiting for providers; follow it: hashwork job wait ${id}`;
  return settled ? "" : `wait for it: hashwork job wait ${id}`;
}

type Status = ReturnType<typeof summarize>;

function describeStatus(s: Status, chain: Chain, now: number): string {
  const t = chain.tokenInfo;
  const fmt = (x: bigint) => formatAmount(x, t);
  const at = (ts: number) => (ts ? `${formatTime(ts)} (${formatRelative(ts, now)})` : "—");
  const rows: [string, string][] = [
    ["status", s.outcome && s.outcome !== s.status ? `${s.status} (${s.outcome})` : s.status],
    ["requester", s.requester],
    [
      "replicas",
      `${s.claimed}/${s.replicas} claimed, ${s.committed}/${s.replicas} committed, ${s.revealed}/${s.replicas} revealed`,
    ],
    ["fuel", `up to ${s.maxFuel} at up to ${fmt(s.maxPricePerMfuel)} per Mfuel`],
    [
      "escrow",
      `${fmt(s.escrow)} (${s.replicas} × ${fmt(s.budget)} budget, ${fmt(s.fee)} fee, ${fmt(s.auditFee)} audit fee)`,
    ],
    ["class", String(s.resourceClass)],
    ["claim by", at(s.deadlines.claim)],
    ["commit by", at(s.deadlines.commit)],
    ["audit", s.audit],
  ];
  if (s.deadlines.auditCommitEndsAt) rows.push(["auditor commits by", at(s.deadlines.auditCommitEndsAt)]);
  if (s.deadlines.revealEndsAt) rows.push(["reveal by", at(s.deadlines.revealEndsAt)]);
  if (s.deadlines.challengeEndsAt) rows.push(["challenge ends", at(s.deadlines.challengeEndsAt)]);
  if (s.status === "open") rows.push(["settleable", s.settleable ? "yes" : "no"]);
  for (const a of s.assignments) {
    const state = a.outputHash ? `revealed ${a.outputHash}, ${a.fuelUsed} fuel` : a.committed ? "committed" : "claimed";
    rows.push([`slot ${a.slot}`, `${a.provider} at ${fmt(a.pricePerMfuel)}/Mfuel (min ${a.minMfuel} Mfuel): ${state}`]);
  }
  if (s.verification) {
    const v = s.verification;
    rows.push([
      "verification",
      `${v.status}${v.reason ? ` (${v.reason})` : ""}${v.challenger ? `, challenged by ${v.challenger} (bond ${fmt(v.bond)})` : ""}`,
    ]);
    for (const r of v.rounds)
      rows.push([
        r.round === 0 ? "audit round" : `panel round ${r.round}`,
        `${r.claimed}/${r.seats} drawn, ${r.committed} committed, ${r.revealed} revealed`,
      ]);
  }
  if (s.outputHash) rows.push(["output hash", `${s.outputHash} (${s.fuelUsed} fuel)`]);
  if (s.resultURIs?.length) rows.push(["result uri", s.resultURIs.join(", ")]);
  if (s.paid !== undefined) rows.push(["paid", fmt(s.paid)]);
  if (s.refund !== undefined && s.refund + (s.compensation ?? 0n) > 0n)
    rows.push(["refunded", fmt(s.refund + (s.compensation ?? 0n))]);
  if (s.next) rows.push(["next", s.next]);
  return `Job ${s.jobId}\n${table(rows).replace(/^/gm, "  ")}`;
}
