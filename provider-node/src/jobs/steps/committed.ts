import type { NodeContext, StepResult } from "../../context.js";
import { next, wait, waitUntil } from "../../context.js";
import type { JobRecord } from "../../db/jobs.js";
import { ContractRevertError, TxDroppedError } from "../../errors.js";
import { failpoint } from "../../failpoints.js";
import {
  AuditState,
  JobStatus,
  SeedStatus,
  blockHashWindow,
  isAuditedBySeed,
  jobCommitsClosed,
  prepareDecideAudit,
  prepareReveal,
  prepareRevealAndSettle,
  readJob,
  slotOf,
  type ReadJobReturnType,
} from "../../sdk.js";
import { REPLICA_TURN_MS, clearTurn, msUntilTurn } from "../../turns.js";
import { publishOutput } from "../../work/publish.js";
import { ASSIGNMENT_GONE, fail, move, vanished } from "../move.js";
import { stepSettle } from "./settle.js";

/**
 * committed → revealed. Waits for commits to close (CommitsClosed, or the commit deadline), takes the audit decision
 * when nobody has (replicas in turn by slot; a race is harmless), and reveals: an unaudited job at once, an audited one
 * only once its auditor committed (court VerdictCommitted, round 0) or the auditor's commit window ended — the auditor
 * never sees the answer it checks. Reveals close at `revealEndsAt`: only the chain's refusal (the reveal's simulation
 * failing with DeadlinePassed) ends the job, never our estimate of its clock, which may run a second ahead. A k = 1
 * job that is not audited keeps its answer sealed through its challenge window and then reveals and settles in one
 * transaction (see sealedThroughWindow).
 */
export async function stepCommitted(ctx: NodeContext, job: JobRecord): Promise<StepResult> {
  await publishOutput(ctx, job, ctx.outputs, () => ctx.jobs.patch(job.jobId, { outputStored: true }), "replica");
  const chain = await readJob(ctx.contracts.market, { jobId: job.jobId });
  if (chain.status === JobStatus.Verifying) return fail(ctx, job, "reveals closed without our reveal");
  if (chain.status === JobStatus.None) return vanished(ctx, job);
  if (chain.status !== JobStatus.Open) return stepSettle(ctx, job);
  const slot = slotOf(chain, ctx.me);
  if (slot < 0) return fail(ctx, job, ASSIGNMENT_GONE);
  if ((chain.revealedMask & (1 << slot)) !== 0) return revealed(ctx, job);
  const now = ctx.clock.now();
  if (!jobCommitsClosed(chain, now)) return waitUntil(ctx, chain.commitDeadline); // ResultCommitted logs wake us

  if (chain.audit === AuditState.Undecided) {
    return chain.replicas === 1 ? sealedThroughWindow(ctx, job, chain) : decideAudit(ctx, job, slot);
  }
  const audited = chain.audit === AuditState.Audited;
  if (job.audited !== audited) ctx.jobs.patch(job.jobId, { audited });
  clearTurn(`decide:${job.jobId}`);
  if (audited && now <= chain.timeline.auditCommitEndsAt && !(await ctx.contracts.court.auditCommitted(job.jobId))) {
    return waitUntil(ctx, chain.timeline.auditCommitEndsAt, 5_000); // the auditor's VerdictCommitted wakes us
  }
  return reveal(ctx, job, chain, slot);
}

/** Takes the audit decision in our slot's turn (anyone may; a reveal of an unaudited job would take it too). */
async function decideAudit(ctx: NodeContext, job: JobRecord, slot: number): Promise<StepResult> {
  const turn = msUntilTurn(`decide:${job.jobId}`, slot * REPLICA_TURN_MS);
  if (turn > 0) return wait(turn);
  try {
    const call = prepareDecideAudit(ctx.contracts.market, { jobId: job.jobId });
    await ctx.tx.send({ call, kind: "decide-audit", jobId: job.jobId });
    return next;
  } catch (error) {
    if (error instanceof TxDroppedError) return next;
    if (!(error instanceof ContractRevertError)) throw error;
    const name = error.errorName;
    if (name === "JobMarketAuditAlreadyDecided" || name === "JobMarketJobNotOpen") return next; // someone was faster
    // The audit seed's block is not mined yet, or the chain's clock is behind ours: try again shortly.
    if (name === "RandomnessSeedNotReady" || name === "JobMarketCommitsNotClosed") return wait(1_000);
    ctx.common.logger.warn({ jobId: job.jobId.toString(), error: name }, "audit decision rejected");
    return wait(2_000);
  }
}

/**
 * A k = 1 job, audit undecided. Its audit is known from the seed (the randomness source's, of the commits-closed block)
 * as soon as that exists: audited, we take the decision at once, so the auditor's windows open; not audited, we keep
 * the answer sealed until the challenge window counted from the commitment is over and then reveal and settle in one
 * transaction (`revealAndSettle`: one transaction fewer than revealing, then settling after the window). Anybody who
 * wants to see the answer meanwhile takes the decision; its AuditDecided wakes us and we reveal as before, within the
 * reveal period counted from it. Where the chain would forget the seed before the window ends (256 blocks without
 * EIP-2935's history), we take the decision now and reveal as before: a forgotten seed would fail closed into an audit.
 */
async function sealedThroughWindow(ctx: NodeContext, job: JobRecord, chain: ReadJobReturnType): Promise<StepResult> {
  const trigger = chain.commitsClosedBlock;
  const { randomness } = ctx.contracts;
  const status = Number(await randomness.seedStatus(trigger));
  if (status === SeedStatus.NotReady) return wait(1_000);
  if (status === SeedStatus.Expired) return decideAudit(ctx, job, 0); // fails closed into an audit, opening now
  const audited = isAuditedBySeed(await randomness.seedFor(trigger), job.jobId, BigInt(chain.auditRateBps));
  if (audited || !(await seedOutlivesWindow(ctx, chain))) return decideAudit(ctx, job, 0);
  const windowEndsAt = chain.timeline.challengeEndsAt;
  if (ctx.clock.now() <= windowEndsAt) return waitUntil(ctx, windowEndsAt + 1, 5_000); // AuditDecided wakes us
  try {
    const call = prepareRevealAndSettle(ctx.contracts.market, {
      jobId: job.jobId,
      outputHash: job.outputHash as string,
      fuelUsed: job.fuelUsed as bigint,
      salt: job.salt as string,
      resultURI: job.resultUri ?? "",
    });
    await ctx.tx.send({ call, kind: "reveal", jobId: job.jobId });
    return next; // re-read: settled (we move on through revealed), or audited after all (an expired seed)
  } catch (error) {
    if (error instanceof TxDroppedError) return next;
    if (!(error instanceof ContractRevertError)) throw error;
    const name = error.errorName;
    // Decided meanwhile (we reveal as before), or the chain's clock is a second behind ours.
    if (name === "JobMarketRevealNotOpen" || name === "JobMarketJobNotOpen") return wait(1_000);
    if (name === "JobMarketAlreadyRevealed") return revealed(ctx, job);
    ctx.common.logger.warn({ jobId: job.jobId.toString(), error: name }, "reveal and settle rejected");
    return fail(ctx, job, `reveal and settle rejected: ${name}`);
  }
}

/**
 * Whether the seed of the audit decision will still be readable when the window ends: blocks to come estimated from the
 * last 64 blocks' pace, with a margin of an eighth of what the chain keeps.
 */
async function seedOutlivesWindow(ctx: NodeContext, chain: ReadJobReturnType): Promise<boolean> {
  const provider = ctx.contracts.market.runner?.provider;
  if (!provider) return false;
  const latest = await provider.getBlock("latest");
  if (!latest) return false;
  const earlier = await provider.getBlock(Math.max(0, latest.number - 64));
  const blocks = latest.number - (earlier?.number ?? latest.number);
  const seconds = latest.timestamp - (earlier?.timestamp ?? latest.timestamp);
  const kept = await blockHashWindow(provider);
  const seedBlock = Number(chain.commitsClosedBlock) + 1;
  const remaining = Math.max(0, chain.timeline.challengeEndsAt + 1 - latest.timestamp);
  // No pace yet (a chain that mines on demand): as many blocks to come as seconds, the most a 1 s chain makes.
  const toCome = blocks > 0 && seconds > 0 ? Math.ceil((remaining * blocks) / seconds) : remaining;
  return latest.number + toCome - seedBlock < kept - Math.ceil(kept / 8);
}

async function reveal(ctx: NodeContext, job: JobRecord, chain: ReadJobReturnType, slot: number): Promise<StepResult> {
  try {
    const call = prepareReveal(ctx.contracts.market, {
      jobId: job.jobId,
      slot,
      outputHash: job.outputHash as string,
      fuelUsed: job.fuelUsed as bigint,
      salt: job.salt as string,
      resultURI: job.resultUri ?? "",
    });
    await ctx.tx.send({ call, kind: "reveal", jobId: job.jobId });
    return revealed(ctx, job);
  } catch (error) {
    if (error instanceof TxDroppedError) return next;
    if (!(error instanceof ContractRevertError)) throw error;
    ctx.common.logger.warn({ jobId: job.jobId.toString(), error: error.errorName }, "reveal rejected");
    if (error.errorName === "JobMarketAlreadyRevealed") return revealed(ctx, job);
    if (error.errorName === "JobMarketRevealNotOpen") return waitUntil(ctx, chain.timeline.auditCommitEndsAt, 1_000);
    if (error.errorName === "JobMarketJobNotOpen") return next;
    if (error.errorName === "JobMarketDeadlinePassed") return fail(ctx, job, "missed the reveal deadline");
    return fail(ctx, job, `reveal rejected: ${error.errorName}`);
  }
}

function revealed(ctx: NodeContext, job: JobRecord): StepResult {
  move(ctx, job, "revealed", { reason: null });
  failpoint("after-reveal");
  return next;
}
