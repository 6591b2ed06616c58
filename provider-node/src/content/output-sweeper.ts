import type { Common } from "../common.js";
import { KeptOutputs, type ExpiredOutput } from "../db/kept-outputs.js";
import type { SqlDatabase } from "../db/sql.js";
import { Periodic } from "../util/periodic.js";
import type { OutputStore } from "./output-store.js";

/** How often the sweeper looks: a final job's output outlives `jobs.keepOutputsSec` by at most this. */
export const SWEEP_INTERVAL_MS = 5 * 60_000;
/** Outputs deleted per database commit; the sweep also checks for shutdown between two deletes. */
export const SWEEP_BATCH = 100;

export type OutputRole = "replica" | "verifier";

/** What one sweep deleted: outputs per role and the bytes freed. */
export interface SweepResult {
  replica: number;
  verifier: number;
  bytes: number;
}

/**
 * Deletes the local output files of replica jobs and verifier rounds that have been final for longer than
 * `jobs.keepOutputsSec`, then clears their `output_path`, so no later step or restart reads a deleted file and no
 * sweep looks at them again. Only final records are touched: their output was published or never will be by this
 * node, and nothing reveals it any more. File first, then the column: a crash in between leaves a row whose file is
 * gone, which the next sweep forgets (a missing file frees 0 bytes).
 */
export class OutputSweeper {
  private readonly schedule: Periodic;
  private readonly kinds: { role: OutputRole; records: KeptOutputs; outputs: OutputStore }[];

  constructor(
    private readonly common: Common,
    db: SqlDatabase,
    outputs: Record<OutputRole, OutputStore>,
  ) {
    this.kinds = [
      { role: "replica", records: new KeptOutputs(db, "jobs"), outputs: outputs.replica },
      { role: "verifier", records: new KeptOutputs(db, "verifications"), outputs: outputs.verifier },
    ];
    this.schedule = new Periodic(
      () => this.sweep(),
      SWEEP_INTERVAL_MS,
      (error) => common.logger.warn({ err: error.message.slice(0, 200) }, "output sweep failed"),
    );
  }

  /** Sweeps now, then every SWEEP_INTERVAL_MS until `stop`. */
  start(): void {
    this.schedule.start();
  }

  /** Stops after the delete in progress (the database must stay open until this resolves). */
  async stop(): Promise<void> {
    await this.schedule.stop();
  }

  /** One sweep, in batches, until no expired output is left (or shutdown). Logs once if it deleted anything. */
  async sweep(nowMs = Date.now()): Promise<SweepResult> {
    const keepOutputsSec = this.common.config.jobs.keepOutputsSec;
    const cutoffMs = nowMs - keepOutputsSec * 1000;
    const result: SweepResult = { replica: 0, verifier: 0, bytes: 0 };
    for (const kind of this.kinds) {
      try {
        for (;;) {
          const batch = kind.records.expired(cutoffMs, SWEEP_BATCH);
          const { deleted, bytes, failure } = await this.deleteAll(kind.outputs, batch);
          kind.records.forget(deleted); // also when a delete failed: what is gone is forgotten
          result[kind.role] += deleted.length;
          result.bytes += bytes;
          this.common.metrics.outputsPruned.inc({ role: kind.role }, deleted.length);
          this.common.metrics.outputsPrunedBytes.inc({ role: kind.role }, bytes);
          if (failure !== undefined) throw failure;
          if (deleted.length < SWEEP_BATCH) break; // all done, or stopping
        }
      } catch (error) {
        // Left in place: the next sweep tries again (a batch never loops on a file it cannot delete).
        this.common.logger.warn(
          { role: kind.role, err: (error as Error).message.slice(0, 200) },
          "deleting old outputs failed; will retry",
        );
      }
    }
    if (result.replica + result.verifier > 0) {
      this.common.logger.info({ ...result, keepOutputsSec }, "deleted outputs of final jobs past their retention");
    }
    return result;
  }

  /** Deletes the batch's files in order; stops at shutdown or at the first failure (returned with what was done). */
  private async deleteAll(
    outputs: OutputStore,
    batch: ExpiredOutput[],
  ): Promise<{ deleted: ExpiredOutput[]; bytes: number; failure?: unknown }> {
    const deleted: ExpiredOutput[] = [];
    let bytes = 0;
    for (const output of batch) {
      if (this.schedule.stopping) break;
      try {
        bytes += await outputs.delete(output.path);
      } catch (failure) {
        return { deleted, bytes, failure };
      }
      deleted.push(output);
    }
    return { deleted, bytes };
  }
}
