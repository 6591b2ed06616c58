import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { cidOfUri, resultOf, winningOutput, type JobEvent } from "@hashwork/sdk";
import { keccak256 } from "ethers";
import { ProgressView } from "../src/job/progress.js";
import { Output } from "../src/output.js";
import { hashwork } from "./helpers/run.js";
import { tempDir } from "./helpers/tmp.js";

/**
 * `(module (memory (export "memory") 1 1) (func (export "_start") unreachable))`, assembled once with wabt:
 * a program that traps at once (inlined so the CLI's tests need no WebAssembly text assembler).
 */
const TRAP_WASM = Buffer.from(
  "0061736d0100000001040160000003020100050401010101071302066d656d6f72790200065f737461727400000a05010300000b",
  "hex",
);

describe("hashwork main", () => {
  it("--help documents the commands, the exit codes and the environment", async () => {
    const r = await hashwork(["--help"]);
    assert.equal(r.code, 0);
    for (const text of [
      "job",
      "provider",
      "market",
      "deposit <amount>",
      "Exit codes:",
      "5  verification failed",
      "HASHWORK_PRIVATE_KEY",
    ]) {
      assert.ok(r.stdout.includes(text), text);
    }
    const post = await hashwork(["job", "post", "--help"]);
    assert.equal(post.code, 0);
    assert.match(post.stdout, /--example <name>/);
    assert.match(post.stdout, /--wait/);
  });

  it("deposit takes one amount and checks it before sending anything", async () => {
    const help = await hashwork(["deposit", "--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: hashwork deposit \[options\] <amount>/);
    assert.match(help.stdout, /jobs you post are paid from it/);
    const missing = await hashwork(["deposit", "--json"]);
    assert.equal(missing.code, 2);
    assert.match(JSON.parse(missing.stdout).error.message, /missing required argument 'amount'/);
    const offline = await hashwork(["deposit", "1", "--rpc", "http://127.0.0.1:1", "--json"]);
    assert.equal(offline.code, 6);
  });

  it("--version prints the package's version", async () => {
    const { version } = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    for (const flag of ["--version", "-V"]) {
      const r = await hashwork([flag]);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, `${version}\n`);
    }
  });

  it("usage errors exit 2, as JSON with --json", async () => {
    assert.equal((await hashwork([])).code, 2);
    const unknown = await hashwork(["job", "frobnicate", "--json"]);
    assert.equal(unknown.code, 2);
    assert.equal(JSON.parse(unknown.stdout).error.code, "USAGE");
    const missingArg = await hashwork(["job", "status"]);
    assert.equal(missingArg.code, 2);
    assert.match(missingArg.stderr, /missing required argument 'jobId'/);
  });

  it("lists the examples without touching the chain", async () => {
    const r = await hashwork(["job", "examples", "--json"]);
    assert.equal(r.code, 0, r.stdout);
    const names = JSON.parse(r.stdout).examples.map((e: { name: string }) => e.name);
    assert.ok(names.includes("sha256"));
    const human = await hashwork(["job", "examples"]);
    assert.match(human.stdout, /^ {2}sha256 +SHA-256/m);
  });

  it("refuses bad post arguments before connecting anywhere", async () => {
    const unknown = await hashwork(["job", "post", "--example", "nope", "--json"]);
    assert.equal(unknown.code, 3);
    assert.match(JSON.parse(unknown.stdout).error.hint, /sha256/);
    const both = await hashwork(["job", "post", "m.wasm", "--example", "sha256", "--json"]);
    assert.equal(both.code, 2);
    const neither = await hashwork(["job", "post", "--json"]);
    assert.equal(neither.code, 2);
    assert.match(JSON.parse(neither.stdout).error.message, /Missing the module/);
  });

  it("job run: runs a module locally in the providers' sandbox, no chain, and reports hash and fuel", async () => {
    const r = await hashwork(["job", "run", "--example", "primes", "--json"]);
    assert.equal(r.code, 0, r.stdout);
    const report = JSON.parse(r.stdout);
    assert.equal(report.kind, "output");
    assert.equal(report.fuelUsed, "120719203"); // fuel as a decimal string: it is a uint64 on-chain
    assert.equal(report.outputHash, keccak256(new TextEncoder().encode("count=78498 largest=999983\n")));
    assert.match((await hashwork(["job", "post", "--help"])).stdout, /--fuel <units>/);
    assert.doesNotMatch((await hashwork(["job", "post", "--help"])).stdout, /--time-limit/);

    const dir = await tempDir("hashwork-run-");
    const module = join(dir, "trap.wasm");
    await writeFile(module, TRAP_WASM);
    const failed = await hashwork(["job", "run", module, "--fuel", "1000", "--json"]);
    assert.equal(failed.code, 9); // the program failed in the sandbox
    assert.deepEqual(JSON.parse(failed.stdout).error.code, "TRAP");
    const human = await hashwork(["job", "run", "--example", "sha256", "--out", join(dir, "out.txt")]);
    assert.match(human.stdout, /fuel used: +104137 of 40000000000 \(schedule v2\)/);
    assert.equal(
      await readFile(join(dir, "out.txt"), "utf8"),
      `${createHash("sha256").update("The quick brown fox jumps over the lazy dog").digest("hex")}\n`,
    );
    const refused = await hashwork(["job", "run", module, "--memory", "0"]);
    assert.equal(refused.code, 2);
    // The call-stack budget: part of the bundle when given, bounded like the other limits.
    const stack = await hashwork(["job", "run", "--example", "sha256", "--stack", "64", "--json"]);
    assert.equal(JSON.parse(stack.stdout).limits.stackKiB, 64);
    const noStack = await hashwork(["job", "run", "--example", "sha256", "--stack", "8"]);
    assert.equal(noStack.code, 2);
    assert.match(noStack.stderr, /--stack must be a whole number from 16 to 32768/);
  });

  it("an unreachable chain is exit 6 with how to start one", async () => {
    const r = await hashwork(["job", "status", "1", "--rpc", "http://127.0.0.1:1", "--json"]);
    assert.equal(r.code, 6);
    assert.match(JSON.parse(r.stdout).error.hint, /hardhat node/);
  });
});

describe("job progress and result URIs", () => {
  const token = { address: "0x0", symbol: "HWK", decimals: 18 };
  const base = { block: 1, tx: "0x01" };
  const HASH_A = "0x" + "ab".repeat(32);
  const HASH_B = "0x" + "cd".repeat(32);
  const events: JobEvent[] = [
    {
      ...base,
      type: "claimed",
      provider: "0x1111111111111111111111111111111111111111",
      slot: 0,
      pricePerMfuel: 10n ** 13n,
      minMfuel: 50,
    },
    { ...base, type: "committed", provider: "0x1111111111111111111111111111111111111111" },
    { ...base, type: "audit-decided", audited: false, auditCommitEndsAt: 0, revealEndsAt: 100 },
    {
      ...base,
      type: "revealed",
      provider: "0x1111111111111111111111111111111111111111",
      outputHash: HASH_A,
      fuelUsed: 700n,
      result: resultOf(HASH_A, 700n),
      resultURI: "ipfs://bafkreiaaaaaaaaaaaaaaaaaaaaaa",
    },
    {
      ...base,
      type: "revealed",
      provider: "0x2222222222222222222222222222222222222222",
      outputHash: HASH_A,
      fuelUsed: 701n, // same output, other fuel: another result word
      result: resultOf(HASH_A, 701n),
      resultURI: "ipfs://bafkreibbbbbbbbbbbbbbbbbbbbbb",
    },
    {
      ...base,
      type: "revealed",
      provider: "0x3333333333333333333333333333333333333333",
      outputHash: HASH_B,
      fuelUsed: 700n,
      result: resultOf(HASH_B, 700n),
      resultURI: "ipfs://bafkreicccccccccccccccccccccc",
    },
    {
      ...base,
      type: "settled",
      outcome: "completed",
      result: resultOf(HASH_A, 700n),
      fuelUsed: 700n,
      paid: 0n,
      fee: 0n,
      auditFee: 0n,
      refund: 0n,
      compensation: 0n,
      slashed: 0n,
      toCourt: 0n,
    },
  ];

  const view = (isTTY: boolean, json = false, env: NodeJS.ProcessEnv = {}) => {
    let stderr = "";
    const output = new Output(
      json,
      { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s), isTTY } },
      env,
    );
    const progress = new ProgressView(output, 5n, 2, token);
    for (const e of events) progress.update(e);
    return stderr;
  };

  it("prints one line per event to a pipe", () => {
    const lines = view(false).trim().split("\n");
    assert.equal(lines.length, events.length);
    assert.equal(lines[0], "job 5: claimed slot 0 by 0x1111…1111 at 0.00001 HWK/Mfuel");
    assert.equal(lines[2], "job 5: not audited");
    assert.equal(lines.at(-1), "job 5: settled: completed (700 fuel, paid 0 HWK, refund 0 HWK)");
  });

  it("redraws the phase lines in place on a terminal", () => {
    const text = view(true);
    assert.ok(text.includes("\x1b[5A"), "moves up over the previous block");
    assert.match(text, /✔ settled +completed\n$/);
  });

  it("prints no escape sequences on a terminal under NO_COLOR or TERM=dumb", () => {
    for (const env of [{ NO_COLOR: "1" }, { TERM: "dumb" }]) {
      const text = view(true, false, env);
      assert.ok(!text.includes("\x1b"), JSON.stringify(env));
      assert.equal(text, view(false), "one line per event, as on a pipe");
    }
    assert.ok(view(true, false, { NO_COLOR: "" }).includes("\x1b"), "an empty NO_COLOR does not count");
  });

  it("emits JSON lines in --json mode", () => {
    const lines = view(false, true)
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      lines.map((l) => l.type),
      ["claimed", "committed", "audit-decided", "revealed", "revealed", "revealed", "settled"],
    );
    assert.equal(lines[0].jobId, "5");
  });

  it("takes result URIs only from reveals of the winning result word (output hash and fuel)", () => {
    assert.deepEqual(winningOutput(events, resultOf(HASH_A, 700n)), {
      outputHash: HASH_A,
      uris: ["ipfs://bafkreiaaaaaaaaaaaaaaaaaaaaaa"],
    });
    assert.equal(cidOfUri("ipfs://bafkreiaaaaaaaaaaaaaaaaaaaaaa"), "bafkreiaaaaaaaaaaaaaaaaaaaaaa");
    assert.equal(cidOfUri("/ipfs/bafkreiaaaaaaaaaaaaaaaaaaaaaa/"), "bafkreiaaaaaaaaaaaaaaaaaaaaaa");
    assert.equal(cidOfUri("https://evil.example/x"), undefined);
  });
});
