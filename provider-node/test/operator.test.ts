// The operator kit's pieces that need no chain: --version, the password file, env overrides of the config, and the
// human-readable log format.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { parseArgs } from "../src/cli/args.js";
import { main } from "../src/cli/main.js";
import { envVariable, overridableSettings } from "../src/config/env.js";
import { loadConfig } from "../src/config/load.js";
import { ConfigError } from "../src/errors.js";
import { chooseLogFormat, prettyLogLine, type LogFormat } from "../src/log-format.js";
import { createLogger, type Logger } from "../src/logger.js";
import { providerPassword, readPasswordFile } from "../src/keystore/password.js";

const MARKET = "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9";
const REGISTRY = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0";

/** Runs the CLI in-process and returns its exit code and what it wrote to stdout. */
async function run(argv: string[]): Promise<{ code: number; out: string }> {
  const write = process.stdout.write;
  let out = "";
  process.stdout.write = ((chunk: string) => {
    out += chunk;
    return true;
  }) as typeof process.stdout.write;
  try {
    return { code: await main(argv), out };
  } finally {
    process.stdout.write = write;
  }
}

describe("hashwork-node --version", () => {
  const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  };

  it("prints the provider-node package's version, long and short", async () => {
    for (const flag of ["--version", "-V"]) assert.deepEqual(await run([flag]), { code: 0, out: `${version}\n` });
  });

  it("wins over a command, as --help does", async () => {
    assert.deepEqual(await run(["status", "--version"]), { code: 0, out: `${version}\n` });
  });
});

describe("--password-file", () => {
  const dir = mkdtempSync(join(tmpdir(), "hashwork-node-password-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string, mode: number) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    chmodSync(path, mode);
    return path;
  };

  it("reads the password without its trailing newline, and only that", () => {
    assert.equal(readPasswordFile(file("unix", "s3cret pass\n", 0o600)), "s3cret pass");
    assert.equal(readPasswordFile(file("dos", "s3cret\r\n", 0o400)), "s3cret");
    assert.equal(readPasswordFile(file("two", "s3cret\n\n", 0o600)), "s3cret\n");
  });

  it("refuses a file group or others can read, naming the file and the fix", () => {
    const open = file("open", "s3cret\n", 0o644);
    assert.throws(
      () => readPasswordFile(open),
      (error: Error) => {
        assert.match(error.message, new RegExp(`${open}.*readable by group or others \\(mode 0644\\).*chmod 600`));
        return true;
      },
    );
    assert.throws(() => readPasswordFile(file("group", "s3cret\n", 0o640)), /mode 0640/);
  });

  it("reads a special file whatever its mode: a pipe on /dev/stdin", () => {
    const script = `import { readPasswordFile } from ${JSON.stringify(new URL("../src/keystore/password.ts", import.meta.url).href)};
process.stdout.write(JSON.stringify(readPasswordFile("/dev/stdin")));`;
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      input: "piped secret\n",
      encoding: "utf8",
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout), "piped secret");
  });

  it("explains a missing or empty file", () => {
    assert.throws(() => readPasswordFile(join(dir, "absent")), /Cannot read the password file .*absent.*ENOENT/);
    assert.throws(() => readPasswordFile(file("empty", "\n", 0o600)), /is empty/);
  });

  it("wins over HASHWORK_KEYSTORE_PASSWORD, which is used without it", async () => {
    const saved = process.env.HASHWORK_KEYSTORE_PASSWORD;
    process.env.HASHWORK_KEYSTORE_PASSWORD = "from env";
    try {
      assert.equal(await providerPassword(file("wins", "from file\n", 0o600)), "from file");
      assert.equal(await providerPassword(undefined), "from env");
    } finally {
      if (saved === undefined) delete process.env.HASHWORK_KEYSTORE_PASSWORD;
      else process.env.HASHWORK_KEYSTORE_PASSWORD = saved;
    }
  });

  it("is an option of init and start only", () => {
    assert.equal(parseArgs(["start", "--password-file", "/run/pw"]).options["password-file"], "/run/pw");
    assert.equal(parseArgs(["init", "--password-file", "/run/pw"]).options["password-file"], "/run/pw");
    assert.throws(() => parseArgs(["status", "--password-file", "/run/pw"]), /does not take --password-file/);
  });
});

// A valid config file with explicit contracts (no deployment lookup), for the override and log format tests.
const configDir = mkdtempSync(join(tmpdir(), "hashwork-node-env-"));
after(() => rmSync(configDir, { recursive: true, force: true }));
writeFileSync(
  join(configDir, "node.json"),
  JSON.stringify({
    chainId: 31337,
    contracts: { market: MARKET, registry: REGISTRY },
    chain: { pollIntervalMs: 700, confirmations: 3 },
    http: { host: "127.0.0.1" },
  }),
);

describe("config overrides from HASHWORK_NODE_… variables", () => {
  const path = join(configDir, "node.json");

  it("names each setting's variable in upper snake case, __ between levels", () => {
    assert.equal(envVariable(["chainId"]), "HASHWORK_NODE_CHAIN_ID");
    assert.equal(envVariable(["chain", "pollIntervalMs"]), "HASHWORK_NODE_CHAIN__POLL_INTERVAL_MS");
    const variables = overridableSettings().map((s) => s.variable);
    for (const expected of ["HASHWORK_NODE_RPC_URLS", "HASHWORK_NODE_LIMITS__MEMORY_MI_B", "HASHWORK_NODE_FAULTY"])
      assert.ok(variables.includes(expected), expected);
    assert.ok(!variables.includes("HASHWORK_NODE_CHAIN"), "objects are reached through their fields");
  });

  it("overrides a number, a string, a boolean, an array and a nested field, leaving the rest of the file", () => {
    const config = loadConfig(
      path,
      {},
      {
        HASHWORK_NODE_CHAIN_ID: "8453",
        HASHWORK_NODE_HTTP__HOST: "0.0.0.0",
        HASHWORK_NODE_CHAIN__POLL_INTERVAL_MS: "2000",
        HASHWORK_NODE_JOBS__SETTLE: "false",
        HASHWORK_NODE_RPC_URLS: "https://a.example, https://b.example",
        HASHWORK_NODE_PROVIDER__CLASSES: "0,2",
        HASHWORK_NODE_UNRELATED: "ignored",
      },
    );
    assert.equal(config.chainId, 8453);
    assert.equal(config.http.host, "0.0.0.0");
    assert.equal(config.chain.pollIntervalMs, 2000);
    assert.equal(config.chain.confirmations, 3, "the file's other settings stay");
    assert.equal(config.jobs.settle, false);
    assert.deepEqual(config.rpcUrls, ["https://a.example", "https://b.example"]);
    assert.deepEqual(config.provider.classes, [0, 2]);
    assert.equal(loadConfig(path, {}, {}).chain.pollIntervalMs, 700, "without variables, the file as written");
  });

  it("rejects a bad value with the schema's message and the variable's name", () => {
    const cases: [Record<string, string>, RegExp][] = [
      [
        { HASHWORK_NODE_CHAIN__POLL_INTERVAL_MS: "soon" },
        /\$\.chain\.pollIntervalMs \(from HASHWORK_NODE_CHAIN__POLL_INTERVAL_MS\): expected integer, got "soon"/,
      ],
      [{ HASHWORK_NODE_HTTP__PORT: "70000" }, /\$\.http\.port \(from HASHWORK_NODE_HTTP__PORT\): expected <= 65535/],
      [{ HASHWORK_NODE_JOBS__SETTLE: "yes" }, /\(from HASHWORK_NODE_JOBS__SETTLE\): expected boolean, got "yes"/],
      [{ HASHWORK_NODE_RPC_URLS: "https://a.example,ftp://b" }, /\$\.rpcUrls\.1 \(from HASHWORK_NODE_RPC_URLS\)/],
    ];
    for (const [env, message] of cases) {
      assert.throws(
        () => loadConfig(path, {}, env),
        (error: ConfigError) => {
          assert.ok(error instanceof ConfigError);
          assert.match(error.issues.join("\n"), message);
          return true;
        },
      );
    }
  });
});

describe("log formats", () => {
  /** What a logger of `format` writes to stdout for `log`. */
  function captured(format: LogFormat, log: (logger: Logger) => void): string {
    const write = process.stdout.write;
    let out = "";
    process.stdout.write = ((chunk: string) => {
      out += chunk;
      return true;
    }) as typeof process.stdout.write;
    try {
      log(createLogger("info", {}, format));
    } finally {
      process.stdout.write = write;
    }
    return out;
  }

  it("pretty: one readable line with the time, level, message and every field, secrets still redacted", () => {
    const out = captured("pretty", (logger) => {
      logger
        .child({ jobId: "7" })
        .warn({ block: 1203, tx: "0xab", note: "two words", password: "hunter2" }, "claim sent");
      logger.error({ err: new TypeError("boom\nsecond line") }, "execution failed");
    });
    const lines = out.split("\n").filter(Boolean);
    assert.equal(lines.length, 2, out);
    assert.match(
      lines[0],
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} WARN {2}claim sent jobId=7 block=1203 tx=0xab note="two words" password=\[redacted\]$/,
    );
    assert.ok(!out.includes("hunter2"));
    assert.match(lines[1], /ERROR execution failed err="TypeError: boom\\nsecond line"$/);
    assert.ok(!lines[0].startsWith("{") && !out.includes('"service"'), "no JSON, no constant fields");
  });

  it("json: one object a line, as collectors read it", () => {
    const out = captured("json", (logger) => logger.info({ jobId: "7" }, "claim sent"));
    const entry = JSON.parse(out) as Record<string, unknown>;
    assert.deepEqual(
      [entry.level, entry.msg, entry.jobId, entry.service],
      ["info", "claim sent", "7", "hashwork-node"],
    );
  });

  it("pretty passes a line that is not JSON through unchanged", () => {
    assert.equal(prettyLogLine("not json"), "not json\n");
  });

  it("is chosen by --log-format, then the config, then whether stdout is a terminal", () => {
    assert.equal(chooseLogFormat("json", "pretty", true), "json");
    assert.equal(chooseLogFormat(undefined, "json", true), "json");
    assert.equal(chooseLogFormat(undefined, undefined, true), "pretty");
    assert.equal(chooseLogFormat(undefined, undefined, false), "json");
    assert.throws(() => chooseLogFormat("xml", undefined, false), /--log-format must be one of json, pretty/);
    const env = { HASHWORK_NODE_LOG__FORMAT: "pretty" };
    assert.equal(loadConfig(join(configDir, "node.json"), {}, env).log.format, "pretty");
    assert.throws(
      () => loadConfig(join(configDir, "node.json"), {}, { HASHWORK_NODE_LOG__FORMAT: "xml" }),
      /expected one of json, pretty/,
    );
  });
});
