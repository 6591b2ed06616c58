/**
 * Writes tests/<name>.json for every scenario (see lib.ts); `--check` exits 1 if a file is stale instead.
 *
 *   node tests/scenarios/build.ts [--check]
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Scenario } from "./lib.ts";

const here = new URL(".", import.meta.url);
const testsDir = fileURLToPath(new URL("..", here));
const check = process.argv.includes("--check");
let stale = 0;
const files = readdirSync(fileURLToPath(here)).filter(
  (f) => f.endsWith(".ts") && !["lib.ts", "world.ts", "build.ts"].includes(f),
);
for (const file of files.sort()) {
  const scenario = (await import(new URL(file, here).href)).default as Scenario | undefined;
  if (!scenario) continue; // a module of shared steps
  const out = `${testsDir}${scenario.file}.json`;
  const text = JSON.stringify(scenario.toJSON(), null, 2) + "\n";
  if (existsSync(out) && readFileSync(out, "utf8") === text) continue;
  if (check) {
    console.error(`scenarios: tests/${scenario.file}.json is stale (node tests/scenarios/build.ts)`);
    stale++;
  } else {
    writeFileSync(out, text);
    console.error(`scenarios: wrote tests/${scenario.file}.json`);
  }
}
process.exit(stale ? 1 : 0);
