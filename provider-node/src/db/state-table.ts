import type { Database } from "./database.js";

type Value = string | number | null;

/**
 * What the node's two per-record tables (`jobs`, `verifications`) share: a row per job id with a `state`, an
 * `updated_ms`, `earned` and `slashed` columns, guarded state transitions and partial updates by column map.
 */
export abstract class StateTable<State extends string, Patch extends object> {
  protected constructor(
    protected readonly db: Database,
    private readonly table: "jobs" | "verifications",
    private readonly columns: Record<keyof Patch, string>,
    private readonly canTransition: (from: State, to: State) => boolean,
  ) {}

  /** Moves `jobId` from `from` to `to` with `patch`; false if it is no longer in `from`. */
  transition(jobId: bigint, from: State, to: State, patch: Patch = {} as Patch, nowMs = Date.now()): boolean {
    if (!this.canTransition(from, to)) throw new Error(`illegal ${this.table} transition ${from} -> ${to}`);
    const { sets, values } = this.assignments(patch);
    const result = this.db.sql
      .prepare(`UPDATE ${this.table} SET state = ?, updated_ms = ?${sets} WHERE job_id = ? AND state = ?`)
      .run(to, nowMs, ...values, jobId.toString(), from);
    return Number(result.changes) === 1;
  }

  patch(jobId: bigint, patch: Patch, nowMs = Date.now()): void {
    const { sets, values } = this.assignments(patch);
    this.db.sql
      .prepare(`UPDATE ${this.table} SET updated_ms = ?${sets} WHERE job_id = ?`)
      .run(nowMs, ...values, jobId.toString());
  }

  /** Records the token units credited to / slashed from us for this record; false if already recorded. */
  setAmount(jobId: bigint, column: "earned" | "slashed", amount: bigint): boolean {
    const result = this.db.sql
      .prepare(`UPDATE ${this.table} SET ${column} = ? WHERE job_id = ? AND (${column} IS NULL OR ${column} <> ?)`)
      .run(amount.toString(), jobId.toString(), amount.toString());
    return Number(result.changes) === 1;
  }

  countByState(): Map<State, number> {
    const rows = this.db.sql.prepare(`SELECT state, COUNT(*) AS n FROM ${this.table} GROUP BY state`).all() as {
      state: State;
      n: number;
    }[];
    return new Map(rows.map((r) => [r.state, Number(r.n)]));
  }

  totals(): { earned: bigint; slashed: bigint } {
    const rows = this.db.sql
      .prepare(`SELECT earned, slashed FROM ${this.table} WHERE earned IS NOT NULL OR slashed IS NOT NULL`)
      .all() as { earned: string | null; slashed: string | null }[];
    let earned = 0n;
    let slashed = 0n;
    for (const r of rows) {
      earned += BigInt(r.earned ?? "0");
      slashed += BigInt(r.slashed ?? "0");
    }
    return { earned, slashed };
  }

  private assignments(patch: Patch): { sets: string; values: Value[] } {
    const keys = Object.keys(patch) as (keyof Patch)[];
    const sets = keys.map((k) => `, ${this.columns[k]} = ?`).join("");
    const values = keys.map((k) => {
      const v = patch[k] as unknown;
      if (v === undefined || v === null) return null;
      if (typeof v === "bigint") return v.toString(); // TEXT: amounts beyond 2^53 stay exact
      return typeof v === "boolean" ? (v ? 1 : 0) : (v as Value);
    });
    return { sets, values };
  }
}
