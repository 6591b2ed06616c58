import type { BlockTag } from "ethers";
import type { VerificationCourt } from "../typechain/index.js";
import { VerificationStatus } from "./enums.js";
import { pinBlock } from "./pinBlock.js";

/** Arguments of {@link readVerification}. */
export interface ReadVerificationParameters {
  jobId: bigint;
  blockTag?: BlockTag;
}

/** One verifier seat: commitment until revealed, then `resultOf(outputHash, fuelUsed)` and its proof of execution. */
export interface SeatState {
  account: string;
  fuelUsed: bigint;
  result: string;
  /** Zero until revealed. */
  proof: string;
}

/** One round of a job's verification: the audit (round 0, one seat) or a panel (rounds 1..maxRounds). */
export interface RoundState {
  index: number;
  seats: number;
  /** Seats taken, in order. */
  claimed: number;
  committedMask: number;
  revealedMask: number;
  /** Unix seconds: the round's lottery widens from here. */
  openedAt: number;
  drawEndsAt: number;
  commitEndsAt: number;
  revealEndsAt: number;
  /** The round's trigger block: seed of the next block, stake as of the previous. */
  openedBlock: bigint;
  /** Seconds: the round's lottery widening (the audit's is the job's), fixed when it opened. */
  wideningPeriod: bigint;
  taken: SeatState[];
}

/** A job's verification in the court, with every round that opened. */
export interface ReadVerificationReturnType {
  jobId: bigint;
  status: VerificationStatus;
  /** The current (or last) round: 0 = the audit, 1.. = panels. */
  round: number;
  /** Zero address unless challenged. */
  challenger: string;
  /** Token units held for the challenger. */
  bond: bigint;
  /** The replicas' agreed result under verification (zero if they disagreed). */
  agreed: string;
  /** The deciding result once final (zero: none). */
  verdict: string;
  /** Rounds 0..round that opened (the audit round is absent when the job was not audited). */
  rounds: RoundState[];
}

/** Arguments of {@link readRound}. */
export interface ReadRoundParameters {
  jobId: bigint;
  round: number;
  blockTag?: BlockTag;
}

/** Reads one round of a job's verification and its seats (both calls at one block, see `pinBlock`); `seats` 0 = never opened. */
export async function readRound(court: VerificationCourt, p: ReadRoundParameters): Promise<RoundState> {
  const blockTag = await pinBlock(court, p.blockTag);
  const [r, seats] = await Promise.all([
    court.getRound(p.jobId, p.round, { blockTag }),
    court.getSeats(p.jobId, p.round, { blockTag }),
  ]);
  return {
    index: p.round,
    seats: Number(r.seats),
    claimed: Number(r.claimed),
    committedMask: Number(r.committedMask),
    revealedMask: Number(r.revealedMask),
    openedAt: Number(r.openedAt),
    drawEndsAt: Number(r.drawEndsAt),
    commitEndsAt: Number(r.commitEndsAt),
    revealEndsAt: Number(r.revealEndsAt),
    openedBlock: BigInt(r.openedBlock),
    wideningPeriod: BigInt(r.wideningPeriod),
    taken: seats.map((s) => ({ account: s.account, fuelUsed: s.fuelUsed, result: s.result, proof: s.proof })),
  };
}

/** Reads a job's verification, rounds and seats (all calls at one block, see `pinBlock`). */
export async function readVerification(
  court: VerificationCourt,
  p: ReadVerificationParameters,
): Promise<ReadVerificationReturnType> {
  const blockTag = await pinBlock(court, p.blockTag);
  const v = await court.getVerification(p.jobId, { blockTag });
  const current = Number(v.round);
  const indices = Array.from({ length: current + 1 }, (_, i) => i);
  const rounds = await Promise.all(indices.map((round) => readRound(court, { jobId: p.jobId, round, blockTag })));
  return {
    jobId: p.jobId,
    status: Number(v.status) as VerificationStatus,
    round: current,
    challenger: v.challenger,
    bond: v.bond,
    agreed: v.agreed,
    verdict: v.verdict,
    rounds: rounds.filter((r) => r.seats > 0),
  };
}

/** The round `index` of a verification, if it opened. */
export function roundOf(v: ReadVerificationReturnType, index: number): RoundState | undefined {
  return v.rounds.find((r) => r.index === index);
}

/** The seat `account` holds in a round, or -1. */
export function seatOf(round: RoundState, account: string): number {
  return round.taken.findIndex((s) => s.account.toLowerCase() === account.toLowerCase());
}

/**
 * Mirror of `VerificationCourt._commitsClosed`: a panel's reveals open from this moment on (every seat claimed or the
 * draw over, and every drawn verifier committed; or the commit deadline passed).
 */
export function roundCommitsClosed(round: RoundState, nowSec: number): boolean {
  if (nowSec > round.commitEndsAt) return true;
  const drawClosed = round.claimed === round.seats || nowSec > round.drawEndsAt;
  return drawClosed && round.committedMask === (1 << round.claimed) - 1;
}

/** Mirror of `VerificationCourt._resolvable` for the current panel round (the court's `isResolvable` adds the status). */
export function roundResolvable(round: RoundState, nowSec: number): boolean {
  if (nowSec > round.revealEndsAt) return true;
  return roundCommitsClosed(round, nowSec) && round.revealedMask === round.committedMask;
}
