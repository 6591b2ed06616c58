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
import { providerPassword, readPasswordFile } from "../src/keystore/password.js";

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

  it("wins over HASHWORK_KEYSTORE_PASSWORD, which wins over the prompt", async () => {
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
