#!/usr/bin/env node
// Runs the node from its bundle, provider-node/dist/main.js (plain JavaScript: no TypeScript loader in the process,
// ~34 MiB less resident than under tsx). `npm run build` writes the bundle; when it is missing or older than a source
// it is rebuilt here first, in a child process (esbuild stays out of the node's memory). HASHWORK_NODE_TSX=1 runs the
// TypeScript sources through tsx instead (stack traces with source lines, no bundle).
// node:sqlite prints an ExperimentalWarning on Node 22; it is expected, so it is filtered while every other warning
// still reaches stderr.
import { spawnSync } from "node:child_process";
import { setFlagsFromString } from "node:v8";
import { fileURLToPath, pathToFileURL } from "node:url";
import { MAIN, stale } from "../scripts/build.mjs";

process.removeAllListeners("warning");
process.on("warning", (warning) => {
  if (warning.name === "ExperimentalWarning" && /SQLite/.test(warning.message)) return;
  process.stderr.write(`${warning.name}: ${warning.message}\n`);
});

// A node allocates in bursts (a block's logs, a job's bundle) and keeps little: V8 grows its young generation to 2 x 16
// MiB semi-spaces after such a burst and keeps them. Not growing them (V8 reads this factor whenever it would grow)
// holds the young generation at 2 MiB, as --max-semi-space-size=1 would; measured: ~25 MiB less RSS per node, at the
// cost of more frequent scavenges. HASHWORK_V8_DEFAULTS=1 leaves V8's default.
if (process.env.HASHWORK_V8_DEFAULTS !== "1") setFlagsFromString("--semi-space-growth-factor=1");

let main;
if (process.env.HASHWORK_NODE_TSX === "1") {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../src/cli/main.ts"));
} else {
  if (stale()) {
    const build = fileURLToPath(new URL("../scripts/build.mjs", import.meta.url));
    const result = spawnSync(process.execPath, [build], { stdio: ["ignore", "inherit", "inherit"] });
    if (result.status !== 0) {
      process.stderr.write(`hashwork-node: building ${MAIN} failed (exit ${result.status ?? result.signal})\n`);
      process.exit(1);
    }
  }
  ({ main } = await import(pathToFileURL(MAIN).href));
}
const code = await main(process.argv.slice(2));
// Let pino flush, then exit: open handles (timers, sockets) must not keep a finished command alive.
setImmediate(() => process.exit(code));
