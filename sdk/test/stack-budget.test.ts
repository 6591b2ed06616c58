import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import {
  createBundle,
  STACK_KIB_DEFAULT,
  STACK_KIB_MAX,
  validateBundle,
  type BundleLimits,
  type JobBundle,
} from "../src/bundle/index.js";
import { BundleValidationError, HostResourceError } from "../src/errors/index.js";
import { execute, measureStackKiB, SLOTS_PER_KIB, type ExecutionResult } from "../src/executor/index.js";
import { resultOfVerdict, workerJobOf } from "../src/executor/job.js";
import { runJob } from "../src/executor/run-job.js";
import { STACK_OVERFLOW } from "./helpers/programs.js";
import { wat } from "./helpers/wat.js";

const LIMITS: BundleLimits = { memoryMiB: 1, fuel: 100_000_000, maxOutputBytes: 1024 };

/**
 * Calls $r `depth + 1` times deep, then returns. Each $r frame is 8 + 1 param + 2 operand stack + 64 leaf reserve = 75
 * slots, `_start`'s 8 + 1 + 64 = 73: the default budget (8,192 slots) holds 108 of them on top of `_start` (8,173).
 */
const recurse = (depth: number) => `(module (memory (export "memory") 1 1)
  (func $r (param i32) (if (local.get 0) (then (call $r (i32.sub (local.get 0) (i32.const 1))))))
  (func (export "_start") (call $r (i32.const ${depth}))))`;

async function run(source: string, limits: Partial<BundleLimits> = {}): Promise<ExecutionResult> {
  const module = await wat(source);
  return execute(createBundle({ module, limits: { ...LIMITS, ...limits } }), { module });
}

/**
 * Runs the job on this thread, whose stack (~1 MiB, V8's default) is the size of a browser's Web Worker's: what a
 * browser tab's executor meets, without a browser.
 */
async function runOnThisThread(bundle: JobBundle, source: { module: Uint8Array }): Promise<ExecutionResult> {
  const sha256 = (bytes: Uint8Array) => new Uint8Array(createHash("sha256").update(bytes).digest());
  return resultOfVerdict(
    runJob(workerJobOf(bundle, { module: source.module, input: new Uint8Array(0) }, true), sha256),
  );
}

describe("the stack budget (limits.stackKiB)", () => {
  it("is 128 KiB unless the bundle asks: it stops a run at the same call, and a bundle may ask for more", async () => {
    assert.equal(STACK_KIB_DEFAULT, 128);
    assert.equal((await run(recurse(107))).kind, "output");
    const over = await run(recurse(108));
    assert.equal(over.error?.code, "STACK_OVERFLOW");
    assert.equal((await run(recurse(108), { stackKiB: STACK_KIB_DEFAULT + 2 })).kind, "output");
    assert.equal((await run(recurse(20_000), { stackKiB: STACK_KIB_MAX })).kind, "output"); // 1.5M of 2M slots
  });

  it("is part of the bundle: bounded, and kept by validation", () => {
    const module = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    assert.equal(createBundle({ module, limits: { ...LIMITS, stackKiB: 1024 } }).limits.stackKiB, 1024);
    assert.equal("stackKiB" in createBundle({ module, limits: LIMITS }).limits, false);
    for (const stackKiB of [15, STACK_KIB_MAX + 1, 1.5]) {
      assert.throws(() => createBundle({ module, limits: { ...LIMITS, stackKiB } }), BundleValidationError);
    }
    const bundle = createBundle({ module, limits: { ...LIMITS, stackKiB: 64 } });
    assert.deepEqual(validateBundle(JSON.parse(JSON.stringify(bundle))), bundle);
  });

  it("default: unbounded recursion is the same STACK_OVERFLOW in an engine stack the size of a browser worker's", async () => {
    const module = await wat(STACK_OVERFLOW);
    const bundle = createBundle({ module, limits: LIMITS });
    const here = await runOnThisThread(bundle, { module });
    const inSandbox = await execute(bundle, { module });
    assert.equal(here.error?.code, "STACK_OVERFLOW");
    assert.equal(here.outputHash, inSandbox.outputHash);
    assert.equal(here.fuelUsed, inSandbox.fuelUsed);
  });

  it("above what the engine stack holds, the run is a host failure that says how much it held, never a result", async () => {
    const module = await wat(STACK_OVERFLOW);
    const bundle = createBundle({ module, limits: { ...LIMITS, stackKiB: STACK_KIB_MAX } });
    const error = await runOnThisThread(bundle, { module }).then(
      () => assert.fail("expected a host failure"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof HostResourceError, String(error));
    assert.ok(error.stackSlots! > STACK_KIB_DEFAULT * SLOTS_PER_KIB, `held ${error.stackSlots} slots`);
    assert.ok(error.stackSlots! < STACK_KIB_MAX * SLOTS_PER_KIB);
  });

  it("measureStackKiB: a node's sandbox holds the whole budget, a ~1 MiB engine stack holds the default", async () => {
    assert.equal(await measureStackKiB((bundle, source) => execute(bundle, source)), STACK_KIB_MAX);
    const here = await measureStackKiB(runOnThisThread);
    assert.ok(here >= STACK_KIB_DEFAULT && here < STACK_KIB_MAX, `measured ${here} KiB`);
  });
});
