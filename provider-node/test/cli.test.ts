import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { Wallet } from "ethers";
import { parseArgs, UsageError } from "../src/cli/args.js";
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

  it("--help prints the usage and exits 0; a bad command line prints why and the usage, exit 2", () => {
    const help = cli(["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.out, /^hashwork-node — Hashwork provider node/);
    assert.match(help.out, /hashwork-node init .*--chain-id/);
    assert.equal(cli(["start", "-h"]).code, 0);

    for (const [args, why] of [
      [["start", "--config", config, "--bogus"], /^unknown option '--bogus'/],
      [["init", "--faulty"], /^hashwork-node init does not take --faulty/],
      [["status", "--config"], /--config/],
      [["stop"], /^unknown command "stop"/],
      [[], /^hashwork-node — /],
    ] as const) {
      const r = cli([...args]);
      assert.equal(r.code, 2, args.join(" "));
      assert.match(r.err, why, args.join(" "));
      assert.match(r.err, /Usage:/);
    }
  });
});

describe("hashwork-node argument parsing", () => {
  it("keeps every flag's shape: repeated lists, last value wins, booleans, --name=value, options before the command", () => {
    assert.deepEqual(
      parseArgs(["--config", "a.json", "init", "--rpc", "http://a", "--rpc=http://b", "--class", "1", "--class", "3"]),
      { command: "init", options: { config: "a.json", rpc: ["http://a", "http://b"], class: ["1", "3"] } },
    );
    assert.deepEqual(parseArgs(["start", "--config", "a", "--config", "b", "--faulty"]), {
      command: "start",
      options: { config: "b", faulty: true },
    });
    assert.deepEqual(parseArgs(["--help"]), { command: undefined, options: { help: true } });
  });

  it("refuses unknown options, other commands' options, missing values and stray arguments", () => {
    const refuses = (argv: string[], message: RegExp) =>
      assert.throws(
        () => parseArgs(argv),
        (e: unknown) => e instanceof UsageError && message.test(e.message),
      );
    refuses(["start", "--bogus"], /^unknown option '--bogus'$/);
    refuses(["status", "--faulty"], /^hashwork-node status does not take --faulty$/);
    refuses(["start", "--json", "--force"], /does not take --json, --force$/);
    refuses(["init", "--chain-id"], /--chain-id/);
    refuses(["init", "--config", "--force"], /--config/); // a flag where a value belongs
    refuses(["start", "--faulty=yes"], /--faulty/); // booleans take no value
    refuses(["start", "now"], /^unexpected argument "now"$/);
    refuses(["frob"], /^unknown command "frob"$/);
  });
});
