// Builds the sample workloads into sdk/workloads/build/<name>.wasm: AssemblyScript sources
// (sdk/workloads/<name>/index.ts, compiled against @assemblyscript/wasi-shim) and C sources
// (sdk/workloads/<name>/main.c, compiled by clang for wasm32-wasi against wasi-libc). The binaries are
// committed so that users, the CLI and the devnet need no compiler; `--check` proves they still come from
// these sources.
//
//   node sdk/scripts/build-workloads.mjs                  rebuild every workload in place
//   node sdk/scripts/build-workloads.mjs --check          rebuild in memory; exit 1 if a committed binary
//                                                         differs, is missing, or has no source
//   --only <name>[,<name>...]                             restrict to some workloads
//   --build-dir <dir>                                     write to (or check against) another directory
//
// Run as a plain Node process: loading the compiler through tsx's loader is ~10x slower.
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import asc from "assemblyscript/asc";

const require = createRequire(import.meta.url);
const SDK_DIR = fileURLToPath(new URL("..", import.meta.url));
const COMMITTED_DIR = join(SDK_DIR, "workloads", "build");

// Language and declared memory maximum of each module, in MiB (the executor refuses modules without one and
// runs a module only when the job's memory limit is at least this). The registry's `limits.memoryMiB` must
// match; sdk/test/workloads.test.ts checks that.
const WORKLOADS = {
  sha256: { lang: "as", memoryMiB: 1 },
  wordfreq: { lang: "as", memoryMiB: 128 },
  mandelbrot: { lang: "as", memoryMiB: 2 },
  primes: { lang: "as", memoryMiB: 16 },
  iris: { lang: "c", memoryMiB: 2 },
  edges: { lang: "c", memoryMiB: 32 },
};

// The C compiler the committed C modules were built with (Debian bookworm's clang, lld and wasi-libc).
// Another version may emit other bytes; --check then says which compiler it used.
const CLANG = "clang";
const CLANG_PACKAGES = "clang lld wasi-libc libclang-rt-14-dev-wasm32";
// Fixed flags: no debug info or names (no paths in the binary), no FP contraction (no FMA in WASM anyway),
// every warning an error, 64 KiB of stack, the memory maximum set per workload.
const C_FLAGS = ["--target=wasm32-wasi", "-O2", "-std=c11", "-Wall", "-Wextra", "-Werror", "-ffp-contract=off"];

const PAGES_PER_MIB = 16; // 64 KiB WASM pages

// Fixed compiler flags: the same sources and compiler version must always give the same bytes.
const COMMON_FLAGS = [
  "--config",
  require.resolve("@assemblyscript/wasi-shim/asconfig.json"),
  "--optimizeLevel",
  "3",
  "--shrinkLevel",
  "0",
  "--runtime",
  "incremental",
  "--noColors",
];

/** Compiles one workload; returns the WASM bytes. Source paths are relative to sdk/, so no machine path leaks in. */
async function compile(name) {
  return WORKLOADS[name].lang === "c" ? compileC(name) : compileAssemblyScript(name);
}

// clang 14 post-processes its output with any `wasm-opt` it finds on PATH, and npm puts binaryen's (an
// assemblyscript dependency) there: clang must not see node_modules/.bin, or the bytes depend on how the
// script was started.
const CLANG_ENV = {
  ...process.env,
  PATH: (process.env.PATH ?? "")
    .split(":")
    .filter((dir) => !dir.includes("node_modules"))
    .join(":"),
};

function clangVersion() {
  const result = spawnSync(CLANG, ["--version"], { encoding: "utf8", env: CLANG_ENV });
  if (result.error || result.status !== 0) {
    throw new Error(`the C workloads need clang for wasm32-wasi: apt-get install ${CLANG_PACKAGES}`);
  }
  return result.stdout.split("\n")[0];
}

async function compileC(name) {
  clangVersion();
  const dir = await mkdtemp(join(tmpdir(), "hashwork-workload-"));
  try {
    const out = join(dir, `${name}.wasm`);
    const memory = String(WORKLOADS[name].memoryMiB * 1024 * 1024);
    const args = [...C_FLAGS, "-o", out, `workloads/${name}/main.c`, `-Wl,--max-memory=${memory}`];
    args.push("-Wl,--strip-all", "-Wl,-z,stack-size=65536");
    const result = spawnSync(CLANG, args, { cwd: SDK_DIR, encoding: "utf8", env: CLANG_ENV });
    if (result.status !== 0) throw new Error(`clang failed for ${name}:\n${result.stderr}${result.error ?? ""}`);
    return new Uint8Array(await readFile(out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function compileAssemblyScript(name) {
  let wasm;
  const entry = `workloads/${name}/index.ts`;
  const pages = String(WORKLOADS[name].memoryMiB * PAGES_PER_MIB);
  const result = await asc.main(
    [entry, "--outFile", `${name}.wasm`, "--maximumMemory", pages, "--baseDir", SDK_DIR, ...COMMON_FLAGS],
    {
      readFile: (file, baseDir) => readFile(resolve(baseDir, file), "utf8").catch(() => null),
      writeFile: (file, contents) => {
        if (file.endsWith(".wasm")) wasm = contents;
      },
      // asc lists the shim's library directory to pick up its wasi_* implementations.
      listFiles: async (dir, baseDir) =>
        (await readdir(resolve(baseDir, dir)).catch(() => [])).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")),
    },
  );
  if (result.error || !wasm) {
    throw new Error(`asc failed for ${name}: ${result.error?.message ?? "no output"}\n${result.stderr.toString()}`);
  }
  return wasm;
}

async function main() {
  const { values } = parseArgs({
    options: { check: { type: "boolean" }, only: { type: "string" }, "build-dir": { type: "string" } },
  });
  const all = Object.keys(WORKLOADS);
  const names = values.only ? values.only.split(",") : all;
  const unknown = names.filter((name) => !all.includes(name));
  if (unknown.length > 0) throw new Error(`unknown workload(s) ${unknown.join(", ")}; known: ${all.join(", ")}`);
  const targetDir = values["build-dir"] ? resolve(values["build-dir"]) : COMMITTED_DIR;

  if (!values.check) {
    await mkdir(targetDir, { recursive: true });
    for (const name of names) {
      const wasm = await compile(name);
      await writeFile(join(targetDir, `${name}.wasm`), wasm);
      process.stdout.write(`built ${name}.wasm (${wasm.length} bytes)\n`);
    }
    return 0;
  }

  // Check: compare fresh builds (kept in memory) with the committed files, byte for byte.
  const problems = [];
  for (const name of names) {
    const committed = await readFile(join(targetDir, `${name}.wasm`)).catch(() => null);
    if (!committed) {
      problems.push(`${name}.wasm is missing`);
      continue;
    }
    const fresh = Buffer.from(await compile(name));
    if (!fresh.equals(committed)) {
      problems.push(`${name}.wasm differs from a fresh build (${committed.length} vs ${fresh.length} bytes)`);
    }
  }
  const stray = (await readdir(targetDir)).filter((file) => !all.some((name) => file === `${name}.wasm`));
  for (const file of stray) problems.push(`${file} has no source in sdk/workloads/`);
  if (problems.length > 0) {
    const version = require("assemblyscript/package.json").version;
    const c = names.some((name) => WORKLOADS[name].lang === "c") ? `, ${clangVersion()}` : "";
    console.error(`${targetDir} is out of date (assemblyscript ${version}${c}):\n  ${problems.join("\n  ")}`);
    console.error("rebuild with: node sdk/scripts/build-workloads.mjs");
    return 1;
  }
  process.stdout.write(`ok: ${names.map((name) => `${name}.wasm`).join(", ")} match a fresh build\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error.message);
    process.exit(2);
  },
);
