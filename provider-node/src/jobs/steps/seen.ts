import type { NodeContext, StepResult } from "../../context.js";
import { next, wait } from "../../context.js";
import type { JobRecord } from "../../db/jobs.js";
import { checkBundle, checkProvider, checkTime } from "../../draw/eligibility.js";
import { drawInputs, winningSecond } from "../../draw/lottery.js";
import { PREFETCH_ATTEMPTS, prefetch } from "../../draw/prefetch.js";
import { ContractRevertError, TxDroppedError } from "../../errors.js";
import { JobStatus, prepareClaim, readJob, replicaDraw, slotOf, type ReadJobReturnType } from "../../sdk.js";
import { move, postingReorgedOut } from "../move.js";

const RETRY_MS = 2_000;

// Revert reasons of a claim that mean "this job is not for us" rather than "try again".
const LOST = new Set([
  "JobMarketSlotsFull",
  "JobMarketClaimClosed",
  "JobMarketJobNotOpen",
  "JobMarketRequesterCannotClaim",
  "RandomnessSeedExpired",
  "ProviderRegistryNotRegistered",
  "ProviderRegistryClassNotServed",
  "ProviderRegistryPriceTooHigh",
  "ProviderRegistryMinimumTooHigh",
  "ProviderRegistryReputationTooLow",
]);
const LATER = new Set([
  "JobMarketPaused",
  "ProviderRegistryAtCapacity",
  "ProviderRegistryInsufficientFreeStake",
  "ProviderRegistryJailed",
]);

/**
 * seen → claimed | skipped. Checks that the job is open and that we may and can run it (the shared eligibility:
 * class, price, minimum fuel, stake, capacity, reputation, jail, bundle limits), fetches and verifies the bundle and
 * module, draws the lottery off-chain (the job's own widening, fixed at posting), abstains unless this machine can burn the job's whole fuel limit before the
 * commit deadline from its winning second, waits for that second and claims.
 */
export async function stepSeen(ctx: NodeContext, job: JobRecord): Promise<StepResult> {
  const now = ctx.clock.now();
  if (now > job.claimDeadline) return skip(ctx, job, "claim deadline passed");
  if (ctx.draining()) return wait(RETRY_MS);
  if (job.requester.toLowerCase() === ctx.me.toLowerCase()) return skip(ctx, job, "own job");

  // One round trip: the job, our registry record and (until drawn) the draw's inputs.
  const stepStart = Date.now();
  const [chain, provider, inputs] = await Promise.all([
    readJob(ctx.contracts.market, { jobId: job.jobId }),
    ctx.providerRecord(),
    job.claimAt === null ? drawInputs(ctx, job.postedBlock) : undefined,
  ]);
  if (chain.status === JobStatus.None) {
    if (await postingReorgedOut(ctx, job)) return skip(ctx, job, "posting block was reorged out");
    return wait(RETRY_MS); // this RPC lags behind the log we handled
  }
  const slot = slotOf(chain, ctx.me);
  if (slot >= 0) return claimed(ctx, job, slot);
  if (chain.status !== JobStatus.Open) return skip(ctx, job, `job is ${JobStatus[chain.status]}`);
  if (chain.claimed >= chain.replicas) return skip(ctx, job, "all slots taken");
  if (job.postedAt === null) {
    ctx.jobs.patch(job.jobId, { postedAt: chain.postedAt });
    job = { ...job, postedAt: chain.postedAt };
  }

  const terms = { ...job, claimEndsAt: job.claimDeadline };
  const owed = ctx.owed();
  const eligible = checkProvider(ctx.common.config, terms, provider, now, owed.length);
  if (!eligible.ok) return eligible.final ? skip(ctx, job, eligible.reason) : later(ctx, job, eligible.reason);

  const readsMs = Date.now() - stepStart;
  const fetchStart = Date.now();
  const bundle = await prefetch(ctx, job, "replica");
  const fetchMs = Date.now() - fetchStart;
  if (!bundle) return job.attempts + 1 >= PREFETCH_ATTEMPTS ? skip(ctx, job, "bundle unavailable") : retry(ctx, job);
  if ("skip" in bundle) return skip(ctx, job, bundle.skip);
  const fits = checkBundle(ctx.common.config, bundle.bundle, job.maxFuel);
  if (!fits.ok) return skip(ctx, job, fits.reason);

  if (job.claimAt === null) {
    const draw = replicaDraw({ ...chain, postedBlock: job.postedBlock });
    const won = winningSecond(ctx, draw, inputs!, job.jobId);
    if (won.kind === "not-ready") return wait(250); // the seed block is not mined yet: next block
    if (won.kind === "never") return skip(ctx, job, "not drawn before the claim deadline");
    ctx.jobs.patch(job.jobId, { claimAt: won.at });
    job = { ...job, claimAt: won.at };
    ctx.common.logger.debug({ jobId: job.jobId.toString(), claimAt: won.at }, "lottery won");
  }
  const claimAt = job.claimAt as number;
  const inTime = checkTime(
    ctx.common.config,
    { maxFuel: job.maxFuel, commitEndsAt: job.commitDeadline },
    Math.max(now, claimAt),
    { nowSec: now, owed: ctx.owed() }, // read again: other records may have claimed while this one fetched
  );
  if (!inTime.ok) return inTime.final ? skip(ctx, job, inTime.reason) : later(ctx, job, inTime.reason);
  const ms = ctx.clock.msUntil(claimAt);
  if (ms > 0) return wait(ms);
  // Owed from now on (same tick as the check): a claim being mined counts for every other record's check.
  const key = `job:${job.jobId}`;
  ctx.claiming.set(key, { maxFuel: job.maxFuel, commitEndsAt: job.commitDeadline });
  try {
    return await claim(ctx, job, chain, fetchMs, { sinceSeenMs: stepStart - job.seenMs, readsMs });
  } finally {
    ctx.claiming.delete(key);
  }
}

async function claim(
  ctx: NodeContext,
  job: JobRecord,
  chain: ReadJobReturnType,
  fetchMs: number,
  timing: Record<string, number>,
): Promise<StepResult> {
  // Overhead clock starts when the job became claimable for us: seen, or our winning second if later; fetching the
  // bundle and module in this run does not count (measured separately by the store).
  const claimAtMs = Date.now() + ((job.claimAt as number) - ctx.clock.now()) * 1000;
  const readyMs = Math.max(claimAtMs, job.seenMs) + fetchMs;
  try {
    const mined = await ctx.tx.send({
      call: prepareClaim(ctx.contracts.market, { jobId: job.jobId }),
      kind: "claim",
      jobId: job.jobId,
    });
    const sentMs = ctx.tx.takeSentMs(mined.record.id);
    const overhead = sentMs === undefined ? undefined : Math.max(0, sentMs - readyMs);
    ctx.common.logger.debug(
      { jobId: job.jobId.toString(), overheadMs: overhead, fetchMs, ...timing },
      "claim overhead",
    );
    if (overhead !== undefined) ctx.common.metrics.overheadSeconds.observe(overhead / 1000);
    const slot = claimedSlot(ctx, mined.receipt.logs) ?? chain.claimed;
    return claimed(ctx, job, slot, overhead);
  } catch (error) {
    if (error instanceof TxDroppedError) return next; // re-read the chain
    if (!(error instanceof ContractRevertError)) throw error;
    const name = error.errorName;
    if (name === "JobMarketAlreadyOnJob") return next;
    if (LOST.has(name)) {
      // The slot may be ours after all (a transaction of ours re-mined by a reorg): the chain decides.
      const now = await readJob(ctx.contracts.market, { jobId: job.jobId });
      const mine = slotOf(now, ctx.me);
      return mine >= 0 ? claimed(ctx, job, mine) : skip(ctx, job, `claim rejected: ${name}`);
    }
    if (LATER.has(name)) return later(ctx, job, `claim rejected for now: ${name}`);
    if (name === "JobMarketNotDrawn" || name === "RandomnessSeedNotReady") {
      // The chain's clock is behind our estimate, or the seed moved (a reorg): draw again if we are late.
      if (ctx.clock.now() > (job.claimAt as number) + 5) ctx.jobs.patch(job.jobId, { claimAt: null });
      return wait(1_000);
    }
    return skip(ctx, job, `claim rejected: ${name}`);
  }
}

function claimedSlot(
  ctx: NodeContext,
  logs: readonly { topics: readonly string[]; data: string }[],
): number | undefined {
  for (const log of logs) {
    try {
      const parsed = ctx.contracts.market.interface.parseLog(log);
      if (parsed?.name === "JobClaimed" && String(parsed.args.provider).toLowerCase() === ctx.me.toLowerCase()) {
        return Number(parsed.args.slot);
      }
    } catch {
      // not a market log
    }
  }
  return undefined;
}

function claimed(ctx: NodeContext, job: JobRecord, slot: number, overheadMs?: number): StepResult {
  move(ctx, job, "claimed", {
    slot,
    attempts: 0,
    reason: null,
    ...(overheadMs === undefined ? {} : { claimOverheadMs: Math.round(overheadMs) }),
  });
  return next;
}

function skip(ctx: NodeContext, job: JobRecord, reason: string): StepResult {
  move(ctx, job, "skipped", { reason });
  return { kind: "done" };
}

function later(ctx: NodeContext, job: JobRecord, reason: string): StepResult {
  if (job.reason !== reason) {
    ctx.jobs.patch(job.jobId, { reason });
    ctx.common.logger.debug({ jobId: job.jobId.toString(), reason }, "not eligible yet");
  }
  return wait(RETRY_MS);
}

function retry(ctx: NodeContext, job: JobRecord): StepResult {
  ctx.jobs.patch(job.jobId, { attempts: job.attempts + 1 });
  return wait(RETRY_MS * 2 ** job.attempts);
}
