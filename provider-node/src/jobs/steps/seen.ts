import type { NodeContext, StepResult } from "../../context.js";
import { next, wait } from "../../context.js";
import type { JobRecord } from "../../db/jobs.js";
import { drawAndClaim, type Seat, type SentClaim } from "../../draw/claim.js";
import { drawInputs } from "../../draw/lottery.js";
import { JobStatus, prepareClaim, readJob, replicaDraw, slotOf } from "../../sdk.js";
import { move, postingReorgedOut } from "../move.js";
import { ranFirst, runFirst } from "./runFirst.js";

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

const NOT_DRAWN = new Set(["JobMarketNotDrawn", "RandomnessSeedNotReady"]);
const AGAIN = new Set(["JobMarketAlreadyOnJob"]); // our slot, from a claim of ours mined meanwhile

/**
 * seen → claimed | executed | skipped. Checks that the job is open and not ours, then the shared draw-and-claim path
 * decides (draw/claim.ts): eligibility, the bundle, the off-chain draw (the job's own widening, fixed at posting),
 * whether this machine can burn the job's whole fuel limit before the commit deadline from its winning second, the
 * wait, the claim. A short job runs before its claim, which commits to the answer (runFirst.ts): then → executed.
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
    job.claimAt === null ? drawInputs(ctx, job.postedBlock, job.jobId) : undefined,
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
  const readsMs = Date.now() - stepStart;

  const seat: Seat = {
    key: `job:${job.jobId}`,
    role: "replica",
    refs: job,
    terms: { ...job, claimEndsAt: job.claimDeadline },
    commitEndsAt: job.commitDeadline,
    attempts: job.attempts,
    claimAt: job.claimAt,
    reason: job.reason,
    draw: () => replicaDraw({ ...chain, postedBlock: job.postedBlock }),
    inputs,
    drawCloses: "the claim deadline",
    claim: {
      call: prepareClaim(ctx.contracts.market, { jobId: job.jobId }),
      runFirst: () => runFirst(ctx, job),
      kind: "claim",
      what: "claim",
      lost: LOST,
      later: LATER,
      notDrawn: NOT_DRAWN,
      again: AGAIN,
      won: (logs) => claimedSlot(ctx, logs),
      claimedBefore: chain.claimed,
      ours: async () => slotOf(await readJob(ctx.contracts.market, { jobId: job.jobId }), ctx.me),
    },
  };
  return drawAndClaim(
    ctx,
    seat,
    {
      skip: (reason) => skip(ctx, job, reason),
      patch: (p) => ctx.jobs.patch(job.jobId, p),
      claimed: (index, sent) =>
        claimed(ctx, job, index, sent && overheadMs(ctx, job, sent, { sinceSeenMs: stepStart - job.seenMs, readsMs })),
    },
    provider,
    now,
  );
}

/**
 * The claim's overhead: from when the job became claimable for us (seen, or our winning second if later) to the
 * claim's broadcast; fetching the bundle and module in this run does not count (measured separately by the store).
 */
function overheadMs(
  ctx: NodeContext,
  job: JobRecord,
  { mined, claimAt, fetchMs, runMs }: SentClaim,
  timing: Record<string, number>,
): number | undefined {
  const claimAtMs = Date.now() + (claimAt - ctx.clock.now()) * 1000;
  const readyMs = Math.max(claimAtMs, job.seenMs) + fetchMs + runMs; // a run before the claim is not overhead
  const sentMs = ctx.tx.takeSentMs(mined.record.id);
  const overhead = sentMs === undefined ? undefined : Math.max(0, sentMs - readyMs);
  ctx.common.logger.debug(
    { jobId: job.jobId.toString(), overheadMs: overhead, fetchMs, runMs, ...timing },
    "claim overhead",
  );
  if (overhead !== undefined) ctx.common.metrics.overheadSeconds.observe(overhead / 1000);
  return overhead;
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
  // A job run before its claim holds its answer: the claim committed to it (or, if a plain claim of ours was mined
  // instead, `executed` commits it), and it is never run again (a new salt would not match the commitment).
  move(ctx, job, ranFirst(ctx, job) ? "executed" : "claimed", {
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
