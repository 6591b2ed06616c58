// Node >= 22.13 (the `engines` of every package.json: node:sqlite without a flag) and installed dependencies,
// for `npm start` on a fresh machine. Plain JavaScript that runs under any Node that can run npm (the machines
// here ship Node 20). The same steps as .ci/run:
//   - Node older than 22.13: install the npm package node@22 into ~/.cache/node22 (HASHWORK_NODE22_DIR) and put
//     its bin first on PATH;
//   - no node_modules: `npm install` *with Node 22 on PATH* (under Node 20 npm silently skips Hardhat's
//     native EDR package). `npm install` rather than `npm ci` for the reason .ci/run gives.
// As a command, prints the bin directory to put first on PATH (empty when the running Node is recent enough):
//   export PATH="$(node scripts/devnet/bootstrap.mjs):$PATH"
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));

/** The oldest Node every package.json's `engines` accepts. */
const MINIMUM = [22, 13];

function recentEnough(version) {
  const [major, minor] = String(version).replace(/^v/, "").split(".").map(Number);
  return major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1]);
}

function run(command, args, env, what) {
  // The child's output goes to our stderr: as a command, our stdout carries only the bin directory.
  const result = spawnSync(command, args, { stdio: ["ignore", 2, 2], env, cwd: REPO });
  if (result.status !== 0) {
    const why = result.error ? result.error.message : `exit ${result.status ?? result.signal}`;
    throw new Error(`${what} failed (${why}): ${command} ${args.join(" ")}`);
  }
}

/**
 * Returns `{ node, env }`: the Node >= 22.13 binary to run and an environment whose PATH finds it first.
 * Installs node@22 into the cache directory when the running Node is older (or the cached one is).
 */
export function ensureNode22(env = process.env, log = (m) => process.stderr.write(`${m}\n`)) {
  if (recentEnough(process.versions.node)) return { node: process.execPath, env, binDir: "" };
  const dir = env.HASHWORK_NODE22_DIR || join(homedir(), ".cache", "node22");
  const binDir = join(dir, "node_modules", ".bin");
  const node = join(binDir, "node");
  const cached = existsSync(node) ? spawnSync(node, ["-v"], { encoding: "utf8" }).stdout?.trim() : undefined;
  if (!cached || !recentEnough(cached)) {
    log(`Node ${process.versions.node} is older than ${MINIMUM.join(".")}; installing Node 22 into ${dir} (once) …`);
    run(
      "npm",
      ["install", "--prefix", dir, "--no-save", "--no-audit", "--no-fund", "node@22"],
      env,
      "installing Node 22",
    );
  }
  const version = spawnSync(node, ["-v"], { encoding: "utf8" }).stdout?.trim();
  if (!recentEnough(version)) {
    throw new Error(`${node} is ${version || "not runnable"}, not Node >= ${MINIMUM.join(".")}`);
  }
  return { node, binDir, env: { ...env, PATH: `${binDir}${delimiter}${env.PATH ?? ""}` } };
}

/** Whether the workspace dependencies the devnet needs are installed. */
export function dependenciesInstalled() {
  // @hashwork/harness: the newest workspace link (a clone installed before it existed needs npm install once more).
  return [
    "node_modules/.bin/hardhat",
    "node_modules/tsx",
    "node_modules/ethers",
    "node_modules/pino",
    "node_modules/@hashwork/harness",
  ].every((p) => existsSync(join(REPO, p)));
}

/** `npm install` with `env` (Node 22 first on PATH) when dependencies are missing. */
export function ensureDependencies(env, log = (m) => process.stderr.write(`${m}\n`)) {
  if (dependenciesInstalled()) return;
  log("dependencies are missing; running npm install (with Node 22) …");
  run("npm", ["install", "--no-audit", "--no-fund"], env, "npm install");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const { binDir } = ensureNode22(process.env);
    process.stdout.write(`${binDir}\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
