import { canTransition, type JobState } from "../jobs/state.js";
import { StateTable } from "./state-table.js";
import type { Database } from "./database.js";

/** What the JobPosted log tells us. */
export interface PostedJob {
  jobId: bigint;
  postedBlock: number;
  postedBlockHash: string;
  requester: string;
  resourceClass: number;
  replicas: number;
  maxPrice: bigint;
  collateral: bigint;
  minReputation: number;
  claimDeadline: number;
  commitDeadline: number;
  revealDeadline: number;
  bundleHash: string;
  bundleUri: string;
}

export type ResultKind = "output" | "error" | "input-unavailable";

export interface JobRecord extends PostedJob {
  state: JobState;
  reason: string | null;
  postedAt: number | null;
  claimAt: number | null;
  seenMs: number;
  slot: number | null;
  resultKind: ResultKind | null;
  resultHash: string | null;
  resultUri: string | null;
  salt: string | null;
  outputPath: string | null;
  /** The output is in the content store (its URI resolves). */
  outputStored: boolean;
  execMs: number | null;
  /** Fuel the run used (what replicas will commit to beside the result hash); null before it ran. */
  fuelUsed: bigint | null;
  outcome: number | null;
  earned: bigint;
  slashed: bigint;
  attempts: number;
  /** Wall-clock ms from "claimable for us" to the claim transaction's broadcast. */
  claimOverheadMs: number | null;
  /** k = 1: a challenger disputed our result (JobDisputed); only the court's resolution settles it. */
  disputed: boolean;
  updatedMs: number;
}

/** Fields a step may set along with a transition (or alone, with `patch`). */
export type JobPatch = Partial<
  Pick<
    JobRecord,
    | "reason"
    | "postedAt"
    | "claimAt"
    | "slot"
    | "resultKind"
    | "resultHash"
    | "resultUri"
    | "salt"
    | "outputPath"
    | "outputStored"
    | "execMs"
    | "fuelUsed"
    | "outcome"
    | "attempts"
    | "claimOverheadMs"
    | "disputed"
  >
>;

const COLUMNS: Record<keyof JobPatch, string> = {
  reason: "reason",
  postedAt: "posted_at",
  claimAt: "claim_at",
  slot: "slot",
  resultKind: "result_kind",
  resultHash: "result_hash",
  resultUri: "result_uri",
  salt: "salt",
  outputPath: "output_path",
  outputStored: "output_stored",
  execMs: "exec_ms",
  fuelUsed: "fuel_used",
  outcome: "outcome",
  attempts: "attempts",
  claimOverheadMs: "claim_overhead_ms",
  disputed: "disputed",
};

type Row = Record<string, string | number | null>;

/** Persisted jobs. Transitions are compare-and-set on the current state, inside the caller's transaction. */
export class JobStore extends StateTable<JobState, JobPatch> {
  constructor(db: Database) {
    super(db, "jobs", COLUMNS, canTransition);
  }

  /** Records a posted job. Returns false when it was already known (a replayed log). */
  insertSeen(j: PostedJob, nowMs: number): boolean {
    const existing = this.get(j.jobId);
    if (existing) {
      if (existing.postedBlockHash === j.postedBlockHash) return false; // a replayed log
      // A reorg moved the posting to another block. The same posting re-included: follow its new block.
      if (sameTerms(existing, j)) {
        this.db.sql
          .prepare("UPDATE jobs SET posted_block = ?, posted_block_hash = ?, updated_ms = ? WHERE job_id = ?")
          .run(j.postedBlock, j.postedBlockHash, nowMs, j.jobId.toString());
        return false;
      }
      // Another job took the id on the new chain: the old one never happened. Detach its transactions
      // (kept for the nonce bookkeeping) and start over.
      const archived = `${j.jobId}@${existing.postedBlockHash.slice(0, 18)}`;
      this.db.sql.prepare("UPDATE txs SET job_id = ? WHERE job_id = ?").run(archived, j.jobId.toString());
      this.db.sql.prepare("DELETE FROM jobs WHERE job_id = ?").run(j.jobId.toString());
    }
    this.db.sql
      .prepare(
        `INSERT INTO jobs (job_id, state, posted_block, posted_block_hash, requester, resource_class, replicas, max_price,
          collateral, min_reputation, claim_deadline, commit_deadline, reveal_deadline, bundle_hash, bundle_uri, seen_ms, updated_ms)
         VALUES (?, 'seen', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        j.jobId.toString(),
        j.postedBlock,
        j.postedBlockHash,
        j.requester,
        j.resourceClass,
        j.replicas,
        j.maxPrice.toString(),
        j.collateral.toString(),
        j.minReputation,
        j.claimDeadline,
        j.commitDeadline,
        j.revealDeadline,
        j.bundleHash,
        j.bundleUri,
        nowMs,
        nowMs,
      );
    return true;
  }

  get(jobId: bigint): JobRecord | undefined {
    const row = this.db.sql.prepare("SELECT * FROM jobs WHERE job_id = ?").get(jobId.toString()) as Row | undefined;
    return row && toRecord(row);
  }

  /** Jobs not in a terminal state, oldest first. */
  active(): JobRecord[] {
    const rows = this.db.sql
      .prepare(
        "SELECT * FROM jobs WHERE state NOT IN ('settled','failed','skipped') ORDER BY posted_block, CAST(job_id AS INTEGER)",
      )
      .all() as Row[];
    return rows.map(toRecord);
  }

  /** Failed jobs we hold a slot on whose settlement is not recorded yet (to release our collateral). */
  activeFailed(): JobRecord[] {
    const rows = this.db.sql
      .prepare("SELECT * FROM jobs WHERE state = 'failed' AND slot IS NOT NULL AND outcome IS NULL")
      .all() as Row[];
    return rows.map(toRecord);
  }

  /** Jobs posted after `block` that we have not finished (re-checked after a reorg). */
  activeAfter(block: number): JobRecord[] {
    return this.active().filter((j) => j.postedBlock > block);
  }
}

function sameTerms(a: PostedJob, b: PostedJob): boolean {
  return (
    a.requester === b.requester &&
    a.bundleHash === b.bundleHash &&
    a.bundleUri === b.bundleUri &&
    a.replicas === b.replicas &&
    a.maxPrice === b.maxPrice &&
    a.claimDeadline === b.claimDeadline &&
    a.commitDeadline === b.commitDeadline &&
    a.revealDeadline === b.revealDeadline
  );
}

function num(v: string | number | null): number | null {
  return v === null ? null : Number(v);
}

function toRecord(r: Row): JobRecord {
  return {
    jobId: BigInt(r.job_id as string),
    state: r.state as JobState,
    reason: r.reason as string | null,
    postedBlock: Number(r.posted_block),
    postedBlockHash: r.posted_block_hash as string,
    postedAt: num(r.posted_at),
    requester: r.requester as string,
    resourceClass: Number(r.resource_class),
    replicas: Number(r.replicas),
    maxPrice: BigInt(r.max_price as string),
    collateral: BigInt(r.collateral as string),
    minReputation: Number(r.min_reputation),
    claimDeadline: Number(r.claim_deadline),
    commitDeadline: Number(r.commit_deadline),
    revealDeadline: Number(r.reveal_deadline),
    bundleHash: r.bundle_hash as string,
    bundleUri: r.bundle_uri as string,
    claimAt: num(r.claim_at),
    seenMs: Number(r.seen_ms),
    slot: num(r.slot),
    resultKind: r.result_kind as ResultKind | null,
    resultHash: r.result_hash as string | null,
    resultUri: r.result_uri as string | null,
    salt: r.salt as string | null,
    outputPath: r.output_path as string | null,
    outputStored: Number(r.output_stored) === 1,
    execMs: num(r.exec_ms),
    fuelUsed: r.fuel_used === null || r.fuel_used === undefined ? null : BigInt(r.fuel_used as string),
    outcome: num(r.outcome),
    earned: BigInt((r.earned as string | null) ?? "0"),
    slashed: BigInt((r.slashed as string | null) ?? "0"),
    attempts: Number(r.attempts),
    claimOverheadMs: num(r.claim_overhead_ms),
    disputed: Number(r.disputed) === 1,
    updatedMs: Number(r.updated_ms),
  };
}
