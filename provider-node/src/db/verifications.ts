import { canVerifyTransition, type VerifyState } from "../verify/state.js";
import type { Database } from "./database.js";
import { StateTable } from "./state-table.js";
import type { ResultKind } from "./jobs.js";

/** What the court's DisputeOpened log tells us. */
export interface OpenedDispute {
  jobId: bigint;
  openedBlock: number;
  openedBlockHash: string;
  challenger: string;
  provider: string;
  requester: string;
  disputedHash: string;
  bond: bigint;
  collateral: bigint;
  verifiers: number;
  drawDeadline: number;
  commitDeadline: number;
  revealDeadline: number;
}

export interface VerificationRecord extends OpenedDispute {
  state: VerifyState;
  reason: string | null;
  bundleHash: string | null;
  bundleUri: string | null;
  claimAt: number | null;
  slot: number | null;
  resultKind: ResultKind | null;
  resultHash: string | null;
  resultUri: string | null;
  salt: string | null;
  outputPath: string | null;
  outputStored: boolean;
  execMs: number | null;
  /** Fuel the run used (what replicas will commit to beside the result hash); null before it ran. */
  fuelUsed: bigint | null;
  /** IDisputeCourt.Verdict once resolved. */
  verdict: number | null;
  /** Whether we revealed the deciding hash (VerifierReleased.majority); null until the court says. */
  majority: boolean | null;
  earned: bigint;
  slashed: bigint;
  attempts: number;
  seenMs: number;
  updatedMs: number;
}

export type VerificationPatch = Partial<
  Pick<
    VerificationRecord,
    | "reason"
    | "bundleHash"
    | "bundleUri"
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
    | "verdict"
    | "majority"
    | "attempts"
  >
>;

const COLUMNS: Record<keyof VerificationPatch, string> = {
  reason: "reason",
  bundleHash: "bundle_hash",
  bundleUri: "bundle_uri",
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
  verdict: "verdict",
  majority: "majority",
  attempts: "attempts",
};

type Row = Record<string, string | number | null>;

/** Persisted verifier assignments, one per disputed job; transitions are compare-and-set on the state. */
export class VerificationStore extends StateTable<VerifyState, VerificationPatch> {
  constructor(db: Database) {
    super(db, "verifications", COLUMNS, canVerifyTransition);
  }

  /**
   * Records an opened dispute. False when it was already known (a replayed log). A dispute re-included in
   * another block by a reorg follows its new block (the lottery seed changed with it: the draw is redone).
   */
  insertSeen(d: OpenedDispute, nowMs: number): boolean {
    const existing = this.get(d.jobId);
    if (existing) {
      if (existing.openedBlockHash === d.openedBlockHash) return false;
      this.db.sql
        .prepare(
          `UPDATE verifications SET opened_block = ?, opened_block_hash = ?, draw_deadline = ?, commit_deadline = ?,
             reveal_deadline = ?, claim_at = NULL, updated_ms = ? WHERE job_id = ?`,
        )
        .run(
          d.openedBlock,
          d.openedBlockHash,
          d.drawDeadline,
          d.commitDeadline,
          d.revealDeadline,
          nowMs,
          d.jobId.toString(),
        );
      return false;
    }
    this.db.sql
      .prepare(
        `INSERT INTO verifications (job_id, state, opened_block, opened_block_hash, challenger, provider, requester,
           disputed_hash, bond, collateral, verifiers, draw_deadline, commit_deadline, reveal_deadline, seen_ms, updated_ms)
         VALUES (?, 'seen', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        d.jobId.toString(),
        d.openedBlock,
        d.openedBlockHash,
        d.challenger,
        d.provider,
        d.requester,
        d.disputedHash,
        d.bond.toString(),
        d.collateral.toString(),
        d.verifiers,
        d.drawDeadline,
        d.commitDeadline,
        d.revealDeadline,
        nowMs,
        nowMs,
      );
    return true;
  }

  get(jobId: bigint): VerificationRecord | undefined {
    const row = this.db.sql.prepare("SELECT * FROM verifications WHERE job_id = ?").get(jobId.toString()) as
      Row | undefined;
    return row && toRecord(row);
  }

  /** Verifications not in a terminal state, oldest first. */
  active(): VerificationRecord[] {
    const rows = this.db.sql
      .prepare(
        "SELECT * FROM verifications WHERE state NOT IN ('resolved','failed','skipped') ORDER BY opened_block, CAST(job_id AS INTEGER)",
      )
      .all() as Row[];
    return rows.map(toRecord);
  }

  /** Active verifications of disputes opened after `block` (re-checked after a reorg). */
  activeAfter(block: number): VerificationRecord[] {
    return this.active().filter((v) => v.openedBlock > block);
  }
}

function num(v: string | number | null): number | null {
  return v === null ? null : Number(v);
}

function toRecord(r: Row): VerificationRecord {
  return {
    jobId: BigInt(r.job_id as string),
    state: r.state as VerifyState,
    reason: r.reason as string | null,
    openedBlock: Number(r.opened_block),
    openedBlockHash: r.opened_block_hash as string,
    challenger: r.challenger as string,
    provider: r.provider as string,
    requester: r.requester as string,
    disputedHash: r.disputed_hash as string,
    bond: BigInt(r.bond as string),
    collateral: BigInt(r.collateral as string),
    verifiers: Number(r.verifiers),
    drawDeadline: Number(r.draw_deadline),
    commitDeadline: Number(r.commit_deadline),
    revealDeadline: Number(r.reveal_deadline),
    bundleHash: r.bundle_hash as string | null,
    bundleUri: r.bundle_uri as string | null,
    claimAt: num(r.claim_at),
    slot: num(r.slot),
    resultKind: r.result_kind as ResultKind | null,
    resultHash: r.result_hash as string | null,
    resultUri: r.result_uri as string | null,
    salt: r.salt as string | null,
    outputPath: r.output_path as string | null,
    outputStored: Number(r.output_stored) === 1,
    execMs: num(r.exec_ms),
    fuelUsed: r.fuel_used === null || r.fuel_used === undefined ? null : BigInt(r.fuel_used as string),
    verdict: num(r.verdict),
    majority: r.majority === null ? null : Number(r.majority) === 1,
    earned: BigInt((r.earned as string | null) ?? "0"),
    slashed: BigInt((r.slashed as string | null) ?? "0"),
    attempts: Number(r.attempts),
    seenMs: Number(r.seen_ms),
    updatedMs: Number(r.updated_ms),
  };
}
