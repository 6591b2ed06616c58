import type { VerificationRecord } from "../../db/verifications.js";
import { ContractRevertError, TxDroppedError } from "../../errors.js";
import { checkBundle, checkProvider } from "../../jobs/eligibility.js";
import { prefetch } from "../../jobs/steps/seen.js";
import { DisputeStatus, prepareClaimVerifier, readDispute, readJob, type ReadDisputeReturnType } from "../../sdk.js";
import { next, wait } from "../../jobs/context.js";
import { moveVerification, type StepResult, type VerifyContext } from "../context.js";
import { verifierClaimTime, verifierLotteryInputs } from "../lottery.js";

const RETRY_MS = 2_000;
const PREFETCH_ATTEMPTS = 5;

// Revert reasons of a verifier claim that mean "this dispute is not for us" rather than "try again".
const LOST = new Set([
  "DisputeCourtSlotsFull",
  "DisputeCourtDrawClosed",
  "DisputeCourtNotOpen",
  "DisputeCourtIneligibleVerifier",
  "ProviderRegistryNotRegistered",
  "ProviderRegistryClassNotServed",
  "ProviderRegistryPriceTooHigh",
  "ProviderRegistryReputationTooLow",
]);
const LATER = new Set([
  "ProviderRegistryAtCapacity",
  "ProviderRegistryInsufficientFreeStake",
  "ProviderRegistryJailed",
]);

/**
 * seen → claimed | skipped. Checks that the dispute is open and that we may and can verify it (not a party,
 * class, price, reputation, free stake for the collateral, capacity, the bundle's limits and the time left
 * before the commit deadline), fetches the job's bundle and module, draws the verifier lottery off-chain,
 * waits for the earliest winning second and claims a verifier slot.
 */
export async function stepVerifySeen(ctx: VerifyContext, v: VerificationRecord): Promise<StepResult> {
  const me = ctx.me.toLowerCase();
  if ([v.provider, v.requester, v.challenger].some((a) => a.toLowerCase() === me))
    return skip(ctx, v, "party to the dispute");
  if (ctx.draining()) return wait(RETRY_MS);

  const [d, provider, inputs] = await Promise.all([
    readDispute(ctx.court, { jobId: v.jobId }),
    ctx.providerRecord(),
    v.claimAt === null ? verifierLotteryInputs(ctx, v) : undefined,
  ]);
  const now = ctx.clock.now();
  if (d.status === DisputeStatus.None) {
    // This RPC lags behind the log we handled, or the dispute's block was reorged out.
    const block = await ctx.blockHash(v.openedBlock);
    if (block !== undefined && block !== v.openedBlockHash) return skip(ctx, v, "dispute block was reorged out");
    return wait(RETRY_MS);
  }
  const slot = slotOf(d, ctx.me);
  if (slot >= 0) return claimed(ctx, v, slot);
  if (d.status !== DisputeStatus.Open) return skip(ctx, v, "dispute resolved before we were drawn");
  if (d.claimed >= d.verifiers) return skip(ctx, v, "all verifier slots taken");
  if (now > d.drawDeadline) return skip(ctx, v, "draw deadline passed");

  const terms = {
    resourceClass: d.resourceClass,
    maxPrice: d.maxPrice,
    minReputation: d.minReputation,
    claimDeadline: d.drawDeadline,
    collateral: d.collateral,
  };
  const eligible = checkProvider(ctx.common.config, terms, provider, now, ctx.working());
  if (!eligible.ok) return eligible.final ? skip(ctx, v, eligible.reason) : later(ctx, v, eligible.reason);

  if (v.bundleUri === null || v.bundleHash === null) {
    const found = await jobBundle(ctx, v.jobId);
    if (!found) return skip(ctx, v, "the job's posting log was not found");
    ctx.verifications.patch(v.jobId, found);
    v = { ...v, ...found };
  }
  const bundle = await prefetch(ctx, {
    jobId: v.jobId,
    bundleUri: v.bundleUri as string,
    bundleHash: v.bundleHash as string,
  });
  if (!bundle) return v.attempts + 1 >= PREFETCH_ATTEMPTS ? skip(ctx, v, "bundle unavailable") : retry(ctx, v);
  if ("skip" in bundle) return skip(ctx, v, bundle.skip);
  const fits = checkBundle(ctx.common.config, { commitDeadline: d.commitDeadline }, bundle.bundle, now);
  if (!fits.ok) return skip(ctx, v, fits.reason);

  if (v.claimAt === null) {
    if (!inputs) return wait(250); // the seed block is not mined yet: next block
    const at = verifierClaimTime(ctx, v, d.openedAt, inputs);
    if (at === undefined) return skip(ctx, v, "not drawn before the draw deadline");
    ctx.verifications.patch(v.jobId, { claimAt: at });
    v = { ...v, claimAt: at };
    ctx.common.logger.debug({ jobId: v.jobId.toString(), role: "verifier", claimAt: at }, "verifier lottery won");
  }
  const ms = ctx.clock.msUntil(v.claimAt as number);
  if (ms > 0) return wait(Math.min(ms, ctx.clock.msUntil(d.drawDeadline + 1)));
  return claim(ctx, v, d);
}

async function claim(ctx: VerifyContext, v: VerificationRecord, d: ReadDisputeReturnType): Promise<StepResult> {
  try {
    const mined = await ctx.tx.send({
      call: prepareClaimVerifier(ctx.court, { jobId: v.jobId }),
      kind: "claim-verifier",
      jobId: v.jobId,
    });
    return claimed(ctx, v, drawnSlot(ctx, mined.receipt.logs) ?? d.claimed);
  } catch (error) {
    if (error instanceof TxDroppedError) return next;
    if (!(error instanceof ContractRevertError)) throw error;
    const name = error.errorName;
    if (name === "DisputeCourtAlreadyVerifier") return next; // re-read: the slot is ours
    if (LOST.has(name)) {
      // The slot may be ours after all (a transaction of ours re-mined by a reorg): the chain decides.
      const now = await readDispute(ctx.court, { jobId: v.jobId });
      const mine = slotOf(now, ctx.me);
      return mine >= 0 ? claimed(ctx, v, mine) : skip(ctx, v, `verifier claim rejected: ${name}`);
    }
    if (LATER.has(name)) return later(ctx, v, `verifier claim rejected for now: ${name}`);
    if (name === "DisputeCourtNotDrawn" || name === "RandomnessSeedNotReady") {
      // The chain's clock is behind our estimate, or the seed moved: draw again if we are late.
      if (ctx.clock.now() > (v.claimAt as number) + 5) ctx.verifications.patch(v.jobId, { claimAt: null });
      return wait(1_000);
    }
    return skip(ctx, v, `verifier claim rejected: ${name}`);
  }
}

/** The job's bundle hash and URI: from our jobs table, else from its JobPosted log (one block, by id). */
async function jobBundle(
  ctx: VerifyContext,
  jobId: bigint,
): Promise<{ bundleHash: string; bundleUri: string } | undefined> {
  const known = ctx.jobs.get(jobId);
  if (known) return { bundleHash: known.bundleHash, bundleUri: known.bundleUri };
  const job = await readJob(ctx.contracts.market, { jobId });
  const market = ctx.contracts.market;
  const block = Number(job.postedBlock);
  const logs = await market.queryFilter(market.filters.JobPosted(jobId), block, block);
  const log = logs[0];
  return log && { bundleHash: log.args.bundleHash, bundleUri: log.args.bundleURI };
}

function drawnSlot(
  ctx: VerifyContext,
  logs: readonly { topics: readonly string[]; data: string }[],
): number | undefined {
  for (const log of logs) {
    try {
      const parsed = ctx.court.interface.parseLog(log);
      if (parsed?.name === "VerifierDrawn" && String(parsed.args.verifier).toLowerCase() === ctx.me.toLowerCase())
        return Number(parsed.args.slot);
    } catch {
      // not a court log
    }
  }
  return undefined;
}

/** Our verifier slot in the dispute, or -1. */
export function slotOf(d: ReadDisputeReturnType, me: string): number {
  return d.slots.findIndex((s) => s.account.toLowerCase() === me.toLowerCase());
}

function claimed(ctx: VerifyContext, v: VerificationRecord, slot: number): StepResult {
  moveVerification(ctx, v, "claimed", { slot, attempts: 0, reason: null });
  return next;
}

function skip(ctx: VerifyContext, v: VerificationRecord, reason: string): StepResult {
  moveVerification(ctx, v, "skipped", { reason });
  return { kind: "done" };
}

function later(ctx: VerifyContext, v: VerificationRecord, reason: string): StepResult {
  if (v.reason !== reason) {
    ctx.verifications.patch(v.jobId, { reason });
    ctx.common.logger.debug({ jobId: v.jobId.toString(), role: "verifier", reason }, "not eligible yet");
  }
  return wait(RETRY_MS);
}

function retry(ctx: VerifyContext, v: VerificationRecord): StepResult {
  ctx.verifications.patch(v.jobId, { attempts: v.attempts + 1 });
  return wait(RETRY_MS * 2 ** v.attempts);
}
