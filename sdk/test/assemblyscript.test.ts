import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { createBundle } from "../src/bundle/index.js";
import { execute, inspectModule } from "../src/executor/index.js";

// An AssemblyScript program compiled against @assemblyscript/wasi-shim, which maps stdin/stdout,
// Math.random, Date and process.argv onto WASI preview 1. Kept as a string (not a .ts file) so the
// repository's TypeScript, ESLint and Prettier never see AssemblyScript source.
const SOURCE = `
const chunks: ArrayBuffer[] = [];
let total = 0;
while (true) {
  const buf = new ArrayBuffer(4096);
  const n = process.stdin.read(buf);
  if (n <= 0) break;
  chunks.push(buf.slice(0, n));
  total += n;
}
const all = new Uint8Array(total);
let offset = 0;
for (let i = 0; i < chunks.length; i++) {
  all.set(Uint8Array.wrap(chunks[i]), offset);
  offset += chunks[i].byteLength;
}
const text = String.UTF8.decode(all.buffer);
const words = text.split(" ").filter((w: string) => w.length > 0);
process.stdout.write("words=" + words.length.toString() + "\\n");
process.stdout.write("upper=" + text.toUpperCase() + "\\n");
process.stdout.write("random=" + Math.random().toString() + "\\n");
process.stdout.write("now=" + Date.now().toString() + "\\n");
process.stdout.write("arg=" + process.argv[1] + "\\n");
`;

/** Compiles SOURCE in a plain Node child process (see helpers/asc-build.mjs for why). */
async function compile(): Promise<Uint8Array> {
  const script = fileURLToPath(new URL("./helpers/asc-build.mjs", import.meta.url));
  // 64 pages = 4 MiB: a declared maximum, as the sandbox requires. The incremental GC is asc's default.
  const child = spawn(process.execPath, [script, "--runtime", "incremental", "--maximumMemory", "64"], {
    env: { ...process.env, NODE_OPTIONS: "" }, // no tsx loader in the compiler process
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on("data", (c: Buffer) => stdout.push(c));
  child.stderr.on("data", (c: Buffer) => stderr.push(c));
  child.stdin.end(SOURCE);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`asc failed (${code}): ${Buffer.concat(stderr).toString()}`);
  return new Uint8Array(Buffer.concat(stdout));
}

let compiled: Promise<Uint8Array> | undefined;
const program = () => (compiled ??= compile());

describe("execute: an AssemblyScript WASI program", { timeout: 120_000 }, () => {
  it("compiles with asc + wasi-shim and runs deterministically", async () => {
    const module = await program();
    const info = inspectModule(module);
    assert.ok(info.imports.every((i) => i.module === "wasi_snapshot_preview1"));
    assert.equal(info.memories[0]?.maxPages, 64);

    const input = new TextEncoder().encode("the quick brown fox");
    const bundle = createBundle({
      module,
      input,
      args: ["first-arg"],
      limits: { memoryMiB: 4, fuel: 1_000_000_000, maxOutputBytes: 4096 },
    });
    const first = await execute(bundle, { module, input });
    const lines = new TextDecoder().decode(first.output).trim().split("\n");
    assert.equal(lines[0], "words=4");
    assert.equal(lines[1], "upper=THE QUICK BROWN FOX");
    assert.match(lines[2]!, /^random=0\.\d+$/);
    assert.equal(lines[3], "now=1577836800000"); // Date.now() under the fixed clock
    assert.equal(lines[4], "arg=first-arg");

    const second = await execute(bundle, { module, input });
    assert.equal(second.outputHash, first.outputHash); // Math.random is seeded by the bundle hash
  });

  it("is refused when the memory limit is below the module's declared maximum", async () => {
    const module = await program();
    const bundle = createBundle({ module, limits: { memoryMiB: 1, fuel: 1_000_000_000, maxOutputBytes: 4096 } });
    const result = await execute(bundle, { module });
    assert.equal(result.error?.code, "INVALID_MODULE");
    assert.match(result.error.message, /exceeds the job limit of 1 MiB/);
  });
});
