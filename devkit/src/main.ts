/**
 * Entry point of `npm start` under Node >= 22 (scripts/start.mjs bootstraps Node and dependencies first):
 * builds the contracts and SDK bindings when they are missing, then runs the devnet.
 *
 *   node --import tsx devkit/src/main.ts [options]     (see --help)
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "@hashwork/harness/chain";
import { parseOptions, usage, UsageError } from "./options.js";
import { runToCompletion } from "@hashwork/harness/processes";

const t0 = Number(process.env.HASHWORK_DEVNET_T0) || Date.now();

let options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`${error.message}\n\n${usage()}\n`);
  process.exit(2);
}
if (options === "help") {
  process.stdout.write(`${usage()}\n`);
  process.exit(0);
}

// The bindings (sdk/src/typechain) and artifacts are build outputs, absent on a fresh clone.
if (!existsSync(join(REPO, "sdk/src/typechain/index.ts")) || !existsSync(join(REPO, "artifacts"))) {
  process.stdout.write("building contracts and SDK bindings (first run) …\n");
  const { mkdirSync } = await import("node:fs");
  mkdirSync(join(options.stateDir, "logs"), { recursive: true });
  try {
    await runToCompletion("npm run build", "npm", ["run", "build"], {
      cwd: REPO,
      logFile: join(options.stateDir, "logs", "build.log"),
      timeoutMs: 900_000,
    });
  } catch (error) {
    process.stderr.write(`devnet: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

// Imported only now: it needs the bindings built above.
const { runDevnet } = await import("./devnet.js");
let code = 1;
try {
  code = (await runDevnet(options, t0)).exitCode;
} catch (error) {
  process.stderr.write(`devnet: ${(error as Error).message}\n`);
}
// Stopped: a late second Ctrl-C (the terminal's and the one start.mjs passes on) must not change the exit code.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => undefined);
// Open handles (sockets in keep-alive, pino) must not keep a stopped devnet alive.
setTimeout(() => process.exit(code), 200);
