/**
 * The entry point of a command-line script that starts processes (the subgraph's tests, end-to-end test, benchmark and
 * indexer; the dashboard's development stack): `main` stops everything the script registered, however it ends, and
 * exits 2 for a missing prerequisite, 130 on Ctrl-C.
 */
import { Shutdown } from "@hashwork/harness/shutdown";
import { PrerequisiteError } from "./postgres.js";

/** Runs `body`, then stops what it registered on `stop` (newest first) and exits with its code. */
export function main(name: string, body: (stop: Shutdown) => Promise<number | void>): void {
  // The engines of every package.json: Hardhat 3 needs 22, node:sqlite without a flag 22.13.
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 22 || (major === 22 && minor < 13)) {
    console.error("Node >= 22.13 must be first on PATH (see README: Prerequisites)");
    process.exit(2);
  }
  const stop = new Shutdown();
  let exiting: Promise<void> | undefined;
  const finish = (code: number) => (exiting ??= stop.run(`exit ${code}`).then(() => process.exit(code)));
  // `on`, not `once`: while a listener is left, the harness leaves Ctrl-C to us (we stop children in order).
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void finish(130));
  body(stop).then(
    (code) => finish(code ?? 0),
    (error: Error) => {
      const prerequisite = error instanceof PrerequisiteError;
      if (!stop.requested) console.error(prerequisite ? error.message : `${name}: ${error.message}`);
      return finish(prerequisite ? 2 : 1);
    },
  );
}
