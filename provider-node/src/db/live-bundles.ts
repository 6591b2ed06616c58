import { JOB_STATES, isTerminal } from "../jobs/state.js";
import { VERIFY_STATES, isVerifyTerminal } from "../verify/state.js";
import { WATCH_STATES, isWatchTerminal } from "../watch/state.js";
import type { SqlDatabase } from "./sql.js";

const inList = (states: readonly string[]) => states.map((s) => `'${s}'`).join(",");

// The live states of each table, from the state machines themselves (so a new state cannot be forgotten here).
const LIVE_BUNDLES_SQL = `
  SELECT bundle_uri FROM jobs WHERE state IN (${inList(JOB_STATES.filter((s) => !isTerminal(s)))})
  UNION SELECT bundle_uri FROM verifications
    WHERE state IN (${inList(VERIFY_STATES.filter((s) => !isVerifyTerminal(s)))}) AND bundle_uri IS NOT NULL
  UNION SELECT bundle_uri FROM watches WHERE state IN (${inList(WATCH_STATES.filter((s) => !isWatchTerminal(s)))})`;

/**
 * The bundle URIs of every record that is not in a terminal state — replica jobs, verifier rounds and watched jobs —
 * whose steps may still fetch, or read back, the job's bundle, module and input. A failed job still awaiting its
 * settlement is terminal here: it never executes again.
 */
export function liveBundleUris(db: SqlDatabase): string[] {
  return (db.prepare(LIVE_BUNDLES_SQL).all() as { bundle_uri: string }[]).map((r) => r.bundle_uri);
}
