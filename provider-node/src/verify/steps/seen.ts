import type { NodeContext, StepResult } from "../../context.js";
import { next, wait } from "../../context.js";
import type { VerificationRecord } from "../../db/verifications.js";
import { withinRpcLag } from "../../chain/rpc.js";
import { drawAndClaim, type Seat } from "../../draw/claim.js";
import { drawInputs } from "../../draw/lottery.js";
import {
  AuditState,
  JobStatus,
  VerificationStatus,
  auditorDraw,
  panelDraw,
  prepareClaimVerifier,
  readJob,
  readRound,
  seatOf,
  slotOf,
} from "../../sdk.js";
import { moveVerification, roleOf, skipVerification } from "../move.js";

const RETRY_MS = 2_000;

// Revert reasons of a verifier claim that mean "this seat is not for us" rather than "try again".
const LOST = new Set([
  "VerificationCourtSeatsFull",
  "VerificationCourtDrawClosed",
  "VerificationCourtNotOpen",
  "VerificationCourtNotAudited",
  "VerificationCourtIneligible",
  "RandomnessSeedExpired",
  "ProviderRegistryNotRegistered",
  "ProviderRegistryClassNotServed",
  "ProviderRegistryReputationTooLow",
]);
const LATER = new Set([
  "VerificationCourtPoolInsufficient",
  "ProviderRegistryAtCapacity",
  "ProviderRegistryInsufficientFreeStake",
  "ProviderRegistryJailed",
]);

const NOT_DRAWN = new Set(["VerificationCourtNotDrawn", "RandomnessSeedNotReady"]);
const AGAIN = new Set(["JobMarketCommitsNotClosed"]); // the audit's draw opens with the commits-closed block

/**
 * seen → claimed | skipped, for an audit (round 0) or a panel round. We never verify a job we are a party of (its
 * requester, a replica, its challenger) or verified in an earlier round. Then the draw-and-claim path shared with
 * replica slots decides (draw/claim.ts): eligibility (class, stake for the collateral, capacity, reputation, jail), the
 * bundle's limits, the off-chain draw (the auditor's: seed of the commits-closed block, one seat, the job's widening; a
 * panel's: seed of its opening block, `panelSize` seats, the round's widening), whether this machine can run the job's
 * fuel limit before the round's commit deadline, the wait for our winning second, and the claim of the seat.
 */
export async function stepVerifySeen(ctx: NodeContext, v: VerificationRecord): Promise<StepResult> {
  if (ctx.draining()) return wait(RETRY_MS);
  const { market, court } = ctx.contracts;
  const [job, verification, round, provider, inputs] = await Promise.all([
    readJob(market, { jobId: v.jobId }),
    court.getVerification(v.jobId),
    readRound(court, { jobId: v.jobId, round: v.round }),
    ctx.providerRecord(),
    v.claimAt === null ? drawInputs(ctx, v.openedBlock) : undefined,
  ]);
  const mine = seatOf(round, ctx.me);
  if (mine >= 0) return claimed(ctx, v, mine);

  const status = Number(verification.status) as VerificationStatus;
  if (v.round === 0) {
    if (job.status !== JobStatus.Open || job.audit !== AuditState.Audited) {
      return withinRpcLag(v.seenMs)
        ? wait(RETRY_MS)
        : skipVerification(ctx, v, "the job is not under audit (settled, or reorged)");
    }
    if (status !== VerificationStatus.None && status !== VerificationStatus.Audit)
      return skipVerification(ctx, v, "the audit is over");
  } else if (round.seats === 0 || BigInt(v.openedBlock) !== round.openedBlock) {
    return withinRpcLag(v.seenMs)
      ? wait(RETRY_MS)
      : skipVerification(ctx, v, "the round is not open on this chain (reorged)");
  } else if (status !== VerificationStatus.Panel || Number(verification.round) !== v.round) {
    return skipVerification(ctx, v, "the round closed before we were drawn");
  }
  const openedAt = v.round === 0 ? job.commitsClosedAt : round.openedAt;
  if (v.openedAt !== openedAt) {
    ctx.verifications.patch(v, { openedAt });
    v = { ...v, openedAt };
  }
  if (round.claimed >= v.seats) return skipVerification(ctx, v, "all seats taken");
  const now = ctx.clock.now();
  if (now > v.drawEndsAt) return skipVerification(ctx, v, "draw deadline passed");

  // Nobody with a stake in the result verifies it, and nobody verifies a job twice (the court enforces both).
  const me = ctx.me.toLowerCase();
  if (job.requester.toLowerCase() === me || slotOf(job, ctx.me) >= 0)
    return skipVerification(ctx, v, "a party of the job");
  if (verification.challenger.toLowerCase() === me) return skipVerification(ctx, v, "our own challenge");
  if (ctx.verifications.ofJob(v.jobId).some((r) => r.round !== v.round && r.seat !== null))
    return skipVerification(ctx, v, "we verified this job in an earlier round");

  if (v.bundleUri === null || v.bundleHash === null) {
    const known = ctx.jobs.get(v.jobId);
    if (!known) return skipVerification(ctx, v, "the job's posting is unknown to this node");
    ctx.verifications.patch(v, { bundleHash: known.bundleHash, bundleUri: known.bundleUri });
    v = { ...v, bundleHash: known.bundleHash, bundleUri: known.bundleUri };
  }
  const record = v;
  const seat: Seat = {
    key: `seat:${v.jobId}:${v.round}`,
    role: roleOf(v),
    refs: { jobId: v.jobId, bundleUri: v.bundleUri as string, bundleHash: v.bundleHash as string },
    terms: { ...job, claimEndsAt: v.drawEndsAt, maxPricePerMfuel: undefined }, // verifiers have no price cap
    commitEndsAt: v.commitEndsAt,
    attempts: v.attempts,
    claimAt: v.claimAt,
    reason: v.reason,
    draw: () =>
      record.round === 0
        ? auditorDraw({ ...job, commitsClosedBlock: record.openedBlock, commitsClosedAt: openedAt }, record.drawEndsAt)
        : panelDraw({ ...record, openedAt, wideningPeriod: round.wideningPeriod }),
    inputs,
    drawCloses: "the draw deadline",
    claim: {
      call: prepareClaimVerifier(ctx.contracts.court, { jobId: v.jobId }),
      kind: "claim-verifier",
      what: "verifier claim",
      lost: LOST,
      later: LATER,
      notDrawn: NOT_DRAWN,
      again: AGAIN,
      won: (logs) => drawnSeat(ctx, logs),
      claimedBefore: round.claimed,
      ours: async () =>
        seatOf(await readRound(ctx.contracts.court, { jobId: record.jobId, round: record.round }), ctx.me),
    },
  };
  return drawAndClaim(
    ctx,
    seat,
    {
      skip: (reason) => skipVerification(ctx, record, reason),
      patch: (p) => ctx.verifications.patch(record, p),
      claimed: (index) => claimed(ctx, record, index),
    },
    provider,
    now,
  );
}

function drawnSeat(ctx: NodeContext, logs: readonly { topics: readonly string[]; data: string }[]): number | undefined {
  for (const log of logs) {
    try {
      const parsed = ctx.contracts.court.interface.parseLog(log);
      if (parsed?.name === "VerifierDrawn" && String(parsed.args.verifier).toLowerCase() === ctx.me.toLowerCase())
        return Number(parsed.args.seat);
    } catch {
      // not a court log
    }
  }
  return undefined;
}

function claimed(ctx: NodeContext, v: VerificationRecord, seat: number): StepResult {
  moveVerification(ctx, v, "claimed", { seat, attempts: 0, reason: null });
  return next;
}
