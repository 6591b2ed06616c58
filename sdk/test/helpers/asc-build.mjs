// Compiles AssemblyScript source read from stdin against @assemblyscript/wasi-shim and writes the WASM
// binary to stdout. Extra arguments are passed to asc. Run as a plain Node process: loading the compiler
// through tsx's loader takes ~20 s, directly ~2 s.
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import asc from "assemblyscript/asc";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const source = Buffer.concat(chunks).toString("utf8");
const shimConfig = createRequire(import.meta.url).resolve("@assemblyscript/wasi-shim/asconfig.json");

let wasm;
const result = await asc.main(
  ["program.ts", "--outFile", "program.wasm", "--config", shimConfig, ...process.argv.slice(2)],
  {
    readFile: async (name, baseDir) => {
      if (name === "program.ts") return source;
      return readFile(resolve(baseDir, name), "utf8").catch(() => null);
    },
    writeFile: (name, contents) => {
      if (name.endsWith(".wasm")) wasm = contents;
    },
    // asc lists the shim's library directory to pick up its wasi_* implementations.
    listFiles: async (dir, baseDir) =>
      (await readdir(resolve(baseDir, dir)).catch(() => [])).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")),
  },
);
if (result.error || !wasm) {
  process.stderr.write(`${result.error?.message ?? "no output"}\n${result.stderr.toString()}`);
  process.exit(1);
}
process.stdout.write(wasm);
