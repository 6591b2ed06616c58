/**
 * Estimates the chain's current time (the timestamp the next block will carry), which is what deadlines
 * and the lottery's elapsed seconds are measured in. Local wall clock plus the largest offset seen in
 * recent blocks: on a live chain that is ~0; on a devnet whose time was advanced, or whose blocks each
 * take a new second, the chain runs ahead of the wall clock and the offset follows it.
 */
export class ChainClock {
  private offsets: number[] = [];
  private latestTimestamp = 0;

  constructor(private readonly window = 32) {}

  /** Records a block timestamp (unix seconds) observed now. */
  observe(timestamp: number, nowMs = Date.now()): void {
    this.latestTimestamp = Math.max(this.latestTimestamp, timestamp);
    this.offsets.push(timestamp - nowMs / 1000);
    if (this.offsets.length > this.window) this.offsets.shift();
  }

  /** Estimated chain time, unix seconds (fractional). */
  now(nowMs = Date.now()): number {
    const offset = this.offsets.length === 0 ? 0 : Math.max(...this.offsets);
    return Math.max(this.latestTimestamp, nowMs / 1000 + offset);
  }

  /** Milliseconds of wall clock until chain time reaches `timestamp` (0 if it has). */
  msUntil(timestamp: number, nowMs = Date.now()): number {
    return Math.max(0, Math.ceil((timestamp - this.now(nowMs)) * 1000));
  }
}
