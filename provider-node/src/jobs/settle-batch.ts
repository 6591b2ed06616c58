/**
 * The node's settlements, sent together. A job whose settlement is due (settleable, and our turn) joins the batch with
 * the moment it must go out at the latest; the batch is sent as one `settleMany` once it holds `maxJobs` jobs or once
 * its most urgent job's moment came, whichever is first, by whichever of its jobs' steps finds it so. Jobs due at the
 * same time therefore share one transaction's base cost and the cold reads of the market's shared state (about 32,000
 * gas a job in a batch of four, `npm run bench:gas`), and `jobs.settleWaitSec` lets a job wait for company.
 *
 * In memory only: after a restart every due job joins again. A job that someone else settled meanwhile is skipped by
 * the contract, so a stale entry costs nothing but its calldata.
 */
export class SettleBatch {
  /** Jobs waiting to be sent, by id: the wall-clock ms by which each must go out. Insertion order = join order. */
  private readonly waiting = new Map<bigint, number>();
  /** Jobs in a settlement transaction being sent. */
  private readonly sending = new Set<bigint>();
  /** Jobs whose batch was refused on simulation: each settles alone from then on, so one cannot hold up the rest. */
  private readonly alone = new Set<bigint>();

  constructor(private readonly maxJobs: number) {}

  /** Adds `jobId`, to go out by `latestMs` (a job already waiting keeps its earlier moment). */
  join(jobId: bigint, latestMs: number): void {
    const known = this.waiting.get(jobId);
    if (known === undefined || latestMs < known) this.waiting.set(jobId, latestMs);
  }

  /** Forgets `jobId` (settled, gone to the court, or vanished). */
  leave(jobId: bigint): void {
    this.waiting.delete(jobId);
    this.alone.delete(jobId);
  }

  /** Whether `jobId` is in a settlement transaction being sent (its step waits for that to end). */
  isSending(jobId: bigint): boolean {
    return this.sending.has(jobId);
  }

  /**
   * The jobs to settle now, `jobId` first, taken out of the batch and marked as sending (empty: not yet; ask again in
   * {@link msUntilDue}). `jobId` must have joined.
   */
  take(jobId: bigint, nowMs: number): bigint[] {
    if (!this.waiting.has(jobId)) return [];
    if (this.alone.has(jobId)) return this.mark([jobId]);
    const others = [...this.waiting.keys()].filter((id) => id !== jobId && !this.alone.has(id));
    const full = others.length + 1 >= this.maxJobs;
    if (!full && this.msUntilDue(nowMs) > 0) return [];
    return this.mark([jobId, ...others.slice(0, this.maxJobs - 1)]);
  }

  /** Milliseconds until the most urgent waiting job must go out (0: now). */
  msUntilDue(nowMs: number): number {
    let earliest = Infinity;
    for (const latest of this.waiting.values()) earliest = Math.min(earliest, latest);
    return earliest === Infinity ? 0 : Math.max(0, earliest - nowMs);
  }

  /**
   * The settlement transaction of `jobIds` ended. `refused`: its simulation reverted (a job in it was not settleable
   * after all, e.g. the chain's clock behind ours): every one of them settles alone from now on.
   */
  finish(jobIds: readonly bigint[], refused = false): void {
    for (const id of jobIds) {
      this.sending.delete(id);
      if (refused && jobIds.length > 1) this.alone.add(id);
    }
  }

  private mark(jobIds: bigint[]): bigint[] {
    for (const id of jobIds) {
      this.waiting.delete(id);
      this.sending.add(id);
    }
    return jobIds;
  }
}
