#!/usr/bin/env node
// Runs the TypeScript sources through tsx (no build step). node:sqlite prints an ExperimentalWarning on
// Node 22; it is expected, so it is filtered while every other warning still reaches stderr.
import { register } from "tsx/esm/api";

process.removeAllListeners("warning");
process.on("warning", (warning) => {
  if (warning.name === "ExperimentalWarning" && /SQLite/.test(warning.message)) return;
  process.stderr.write(`${warning.name}: ${warning.message}\n`);
});

register();
const { main } = await import("../src/cli/main.ts");
const code = await main(process.argv.slice(2));
// Let pino flush, then exit: open handles (timers, sockets) must not keep a finished command alive.
setImmediate(() => process.exit(code));
