import type { SqlDatabase } from "./sql.js";

/**
 * What a transaction does; `fill` is a no-op that uses up the nonce of a reorged-out transaction. The court's
 * calls (a verifier's, a watcher's, or anyone's `resolve`) have their own kinds, so a replica's, a verifier's and a
 * watcher's transactions for one job never collide.
 */
export type TxKind =
  | "claim"
  | "commit"
  | "decide-audit"
  | "reveal"
  | "settle"
  | "withdraw"
  | "fill"
  | "claim-verifier"
  | "commit-verdict"
  | "reveal-verdict"
  | "resolve"
  | "approve-bond"
  | "challenge"
  | "withdraw-court";

/** Kinds sent for a verifier seat (their job id is the verified job's). */
export const VERIFIER_TX_KINDS: ReadonlySet<TxKind> = new Set(["claim-verifier", "commit-verdict", "reveal-verdict"]);
/** Kinds sent by the watcher. */
export const WATCHER_TX_KINDS: ReadonlySet<TxKind> = new Set(["approve-bond", "challenge"]);
/** Kinds anyone may send for any job (harmless whoever they help; they revert once not needed). */
export const ANYONE_TX_KINDS: ReadonlySet<TxKind> = new Set(["decide-audit", "settle", "resolve"]);
export type TxStatus = "pending" | "mined" | "reverted" | "dropped";

/** One signed version of a transaction (the first send or a fee-bumped replacement with the same nonce). */
export interface TxAttempt {
  hash: string;
  raw: string;
  maxFeePerGas: string;
  maxPriorityFeePerGas: string;
  sentMs: number;
}

export interface TxRecord {
  id: number;
  jobId: bigint | null;
  /** The job it was for was erased by a reorg (another job may now have the same id). */
  archived: boolean;
  kind: TxKind;
  nonce: number;
  to: string;
  data: string;
  gasLimit: bigint;
  status: TxStatus;
  attempts: TxAttempt[];
  blockNumber: number | null;
  error: string | null;
  createdMs: number;
}

type Row = Record<string, string | number | null>;

/**
 * Every transaction the node signs, written before it is broadcast: after a crash the node finds the signed
 * bytes here and re-broadcasts them (same nonce, same hash) instead of sending anew.
 */
export class TxStore {
  constructor(private readonly db: SqlDatabase) {}

  insert(t: Omit<TxRecord, "id" | "archived" | "status" | "blockNumber" | "error">): TxRecord {
    const result = this.db
      .prepare(
        `INSERT INTO txs (job_id, kind, nonce, to_address, data, gas_limit, status, attempts, created_ms, updated_ms)
         VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
      )
      .run(
        t.jobId?.toString() ?? null,
        t.kind,
        t.nonce,
        t.to,
        t.data,
        t.gasLimit.toString(),
        JSON.stringify(t.attempts),
        t.createdMs,
        t.createdMs,
      );
    return this.get(Number(result.lastInsertRowid)) as TxRecord;
  }

  get(id: number): TxRecord | undefined {
    const row = this.db.prepare("SELECT * FROM txs WHERE id = ?").get(id) as Row | undefined;
    return row && toRecord(row);
  }

  /** The latest transaction of `kind` for a job (or for the account when `jobId` is null). */
  latest(jobId: bigint | null, kind: TxKind): TxRecord | undefined {
    const row = (
      jobId === null
        ? this.db.prepare("SELECT * FROM txs WHERE job_id IS NULL AND kind = ? ORDER BY id DESC LIMIT 1").get(kind)
        : this.db
            .prepare("SELECT * FROM txs WHERE job_id = ? AND kind = ? ORDER BY id DESC LIMIT 1")
            .get(jobId.toString(), kind)
    ) as Row | undefined;
    return row && toRecord(row);
  }

  pending(): TxRecord[] {
    return (this.db.prepare("SELECT * FROM txs WHERE status = 'pending' ORDER BY nonce").all() as Row[]).map(toRecord);
  }

  /** Finished transactions at or above `nonce`: if the chain's nonce is below them, a reorg undid them. */
  finishedFrom(nonce: number): TxRecord[] {
    const rows = this.db
      .prepare("SELECT * FROM txs WHERE status IN ('mined','reverted') AND nonce >= ? ORDER BY nonce")
      .all(nonce) as Row[];
    return rows.map(toRecord);
  }

  /** Marks a finished transaction pending again (its block was reorged out). */
  reopen(id: number): void {
    this.db
      .prepare("UPDATE txs SET status = 'pending', block_number = NULL, error = NULL, updated_ms = ? WHERE id = ?")
      .run(Date.now(), id);
  }

  maxNonce(): number | undefined {
    const row = this.db
      .prepare("SELECT MAX(nonce) AS n FROM txs WHERE status IN ('pending','mined','reverted')")
      .get() as { n: number | null };
    return row.n === null ? undefined : Number(row.n);
  }

  addAttempt(id: number, attempt: TxAttempt): void {
    const t = this.get(id);
    if (!t) throw new Error(`unknown tx ${id}`);
    this.db
      .prepare("UPDATE txs SET attempts = ?, updated_ms = ? WHERE id = ?")
      .run(JSON.stringify([...t.attempts, attempt]), Date.now(), id);
  }

  finish(id: number, status: Exclude<TxStatus, "pending">, blockNumber: number | null, error: string | null): void {
    this.db
      .prepare("UPDATE txs SET status = ?, block_number = ?, error = ?, updated_ms = ? WHERE id = ?")
      .run(status, blockNumber, error, Date.now(), id);
  }

  countByKind(jobId: bigint, kind: TxKind): number {
    const row = this.db
      .prepare("SELECT COUNT(*) AS n FROM txs WHERE job_id = ? AND kind = ?")
      .get(jobId.toString(), kind) as { n: number };
    return Number(row.n);
  }
}

function toRecord(r: Row): TxRecord {
  return {
    id: Number(r.id),
    jobId: r.job_id === null ? null : BigInt((r.job_id as string).split("@")[0] as string),
    archived: r.job_id !== null && (r.job_id as string).includes("@"), // "id@block": see JobStore.insertSeen
    kind: r.kind as TxKind,
    nonce: Number(r.nonce),
    to: r.to_address as string,
    data: r.data as string,
    gasLimit: BigInt(r.gas_limit as string),
    status: r.status as TxStatus,
    attempts: JSON.parse(r.attempts as string) as TxAttempt[],
    blockNumber: r.block_number === null ? null : Number(r.block_number),
    error: r.error as string | null,
    createdMs: Number(r.created_ms),
  };
}
