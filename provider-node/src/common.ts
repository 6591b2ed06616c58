import { Shutdown } from "@hashwork/harness/shutdown";
import type { NodeConfig } from "./config/types.js";
import type { Logger } from "./logger.js";
import type { Metrics } from "./metrics.js";

/** The one graceful-shutdown primitive, shared with the devnet: `signal` aborts long waits, `run` is idempotent. */
export { Shutdown };

/** The dependency object passed down to every component (after Ponder's `Common`). */
export interface Common {
  config: NodeConfig;
  logger: Logger;
  metrics: Metrics;
  shutdown: Shutdown;
}
