import type { BlockTag } from "ethers";
import type { JobMarket, VerificationCourt } from "../typechain/index.js";
import { isRealResult, majorityOf } from "../results.js";
import { AuditState, JobStatus } from "./enums.js";
import { pinBlock } from "./pinBlock.js";
import { readVerification, type ReadVerificationReturnType } from "./readVerification.js";

/** Arguments of {@link readJob}. */
export interface ReadJobParameters {
  jobId: bigint;
  blockTag?: BlockTag;
  /** When given, the job's verification (audit, panels, challenge) is read too. */
  court?: VerificationCourt;
}

/** One replica slot. */
export interface AssignmentState {
  provider: string;
  /** The provider's price when it claimed, token units per million fuel. */
  pricePerMfuel: bigint;
  /** The provider's minimum billable fuel when it claimed, million fuel. */
  minMfuel: number;
  /** Zero until committed, the commitment until revealed, then `resultOf(outputHash, fuelUsed)`. */
  result: string;
}

/** When the job's later phases end (unix seconds; 0 = not known yet, i.e. before the audit decision). */
export interface JobTimeline {
  auditDrawEndsAt: number;
  auditCommitEndsAt: number;
  revealEndsAt: number;
  challengeEndsAt: number;
}

/** A job as the market holds it, in plain types (numbers for small fields and times, bigint for amounts). */
export interface ReadJobReturnType {
  jobId: bigint;
  requester: string;
  status: JobStatus;
  audit: AuditState;
  replicas: number;
  claimed: number;
  committedMask: number;
  revealedMask: number;
  resourceClass: number;
  minReputation: number;
  maxFuel: bigint;
  maxPricePerMfuel: bigint; // token units per million fuel
  budget: bigint; // token units per replica
  collateral: bigint; // token units per slot (and per verifier)
  fee: bigint; // token units
  auditFee: bigint; // token units
  auditRateBps: number;
  /** Fuel of the first revealed real result by slot (the agreed fuel when results agree). */
  fuel: bigint;
  postedBlock: bigint;
  commitsClosedBlock: bigint;
  postedAt: number; // unix seconds
  claimDeadline: number;
  commitDeadline: number;
  commitsClosedAt: number; // 0 until commits close
  revealsClosedAt: number; // 0 until every committed replica (and the auditor, when audited) revealed
  /** Seconds: the replica lottery's (and the auditor's) widening, fixed at posting. */
  wideningPeriod: bigint;
  timeline: JobTimeline;
  assignments: AssignmentState[];
  /** The court's view of the job, when a court was given. */
  verification?: ReadVerificationReturnType;
}

/**
 * Reads a job, its timeline and its replica slots (and its verification, given the court), all at one block: the given
 * tag, or the latest block's number (see {@link pinBlock}).
 */
export async function readJob(market: JobMarket, p: ReadJobParameters): Promise<ReadJobReturnType> {
  const blockTag = await pinBlock(market, p.blockTag);
  const [j, t, slots, verification] = await Promise.all([
    market.getJob(p.jobId, { blockTag }),
    market.timeline(p.jobId, { blockTag }),
    market.getAssignments(p.jobId, { blockTag }),
    p.court ? readVerification(p.court, { jobId: p.jobId, blockTag }) : undefined,
  ]);
  return {
    jobId: p.jobId,
    requester: j.requester,
    status: Number(j.status) as JobStatus,
    audit: Number(j.audit) as AuditState,
    replicas: Number(j.replicas),
    claimed: Number(j.claimed),
    committedMask: Number(j.committedMask),
    revealedMask: Number(j.revealedMask),
    resourceClass: Number(j.resourceClass),
    minReputation: Number(j.minReputation),
    maxFuel: j.maxFuel,
    maxPricePerMfuel: j.maxPricePerMfuel,
    budget: j.budget,
    collateral: j.collateral,
    fee: j.fee,
    auditFee: j.auditFee,
    auditRateBps: Number(j.auditRateBps),
    fuel: j.fuel,
    postedBlock: j.postedBlock,
    commitsClosedBlock: j.commitsClosedBlock,
    postedAt: Number(j.postedAt),
    claimDeadline: Number(j.claimDeadline),
    commitDeadline: Number(j.commitDeadline),
    commitsClosedAt: Number(j.commitsClosedAt),
    revealsClosedAt: Number(j.revealsClosedAt),
    wideningPeriod: BigInt(j.wideningPeriod),
    timeline: {
      auditDrawEndsAt: Number(t.auditDrawEndsAt),
      auditCommitEndsAt: Number(t.auditCommitEndsAt),
      revealEndsAt: Number(t.revealEndsAt),
      challengeEndsAt: Number(t.challengeEndsAt),
    },
    assignments: slots.map((a) => ({
      provider: a.provider,
      pricePerMfuel: a.pricePerMfuel,
      minMfuel: Number(a.minMfuel),
      result: a.result,
    })),
    ...(verification === undefined ? {} : { verification }),
  };
}

/** The slot `account` holds on the job, or -1. */
export function slotOf(job: Pick<ReadJobReturnType, "assignments">, account: string): number {
  return job.assignments.findIndex((a) => a.provider.toLowerCase() === account.toLowerCase());
}

/** Mirror of `Jobs.commitsClosed`: no more commitments can arrive (all slots committed, or the deadline passed). */
export function jobCommitsClosed(
  job: Pick<ReadJobReturnType, "commitsClosedAt" | "commitDeadline">,
  nowSec: number,
): boolean {
  return job.commitsClosedAt !== 0 || nowSec > job.commitDeadline;
}

/** Mirror of `Jobs.revealsClosed` (audit decided): every reveal that can arrive has arrived, or the deadline passed. */
export function jobRevealsClosed(
  job: Pick<ReadJobReturnType, "audit" | "revealsClosedAt" | "timeline">,
  nowSec: number,
): boolean {
  if (job.audit === AuditState.Undecided) return false;
  return job.revealsClosedAt !== 0 || nowSec > job.timeline.revealEndsAt;
}

/**
 * Mirror of `Settlement.agreement`: the replicas' strict-majority result over the job's k slots (zero word if none)
 * and whether two revealed real results differ. "Input unavailable" abstains: it never disagrees with anything.
 */
export function jobAgreement(job: Pick<ReadJobReturnType, "assignments" | "revealedMask" | "replicas">): {
  majority: string;
  disagree: boolean;
} {
  const delivered = job.assignments.map((a, i) =>
    (job.revealedMask & (1 << i)) !== 0 ? a.result : "0x" + "00".repeat(32),
  );
  const real = delivered.filter(isRealResult).map((r) => r.toLowerCase());
  return { majority: majorityOf(delivered, job.replicas), disagree: new Set(real).size > 1 };
}
