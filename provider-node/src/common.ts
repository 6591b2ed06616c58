import type { NodeConfig } from "./config/types.js";
import type { Logger } from "./logger.js";
import type { Metrics } from "./metrics.js";

/** Graceful-shutdown handle: long waits listen to `signal`; cleanup callbacks run last-in, first-out. */
export class Shutdown {
  private readonly controller = new AbortController();
  private readonly hooks: (() => Promise<void> | void)[] = [];

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get requested(): boolean {
    return this.controller.signal.aborted;
  }

  onShutdown(hook: () => Promise<void> | void): void {
    this.hooks.push(hook);
  }

  /** Aborts waits, then runs the hooks (newest first). Idempotent. */
  async run(reason: string): Promise<void> {
    if (this.requested) return;
    this.controller.abort(new Error(reason));
    for (const hook of this.hooks.reverse()) await hook();
  }
}

/** The dependency object passed down to every component (after Ponder's `Common`). */
export interface Common {
  config: NodeConfig;
  logger: Logger;
  metrics: Metrics;
  shutdown: Shutdown;
}
