import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getBytes, keccak256 } from "ethers";
import { bundleHash, canonicalBundleBytes, createBundle, type BundleLimits } from "../src/bundle/index.js";
import { LocalStore } from "../src/content/index.js";
import {
  AbortedError,
  ContentNotFoundError,
  ExecutionTimeoutError,
  InputHashMismatchError,
  InvalidModuleError,
  ModuleHashMismatchError,
  NonZeroExitError,
  OutOfMemoryError,
  OutputTooLargeError,
  TrapError,
} from "../src/errors/index.js";
import { DeterministicRandom, execute, FIXED_REALTIME_NS, MONOTONIC_STEP_NS } from "../src/executor/index.js";
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
const LIMITS: BundleLimits = { memoryMiB: 16, timeoutMs: 10_000, maxOutputBytes: 1024 * 1024 };

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
    assert.equal(result.exitCode, 0);
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

describe("execute: hostile programs", () => {
  it("sees no host directories, sockets or signals", async () => {
    const { result } = await run(SANDBOX_PROBE);
    // errno: 8 = BADF (no fd 3, so no preopen and nothing to open paths against), 58 = NOTSUP, 52 = NOSYS
    assert.deepEqual([...result.output], [8, 8, 58, 52]);
  });

  it("times out an infinite loop, and the process stays healthy", async () => {
    const started = performance.now();
    await assert.rejects(run(INFINITE_LOOP, { limits: { timeoutMs: 300 } }), (e: unknown) => {
      return e instanceof ExecutionTimeoutError && e.timeoutMs === 300 && !e.retryable;
    });
    assert.ok(performance.now() - started < 5000);
    const { result } = await run(UPPERCASE, { input: text("still alive") });
    assert.equal(new TextDecoder().decode(result.output), "STILL ALIVE");
  });

  it("contains a memory bomb at the declared maximum (OutOfMemoryError)", async () => {
    await assert.rejects(run(MEMORY_BOMB, { limits: { memoryMiB: 4 } }), (e: unknown) => {
      return e instanceof OutOfMemoryError && e.cause instanceof TrapError;
    });
  });

  it("stops a flood of output at the cap (OutputTooLargeError), long before the timeout", async () => {
    const started = performance.now();
    await assert.rejects(
      run(OUTPUT_FLOOD, { limits: { maxOutputBytes: 1_000_000, timeoutMs: 60_000 } }),
      (e: unknown) => {
        return e instanceof OutputTooLargeError && e.maxOutputBytes === 1_000_000;
      },
    );
    assert.ok(performance.now() - started < 10_000);
  });

  it("fails one byte over maxOutputBytes", async () => {
    await assert.rejects(run(writeBytes(100_001), { limits: { maxOutputBytes: 100_000 } }), OutputTooLargeError);
  });

  it("reports a trap (unreachable) as TrapError", async () => {
    await assert.rejects(run(TRAP), (e: unknown) => e instanceof TrapError && /unreachable/.test(e.message));
  });

  it("reports unbounded recursion as a stack-overflow trap", async () => {
    await assert.rejects(
      run(STACK_OVERFLOW),
      (e: unknown) => e instanceof TrapError && /stack overflow/.test(e.message),
    );
  });

  it("reports a non-zero exit code with the stderr written so far", async () => {
    await assert.rejects(run(exitWith(3)), (e: unknown) => {
      return e instanceof NonZeroExitError && e.exitCode === 3 && new TextDecoder().decode(e.stderr) === "warn";
    });
  });

  it("rejects a module without a memory maximum before running it", async () => {
    const started = performance.now();
    await assert.rejects(run(`(module (memory (export "memory") 1) (func (export "_start")))`), (e: unknown) => {
      return e instanceof InvalidModuleError && /no maximum/.test(e.message);
    });
    assert.ok(performance.now() - started < 1000, "rejected without starting a worker");
  });

  it("rejects a module whose maximum exceeds memoryMiB", async () => {
    await assert.rejects(
      run(`(module (memory (export "memory") 1 65536) (func (export "_start")))`, { limits: { memoryMiB: 64 } }),
      /exceeds the job limit of 64 MiB/,
    );
  });

  it("rejects modules that import host functions beyond WASI", async () => {
    await assert.rejects(
      run(`(module (import "env" "fetch" (func)) (memory (export "memory") 1 1) (func (export "_start")))`),
      InvalidModuleError,
    );
  });

  it("rejects a module that fails WebAssembly validation", async () => {
    const module = await wat(`(module (memory (export "memory") 1 1) (func (export "_start") (drop (i32.add))))`, {
      validate: false,
    });
    const bundle = createBundle({ module, limits: LIMITS });
    await assert.rejects(
      execute(bundle, { module }),
      (e: unknown) => e instanceof InvalidModuleError && /compil/i.test(e.message),
    );
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
    const bundle = createBundle({ module, limits: { ...LIMITS, timeoutMs: 60_000 } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 1000);
    await assert.rejects(execute(bundle, { module }, { signal: controller.signal }), AbortedError);
  });

  it("bounds compilation separately from the run (startupTimeoutMs)", async () => {
    const module = await wat(UPPERCASE);
    const bundle = createBundle({ module, limits: LIMITS });
    await assert.rejects(execute(bundle, { module }, { startupTimeoutMs: 1 }), (e: unknown) => {
      return e instanceof ExecutionTimeoutError && /compiling/.test(e.message);
    });
  });

  it("does not start when the signal is already aborted", async () => {
    const module = await wat(UPPERCASE);
    const bundle = createBundle({ module, limits: LIMITS });
    await assert.rejects(execute(bundle, { module }, { signal: AbortSignal.abort() }), AbortedError);
  });
});
