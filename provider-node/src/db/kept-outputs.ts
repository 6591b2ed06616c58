import type { SqlDatabase } from "./sql.js";

/** A record whose output file has outlived the retention: its key and the file. */
export interface ExpiredOutput {
  jobId: string;
  /** The verifier round; null for a replica job. */
  round: number | null;
  path: string;
}

/** The two tables that keep outputs on disk, and their keys. */
const TABLES = {
  jobs: { round: "NULL", key: "job_id = ?" },
  verifications: { round: "round", key: "job_id = ? AND round = ?" },
} as const;

/**
 * The output files a table's rows still point at (`output_path`), and which of them may go: the row is final since
 * `final_ms <= cutoff` (set, and for a job cleared again, by migration 5's triggers: set exactly while the row is
 * final). Outputs are named by job id (`OutputStore.write`), so the rounds of one job share a file: it goes only once
 * no other row of the job is live or within the retention.
 */
export class KeptOutputs {
  private readonly expiredSql: string;
  private readonly clearSql: string;

  constructor(
    private readonly db: SqlDatabase,
    private readonly table: keyof typeof TABLES,
  ) {
    const t = TABLES[table];
    this.expiredSql = `
      SELECT job_id, ${t.round} AS round, output_path FROM ${table} AS r
      WHERE output_path IS NOT NULL AND final_ms <= ?
        AND NOT EXISTS (SELECT 1 FROM ${table} AS o WHERE o.job_id = r.job_id AND o.rowid <> r.rowid
          AND (o.final_ms IS NULL OR o.final_ms > ?))
      ORDER BY final_ms LIMIT ?`;
    this.clearSql = `UPDATE ${table} SET output_path = NULL WHERE ${t.key} AND output_path = ?`;
  }

  /** Up to `limit` outputs of rows final since `cutoffMs` or earlier, oldest first. */
  expired(cutoffMs: number, limit: number): ExpiredOutput[] {
    const rows = this.db.prepare(this.expiredSql).all(cutoffMs, cutoffMs, limit) as {
      job_id: string;
      round: number | null;
      output_path: string;
    }[];
    return rows.map((r) => ({
      jobId: r.job_id,
      round: r.round === null ? null : Number(r.round),
      path: r.output_path,
    }));
  }

  /** Forgets deleted files in one transaction (a row that points elsewhere by now is left alone). */
  forget(deleted: readonly ExpiredOutput[]): void {
    this.db.transaction(() => {
      for (const d of deleted) {
        const key = this.table === "jobs" ? [d.jobId] : [d.jobId, d.round];
        this.db.prepare(this.clearSql).run(...key, d.path);
      }
    });
  }
}
