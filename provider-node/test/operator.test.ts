// The operator kit's pieces that need no chain: --version, the password file, env overrides of the config, and the
// human-readable log format.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { main } from "../src/cli/main.js";

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
