// `npm start`: the whole Hashwork marketplace on 127.0.0.1 — chain, contracts, content store, graph-node with
// the subgraph, provider nodes (one faulty), a workload generator and the dashboard. `npm start -- --help`.
//
// Runs under any Node: bootstraps Node 22 and the dependencies when needed (scripts/devnet/bootstrap.mjs),
// then runs the TypeScript orchestrator (devkit/src/main.ts, package @hashwork/devkit) under Node 22 and passes signals on to it.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ensureDependencies, ensureNode22, REPO } from "./devnet/bootstrap.mjs";

const t0 = Date.now();
let node, env;
try {
  ({ node, env } = ensureNode22(process.env));
  ensureDependencies(env);
} catch (error) {
  process.stderr.write(`hashwork: ${error.message}\n`);
  process.exit(1);
}

const child = spawn(
  node,
  [
    "--disable-warning=ExperimentalWarning",
    "--import",
    "tsx",
    join(REPO, "devkit/src/main.ts"),
    ...process.argv.slice(2),
  ],
  { cwd: REPO, stdio: "inherit", env: { ...env, HASHWORK_DEVNET_T0: String(t0) } },
);
// Ctrl-C reaches both of us (same foreground process group); SIGTERM/SIGHUP sent to us alone are passed on.
// Either way the orchestrator shuts everything down and we exit with its code.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}
child.on("exit", (code, signal) => {
  const numbers = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1, SIGKILL: 9 };
  process.exit(code ?? 128 + (numbers[signal] ?? 1));
});
