import type { BlockTag } from "ethers";
import type { DisputeCourt } from "../typechain/index.js";

/** `IDisputeCourt.DisputeStatus`. */
export enum DisputeStatus {
  None = 0,
  Open = 1,
  Resolved = 2,
}

/** `IDisputeCourt.Verdict`. */
export enum Verdict {
  /** Not resolved yet. */
  None = 0,
  /** The submitted result stands. */
  Upheld = 1,
  /** The verifiers' majority found a different result: the provider is slashed, the requester refunded. */
  Overturned = 2,
  /** No deciding majority: the result stands and the challenger gets its bond back. */
  Inconclusive = 3,
}

export interface ReadDisputeParameters {
  jobId: bigint;
  blockTag?: BlockTag;
}

/** A dispute and its verifier slots, in plain types (numbers for small fields and times, bigint for amounts). */
export interface ReadDisputeReturnType {
  jobId: bigint;
  status: DisputeStatus;
  verdict: Verdict;
  verifiers: number; // slots
  claimed: number;
  committedMask: number;
  revealedMask: number;
  resourceClass: number;
  minReputation: number;
  openedAt: number; // unix seconds
  drawDeadline: number;
  commitDeadline: number;
  revealDeadline: number;
  openedBlock: bigint;
  challenger: string;
  provider: string;
  requester: string;
  bond: bigint; // token units
  collateral: bigint; // token units per verifier
  maxPrice: bigint;
  resultHash: string; // the disputed result
  /** Verifier slots in order: commitment until revealed, then the revealed hash. */
  slots: { account: string; hash: string }[];
}

/** Reads a dispute and its verifiers (two calls, same block tag). */
export async function readDispute(court: DisputeCourt, p: ReadDisputeParameters): Promise<ReadDisputeReturnType> {
  const overrides = p.blockTag === undefined ? {} : { blockTag: p.blockTag };
  const [d, slots] = await Promise.all([court.getDispute(p.jobId, overrides), court.getVerifiers(p.jobId, overrides)]);
  return {
    jobId: p.jobId,
    status: Number(d.status) as DisputeStatus,
    verdict: Number(d.verdict) as Verdict,
    verifiers: Number(d.verifiers),
    claimed: Number(d.claimed),
    committedMask: Number(d.committedMask),
    revealedMask: Number(d.revealedMask),
    resourceClass: Number(d.resourceClass),
    minReputation: Number(d.minReputation),
    openedAt: Number(d.openedAt),
    drawDeadline: Number(d.drawDeadline),
    commitDeadline: Number(d.commitDeadline),
    revealDeadline: Number(d.revealDeadline),
    openedBlock: d.openedBlock,
    challenger: d.challenger,
    provider: d.provider,
    requester: d.requester,
    bond: d.bond,
    collateral: d.collateral,
    maxPrice: d.maxPrice,
    resultHash: d.resultHash,
    slots: slots.map((v) => ({ account: v.account, hash: v.hash })),
  };
}

/** Mirror of `DisputeCourt._commitsClosed`: verdict reveals are open from this moment on. */
export function verdictCommitsClosed(d: ReadDisputeReturnType, nowSec: number): boolean {
  if (nowSec > d.commitDeadline) return true;
  const drawClosed = d.claimed === d.verifiers || nowSec > d.drawDeadline;
  return drawClosed && d.committedMask === (1 << d.claimed) - 1;
}

/** Mirror of `DisputeCourt._resolvable` (for an open dispute). */
export function disputeResolvable(d: ReadDisputeReturnType, nowSec: number): boolean {
  if (d.status !== DisputeStatus.Open) return false;
  if (nowSec > d.revealDeadline) return true;
  if (d.claimed === 0) return nowSec > d.drawDeadline;
  return verdictCommitsClosed(d, nowSec) && d.revealedMask === d.committedMask;
}
