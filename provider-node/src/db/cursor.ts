import type { SqlDatabase } from "./sql.js";

/** Log index meaning "every log of the block is handled". */
export const WHOLE_BLOCK = Number.MAX_SAFE_INTEGER;

export interface Cursor {
  block: number;
  logIndex: number;
}

export interface StoredBlock {
  number: number;
  hash: string;
  parentHash: string;
}

/** The watcher's persisted position and the recent block hashes it checks parents against. */
export class CursorStore {
  constructor(private readonly db: SqlDatabase) {}

  get(): Cursor | undefined {
    const row = this.db.prepare("SELECT block, log_index FROM cursor WHERE id = 1").get() as
      { block: number; log_index: number } | undefined;
    return row && { block: Number(row.block), logIndex: Number(row.log_index) };
  }

  set(cursor: Cursor): void {
    this.db
      .prepare(
        "INSERT INTO cursor (id, block, log_index) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET block = excluded.block, log_index = excluded.log_index",
      )
      .run(cursor.block, cursor.logIndex);
  }

  block(number: number): StoredBlock | undefined {
    const row = this.db.prepare("SELECT number, hash, parent_hash FROM blocks WHERE number = ?").get(number) as
      { number: number; hash: string; parent_hash: string } | undefined;
    return row && { number: Number(row.number), hash: row.hash, parentHash: row.parent_hash };
  }

  /** Stored blocks at or below `number`, newest first. */
  blocksDescending(number: number): StoredBlock[] {
    const rows = this.db
      .prepare("SELECT number, hash, parent_hash FROM blocks WHERE number <= ? ORDER BY number DESC")
      .all(number) as { number: number; hash: string; parent_hash: string }[];
    return rows.map((r) => ({ number: Number(r.number), hash: r.hash, parentHash: r.parent_hash }));
  }

  putBlock(b: StoredBlock): void {
    this.db
      .prepare(
        "INSERT INTO blocks (number, hash, parent_hash) VALUES (?, ?, ?) ON CONFLICT (number) DO UPDATE SET hash = excluded.hash, parent_hash = excluded.parent_hash",
      )
      .run(b.number, b.hash, b.parentHash);
  }

  /** Forgets blocks above `number` (after a rewind) and below `keepFrom` (beyond the reorg depth). */
  pruneBlocks(above: number, below: number): void {
    this.db.prepare("DELETE FROM blocks WHERE number > ? OR number < ?").run(above, below);
  }
}
