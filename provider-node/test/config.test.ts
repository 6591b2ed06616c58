import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULTS } from "../src/config/defaults.js";
import { validateConfig, type DeploymentResolver } from "../src/config/validate.js";
import { ConfigError } from "../src/errors.js";

const MARKET = "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9";
const REGISTRY = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0";
const deployment: DeploymentResolver = () => ({ market: MARKET, registry: REGISTRY, startBlock: 7 });

describe("config validation", () => {
  it("applies defaults from one place and resolves paths against the config's directory", () => {
    const c = validateConfig({ chainId: 31337 }, "/etc/hashwork", deployment);
    assert.deepEqual(c.rpcUrls, DEFAULTS.rpcUrls);
    assert.equal(c.keystore, "/etc/hashwork/keystore.json");
    assert.equal(c.dataDir, "/etc/hashwork/data");
    assert.equal(c.http.host, "127.0.0.1");
    assert.equal(c.chain.confirmations, DEFAULTS.chain.confirmations);
    assert.equal(c.earnings.withdrawThreshold, 10n * 10n ** 18n);
    assert.deepEqual(c.contracts, { market: MARKET, registry: REGISTRY });
    assert.equal(c.startBlock, 7);
    assert.equal(c.faulty, false);
    assert.equal(c.provider.fuelPerSecond, DEFAULTS.provider.fuelPerSecond);
    assert.deepEqual(c.watcher, { sampleRate: 0, maxBond: 100n * 10n ** 18n }, "the watcher is off by default");
  });

  it("reads the watcher's sample rate and bond budget (whole tokens) and the machine's fuel rate", () => {
    const c = validateConfig(
      { chainId: 1, watcher: { sampleRate: 0.25, maxBondTokens: "2.5" }, provider: { fuelPerSecond: 40_000_000 } },
      "/x",
      deployment,
    );
    assert.deepEqual(c.watcher, { sampleRate: 0.25, maxBond: 25n * 10n ** 17n });
    assert.equal(c.provider.fuelPerSecond, 40_000_000);
    assert.throws(
      () => validateConfig({ chainId: 1, watcher: { sampleRate: 2, maxBondTokens: "-1" } }, "/x", deployment),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.issues.some((i) => i.startsWith("$.watcher.sampleRate")) &&
        e.issues.some((i) => i.startsWith("$.watcher.maxBondTokens")),
    );
  });

  it("takes explicit contracts over the deployment file", () => {
    const c = validateConfig(
      { chainId: 1, contracts: { market: MARKET.toLowerCase(), registry: REGISTRY }, startBlock: 99 },
      "/x",
      () => {
        throw new Error("not consulted");
      },
    );
    assert.equal(c.contracts.market, MARKET);
    assert.equal(c.startBlock, 99);
  });

  it("reports every problem at once, each with its path", () => {
    let error: unknown;
    try {
      validateConfig(
        {
          chainId: "one",
          rpcUrls: ["ftp://x"],
          chain: { confirmations: -1 },
          provider: { classes: [40] },
          tx: { feeBumpPct: 5 },
          log: { level: "loud" },
          surprise: 1,
        },
        "/x",
        deployment,
      );
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof ConfigError);
    const text = error.issues.join("\n");
    for (const path of [
      "$.surprise",
      "$.chainId",
      "$.rpcUrls.0",
      "$.chain.confirmations",
      "$.provider.classes",
      "$.tx.feeBumpPct",
      "$.log.level",
    ]) {
      assert.ok(text.includes(path), `mentions ${path}: ${text}`);
    }
  });

  it("explains a missing deployment", () => {
    assert.throws(
      () =>
        validateConfig({ chainId: 5 }, "/x", () => {
          throw new Error("no file");
        }),
      (e: unknown) => e instanceof ConfigError && /no deployment found for chain 5/.test(e.issues.join()),
    );
  });
});
