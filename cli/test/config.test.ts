import assert from "node:assert/strict";
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { DEFAULT_STORE_URL, DEFAULT_SUBGRAPH_URL, resolveSettings, type GlobalOptions } from "../src/context.js";
import { CliError } from "../src/errors.js";
import { ExitCode } from "../src/exit-codes.js";
import { hashwork } from "./helpers/run.js";
import { tempDir } from "./helpers/tmp.js";

const dir = await tempDir();

/** Writes a config file and returns an environment pointing at it. */
async function config(content: unknown, name = "config.json"): Promise<NodeJS.ProcessEnv> {
  const file = join(dir, name);
  await writeFile(file, typeof content === "string" ? content : JSON.stringify(content));
  return { HASHWORK_CONFIG: file };
}

const PROFILES = {
  profiles: {
    dev: {
      rpc: "http://dev:8545",
      contentStore: "http://dev:5001",
      subgraph: "http://dev:8000",
      deployment: "dev.json",
    },
    prod: { rpc: "https://prod", deployment: "/etc/hashwork/prod.json" },
  },
  default: "dev",
};

const settings = (options: GlobalOptions, env: NodeJS.ProcessEnv) => resolveSettings(options, env);

/** The CliError `fn` throws. */
function cliError(fn: () => unknown): CliError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof CliError, String(error));
    return error;
  }
  assert.fail("no error thrown");
}

describe("settings: flags > environment > profile > defaults", () => {
  it("falls back to the built-in defaults without a config file", () => {
    assert.deepEqual(settings({}, { HASHWORK_CONFIG: join(dir, "absent.json") }), {
      rpc: "http://127.0.0.1:8545",
      store: DEFAULT_STORE_URL,
      subgraph: DEFAULT_SUBGRAPH_URL,
      deployment: undefined,
    });
  });

  it("takes the file's default profile, its deployment relative to the file", async () => {
    const env = await config(PROFILES);
    assert.deepEqual(settings({}, env), {
      rpc: "http://dev:8545",
      store: "http://dev:5001",
      subgraph: "http://dev:8000",
      deployment: join(dir, "dev.json"),
    });
  });

  it("selects a profile by --profile over HASHWORK_PROFILE over the default; unset keys keep the defaults", async () => {
    const env = await config(PROFILES);
    const prod = { rpc: "https://prod", store: DEFAULT_STORE_URL, subgraph: DEFAULT_SUBGRAPH_URL };
    assert.deepEqual(settings({}, { ...env, HASHWORK_PROFILE: "prod" }), {
      ...prod,
      deployment: "/etc/hashwork/prod.json",
    });
    assert.equal(settings({ profile: "dev" }, { ...env, HASHWORK_PROFILE: "prod" }).rpc, "http://dev:8545");
  });

  it("lets environment variables override the profile, and flags override both", async () => {
    const env = {
      ...(await config(PROFILES)),
      HASHWORK_RPC_URL: "http://env-rpc",
      HASHWORK_STORE_URL: "http://env-store",
      HASHWORK_SUBGRAPH_URL: "http://env-subgraph",
      HASHWORK_DEPLOYMENT: "env.json",
    };
    assert.deepEqual(settings({}, env), {
      rpc: "http://env-rpc",
      store: "http://env-store",
      subgraph: "http://env-subgraph",
      deployment: "env.json",
    });
    const flags = { rpc: "http://flag-rpc", store: "http://flag-store", subgraph: "http://flag", deployment: "f.json" };
    assert.deepEqual(settings(flags, env), {
      rpc: "http://flag-rpc",
      store: "http://flag-store",
      subgraph: "http://flag",
      deployment: "f.json",
    });
    // --network is a flag too: it beats HASHWORK_RPC_URL; HASHWORK_NETWORK beats the profile.
    assert.equal(settings({ network: "localhost" }, env).rpc, "http://127.0.0.1:8545");
    assert.equal(
      settings({}, { ...(await config(PROFILES)), HASHWORK_NETWORK: "hardhat" }).rpc,
      "http://127.0.0.1:8545",
    );
  });

  it("reads ~/.config/hashwork/config.json by default", async () => {
    const home = await tempDir("hashwork-home-");
    const { HASHWORK_CONFIG: file } = await config(PROFILES);
    await mkdir(join(home, ".config", "hashwork"), { recursive: true });
    await copyFile(file!, join(home, ".config", "hashwork", "config.json"));
    assert.equal(settings({}, { HOME: home }).rpc, "http://dev:8545");
    assert.equal(settings({}, { HOME: home, XDG_CONFIG_HOME: join(home, "elsewhere") }).rpc, "http://127.0.0.1:8545");
  });
});

describe("settings: config file errors", () => {
  it("names an unknown profile and lists the known ones", async () => {
    const env = await config(PROFILES);
    const error = cliError(() => settings({ profile: "staging" }, env));
    assert.equal(error.exitCode, ExitCode.Usage);
    assert.equal(error.code, "UNKNOWN_PROFILE");
    assert.match(error.shortMessage, /Unknown profile "staging" in .*config\.json/);
    assert.equal(error.hint, "Its profiles: dev, prod.");
    const dangling = await config({ ...PROFILES, default: "gone" }, "dangling.json");
    assert.match(cliError(() => settings({}, dangling)).shortMessage, /Unknown profile "gone"/);
  });

  it("refuses a profile asked for when there is no config file", () => {
    const error = cliError(() => settings({}, { HASHWORK_CONFIG: join(dir, "absent.json"), HASHWORK_PROFILE: "dev" }));
    assert.equal(error.code, "UNKNOWN_PROFILE");
    assert.match(error.shortMessage, /there is no config file .*absent\.json/);
  });

  it("explains a malformed file", async () => {
    const cases: [unknown, RegExp][] = [
      ["{ not json", /is not valid JSON/],
      [[], /does not hold a JSON object/],
      [{ profile: {} }, /unknown key "profile"/],
      [{ profiles: [] }, /"profiles" that is not an object/],
      [{ profiles: { dev: "http://x" } }, /profile "dev" that is not an object/],
      [{ profiles: { dev: { rcp: "http://x" } } }, /unknown key "rcp" in profile "dev" \(known: rpc, contentStore/],
      [{ profiles: { dev: { rpc: 8545 } } }, /non-string "rpc" in profile "dev"/],
      [{ profiles: {}, default: 1 }, /"default" that is not a profile name/],
    ];
    for (const [content, message] of cases) {
      const env = await config(content, "bad.json");
      const thrown = cliError(() => settings({}, env));
      assert.equal(thrown.code, "CONFIG_INVALID");
      assert.equal(thrown.exitCode, ExitCode.Usage);
      assert.match(thrown.shortMessage, message);
      assert.match(thrown.hint ?? "", /"profiles"/);
    }
  });

  it("reaches the user as a usage error, and only from commands that connect", async () => {
    const env = await config(PROFILES);
    const r = await hashwork(["--profile", "nope", "market", "stats", "--json"], env);
    assert.equal(r.code, ExitCode.Usage);
    assert.equal(JSON.parse(r.stdout).error.code, "UNKNOWN_PROFILE");
    const broken = await config("{", "broken.json");
    assert.equal((await hashwork(["job", "examples"], broken)).code, ExitCode.Ok);
    const human = await hashwork(["job", "status", "1"], broken);
    assert.equal(human.code, ExitCode.Usage);
    assert.match(human.stderr, /^error: The config file .*broken\.json is not valid JSON/);
  });
});
