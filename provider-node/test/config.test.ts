import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readFileSync } from "node:fs";
import { DEFAULTS } from "../src/config/defaults.js";
import { CONFIG_SCHEMA } from "../src/config/schema.js";
import { validateConfig, type DeploymentResolver } from "../src/config/validate.js";
import { ConfigError } from "../src/errors.js";
import { tokenAmounts } from "../src/config/amounts.js";

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
    assert.equal(c.earnings.withdrawThreshold, undefined, "10 whole tokens once the token's decimals are known");
    assert.deepEqual(c.contracts, { market: MARKET, registry: REGISTRY });
    assert.equal(c.startBlock, 7);
    assert.equal(c.faulty, false);
    assert.equal(c.provider.fuelPerSecond, DEFAULTS.provider.fuelPerSecond);
    assert.deepEqual(c.watcher, { sampleRate: 0, maxBondTokens: "100" }, "the watcher is off by default");
  });

  it("reads the watcher's sample rate and bond budget (whole tokens) and the machine's fuel rate", () => {
    const c = validateConfig(
      { chainId: 1, watcher: { sampleRate: 0.25, maxBondTokens: "2.5" }, provider: { fuelPerSecond: 40_000_000 } },
      "/x",
      deployment,
    );
    assert.deepEqual(c.watcher, { sampleRate: 0.25, maxBondTokens: "2.5" });
    assert.equal(c.provider.fuelPerSecond, 40_000_000);
    assert.throws(
      () => validateConfig({ chainId: 1, watcher: { sampleRate: 2, maxBondTokens: "-1" } }, "/x", deployment),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.issues.some((i) => i.startsWith("$.watcher.sampleRate")) &&
        e.issues.some((i) => i.startsWith("$.watcher.maxBondTokens")),
    );
  });

  it("scales whole-token amounts by the market token's decimals: 18 for the bundled token, 6 for USDC", () => {
    const c = validateConfig({ chainId: 1, watcher: { maxBondTokens: "2.5" } }, "/x", deployment);
    assert.deepEqual(tokenAmounts(c, 18), { maxWatcherBond: 25n * 10n ** 17n, withdrawThreshold: 10n * 10n ** 18n });
    assert.deepEqual(tokenAmounts(c, 6), { maxWatcherBond: 2_500_000n, withdrawThreshold: 10_000_000n });
    const explicit = validateConfig({ chainId: 1, earnings: { withdrawThreshold: "7" } }, "/x", deployment);
    assert.equal(tokenAmounts(explicit, 6).withdrawThreshold, 7n, "an explicit threshold is in token units");
    const tooFine = validateConfig({ chainId: 1, watcher: { maxBondTokens: "0.0000001" } }, "/x", deployment);
    assert.throws(() => tokenAmounts(tooFine, 6), /maxBondTokens 0.0000001 has more decimals than the token's 6/);
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

  it("checks the shape against the published schema, naming each bad field and what it expected", () => {
    const issues = (raw: unknown): string[] => {
      try {
        validateConfig(raw, "/x", deployment);
      } catch (e) {
        assert.ok(e instanceof ConfigError);
        return [...e.issues];
      }
      assert.fail("expected a ConfigError");
    };
    assert.deepEqual(issues({}), ["$.chainId: is required"]);
    assert.deepEqual(issues([]), ["$: expected object, got an array of 0 items"]);
    assert.deepEqual(
      issues({ chainId: 1.5, chain: { confirmations: 2, pollMs: 100 }, http: { port: "9464" }, faulty: "yes" }),
      [
        "$.chainId: expected integer, got 1.5",
        "$.chain.pollMs: unknown setting",
        '$.http.port: expected integer, got "9464"',
        '$.faulty: expected boolean, got "yes"',
      ],
    );
    assert.deepEqual(issues({ chainId: 1, contracts: { market: "nope" }, rpcUrls: [] }), [
      "$.rpcUrls: expected at least 1 item(s)",
      "$.contracts.registry: is required",
      '$.contracts.market: expected a 0x address (40 hex digits; mixed case must be a valid EIP-55 checksum), got "nope"',
    ]);
    // An anyOf is reported once, with what each alternative would accept.
    assert.deepEqual(issues({ chainId: 1, earnings: { withdrawThreshold: -5 } }), [
      "$.earnings.withdrawThreshold: expected a decimal string of token units or a non-negative integer up to 2^53 - 1, got -5",
    ]);
  });

  it("keeps the checks a schema cannot express", () => {
    const issues = (raw: unknown) =>
      assert.throws(
        () => validateConfig(raw, "/x", deployment),
        (e: unknown) => e instanceof ConfigError && e.issues.length === 1 && /^\$\.[a-zA-Z.0-9]+: /.test(e.issues[0]!),
      );
    // Wrong EIP-55 checksum (the last letter's case flipped): the right shape, the wrong address.
    issues({ chainId: 1, contracts: { market: MARKET.slice(0, -1) + "c", registry: REGISTRY } });
    issues({ chainId: 1, rpcUrls: ["http://[::1"] }); // matches the URL pattern, does not parse
    issues({ chainId: 1, watcher: { maxBondTokens: 1e-20 } }); // a number, but not a plain decimal
    const c = validateConfig(
      { chainId: 1, contracts: { market: MARKET.toLowerCase(), registry: REGISTRY } },
      "/x",
      deployment,
    );
    assert.equal(c.contracts.market, MARKET, "lower case is accepted and checksummed");
  });

  it("bounds the content cache at no less than one job's largest module and input", () => {
    const bound = (raw: object) => validateConfig({ chainId: 1, ...raw }, "/x", deployment).contentStore.cacheMaxBytes;
    assert.equal(bound({}), 10 * 2 ** 30, "10 GiB by default");
    const limits = { maxModuleBytes: 2 ** 20, maxInputBytes: 3 * 2 ** 20 };
    assert.equal(bound({ limits, contentStore: { cacheMaxBytes: 4 * 2 ** 20 } }), 4 * 2 ** 20, "exactly one job fits");
    assert.throws(
      () => bound({ limits, contentStore: { cacheMaxBytes: 4 * 2 ** 20 - 1 } }),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.issues.join("\n") ===
          "$.contentStore.cacheMaxBytes: expected at least limits.maxModuleBytes + limits.maxInputBytes = 4194304 " +
            "(one job's module and input must fit in the cache), got 4194303",
    );
    // With the default limits (64 MiB module, 256 MiB input) a 256 MiB cache is too small.
    assert.throws(() => bound({ contentStore: { cacheMaxBytes: 256 * 2 ** 20 } }), ConfigError);
  });

  it("publishes the schema with the package, its defaults the ones the node applies", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      files: string[];
      exports: Record<string, string>;
    };
    assert.ok(pkg.files.includes("config.schema.json"));
    assert.equal(pkg.exports["./config.schema.json"], "./config.schema.json");
    // Every `default` in the schema is the value DEFAULTS holds for that setting.
    const walk = (schema: Record<string, unknown>, defaults: unknown, path: string): number => {
      let checked = 0;
      const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
      for (const [key, sub] of Object.entries(properties)) {
        const value = (defaults as Record<string, unknown> | undefined)?.[key];
        if ("default" in sub) {
          assert.deepEqual(sub.default, value, `${path}.${key}`);
          checked++;
        }
        if (sub.type === "object") checked += walk(sub, value, `${path}.${key}`);
      }
      return checked;
    };
    assert.ok(walk(CONFIG_SCHEMA, DEFAULTS, "$") >= 30);
  });
});
