import type { NodeContext, StepResult } from "../context.js";
import { next, wait } from "../context.js";
import type { TxKind } from "../db/txs.js";
import { ContractRevertError, TxDroppedError } from "../errors.js";
import type { Draw, DrawInputs, PreparedCall, ReadProviderReturnType } from "../sdk.js";
import type { MinedTx } from "../tx/manager.js";
import type { JobRefs } from "../work/answer.js";
import { checkBundle, checkProvider, checkTime, type SeatTerms } from "./eligibility.js";
import { winningSecond } from "./lottery.js";
import { PREFETCH_ATTEMPTS, prefetch } from "./prefetch.js";

const RETRY_MS = 2_000;
/** The waiting reason of a seat while the host pauses claiming (`mayClaim`). */
export const PAUSED = "not claiming: paused by the host";

/**
 * A replica slot or a verifier seat this node may draw for: everything the shared draw-and-claim path needs of it.
 * The job's and the verifier's state machines each check their own side of the chain first (is the job open, the
 * round ours to sit), then hand over to `drawAndClaim`.
 */
export interface Seat {
  /** Names the claim in `ctx.reserved` while it is in flight, and the record in logs. */
  key: string;
  /** "replica", "auditor" or "panel": the label of logs and metrics. */
  role: string;
  refs: JobRefs;
  terms: SeatTerms;
  /** The commit deadline the execution owed after a claim must meet. */
  commitEndsAt: number;
  /** Persisted with the record: bundle fetches that failed so far, our winning second once drawn, why it waits. */
  attempts: number;
  claimAt: number | null;
  reason: string | null;
  /** The draw (built only while not drawn yet) and its chain inputs, read with the step's other reads. */
  draw: () => Draw;
  inputs: DrawInputs | undefined;
  /** How the deadline of the draw is named in a skip ("the claim deadline", "the draw deadline"). */
  drawCloses: string;
  claim: SeatClaim;
}

/** What a seat's `runFirst` did: a claim that commits to the answer it produced, or a step result instead of a claim. */
export type RanFirst = { call: PreparedCall } | { result: StepResult };

/** The claim transaction, and what its reverts mean. */
export interface SeatClaim {
  call: PreparedCall;
  /**
   * Replica slots: runs a short job before it is claimed and returns the claim that commits to its answer, or
   * undefined to claim first (`call`). Counted as owed while it runs.
   */
  runFirst?: () => Promise<RanFirst | undefined>;
  kind: TxKind;
  /** Names the claim in skip reasons ("claim", "verifier claim"). */
  what: string;
  /** Reverts meaning the seat is not ours, unless the chain says it is after all (`ours`: a claim of ours re-mined). */
  lost: ReadonlySet<string>;
  /** Reverts that may clear (capacity, free stake, a pause): ask again later. */
  later: ReadonlySet<string>;
  /** Reverts meaning the chain's clock or seed is behind our draw: draw again if we are late. */
  notDrawn: ReadonlySet<string>;
  /** Reverts meaning the chain moves on shortly (we already sit, or commits are about to close): read it again. */
  again: ReadonlySet<string>;
  /** The slot or seat a mined claim gave us, read from its receipt's logs. */
  won: (logs: readonly { topics: readonly string[]; data: string }[]) => number | undefined;
  /** The seat count before our claim: its index when the receipt names none. */
  claimedBefore: number;
  /** Our slot or seat on the chain now, -1 if none. */
  ours: () => Promise<number>;
}

/** Our claim transaction, mined: with our winning second and how long fetching the bundle took in this run. */
export interface SentClaim {
  mined: MinedTx;
  claimAt: number;
  fetchMs: number;
  /** How long the job ran before its claim (0 unless run first). */
  runMs: number;
}

/** How the caller's record moves. */
export interface SeatMoves {
  skip: (reason: string) => StepResult;
  /** Claimed; `sent` when our own claim transaction took it now (for the claim's overhead). */
  claimed: (index: number, sent?: SentClaim) => StepResult;
  patch: (p: { attempts?: number; claimAt?: number | null; reason?: string }) => void;
}

/**
 * The draw-and-claim path shared by replica slots and verifier seats: eligibility (class, price, stake, capacity,
 * reputation, jail, the local queue), the bundle fetched and checked before anything is claimed (a hostile bundle is
 * never claimed), the off-chain draw (once: nothing in it depends on time), whether this machine can run the job's fuel
 * limit before the commit deadline from its winning second, the wait for that second, and the claim.
 */
export async function drawAndClaim(
  ctx: NodeContext,
  seat: Seat,
  moves: SeatMoves,
  provider: ReadProviderReturnType,
  now: number,
): Promise<StepResult> {
  const { config } = ctx.common;
  // The host pauses claiming (a hidden tab): nothing is fetched or claimed; asked again until the claim window closes.
  if (!ctx.mayClaim()) return later(ctx, seat, moves, PAUSED);
  const eligible = checkProvider(config, seat.terms, provider, now, ctx.owed().length);
  if (!eligible.ok) return eligible.final ? moves.skip(eligible.reason) : later(ctx, seat, moves, eligible.reason);

  const fetchStart = Date.now();
  const bundle = await prefetch(ctx, seat.refs, seat.role);
  const fetchMs = Date.now() - fetchStart;
  if (!bundle) {
    if (seat.attempts + 1 >= PREFETCH_ATTEMPTS) return moves.skip("bundle unavailable");
    moves.patch({ attempts: seat.attempts + 1 });
    return wait(RETRY_MS * 2 ** seat.attempts);
  }
  if ("skip" in bundle) return moves.skip(bundle.skip);
  const fits = checkBundle(config, bundle.bundle, seat.terms.maxFuel, ctx.stackKiB);
  if (!fits.ok) return moves.skip(fits.reason);

  let claimAt = seat.claimAt;
  if (claimAt === null) {
    const won = winningSecond(ctx, seat.draw(), seat.inputs!, seat.refs.jobId);
    if (won.kind === "not-ready") return wait(250); // the seed block is not mined yet: next block
    if (won.kind === "never") return moves.skip(`not drawn before ${seat.drawCloses}`);
    moves.patch({ claimAt: won.at });
    claimAt = won.at;
    ctx.common.logger.debug({ jobId: seat.refs.jobId.toString(), key: seat.key, claimAt }, "lottery won");
  }
  const inTime = checkTime(
    config,
    { maxFuel: seat.terms.maxFuel, commitEndsAt: seat.commitEndsAt },
    Math.max(now, claimAt),
    { nowSec: now, owed: ctx.owed() }, // read again: other records may have claimed while this one fetched
  );
  if (!inTime.ok) return inTime.final ? moves.skip(inTime.reason) : later(ctx, seat, moves, inTime.reason);
  const ms = ctx.clock.msUntil(claimAt);
  if (ms > 0) return wait(Math.min(ms, ctx.clock.msUntil(seat.terms.claimEndsAt + 1)));

  // Owed from now on (same tick as the check): a claim being mined counts for every other record's check.
  ctx.reserved.set(seat.key, { maxFuel: seat.terms.maxFuel, commitEndsAt: seat.commitEndsAt });
  try {
    const runStart = Date.now();
    const ran = await seat.claim.runFirst?.();
    if (ran !== undefined && "result" in ran) return ran.result;
    const timing = { claimAt, fetchMs, runMs: ran === undefined ? 0 : Date.now() - runStart };
    return await claim(ctx, seat, moves, ran?.call ?? seat.claim.call, timing);
  } finally {
    ctx.reserved.delete(seat.key);
  }
}

async function claim(
  ctx: NodeContext,
  seat: Seat,
  moves: SeatMoves,
  call: PreparedCall,
  timing: Omit<SentClaim, "mined">,
): Promise<StepResult> {
  const c = seat.claim;
  const { claimAt } = timing;
  try {
    const mined = await ctx.tx.send({ call, kind: c.kind, jobId: seat.refs.jobId });
    return moves.claimed(c.won(mined.receipt.logs) ?? c.claimedBefore, { mined, ...timing });
  } catch (error) {
    if (error instanceof TxDroppedError) return next; // re-read the chain
    if (!(error instanceof ContractRevertError)) throw error;
    const name = error.errorName;
    if (c.again.has(name)) return wait(1_000);
    if (c.lost.has(name)) {
      const mine = await c.ours();
      return mine >= 0 ? moves.claimed(mine) : moves.skip(`${c.what} rejected: ${name}`);
    }
    if (c.later.has(name)) return later(ctx, seat, moves, `${c.what} rejected for now: ${name}`);
    if (c.notDrawn.has(name)) {
      if (ctx.clock.now() > claimAt + 5) moves.patch({ claimAt: null });
      return wait(1_000);
    }
    return moves.skip(`${c.what} rejected: ${name}`);
  }
}

/** Not now, but possibly later: record why (logged once per reason) and ask again. */
function later(ctx: NodeContext, seat: Seat, moves: SeatMoves, reason: string): StepResult {
  if (seat.reason !== reason) {
    moves.patch({ reason });
    ctx.common.logger.debug({ jobId: seat.refs.jobId.toString(), key: seat.key, reason }, "not eligible yet");
  }
  return wait(RETRY_MS);
}
