import type { BlockTag } from "ethers";
import type { JobMarket } from "../typechain/index.js";

/** `IJobMarket.JobStatus`. */
export enum JobStatus {
  None = 0,
  Open = 1,
  Completed = 2,
  Refunded = 3,
  Cancelled = 4,
  Disputed = 5, // k = 1: waiting for the DisputeCourt's verdict
}

export interface ReadJobParameters {
  jobId: bigint;
  blockTag?: BlockTag;
}

/** A job's on-chain record with its replica slots, in plain types (numbers for small fields, bigint for amounts). */
export interface ReadJobReturnType {
  jobId: bigint;
  requester: string;
  status: JobStatus;
  replicas: number;
  claimed: number;
  committedMask: number;
  revealedMask: number;
  resourceClass: number;
  feeBps: number;
  minReputation: number;
  maxPrice: bigint; // token units per replica
  collateral: bigint; // token units per slot
  postedBlock: bigint;
  postedAt: number; // unix seconds
  claimDeadline: number;
  commitDeadline: number;
  revealDeadline: number;
  challengeEndsAt: number;
  assignments: { provider: string; price: bigint; hash: string }[];
}

/** Reads a job and its assignments (two calls, same block tag). */
export async function readJob(market: JobMarket, p: ReadJobParameters): Promise<ReadJobReturnType> {
  const overrides = p.blockTag === undefined ? {} : { blockTag: p.blockTag };
  const [j, slots] = await Promise.all([market.getJob(p.jobId, overrides), market.getAssignments(p.jobId, overrides)]);
  return {
    jobId: p.jobId,
    requester: j.requester,
    status: Number(j.status) as JobStatus,
    replicas: Number(j.replicas),
    claimed: Number(j.claimed),
    committedMask: Number(j.committedMask),
    revealedMask: Number(j.revealedMask),
    resourceClass: Number(j.resourceClass),
    feeBps: Number(j.feeBps),
    minReputation: Number(j.minReputation),
    maxPrice: j.maxPrice,
    collateral: j.collateral,
    postedBlock: j.postedBlock,
    postedAt: Number(j.postedAt),
    claimDeadline: Number(j.claimDeadline),
    commitDeadline: Number(j.commitDeadline),
    revealDeadline: Number(j.revealDeadline),
    challengeEndsAt: Number(j.challengeEndsAt),
    assignments: slots.map((a) => ({ provider: a.provider, price: a.price, hash: a.hash })),
  };
}
