import type { JobContext } from "../jobs/context.js";
import { ContractRevertError, TxDroppedError } from "../errors.js";
import { DisputeStatus, disputeResolvable, prepareResolveDispute, readDispute, type DisputeCourt } from "../sdk.js";

const POLL_MS = 2_000; // the court's logs (VerdictRevealed) wake us earlier

/** First time each dispute was seen resolvable (local wall clock), for the turn-taking delay. */
const resolvableSince = new Map<bigint, number>();

export type ResolveOutcome = { kind: "resolved" } | { kind: "wait"; ms: number };

/**
 * Resolves a dispute in turn: anyone may call `resolve`, so each party waits `turnMs` after the dispute
 * became resolvable (verifiers by slot, 1.5 s apart; the disputed provider last) and usually exactly one
 * transaction goes out. Someone else's resolution is simply recognised. `resolved` means the court says so.
 */
export async function resolveInTurn(
  ctx: JobContext,
  court: DisputeCourt,
  jobId: bigint,
  turnMs: number,
  pollMs = POLL_MS,
): Promise<ResolveOutcome> {
  const d = await readDispute(court, { jobId });
  if (d.status !== DisputeStatus.Open) return done(jobId);
  const now = ctx.clock.now();
  if (!disputeResolvable(d, now)) {
    resolvableSince.delete(jobId);
    // Reveals (VerdictRevealed) wake us earlier; the timer covers the deadlines.
    const until = d.claimed === 0 ? d.drawDeadline : d.revealDeadline;
    return { kind: "wait", ms: Math.max(250, Math.min(pollMs, ctx.clock.msUntil(until + 1))) };
  }
  if (!ctx.common.config.jobs.settle) return { kind: "wait", ms: POLL_MS * 5 };
  const since = resolvableSince.get(jobId) ?? Date.now();
  resolvableSince.set(jobId, since);
  const turn = since + turnMs - Date.now();
  if (turn > 0) return { kind: "wait", ms: turn };
  try {
    await ctx.tx.send({ call: prepareResolveDispute(court, { jobId }), kind: "resolve", jobId });
    return done(jobId);
  } catch (error) {
    if (error instanceof TxDroppedError) return { kind: "wait", ms: 0 };
    if (!(error instanceof ContractRevertError)) throw error;
    if (error.errorName === "DisputeCourtNotOpen") return done(jobId);
    return { kind: "wait", ms: POLL_MS }; // e.g. NotResolvable: the chain's clock is behind ours
  }
}

function done(jobId: bigint): ResolveOutcome {
  resolvableSince.delete(jobId);
  return { kind: "resolved" };
}
