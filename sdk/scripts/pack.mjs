// Builds @hashwork/sdk as a library and packs it: ESM JavaScript and .d.ts declarations (tsc, tsconfig.build.json)
// under dist/, the runtime assets beside them, and a package.json whose exports point at dist/ with a "types"
// condition for every subpath. Inside this repository the workspaces keep importing the TypeScript sources (the
// package.json in the tree maps every subpath to src/, run through tsx); the tarball is what a project outside it
// installs: plain Node, no TypeScript loader, no esbuild.
//
//   npm run pack -w @hashwork/sdk [-- <destination dir>]   # prints the tarball's path
//
// The contract bindings (src/typechain, generated from abis/ by `npm run build -w @hashwork/sdk`) must exist.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const SDK = fileURLToPath(new URL("..", import.meta.url));
const STAGE = join(SDK, ".pack");
/** Source files the compiled code reads beside itself at run time (tsc copies only what it compiles). */
const ASSETS = ["bundle/bundle.schema.json"];
/** Directories the package ships as they are: prebuilt sample workloads, the ABIs, known deployments. */
const SHIPPED = ["workloads/build", "abis", "deployments"];
/**
 * Dependencies only the TypeScript sources use (esbuild bundles the sandbox worker when run under tsx): optional
 * peers of the package, never installed for it.
 */
const SOURCE_ONLY = new Set(["esbuild"]);

/** `./src/x/index.ts` → `./dist/x/index.js` (and `.d.ts`). */
function built(target) {
  const base = target.replace(/^\.\/src\//, "./dist/").replace(/\.ts$/, "");
  return { types: `${base}.d.ts`, default: `${base}.js` };
}

/** The manifest a consumer installs: exports into dist/, and only the dependencies dist/ imports. */
export function packedManifest(manifest) {
  const exports = {};
  for (const [path, target] of Object.entries(manifest.exports)) {
    exports[path] = typeof target === "string" && target.startsWith("./src/") ? built(target) : target;
  }
  const all = Object.entries(manifest.dependencies ?? {});
  const dependencies = Object.fromEntries(all.filter(([name]) => !SOURCE_ONLY.has(name)));
  const peerDependencies = Object.fromEntries(all.filter(([name]) => SOURCE_ONLY.has(name)));
  const peerDependenciesMeta = Object.fromEntries(Object.keys(peerDependencies).map((n) => [n, { optional: true }]));
  // The workspace's manifest stays private (it exports TypeScript sources); the built package may be published.
  const { devDependencies: _dev, scripts: _scripts, private: _private, ...rest } = manifest;
  return {
    ...rest,
    types: exports["."].types,
    exports,
    dependencies,
    peerDependencies,
    peerDependenciesMeta,
    files: ["dist", ...SHIPPED.filter((dir) => existsSync(join(SDK, dir)))],
  };
}

/** Builds and packs into `destination`; returns the tarball's path. */
export function pack(destination) {
  if (!existsSync(join(SDK, "src/typechain/index.ts")))
    throw new Error("sdk/src/typechain is missing: run `npm run build -w @hashwork/sdk` (typechain over abis/) first");
  rmSync(STAGE, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", join(SDK, "tsconfig.build.json"), "--outDir", join(STAGE, "dist")], {
    stdio: "inherit",
  });
  for (const asset of ASSETS) cpSync(join(SDK, "src", asset), join(STAGE, "dist", asset));
  for (const dir of SHIPPED)
    if (existsSync(join(SDK, dir))) cpSync(join(SDK, dir), join(STAGE, dir), { recursive: true });
  const manifest = JSON.parse(readFileSync(join(SDK, "package.json"), "utf8"));
  writeFileSync(join(STAGE, "package.json"), `${JSON.stringify(packedManifest(manifest), null, 2)}\n`);
  mkdirSync(destination, { recursive: true });
  const out = execFileSync("npm", ["pack", "--silent", "--pack-destination", destination], {
    cwd: STAGE,
    encoding: "utf8",
  });
  rmSync(STAGE, { recursive: true, force: true });
  return join(destination, out.trim().split("\n").at(-1));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const tarball = pack(resolve(process.argv[2] ?? SDK));
  process.stdout.write(`${tarball}\n`);
}
