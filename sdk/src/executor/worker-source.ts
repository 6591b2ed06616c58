import { fileURLToPath } from "node:url";

/** How to start the sandbox worker: a file (compiled JavaScript) or bundled source (`eval`). */
export type WorkerSpec = { url: URL; eval: false } | { code: string; eval: true };

let bundled: string | undefined;

/**
 * The worker as the sandbox starts it. Compiled, it is worker.js beside this file. Run from TypeScript
 * sources (tsx: the CLI, the node and the tests), it is bundled once per process with esbuild into one
 * CommonJS script: a worker that loaded tsx and transpiled its imports took ~200 ms to start, the bundle
 * ~50 ms, and every job starts a fresh worker.
 */
export async function workerSpec(): Promise<WorkerSpec> {
  if (!import.meta.url.endsWith(".ts")) return { url: new URL("./worker.js", import.meta.url), eval: false };
  if (bundled === undefined) {
    const { build } = await import("esbuild");
    const result = await build({
      entryPoints: [fileURLToPath(new URL("./worker.ts", import.meta.url))],
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node22",
      write: false,
      logLevel: "silent",
    });
    bundled = result.outputFiles[0]!.text;
  }
  return { code: bundled, eval: true };
}
