import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { Wallet } from "ethers";
import { REPO } from "./helpers/hardhat.js";

const BIN = join(REPO, "provider-node/bin/hashwork-node.mjs");
const PASSWORD = "correct horse battery";
const MARKET = "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9";
const REGISTRY = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0";

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, HASHWORK_KEYSTORE_PASSWORD: PASSWORD, ...env },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("hashwork-node CLI", { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "hashwork-node-cli-"));
  const config = join(dir, "node.json");
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("init writes a validated config and an encrypted keystore, never the key", () => {
    const key = Wallet.createRandom().privateKey;
    const common = [
      "--config",
      config,
      "--chain-id",
      "31337",
      "--market",
      MARKET,
      "--registry",
      REGISTRY,
      "--rpc",
      "http://127.0.0.1:1",
    ];
    const r = cli(["init", ...common, "--import-key-from-env"], { HASHWORK_PRIVATE_KEY: key });
    assert.equal(r.code, 0, r.err);
    const address = new Wallet(key).address;
    assert.match(r.out, new RegExp(`address\\s+${address}`));
    const keystore = readFileSync(join(dir, "keystore.json"), "utf8");
    assert.ok(!keystore.includes(key.slice(2)), "the keystore is encrypted");
    assert.ok(!r.out.includes(key.slice(2)) && !r.err.includes(key.slice(2)), "the key is never printed");
    const written = JSON.parse(readFileSync(config, "utf8"));
    assert.deepEqual(written.contracts, { market: MARKET, registry: REGISTRY });

    const again = cli(["init", ...common]);
    assert.equal(again.code, 1);
    assert.match(again.err, /exists/);
  });

  it("status reports the database and explains an unreachable chain", () => {
    const r = cli(["status", "--config", config, "--json"]);
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(r.out);
    assert.equal(report.cursor, null);
    assert.ok(report.chain.error, "the chain error is reported, not thrown");
    assert.deepEqual([report.jobs, report.verifications, report.watches], [{}, {}, {}]);
  });

  it("start refuses an invalid config with every problem listed", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ chainId: 0, rpcUrls: [], http: { port: 70000 } }));
    const r = cli(["start", "--config", bad]);
    assert.equal(r.code, 1);
    assert.match(r.err, /\$\.chainId/);
    assert.match(r.err, /\$\.rpcUrls/);
    assert.match(r.err, /\$\.http\.port/);
  });

  it("start refuses a wrong keystore password without echoing it", () => {
    const r = cli(["start", "--config", config], { HASHWORK_KEYSTORE_PASSWORD: "wrong password!" });
    assert.equal(r.code, 1);
    assert.match(r.err, /wrong password or not a keystore file/);
    assert.ok(!r.err.includes("wrong password!"));
  });
});
