import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getBytes, keccak256 } from "ethers";
import { bundleHash, canonicalBundleBytes, createBundle, FUEL_MAX, type BundleLimits } from "../src/bundle/index.js";
import { LocalStore } from "../src/content/index.js";
import {
  AbortedError,
  ContentNotFoundError,
  ExecutionDeadlineError,
  InputHashMismatchError,
  ModuleHashMismatchError,
} from "../src/errors/index.js";
import {
  DeterministicRandom,
  execute,
  FIXED_REALTIME_NS,
  MONOTONIC_STEP_NS,
  type ExecutionResult,
} from "../src/executor/index.js";
import { errorOutput } from "../src/results.js";
import {
  ARGS_AND_ENV,
  CLOCK_AND_RANDOM,
  exitWith,
  IMPORTED_MEMORY,
  INFINITE_LOOP,
  MEMORY_BOMB,
  OUTPUT_FLOOD,
  SANDBOX_PROBE,
  STACK_OVERFLOW,
  TRAP,
  UPPERCASE,
  writeBytes,
} from "./helpers/programs.js";
import { tempDir } from "./helpers/tmp.js";
import { wat } from "./helpers/wat.js";

const text = (s: string) => new TextEncoder().encode(s);
const LIMITS: BundleLimits = { memoryMiB: 16, fuel: 100_000_000, maxOutputBytes: 1024 * 1024 };

/** Asserts a deterministic failure: its code, exit code, and the error output with its hash. */
function assertFailure(result: ExecutionResult, code: string, exitCode?: number): void {
  assert.equal(result.kind, "error");
  assert.equal(result.error?.code, code, result.error?.message);
  assert.equal(result.error?.exitCode, exitCode);
  assert.deepEqual(result.output, errorOutput(code, exitCode));
  assert.equal(result.outputHash, keccak256(result.output));
}

/** Assembles `source`, wraps it in a bundle and runs it with the bytes in hand. */
async function run(
  source: string,
  options: { input?: Uint8Array; args?: string[]; env?: Record<string, string>; limits?: Partial<BundleLimits> } = {},
) {
  const module = await wat(source);
  const bundle = createBundle({
    module,
    input: options.input,
    args: options.args,
    env: options.env,
    limits: { ...LIMITS, ...options.limits },
  });
  return { bundle, result: await execute(bundle, { module, input: options.input }) };
}

describe("execute: programs that work", () => {
  it("runs a program reading stdin and writing stdout (uppercase)", async () => {
    const input = text("hello, world! ".repeat(1000));
    const { result } = await run(UPPERCASE, { input });
    assert.equal(new TextDecoder().decode(result.output), "HELLO, WORLD! ".repeat(1000));
    assert.equal(result.outputHash, keccak256(result.output));
    assert.equal(result.kind, "output");
    assert.equal(typeof result.fuelUsed, "bigint");
    assert.ok(result.fuelUsed > 0n && result.fuelUsed < BigInt(LIMITS.fuel));
    assert.ok(result.durationMs >= 0);
  });

  it("gives an empty stdin when the bundle has no input", async () => {
    const { result } = await run(UPPERCASE);
    assert.equal(result.output.length, 0);
  });

  it("passes argv = ['job', ...args] and env (sorted), UTF-8 encoded", async () => {
    const { result } = await run(ARGS_AND_ENV, { args: ["a1", "é✓"], env: { ZED: "last", ALPHA: "first" } });
    assert.equal(new TextDecoder().decode(result.output), "job\0a1\0é✓\0ALPHA=first\0ZED=last\0");
  });

  it("provides an imported memory with the module's declared limits", async () => {
    const { result } = await run(IMPORTED_MEMORY);
    assert.equal(new TextDecoder().decode(result.output), "imported");
  });

  it("returns stderr for diagnostics without mixing it into the output", async () => {
    const { result } = await run(exitWith(0));
    assert.equal(new TextDecoder().decode(result.output), "ok");
    assert.equal(new TextDecoder().decode(result.stderr), "warn");
  });

  it("accepts output of exactly maxOutputBytes", async () => {
    const { result } = await run(writeBytes(100_000), { limits: { maxOutputBytes: 100_000 } });
    assert.equal(result.output.length, 100_000);
  });

  it("runs from a content store and from canonical bundle bytes", async () => {
    const store = new LocalStore(await tempDir());
    const module = await wat(UPPERCASE);
    const input = text("from the store");
    await store.put(module);
    await store.put(input);
    const bundle = createBundle({ module, input, limits: LIMITS });
    const result = await execute(canonicalBundleBytes(bundle), { store });
    assert.equal(new TextDecoder().decode(result.output), "FROM THE STORE");
  });
});

describe("execute: determinism", () => {
  it("fixes the clocks, makes sleeps instant and seeds random_get with the bundle hash", async () => {
    const { bundle, result } = await run(CLOCK_AND_RANDOM);
    const out = Buffer.from(result.output);
    assert.equal(out.length, 104);
    assert.equal(out.readBigUInt64LE(0), FIXED_REALTIME_NS); // 2020-01-01T00:00:00Z
    assert.equal(out.readBigUInt64LE(8), MONOTONIC_STEP_NS);
    assert.equal(out.readBigUInt64LE(16), 2n * MONOTONIC_STEP_NS);
    const expectedRandom = new Uint8Array(64);
    new DeterministicRandom(getBytes(bundleHash(bundle))).fill(expectedRandom);
    assert.deepEqual(new Uint8Array(out.subarray(24, 88)), expectedRandom);
    assert.equal(out.readBigUInt64LE(88), 3n * MONOTONIC_STEP_NS + 5_000_000_000n); // slept 5 s of virtual time
    assert.equal(out.readBigUInt64LE(96), 7n); // poll_oneoff event userdata
    assert.ok(result.durationMs < 5000, "the sleep did not wait");
  });

  it("produces identical bytes on two runs, and different random bytes for a different bundle", async () => {
    const first = await run(CLOCK_AND_RANDOM);
    const second = await run(CLOCK_AND_RANDOM);
    assert.deepEqual(first.result.output, second.result.output);
    assert.equal(first.result.outputHash, second.result.outputHash);
    const other = await run(CLOCK_AND_RANDOM, { args: ["other"] });
    assert.notEqual(other.result.outputHash, first.result.outputHash);
    assert.deepEqual(other.result.output.subarray(0, 24), first.result.output.subarray(0, 24)); // same clocks
  });
});

describe("execute: the state digest (a verifier's proof of execution)", () => {
  it("is the SHA-256 of the final linear memory: the same on every run, different when the run differs", async () => {
    const first = await run(UPPERCASE, { input: text("digest me") });
    const second = await run(UPPERCASE, { input: text("digest me") });
    assert.match(first.result.stateDigest, /^0x[0-9a-f]{64}$/);
    assert.equal(first.result.stateDigest, second.result.stateDigest);
    // The output alone does not give it: another input leaves other bytes in memory.
    const other = await run(UPPERCASE, { input: text("another input") });
    assert.notEqual(other.result.stateDigest, first.result.stateDigest);
  });

  it("is also set for a failure inside the limits (the memory as the trap left it)", async () => {
    const a = await run(TRAP);
    const b = await run(TRAP);
    assert.equal(a.result.kind, "error");
    assert.equal(a.result.stateDigest, b.result.stateDigest);
  });
});

describe("execute: failures are results", () => {
  it("sees no host directories, sockets or signals", async () => {
    const { result } = await run(SANDBOX_PROBE);
    // errno: 8 = BADF (no fd 3, so no preopen and nothing to open paths against), 58 = NOTSUP, 52 = NOSYS
    assert.deepEqual([...result.output], [8, 8, 58, 52]);
  });

  it("stops an infinite loop when its fuel runs out, using exactly the limit", async () => {
    const { result } = await run(INFINITE_LOOP, { limits: { fuel: 1_000_000 } });
    assertFailure(result, "OUT_OF_FUEL");
    assert.equal(result.fuelUsed, 1_000_000n);
    const alive = await run(UPPERCASE, { input: text("still alive") });
    assert.equal(new TextDecoder().decode(alive.result.output), "STILL ALIVE");
  });

  it("reports a trap after memory reached its maximum as a trap, not as running out of memory", async () => {
    const { result } = await run(MEMORY_BOMB, { limits: { memoryMiB: 4 } });
    assertFailure(result, "TRAP");
    assert.match(result.error!.message, /unreachable/);
  });

  it("stops a flood of output at the cap", async () => {
    const { result } = await run(OUTPUT_FLOOD, { limits: { maxOutputBytes: 1_000_000 } });
    assertFailure(result, "OUTPUT_TOO_LARGE");
    assert.ok(result.fuelUsed < BigInt(LIMITS.fuel));
  });

  it("accepts exactly maxOutputBytes and fails one byte over", async () => {
    const exact = await run(writeBytes(100_000), { limits: { maxOutputBytes: 100_000 } });
    assert.equal(exact.result.output.length, 100_000);
    const over = await run(writeBytes(100_001), { limits: { maxOutputBytes: 100_000 } });
    assertFailure(over.result, "OUTPUT_TOO_LARGE");
  });

  it("reports unreachable as a trap and unbounded recursion as a stack overflow", async () => {
    assertFailure((await run(TRAP)).result, "TRAP");
    assertFailure((await run(STACK_OVERFLOW)).result, "STACK_OVERFLOW");
  });

  it("reports a non-zero exit code, keeping stderr for diagnostics", async () => {
    const { result } = await run(exitWith(3));
    assertFailure(result, "NON_ZERO_EXIT", 3);
    assert.equal(new TextDecoder().decode(result.stderr), "warn");
    assert.equal(result.output.length, "hashwork.error:NON_ZERO_EXIT:3\n".length); // stdout ("ok") is not the result
  });

  it("refuses modules the sandbox cannot run, before running them, with no fuel used", async () => {
    const cases: [string, RegExp][] = [
      [`(module (memory (export "memory") 1) (func (export "_start")))`, /no maximum/],
      [`(module (memory (export "memory") 1 65536) (func (export "_start")))`, /exceeds the job limit of 16 MiB/],
      [`(module (import "env" "fetch" (func)) (memory (export "memory") 1 1) (func (export "_start")))`, /env\.fetch/],
    ];
    for (const [source, message] of cases) {
      const { result } = await run(source);
      assertFailure(result, "INVALID_MODULE");
      assert.match(result.error!.message, message);
      assert.equal(result.fuelUsed, 0n);
    }
  });

  it("refuses a module that fails WebAssembly validation", async () => {
    const module = await wat(`(module (memory (export "memory") 1 1) (func (export "_start") (drop (i32.add))))`, {
      validate: false,
    });
    const result = await execute(createBundle({ module, limits: LIMITS }), { module });
    assertFailure(result, "INVALID_MODULE");
    assert.match(result.error!.message, /compil/i);
  });
});

describe("execute: inputs and control", () => {
  it("rejects module bytes that do not match the bundle (ModuleHashMismatchError)", async () => {
    const module = await wat(UPPERCASE);
    const bundle = createBundle({ module, limits: LIMITS });
    const other = await wat(TRAP);
    await assert.rejects(execute(bundle, { module: other }), ModuleHashMismatchError);
  });

  it("rejects input bytes that do not match the bundle", async () => {
    const module = await wat(UPPERCASE);
    const bundle = createBundle({ module, input: text("expected"), limits: LIMITS });
    await assert.rejects(execute(bundle, { module, input: text("tampered") }), InputHashMismatchError);
    const noInput = createBundle({ module, limits: LIMITS });
    await assert.rejects(execute(noInput, { module, input: text("unexpected") }), InputHashMismatchError);
  });

  it("propagates a missing module in the store as ContentNotFoundError", async () => {
    const store = new LocalStore(await tempDir());
    const module = await wat(UPPERCASE);
    await assert.rejects(execute(createBundle({ module, limits: LIMITS }), { store }), ContentNotFoundError);
  });

  it("aborts a running module through the signal", async () => {
    const module = await wat(INFINITE_LOOP);
    const bundle = createBundle({ module, limits: { ...LIMITS, fuel: FUEL_MAX } });
    const controller = new AbortController();
    const running = execute(bundle, { module }, { signal: controller.signal });
    setImmediate(() => controller.abort());
    await assert.rejects(running, AbortedError);
  });

  it("throws ExecutionDeadlineError, not a result, when the local deadline passes", async () => {
    const module = await wat(INFINITE_LOOP);
    const bundle = createBundle({ module, limits: { ...LIMITS, fuel: FUEL_MAX } });
    await assert.rejects(execute(bundle, { module }, { deadlineMs: 300 }), (e: unknown) => {
      return e instanceof ExecutionDeadlineError && e.deadlineMs === 300 && !e.retryable;
    });
    await assert.rejects(execute(bundle, { module }, { deadlineMs: 0 }), ExecutionDeadlineError);
  });

  it("does not start when the signal is already aborted", async () => {
    const module = await wat(UPPERCASE);
    const bundle = createBundle({ module, limits: LIMITS });
    await assert.rejects(execute(bundle, { module }, { signal: AbortSignal.abort() }), AbortedError);
  });
});
