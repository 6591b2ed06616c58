#!/usr/bin/env -S MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=65536 node --max-semi-space-size=1 --heap-growing-percent=20
// Two settings that keep a node's resident set down, both needed before the process starts (whoever runs
// `node hashwork-node.mjs` directly passes them too: the devnet and the tests do, see NODE_FLAGS / NODE_ENV in
// src/process-settings.ts):
// --max-semi-space-size=1: a node allocates in bursts (a block's logs, a job's bundle) and keeps little, and V8 would
// grow its young generation to 2 x 16 MiB semi-spaces after such a burst and keep them: ~30 MiB of a node's RSS. Held
// at 1 MiB semi-spaces, the node scavenges more often (a few ms each) for that memory. V8 flags set at run time
// (v8.setFlagsFromString) are reset when a worker thread starts, and every job starts one.
// --heap-growing-percent=20: the old generation's next collection at 1.2x what survived the last one (V8 picks up to
// 4x on a fast machine). A node under load had 21 MiB live in a 76 MiB heap: the rest was garbage waiting for a
// mark-compact that V8's dynamic factor kept postponing. Full collections of a ~20 MiB heap take a few ms.
// MALLOC_ARENA_MAX=2 (glibc): every job's sandbox worker compiles WebAssembly in its own thread, and glibc gives
// threads their own malloc arenas, which keep their high-water mark: 6 sample workloads x 4 rounds left 25 MiB in
// arenas, 8 MiB with two arenas (~15 MiB less RSS overall).
// MALLOC_MMAP_THRESHOLD_=65536 (glibc): a fixed threshold, so blocks from 64 KiB up are mapped and unmapped, and the
// heap's free top is returned from 128 KiB (glibc otherwise raises both after each large free, up to 32/64 MiB, and
// the compilers' scratch memory stays resident): ~10 MiB less. (The line stays under 128 bytes, which older kernels
// read of a shebang.)
// Runs the node from its bundle, provider-node/dist/main.js (plain JavaScript: no TypeScript loader in the process,
// ~34 MiB less resident than under tsx). `npm run build` writes the bundle; when it is missing or older than a source
// it is rebuilt here first, in a child process (esbuild stays out of the node's memory). HASHWORK_NODE_TSX=1 runs the
// TypeScript sources through tsx instead (stack traces with source lines, no bundle).
// Two more V8 settings, which the shebang has no room for and which need none: V8 consults them as the program runs,
// so set here, before the node loads, they hold for the whole process (checked: a function still gets no baseline code
// after a sandbox worker has started). The devnet and the tests start the node through this file as well.
// --no-sparkplug: no baseline machine code beside each warm function's bytecode (hot ones still reach TurboFan).
// --bytecode-old-age=2: the bytecode of functions that have not run for two full collections is dropped (compiled
// again if they run again), so the start-up code (config, schema, migrations, keystore) does not stay in the heap.
// Together, in A/B runs of bench:market (8 nodes, half with them): V8's committed heap 24 MiB instead of 28, 4-5 MiB less
// RSS, node CPU unchanged.
// node:sqlite prints an ExperimentalWarning on Node 22; it is expected, so it is filtered while every other warning
// still reaches stderr.
import { spawnSync } from "node:child_process";
import { setFlagsFromString } from "node:v8";
import { fileURLToPath, pathToFileURL } from "node:url";
import { MAIN, stale } from "../scripts/build.mjs";

for (const flag of ["--no-sparkplug", "--bytecode-old-age=2"]) setFlagsFromString(flag);

process.removeAllListeners("warning");
process.on("warning", (warning) => {
  if (warning.name === "ExperimentalWarning" && /SQLite/.test(warning.message)) return;
  process.stderr.write(`${warning.name}: ${warning.message}\n`);
});

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
