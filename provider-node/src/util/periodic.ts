import { sleep } from "../sdk.js";

/**
 * A chore the node runs now and then every `intervalMs` until stopped (withdrawing earnings, sweeping old outputs,
 * keeping the content cache in bounds). A run that throws is reported to `onFailure` and the next run still comes, so
 * one bad pass never ends the chore. `stop` wakes the wait at once and resolves when the run in progress has returned;
 * a long run checks `stopping` between its steps to return early.
 */
export class Periodic {
  private stopRequested = false;
  private readonly wakeUp = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(
    private readonly run: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly onFailure: (error: Error) => void,
  ) {}

  /** Whether `stop` was called: a run in progress should return at its next step. */
  get stopping(): boolean {
    return this.stopRequested;
  }

  /** Runs now, then every `intervalMs`. */
  start(): void {
    this.loop = this.repeat();
  }

  /** Stops the chore; resolves once the run in progress (if any) has returned. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    this.wakeUp.abort();
    await this.loop;
  }

  private async repeat(): Promise<void> {
    while (!this.stopRequested) {
      try {
        await this.run();
      } catch (error) {
        this.onFailure(error as Error);
      }
      await sleep(this.intervalMs, this.wakeUp.signal).catch(() => undefined);
    }
  }
}
