import type { NodeContext, StepResult } from "../../context.js";
import { next, wait } from "../../context.js";
import type { VerificationRecord } from "../../db/verifications.js";
import { checkBundle, checkProvider, checkTime } from "../../draw/eligibility.js";
import { drawInputs, winningSecond } from "../../draw/lottery.js";
import { PREFETCH_ATTEMPTS, prefetch } from "../../draw/prefetch.js";
import { ContractRevertError, TxDroppedError } from "../../errors.js";
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
const LAG_GRACE_MS = 30_000; // an RPC behind the log we handled catches up within this

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

/**
 * seen → claimed | skipped, for an audit (round 0) or a panel round. We never verify a job we are a party of (its
 * requester, a replica, its challenger) or verified in an earlier round. Then the shared draw module decides, as for a
 * replica slot: eligibility (class, stake for the collateral, capacity, reputation, jail), the bundle's limits, the
 * off-chain draw (the auditor's: seed of the commits-closed block, one seat, the job's widening; a panel's: seed of
 * its opening block, `panelSize` seats, the round's widening), and whether this machine can run the job's fuel limit before the round's
 * commit deadline. Then it waits for its winning second and claims the seat.
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
  const seat = seatOf(round, ctx.me);
  if (seat >= 0) return claimed(ctx, v, seat);

  const status = Number(verification.status) as VerificationStatus;
  if (v.round === 0) {
    if (job.status !== JobStatus.Open || job.audit !== AuditState.Audited) {
      return young(v) ? wait(RETRY_MS) : skipVerification(ctx, v, "the job is not under audit (settled, or reorged)");
    }
    if (status !== VerificationStatus.None && status !== VerificationStatus.Audit)
      return skipVerification(ctx, v, "the audit is over");
  } else if (round.seats === 0 || BigInt(v.openedBlock) !== round.openedBlock) {
    return young(v) ? wait(RETRY_MS) : skipVerification(ctx, v, "the round is not open on this chain (reorged)");
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

  const terms = { ...job, claimEndsAt: v.drawEndsAt, maxPricePerMfuel: undefined }; // verifiers have no price cap
  const owed = ctx.owed();
  const eligible = checkProvider(ctx.common.config, terms, provider, now, owed.length);
  if (!eligible.ok) return eligible.final ? skipVerification(ctx, v, eligible.reason) : later(ctx, v, eligible.reason);

  if (v.bundleUri === null || v.bundleHash === null) {
    const known = ctx.jobs.get(v.jobId);
    if (!known) return skipVerification(ctx, v, "the job's posting is unknown to this node");
    ctx.verifications.patch(v, { bundleHash: known.bundleHash, bundleUri: known.bundleUri });
    v = { ...v, bundleHash: known.bundleHash, bundleUri: known.bundleUri };
  }
  const refs = { jobId: v.jobId, bundleUri: v.bundleUri as string, bundleHash: v.bundleHash as string };
  const bundle = await prefetch(ctx, refs, roleOf(v));
  if (!bundle)
    return v.attempts + 1 >= PREFETCH_ATTEMPTS ? skipVerification(ctx, v, "bundle unavailable") : retry(ctx, v);
  if ("skip" in bundle) return skipVerification(ctx, v, bundle.skip);
  const fits = checkBundle(ctx.common.config, bundle.bundle, job.maxFuel);
  if (!fits.ok) return skipVerification(ctx, v, fits.reason);

  if (v.claimAt === null) {
    const d =
      v.round === 0
        ? auditorDraw({ ...job, commitsClosedBlock: v.openedBlock, commitsClosedAt: openedAt }, v.drawEndsAt)
        : panelDraw({ ...v, openedAt, wideningPeriod: round.wideningPeriod });
    const won = winningSecond(ctx, d, inputs!, v.jobId);
    if (won.kind === "not-ready") return wait(250); // the seed block is not mined yet: next block
    if (won.kind === "never") return skipVerification(ctx, v, "not drawn before the draw deadline");
    ctx.verifications.patch(v, { claimAt: won.at });
    v = { ...v, claimAt: won.at };
    ctx.common.logger.debug({ jobId: v.jobId.toString(), round: v.round, claimAt: won.at }, "verifier lottery won");
  }
  const claimAt = v.claimAt as number;
  const inTime = checkTime(
    ctx.common.config,
    { maxFuel: job.maxFuel, commitEndsAt: v.commitEndsAt },
    Math.max(now, claimAt),
    { nowSec: now, owed: ctx.owed() }, // read again: other records may have claimed while this one fetched
  );
  if (!inTime.ok) return inTime.final ? skipVerification(ctx, v, inTime.reason) : later(ctx, v, inTime.reason);
  const ms = ctx.clock.msUntil(claimAt);
  if (ms > 0) return wait(Math.min(ms, ctx.clock.msUntil(v.drawEndsAt + 1)));
  // Owed from now on (same tick as the check): a claim being mined counts for every other record's check.
  const key = `seat:${v.jobId}:${v.round}`;
  ctx.claiming.set(key, { maxFuel: job.maxFuel, commitEndsAt: v.commitEndsAt });
  try {
    return await claim(ctx, v, round.claimed);
  } finally {
    ctx.claiming.delete(key);
  }
}

async function claim(ctx: NodeContext, v: VerificationRecord, claimedBefore: number): Promise<StepResult> {
  try {
    const mined = await ctx.tx.send({
      call: prepareClaimVerifier(ctx.contracts.court, { jobId: v.jobId }),
      kind: "claim-verifier",
      jobId: v.jobId,
    });
    return claimed(ctx, v, drawnSeat(ctx, mined.receipt.logs) ?? claimedBefore);
  } catch (error) {
    if (error instanceof TxDroppedError) return next;
    if (!(error instanceof ContractRevertError)) throw error;
    const name = error.errorName;
    if (LOST.has(name)) {
      // The seat may be ours after all (a transaction of ours re-mined by a reorg): the chain decides.
      const round = await readRound(ctx.contracts.court, { jobId: v.jobId, round: v.round });
      const mine = seatOf(round, ctx.me);
      return mine >= 0 ? claimed(ctx, v, mine) : skipVerification(ctx, v, `verifier claim rejected: ${name}`);
    }
    if (LATER.has(name)) return later(ctx, v, `verifier claim rejected for now: ${name}`);
    if (name === "VerificationCourtNotDrawn" || name === "RandomnessSeedNotReady") {
      // The chain's clock is behind our estimate, or the seed moved: draw again if we are late.
      if (ctx.clock.now() > (v.claimAt as number) + 5) ctx.verifications.patch(v, { claimAt: null });
      return wait(1_000);
    }
    if (name === "JobMarketCommitsNotClosed") return wait(1_000);
    return skipVerification(ctx, v, `verifier claim rejected: ${name}`);
  }
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

/** A record announced moments ago: an RPC that lags behind the log may not show its round yet. */
function young(v: VerificationRecord): boolean {
  return Date.now() - v.seenMs < LAG_GRACE_MS;
}

function claimed(ctx: NodeContext, v: VerificationRecord, seat: number): StepResult {
  moveVerification(ctx, v, "claimed", { seat, attempts: 0, reason: null });
  return next;
}

function later(ctx: NodeContext, v: VerificationRecord, reason: string): StepResult {
  if (v.reason !== reason) {
    ctx.verifications.patch(v, { reason });
    ctx.common.logger.debug({ jobId: v.jobId.toString(), round: v.round, reason }, "not eligible yet");
  }
  return wait(RETRY_MS);
}

function retry(ctx: NodeContext, v: VerificationRecord): StepResult {
  ctx.verifications.patch(v, { attempts: v.attempts + 1 });
  return wait(RETRY_MS * 2 ** v.attempts);
}
