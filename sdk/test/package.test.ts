/**
 * The SDK as a project outside this repository gets it: `npm run pack -w @hashwork/sdk` builds ESM and declarations
 * into a tarball, installed here into an empty project (its dependencies linked from this repository's install, so
 * nothing is downloaded), then used with plain Node (no TypeScript loader) and typechecked by tsc against the
 * shipped declarations.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { createBundle } from "../src/bundle/index.js";
import { execute } from "../src/executor/index.js";
import { getExample } from "../src/workloads/index.js";

const SDK = fileURLToPath(new URL("..", import.meta.url));
const REPO = join(SDK, "..");
const require = createRequire(join(SDK, "package.json"));

describe("@hashwork/sdk as a built package", { timeout: 180_000 }, () => {
  let dir: string;
  let consumer: string;
  let installed: string;
  let manifest: {
    exports: Record<string, unknown>;
    dependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
    peerDependenciesMeta: Record<string, { optional?: boolean }>;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "hashwork-sdk-package-"));
    const tarball = execFileSync(process.execPath, [join(SDK, "scripts/pack.mjs"), dir], { encoding: "utf8" })
      .trim()
      .split("\n")
      .at(-1) as string;
    consumer = join(dir, "consumer");
    installed = join(consumer, "node_modules/@hashwork/sdk");
    mkdirSync(installed, { recursive: true });
    execFileSync("tar", ["xzf", tarball, "-C", installed, "--strip-components=1"]);
    manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
    // The declared dependencies (and Node's types, for tsc), linked from this repository's install.
    for (const name of [...Object.keys(manifest.dependencies), "@types/node", "typescript"]) {
      const link = join(consumer, "node_modules", name);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(packageDir(name), link);
    }
    writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", type: "module", private: true }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("exports compiled JavaScript and declarations for every subpath, and declares exactly the packages they import", () => {
    for (const [path, target] of Object.entries(manifest.exports)) {
      if (path === "./package.json") continue;
      const { types, default: js } = target as { types: string; default: string };
      assert.ok(existsSync(join(installed, js)), `${path}: ${js} is in the package`);
      assert.ok(existsSync(join(installed, types)), `${path}: ${types} is in the package`);
    }
    assert.ok(!existsSync(join(installed, "src")), "no TypeScript sources are shipped");
    const builtins = new Set(builtinModules);
    const imported = new Set<string>();
    for (const file of walk(join(installed, "dist")).filter((f) => /\.(js|d\.ts)$/.test(f))) {
      const source = readFileSync(file, "utf8");
      const specifiers = /\b(?:from|import\()\s*["']((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.:-]*(?:\/[\w.-]+)*)["']/g;
      for (const m of source.matchAll(specifiers)) imported.add(m[1] as string);
    }
    const packages = new Set<string>();
    for (const specifier of imported) {
      if (specifier.startsWith("node:") || builtins.has(specifier)) continue;
      const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0];
      packages.add(name!);
      const declared = name! in manifest.dependencies || manifest.peerDependenciesMeta[name!]?.optional === true;
      assert.ok(declared, `dist/ imports ${specifier}, which the package must declare`);
    }
    for (const name of Object.keys(manifest.dependencies))
      assert.ok(packages.has(name), `the package declares ${name}, which nothing in dist/ imports`);
    // esbuild only bundles the sandbox worker for the TypeScript sources: an optional peer, never installed.
    assert.ok(!("esbuild" in manifest.dependencies) && "esbuild" in manifest.peerDependencies);
  });

  it("runs under plain Node: a sample workload gives the same output and fuel as the sources", async () => {
    const script = `
      import * as root from "@hashwork/sdk";
      import { createBundle } from "@hashwork/sdk/bundle";
      import { execute } from "@hashwork/sdk/executor";
      import { getExample } from "@hashwork/sdk/workloads";
      import { JobMarket__factory } from "@hashwork/sdk/typechain";
      ${Object.keys(manifest.exports)
        .filter((p) => p !== "./package.json")
        .map((p, i) => `import * as m${i} from "${join("@hashwork/sdk", p)}";`)
        .join("\n")}
      const example = getExample("sha256");
      const module = await example.module();
      const input = new TextEncoder().encode("hashwork");
      const bundle = createBundle({ module, input, args: example.args, limits: example.limits });
      const result = await execute(bundle, { module, input });
      console.log(JSON.stringify({
        output: new TextDecoder().decode(result.output).trim(),
        outputHash: result.outputHash,
        fuelUsed: String(result.fuelUsed),
        marketEvents: JobMarket__factory.createInterface().fragments.filter((f) => f.type === "event").length,
        rootExports: Object.keys(root).length,
      }));
    `;
    writeFileSync(join(consumer, "run.mjs"), script);
    const out = execFileSync(process.execPath, ["run.mjs"], { cwd: consumer, encoding: "utf8", env: cleanEnv() });
    const built = JSON.parse(out.trim().split("\n").at(-1) as string);

    const example = getExample("sha256");
    const module = await example.module();
    const input = new TextEncoder().encode("hashwork");
    const fromSource = await execute(createBundle({ module, input, args: example.args, limits: example.limits }), {
      module,
      input,
    });
    assert.equal(built.output, createHash("sha256").update("hashwork").digest("hex"));
    assert.equal(built.outputHash, fromSource.outputHash);
    assert.equal(built.fuelUsed, String(fromSource.fuelUsed));
    assert.ok(built.marketEvents > 10 && built.rootExports > 10);
  });

  it("typechecks a TypeScript consumer against the shipped declarations (skipLibCheck off)", () => {
    writeFileSync(
      join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2023",
          module: "node16",
          moduleResolution: "node16",
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ["node"],
        },
        files: ["consumer.ts"],
      }),
    );
    writeFileSync(
      join(consumer, "consumer.ts"),
      `import { createBundle, type JobBundle } from "@hashwork/sdk/bundle";
       import { execute, type ExecutionResult } from "@hashwork/sdk/executor";
       import { resultOf } from "@hashwork/sdk/results";
       import type { JobMarket } from "@hashwork/sdk/typechain";
       export async function run(module: Uint8Array, market: JobMarket): Promise<string> {
         const bundle: JobBundle = createBundle({ module, limits: { fuel: 1_000_000, memoryMiB: 16, maxOutputBytes: 1024 } });
         const result: ExecutionResult = await execute(bundle, { module });
         const posted: bigint = await market.jobCount();
         return resultOf(result.outputHash, result.fuelUsed) + posted.toString();
       }
       // @ts-expect-error the declarations are real: a wrong type is an error
       export const wrong: ExecutionResult["fuelUsed"] = "not a bigint";
      `,
    );
    const tsc = require.resolve("typescript/bin/tsc");
    execFileSync(process.execPath, [tsc, "-p", consumer], { cwd: consumer, encoding: "utf8" });
  });
});

/** A dependency's directory in this repository's install (the SDK's own node_modules first, then the root's). */
function packageDir(name: string): string {
  for (const base of [join(SDK, "node_modules"), join(REPO, "node_modules")]) {
    if (existsSync(join(base, name, "package.json"))) return join(base, name);
  }
  throw new Error(`${name} is not installed in this repository`);
}

function walk(path: string): string[] {
  return readdirSync(path, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(path, e.name)) : [join(path, e.name)],
  );
}

/** The test's environment without a TypeScript loader in NODE_OPTIONS. */
function cleanEnv(): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _ignored, ...env } = process.env;
  return env;
}
