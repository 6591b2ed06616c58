/** Something to stop or close when the owner shuts down. */
export type ShutdownHook = () => Promise<void> | void;

/**
 * One graceful-shutdown primitive for a long-running owner (a provider node, the devnet): long waits listen to
 * `signal`; each part registers how it stops as it starts, and `run` stops them newest first, so a part stops before
 * whatever it was started on. A hook registered once shutdown has begun (a part whose start raced it) runs at once
 * and is awaited like the others, never lost; a hook that throws is reported and does not keep the rest from running.
 * (After Ponder's shutdown.)
 */
export class Shutdown {
  private readonly controller = new AbortController();
  private readonly hooks: ShutdownHook[] = [];
  private readonly late: Promise<void>[] = [];
  private running: Promise<void> | undefined;

  /** `onError` hears of a hook that threw (default: stderr). */
  constructor(private readonly onError: (error: unknown) => void = reportToStderr) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get requested(): boolean {
    return this.controller.signal.aborted;
  }

  /** Registers how a part stops: run newest first by `run`, or at once when shutdown has already begun. */
  onShutdown(hook: ShutdownHook): void {
    if (this.requested) this.late.push(this.call(hook));
    else this.hooks.push(hook);
  }

  /** Aborts `signal`, then runs the hooks newest first, each awaited. Idempotent: every call gets the same promise. */
  run(reason: string): Promise<void> {
    if (!this.running) {
      this.controller.abort(new Error(reason)); // from here on a hook registered runs at once
      this.running = this.stopAll();
    }
    return this.running;
  }

  private async stopAll(): Promise<void> {
    while (this.hooks.length > 0) await this.call(this.hooks.pop() as ShutdownHook);
    while (this.late.length > 0) await this.late.shift();
  }

  private async call(hook: ShutdownHook): Promise<void> {
    try {
      await hook();
    } catch (error) {
      this.onError(error);
    }
  }
}

function reportToStderr(error: unknown): void {
  process.stderr.write(`shutdown: a stop hook failed: ${(error as Error)?.message ?? String(error)}\n`);
}
