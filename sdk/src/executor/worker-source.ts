import { createHash } from "node:crypto";
import { existsSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** How to start the sandbox worker: a file (compiled JavaScript) or bundled source (`eval`). */
export type WorkerSpec = { url: URL; eval: false } | { code: string; eval: true };

let bundledWorker: Promise<string> | undefined;
let bundledHost: Promise<string> | undefined;

/**
 * The worker as the sandbox starts it. Compiled, it is worker.js beside this file. Run from TypeScript
 * sources (tsx: the CLI, the node and the tests), it is bundled once per process with esbuild into one
 * CommonJS script: a worker that loaded tsx and transpiled its imports took ~200 ms to start, the bundle
 * ~50 ms, and every job starts a fresh worker.
 */
export async function workerSpec(): Promise<WorkerSpec> {
  if (!import.meta.url.endsWith(".ts")) return { url: new URL("./worker.js", import.meta.url), eval: false };
  return { code: await (bundledWorker ??= bundle("./worker.ts")), eval: true };
}

/**
 * The script of the sandbox process (`isolation: "process"`). Compiled, it is process-host.js beside this file. From
 * TypeScript sources it is bundled like the worker, once per process, into the temporary directory (a process starts
 * from a file), under a name its content decides: every process that bundles the same sources shares one file.
 */
export async function processHostPath(): Promise<string> {
  if (!import.meta.url.endsWith(".ts")) return fileURLToPath(new URL("./process-host.js", import.meta.url));
  return (bundledHost ??= bundle("./process-host.ts").then((code) => {
    const digest = createHash("sha256").update(code).digest("hex").slice(0, 16);
    const path = join(tmpdir(), `hashwork-sandbox-${digest}.cjs`);
    if (!existsSync(path)) {
      const partial = `${path}.${process.pid}.tmp`; // written beside, renamed over: processes may race to write it
      writeFileSync(partial, code);
      renameSync(partial, path);
    }
    return path;
  }));
}

/** `entry` (beside this file) bundled into one CommonJS script. */
async function bundle(entry: string): Promise<string> {
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node22",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}
