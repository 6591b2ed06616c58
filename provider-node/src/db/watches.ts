import { canWatchTransition, type WatchState } from "../watch/state.js";
import type { SqlDatabase } from "./sql.js";
import type { ResultKind } from "./jobs.js";
import { StateTable, big, num } from "./state-table.js";

/** What the JobPosted log tells a watcher. */
export interface WatchedJob {
  jobId: bigint;
  requester: string;
  bundleHash: string;
  bundleUri: string;
  budget: bigint; // token units per replica
}

export type ChallengeResult = "won" | "lost" | "undecided";

export interface WatchRecord extends WatchedJob {
  state: WatchState;
  reason: string | null;
  resultKind: ResultKind | null;
  outputHash: string | null;
  fuelUsed: bigint | null;
  /** The replicas' agreed result (`resultOf`) we compared ours with. */
  agreed: string | null;
  /** Token units we bonded (challenged). */
  bond: bigint | null;
  challengeResult: ChallengeResult | null;
  earned: bigint;
  slashed: bigint;
  attempts: number;
  seenMs: number;
  updatedMs: number;
}

export type WatchPatch = Partial<
  Pick<
    WatchRecord,
    "reason" | "resultKind" | "outputHash" | "fuelUsed" | "agreed" | "bond" | "challengeResult" | "attempts"
  >
>;

const COLUMNS: Record<keyof WatchPatch, string> = {
  reason: "reason",
  resultKind: "result_kind",
  outputHash: "output_hash",
  fuelUsed: "fuel_used",
  agreed: "agreed",
  bond: "bond",
  challengeResult: "challenge_result",
  attempts: "attempts",
};

type Row = Record<string, string | number | null>;

/** Persisted watches, one per sampled job. */
export class WatchStore extends StateTable<bigint, WatchState, WatchPatch> {
  constructor(db: SqlDatabase) {
    super(db, "watches", ["job_id"], (id) => [id.toString()], COLUMNS, canWatchTransition);
  }

  /**
   * Records a sampled job; false when already known (a replayed log). A different job that took the id after a reorg
   * replaces the old record (the old one never happened on this chain).
   */
  insertSeen(w: WatchedJob, nowMs: number): boolean {
    const existing = this.get(w.jobId);
    if (existing) {
      if (existing.bundleHash === w.bundleHash && existing.requester === w.requester) return false;
      this.db.prepare("DELETE FROM watches WHERE job_id = ?").run(w.jobId.toString());
    }
    const result = this.db
      .prepare(
        `INSERT INTO watches (job_id, state, requester, bundle_hash, bundle_uri, budget, seen_ms, updated_ms)
         VALUES (?, 'seen', ?, ?, ?, ?, ?, ?) ON CONFLICT (job_id) DO NOTHING`,
      )
      .run(w.jobId.toString(), w.requester, w.bundleHash, w.bundleUri, w.budget.toString(), nowMs, nowMs);
    return Number(result.changes) === 1;
  }

  get(jobId: bigint): WatchRecord | undefined {
    const row = this.db.prepare("SELECT * FROM watches WHERE job_id = ?").get(jobId.toString()) as Row | undefined;
    return row && toRecord(row);
  }

  active(): WatchRecord[] {
    const rows = this.db
      .prepare("SELECT * FROM watches WHERE state IN ('seen','executed','challenged') ORDER BY CAST(job_id AS INTEGER)")
      .all() as Row[];
    return rows.map(toRecord);
  }

  /** Token units of our open challenges (bonds not yet returned or forfeited). */
  openBonds(): bigint {
    const rows = this.db.prepare("SELECT bond FROM watches WHERE state = 'challenged'").all() as {
      bond: string | null;
    }[];
    return rows.reduce((sum, r) => sum + BigInt(r.bond ?? "0"), 0n);
  }
}

function toRecord(r: Row): WatchRecord {
  return {
    jobId: BigInt(r.job_id as string),
    state: r.state as WatchState,
    reason: r.reason as string | null,
    requester: r.requester as string,
    bundleHash: r.bundle_hash as string,
    bundleUri: r.bundle_uri as string,
    budget: BigInt(r.budget as string),
    resultKind: r.result_kind as ResultKind | null,
    outputHash: r.output_hash as string | null,
    fuelUsed: big(r.fuel_used),
    agreed: r.agreed as string | null,
    bond: big(r.bond),
    challengeResult: r.challenge_result as ChallengeResult | null,
    earned: BigInt((r.earned as string | null) ?? "0"),
    slashed: BigInt((r.slashed as string | null) ?? "0"),
    attempts: num(r.attempts) ?? 0,
    seenMs: Number(r.seen_ms),
    updatedMs: Number(r.updated_ms),
  };
}
