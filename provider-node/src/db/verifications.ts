import { canVerifyTransition, type VerifyState } from "../verify/state.js";
import type { SqlDatabase } from "./sql.js";
import { answerOf, type AnswerColumns } from "./jobs.js";
import { StateTable, num } from "./state-table.js";

/** A verifier seat's key: the job and the round (0: the audit). */
export interface RoundKey {
  jobId: bigint;
  round: number;
}

/** What the round's announcement tells us (AuditDecided for the audit, RoundOpened for a panel). */
export interface OpenedRound extends RoundKey {
  /** The draw's trigger block: seed of the next block, stake as of the previous. */
  openedBlock: number;
  /** Block hash of the announcing log, to notice a reorg. */
  openedBlockHash: string;
  /** Unix seconds the draw widens from. */
  openedAt: number;
  seats: number;
  drawEndsAt: number;
  commitEndsAt: number;
  revealEndsAt: number;
}

export interface VerificationRecord extends OpenedRound, AnswerColumns {
  state: VerifyState;
  reason: string | null;
  bundleHash: string | null;
  bundleUri: string | null;
  claimAt: number | null;
  seat: number | null;
  /** Digest of the module's final state from our execution; the proof of execution binds it with the round's seed. */
  stateDigest: string | null;
  /** Whether the verdict was our answer (VerifierPaid.upheld); null until the court says. */
  upheld: boolean | null;
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
    | "openedAt"
    | "bundleHash"
    | "bundleUri"
    | "claimAt"
    | "seat"
    | "resultKind"
    | "outputHash"
    | "fuelUsed"
    | "stateDigest"
    | "resultUri"
    | "salt"
    | "outputPath"
    | "outputStored"
    | "execMs"
    | "upheld"
    | "attempts"
  >
>;

const COLUMNS: Record<keyof VerificationPatch, string> = {
  reason: "reason",
  openedAt: "opened_at",
  bundleHash: "bundle_hash",
  bundleUri: "bundle_uri",
  claimAt: "claim_at",
  seat: "seat",
  resultKind: "result_kind",
  outputHash: "output_hash",
  fuelUsed: "fuel_used",
  stateDigest: "state_digest",
  resultUri: "result_uri",
  salt: "salt",
  outputPath: "output_path",
  outputStored: "output_stored",
  execMs: "exec_ms",
  upheld: "upheld",
  attempts: "attempts",
};

type Row = Record<string, string | number | null>;

/** Persisted verifier seats, one row per (job, round) we may be drawn for; transitions compare-and-set the state. */
export class VerificationStore extends StateTable<RoundKey, VerifyState, VerificationPatch> {
  constructor(db: SqlDatabase) {
    super(db, "verifications", ["job_id", "round"], (k) => [k.jobId.toString(), k.round], COLUMNS, canVerifyTransition);
  }

  /**
   * Records an announced round. False when it was already known (a replayed log). A round re-announced in another
   * block by a reorg follows its new block (the draw's seed moved with it: the draw is redone).
   */
  insertSeen(r: OpenedRound, nowMs: number): boolean {
    const existing = this.get(r);
    if (existing) {
      if (existing.openedBlockHash === r.openedBlockHash) return false;
      this.db
        .prepare(
          `UPDATE verifications SET opened_block = ?, opened_block_hash = ?, opened_at = ?, draw_ends_at = ?,
             commit_ends_at = ?, reveal_ends_at = ?, claim_at = NULL, updated_ms = ? WHERE job_id = ? AND round = ?`,
        )
        .run(
          r.openedBlock,
          r.openedBlockHash,
          r.openedAt,
          r.drawEndsAt,
          r.commitEndsAt,
          r.revealEndsAt,
          nowMs,
          r.jobId.toString(),
          r.round,
        );
      return false;
    }
    this.db
      .prepare(
        `INSERT INTO verifications (job_id, round, state, opened_block, opened_block_hash, opened_at, seats,
           draw_ends_at, commit_ends_at, reveal_ends_at, seen_ms, updated_ms)
         VALUES (?, ?, 'seen', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        r.jobId.toString(),
        r.round,
        r.openedBlock,
        r.openedBlockHash,
        r.openedAt,
        r.seats,
        r.drawEndsAt,
        r.commitEndsAt,
        r.revealEndsAt,
        nowMs,
        nowMs,
      );
    return true;
  }

  get(key: RoundKey): VerificationRecord | undefined {
    const row = this.db
      .prepare("SELECT * FROM verifications WHERE job_id = ? AND round = ?")
      .get(key.jobId.toString(), key.round) as Row | undefined;
    return row && toRecord(row);
  }

  /** Every round of a job we know of, in order. */
  ofJob(jobId: bigint): VerificationRecord[] {
    const rows = this.db
      .prepare("SELECT * FROM verifications WHERE job_id = ? ORDER BY round")
      .all(jobId.toString()) as Row[];
    return rows.map(toRecord);
  }

  /** Verifier rows not in a terminal state, oldest first. */
  active(): VerificationRecord[] {
    const rows = this.db
      .prepare(
        "SELECT * FROM verifications WHERE state NOT IN ('resolved','failed','skipped') ORDER BY opened_block, CAST(job_id AS INTEGER), round",
      )
      .all() as Row[];
    return rows.map(toRecord);
  }

  /** Active rows of rounds announced after `block` (re-checked after a reorg). */
  activeAfter(block: number): VerificationRecord[] {
    return this.active().filter((v) => v.openedBlock > block);
  }
}

function toRecord(r: Row): VerificationRecord {
  return {
    jobId: BigInt(r.job_id as string),
    round: Number(r.round),
    state: r.state as VerifyState,
    reason: r.reason as string | null,
    openedBlock: Number(r.opened_block),
    openedBlockHash: r.opened_block_hash as string,
    openedAt: Number(r.opened_at),
    seats: Number(r.seats),
    drawEndsAt: Number(r.draw_ends_at),
    commitEndsAt: Number(r.commit_ends_at),
    revealEndsAt: Number(r.reveal_ends_at),
    bundleHash: r.bundle_hash as string | null,
    bundleUri: r.bundle_uri as string | null,
    claimAt: num(r.claim_at),
    seat: num(r.seat),
    stateDigest: r.state_digest as string | null,
    ...answerOf(r),
    upheld: r.upheld === null ? null : Number(r.upheld) === 1,
    earned: BigInt((r.earned as string | null) ?? "0"),
    slashed: BigInt((r.slashed as string | null) ?? "0"),
    attempts: Number(r.attempts),
    seenMs: Number(r.seen_ms),
    updatedMs: Number(r.updated_ms),
  };
}
