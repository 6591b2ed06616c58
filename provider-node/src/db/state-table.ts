import type { SqlDatabase } from "./sql.js";

export type Value = string | number | null;

/**
 * What the node's per-record tables (`jobs`, `verifications`, `watches`) share: a row per key with a `state`, an
 * `updated_ms`, `earned` and `slashed` columns, guarded state transitions and partial updates by column map. Jobs and
 * watches are keyed by job id; verifier rows by (job id, round).
 */
export abstract class StateTable<Key, State extends string, Patch extends object> {
  private readonly where: string;

  protected constructor(
    protected readonly db: SqlDatabase,
    protected readonly table: "jobs" | "verifications" | "watches",
    keyColumns: readonly string[],
    private readonly keyValues: (key: Key) => Value[],
    private readonly columns: Record<keyof Patch, string>,
    private readonly canTransition: (from: State, to: State) => boolean,
  ) {
    this.where = keyColumns.map((c) => `${c} = ?`).join(" AND ");
  }

  /** Moves `key` from `from` to `to` with `patch`; false if it is no longer in `from`. */
  transition(key: Key, from: State, to: State, patch: Patch = {} as Patch, nowMs = Date.now()): boolean {
    if (!this.canTransition(from, to)) throw new Error(`illegal ${this.table} transition ${from} -> ${to}`);
    const { sets, values } = this.assignments(patch);
    const result = this.db
      .prepare(`UPDATE ${this.table} SET state = ?, updated_ms = ?${sets} WHERE ${this.where} AND state = ?`)
      .run(to, nowMs, ...values, ...this.keyValues(key), from);
    return Number(result.changes) === 1;
  }

  patch(key: Key, patch: Patch, nowMs = Date.now()): void {
    const { sets, values } = this.assignments(patch);
    this.db
      .prepare(`UPDATE ${this.table} SET updated_ms = ?${sets} WHERE ${this.where}`)
      .run(nowMs, ...values, ...this.keyValues(key));
  }

  /** Records the token units credited to / slashed from us for this record; false if already recorded. */
  setAmount(key: Key, column: "earned" | "slashed", amount: bigint): boolean {
    const result = this.db
      .prepare(`UPDATE ${this.table} SET ${column} = ? WHERE ${this.where} AND (${column} IS NULL OR ${column} <> ?)`)
      .run(amount.toString(), ...this.keyValues(key), amount.toString());
    return Number(result.changes) === 1;
  }

  countByState(): Map<State, number> {
    const rows = this.db.prepare(`SELECT state, COUNT(*) AS n FROM ${this.table} GROUP BY state`).all() as {
      state: State;
      n: number;
    }[];
    return new Map(rows.map((r) => [r.state, Number(r.n)]));
  }

  totals(): { earned: bigint; slashed: bigint } {
    const rows = this.db
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
      if (typeof v === "boolean") return v ? 1 : 0;
      if (typeof v === "bigint") return v.toString();
      return v as Value;
    });
    return { sets, values };
  }
}

/** A nullable integer column. */
export function num(v: string | number | null | undefined): number | null {
  return v === null || v === undefined ? null : Number(v);
}

/** A nullable decimal-string amount column. */
export function big(v: string | number | null | undefined): bigint | null {
  return v === null || v === undefined ? null : BigInt(v);
}
