import { canTransition, type JobState } from "../jobs/state.js";
import type { SqlDatabase } from "./sql.js";
import { StateTable, big, num } from "./state-table.js";

/** What the JobPosted log tells us. */
export interface PostedJob {
  jobId: bigint;
  postedBlock: number;
  postedBlockHash: string;
  requester: string;
  resourceClass: number;
  replicas: number;
  maxFuel: bigint;
  maxPricePerMfuel: bigint; // token units per million fuel
  budget: bigint; // token units per replica
  collateral: bigint; // token units per slot
  minReputation: number;
  claimDeadline: number;
  commitDeadline: number;
  bundleHash: string;
  bundleUri: string;
}

export type ResultKind = "output" | "error" | "input-unavailable";

/** What a replica, a verifier or a watcher computed for a job: the pair committed to, and where the output is. */
export interface AnswerColumns {
  resultKind: ResultKind | null;
  outputHash: string | null;
  fuelUsed: bigint | null;
  resultUri: string | null;
  salt: string | null;
  outputPath: string | null;
  /** The output is in the content store (its URI resolves). */
  outputStored: boolean;
  execMs: number | null;
}

export interface JobRecord extends PostedJob, AnswerColumns {
  state: JobState;
  reason: string | null;
  postedAt: number | null;
  claimAt: number | null;
  seenMs: number;
  slot: number | null;
  /** The audit decision once taken (AuditDecided). */
  audited: boolean | null;
  outcome: number | null;
  earned: bigint;
  slashed: bigint;
  attempts: number;
  /** Wall-clock ms from "claimable for us" to the claim transaction's broadcast. */
  claimOverheadMs: number | null;
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
    | "outputHash"
    | "fuelUsed"
    | "resultUri"
    | "salt"
    | "outputPath"
    | "outputStored"
    | "execMs"
    | "audited"
    | "outcome"
    | "attempts"
    | "claimOverheadMs"
  >
>;

const COLUMNS: Record<keyof JobPatch, string> = {
  reason: "reason",
  postedAt: "posted_at",
  claimAt: "claim_at",
  slot: "slot",
  resultKind: "result_kind",
  outputHash: "output_hash",
  fuelUsed: "fuel_used",
  resultUri: "result_uri",
  salt: "salt",
  outputPath: "output_path",
  outputStored: "output_stored",
  execMs: "exec_ms",
  audited: "audited",
  outcome: "outcome",
  attempts: "attempts",
  claimOverheadMs: "claim_overhead_ms",
};

type Row = Record<string, string | number | null>;

/** Persisted jobs. Transitions are compare-and-set on the current state, inside the caller's transaction. */
export class JobStore extends StateTable<bigint, JobState, JobPatch> {
  constructor(db: SqlDatabase) {
    super(db, "jobs", ["job_id"], (id) => [id.toString()], COLUMNS, canTransition);
  }

  /** Records a posted job. Returns false when it was already known (a replayed log). */
  insertSeen(j: PostedJob, nowMs: number): boolean {
    const existing = this.get(j.jobId);
    if (existing) {
      if (existing.postedBlockHash === j.postedBlockHash) return false; // a replayed log
      // A reorg moved the posting to another block. The same posting re-included: follow its new block.
      if (sameTerms(existing, j)) {
        this.db
          .prepare(
            "UPDATE jobs SET posted_block = ?, posted_block_hash = ?, claim_at = NULL, updated_ms = ? WHERE job_id = ?",
          )
          .run(j.postedBlock, j.postedBlockHash, nowMs, j.jobId.toString());
        return false;
      }
      // Another job took the id on the new chain: the old one never happened. Detach its transactions
      // (kept for the nonce bookkeeping) and start over.
      const archived = `${j.jobId}@${existing.postedBlockHash.slice(0, 18)}`;
      this.db.prepare("UPDATE txs SET job_id = ? WHERE job_id = ?").run(archived, j.jobId.toString());
      this.db.prepare("DELETE FROM jobs WHERE job_id = ?").run(j.jobId.toString());
    }
    this.db
      .prepare(
        `INSERT INTO jobs (job_id, state, posted_block, posted_block_hash, requester, resource_class, replicas, max_fuel,
          max_price_per_mfuel, budget, collateral, min_reputation, claim_deadline, commit_deadline, bundle_hash,
          bundle_uri, seen_ms, updated_ms)
         VALUES (?, 'seen', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        j.jobId.toString(),
        j.postedBlock,
        j.postedBlockHash,
        j.requester,
        j.resourceClass,
        j.replicas,
        j.maxFuel.toString(),
        j.maxPricePerMfuel.toString(),
        j.budget.toString(),
        j.collateral.toString(),
        j.minReputation,
        j.claimDeadline,
        j.commitDeadline,
        j.bundleHash,
        j.bundleUri,
        nowMs,
        nowMs,
      );
    return true;
  }

  get(jobId: bigint): JobRecord | undefined {
    const row = this.db.prepare("SELECT * FROM jobs WHERE job_id = ?").get(jobId.toString()) as Row | undefined;
    return row && toRecord(row);
  }

  /** Jobs not in a terminal state, oldest first. */
  active(): JobRecord[] {
    const rows = this.db
      .prepare(
        "SELECT * FROM jobs WHERE state NOT IN ('settled','failed','skipped') ORDER BY posted_block, CAST(job_id AS INTEGER)",
      )
      .all() as Row[];
    return rows.map(toRecord);
  }

  /** Failed jobs we hold a slot on whose settlement is not recorded yet (to release our collateral). */
  activeFailed(): JobRecord[] {
    const rows = this.db
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
    a.maxFuel === b.maxFuel &&
    a.maxPricePerMfuel === b.maxPricePerMfuel &&
    a.claimDeadline === b.claimDeadline &&
    a.commitDeadline === b.commitDeadline
  );
}

/** The answer columns every per-record table shares. */
export function answerOf(r: Row): AnswerColumns {
  return {
    resultKind: r.result_kind as ResultKind | null,
    outputHash: r.output_hash as string | null,
    fuelUsed: big(r.fuel_used),
    resultUri: (r.result_uri as string | null | undefined) ?? null,
    salt: (r.salt as string | null | undefined) ?? null,
    outputPath: (r.output_path as string | null | undefined) ?? null,
    outputStored: Number(r.output_stored) === 1,
    execMs: num(r.exec_ms),
  };
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
    maxFuel: BigInt(r.max_fuel as string),
    maxPricePerMfuel: BigInt(r.max_price_per_mfuel as string),
    budget: BigInt(r.budget as string),
    collateral: BigInt(r.collateral as string),
    minReputation: Number(r.min_reputation),
    claimDeadline: Number(r.claim_deadline),
    commitDeadline: Number(r.commit_deadline),
    bundleHash: r.bundle_hash as string,
    bundleUri: r.bundle_uri as string,
    claimAt: num(r.claim_at),
    seenMs: Number(r.seen_ms),
    slot: num(r.slot),
    ...answerOf(r),
    audited: r.audited === null ? null : Number(r.audited) === 1,
    outcome: num(r.outcome),
    earned: BigInt((r.earned as string | null) ?? "0"),
    slashed: BigInt((r.slashed as string | null) ?? "0"),
    attempts: Number(r.attempts),
    claimOverheadMs: num(r.claim_overhead_ms),
    updatedMs: Number(r.updated_ms),
  };
}
