/**
 * Writes sdk/abis/<Contract>.json — the ABI array of every deployable contract in contracts/*.sol — from the
 * Hardhat artifacts. sdk/ owns the ABIs: the subgraph, the provider node and the dashboard read them from
 * there, never from artifacts/.
 *
 *   npx hardhat build && node scripts/export-abis.ts          # (re)write sdk/abis/
 *   node scripts/export-abis.ts --check                        # exit 1 if sdk/abis/ is stale
 *
 * Plain Node (≥ 22.6 strips the types), no Hardhat runtime needed.
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const contractsDir = join(root, "contracts");
const artifactsDir = join(root, "artifacts", "contracts");
const outDir = join(root, "sdk", "abis");
const check = process.argv.includes("--check");

// Deployable contracts are the top-level sources; interfaces/, libraries/ and mocks/ are not exported.
const sources = (await readdir(contractsDir)).filter((f) => f.endsWith(".sol")).sort();
if (sources.length === 0) fail(`no contracts in ${contractsDir}`);

let stale = 0;
await mkdir(outDir, { recursive: true });
for (const source of sources) {
  const name = basename(source, ".sol");
  const artifactPath = join(artifactsDir, source, `${name}.json`);
  if (!existsSync(artifactPath)) fail(`missing artifact ${artifactPath}: run \`npx hardhat build\` first`);
  const artifact = JSON.parse(await readFile(artifactPath, "utf8")) as { abi?: unknown };
  if (!Array.isArray(artifact.abi)) fail(`${artifactPath} has no ABI array`);
  const text = JSON.stringify(artifact.abi, null, 2) + "\n";
  const outPath = join(outDir, `${name}.json`);
  const current = existsSync(outPath) ? await readFile(outPath, "utf8") : undefined;
  if (current === text) continue;
  if (check) {
    console.error(`export-abis: sdk/abis/${name}.json is stale (run \`node scripts/export-abis.ts\`)`);
    stale++;
  } else {
    await writeFile(outPath, text);
    console.log(`export-abis: wrote sdk/abis/${name}.json (${artifact.abi.length} entries)`);
  }
}
if (stale > 0) process.exit(1);

function fail(message: string): never {
  console.error(`export-abis: ${message}`);
  process.exit(1);
}
