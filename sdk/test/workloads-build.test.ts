import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFile, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { tempDir } from "./helpers/tmp.js";

const SCRIPT = fileURLToPath(new URL("../scripts/build-workloads.mjs", import.meta.url));
const COMMITTED = fileURLToPath(new URL("../workloads/build/", import.meta.url));

/** Runs the build script in a plain Node process (the compiler is ~10x slower under tsx's loader). */
async function buildScript(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [SCRIPT, ...args], { env: { ...process.env, NODE_OPTIONS: "" } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, stdout, stderr };
}

describe("build-workloads.mjs --check", { timeout: 120_000 }, () => {
  it("passes: the committed modules are exactly what the sources compile to", async () => {
    const result = await buildScript("--check");
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /ok: sha256\.wasm, wordfreq\.wasm, mandelbrot\.wasm, primes\.wasm, iris\.wasm, edges\.wasm match a fresh build/,
    );
  });

  it("fails on a changed binary, a missing one, or one without a source", async () => {
    const dir = await tempDir("hashwork-workloads-");
    for (const file of await readdir(COMMITTED)) await copyFile(join(COMMITTED, file), join(dir, file));
    const tampered = await readFile(join(dir, "sha256.wasm"));
    tampered[tampered.length - 1]! ^= 0x01;
    await writeFile(join(dir, "sha256.wasm"), tampered);
    await writeFile(join(dir, "old.wasm"), new Uint8Array(8));
    await writeFile(join(dir, "primes.wasm"), new Uint8Array(0)); // differs in size too
    await rm(join(dir, "wordfreq.wasm"));

    // mandelbrot and the C workloads are left out to save compiles (except edges, tampered to show the C
    // path is checked too); the others are each broken in one way.
    const edges = await readFile(join(dir, "edges.wasm"));
    edges[edges.length - 1]! ^= 0x01;
    await writeFile(join(dir, "edges.wasm"), edges);
    const result = await buildScript("--check", "--only", "sha256,primes,wordfreq,edges", "--build-dir", dir);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /sha256\.wasm differs from a fresh build/);
    assert.match(result.stderr, /primes\.wasm differs from a fresh build \(0 vs \d+ bytes\)/);
    assert.match(result.stderr, /wordfreq\.wasm is missing/);
    assert.match(result.stderr, /edges\.wasm differs from a fresh build/);
    assert.match(result.stderr, /old\.wasm has no source/);
    assert.match(result.stderr, /assemblyscript [\d.]+, .*clang version/);
  });

  it("refuses an unknown workload name", async () => {
    const result = await buildScript("--check", "--only", "sha256,nope");
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown workload\(s\) nope; known: sha256, wordfreq, mandelbrot, primes, iris, edges/);
  });
});
