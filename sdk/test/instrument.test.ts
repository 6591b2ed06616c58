import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createBundle, type BundleLimits } from "../src/bundle/index.js";
import { InvalidModuleError } from "../src/errors/index.js";
import { execute, instrumentModule, stackBudgetSlots, type ExecutionResult } from "../src/executor/index.js";
import { wat } from "./helpers/wat.js";

const LIMITS: BundleLimits = { memoryMiB: 1, fuel: 200_000_000, maxOutputBytes: 1024 };
const W = "wasi_snapshot_preview1";
const OUT = `(import "${W}" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (func $out (param i32 i32) (i32.store (i32.const 0) (local.get 0)) (i32.store (i32.const 4) (local.get 1))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))`;

async function run(source: string, input?: Uint8Array): Promise<ExecutionResult> {
  const module = await wat(source);
  return execute(createBundle({ module, input, limits: LIMITS }), { module, input });
}

async function refusal(source: string): Promise<string> {
  try {
    instrumentModule(await wat(source, { validate: false }), 1, stackBudgetSlots(undefined));
  } catch (error) {
    assert.ok(error instanceof InvalidModuleError, String(error));
    return error.shortMessage;
  }
  assert.fail("expected the module to be refused");
}

describe("instrumentation", () => {
  it("gives the stack budget back on every way out of a function", async () => {
    // 300k calls each leaving by `return`, by `br` to the function label and by `br_table`; a budget that
    // leaked even one frame per call would run out (about 110 frames of this size fit the default budget). Each calls $nop,
    // so it is not a small leaf (which skips the check altogether).
    const result = await run(`(module ${OUT} (memory (export "memory") 1 1)
      (func $nop)
      (func $ret (param i32) (result i32) (call $nop) (block (br_if 0 (local.get 0)) (return (i32.const 1))) (i32.const 2))
      (func $br (param i32) (result i32) (call $nop) (i32.const 3) (br_if 0 (local.get 0)) (drop) (i32.const 4))
      (func $table (param i32) (call $nop) (block (block (br_table 0 1 2 (local.get 0)))))
      (func (export "_start") (local $i i32)
        (loop $l
          (drop (call $ret (i32.and (local.get $i) (i32.const 1))))
          (drop (call $br (i32.and (local.get $i) (i32.const 1))))
          (call $table (i32.rem_u (local.get $i) (i32.const 3)))
          (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 100000))))
        (i32.store (i32.const 16) (local.get $i)) (call $out (i32.const 16) (i32.const 4))))`);
    assert.equal(result.kind, "output", result.error?.message);
    assert.deepEqual([...result.output], [0xa0, 0x86, 0x01, 0x00]); // 100000
  });

  it("keeps multi-value functions working (the wrapper block gets a results-only type)", async () => {
    const result = await run(`(module ${OUT} (memory (export "memory") 1 1)
      (func $pair (param i32) (result i32 i32) (local.get 0) (i32.add (local.get 0) (i32.const 1)))
      (func (export "_start") (i32.const 16) (call $pair (i32.const 40)) (i32.add) (i32.store)
        (call $out (i32.const 16) (i32.const 1))))`);
    assert.deepEqual([...result.output], [81]);
  });

  it("bounds tables: no declared maximum means no growth", async () => {
    const result = await run(`(module ${OUT} (memory (export "memory") 1 1) (table 1 funcref)
      (func (export "_start") (i32.store (i32.const 16) (table.grow (ref.null func) (i32.const 1)))
        (call $out (i32.const 16) (i32.const 1))))`);
    assert.deepEqual([...result.output], [0xff]); // -1: refused
    assert.match(
      await refusal(`(module (memory (export "memory") 1 1) (table 2000000 funcref) (func (export "_start")))`),
      /tables hold more than 1048576 elements/,
    );
  });

  it("refuses reserved export names and a start function with a signature", async () => {
    assert.match(
      await refusal(`(module (memory (export "memory") 1 1) (func (export "_start")) (func (export "hashwork:fuel")))`),
      /reserved for the sandbox/,
    );
    assert.match(
      await refusal(
        `(module (memory (export "memory") 1 1) (func $s (param i32)) (start $s) (func (export "_start")))`,
      ),
      /start function must exist and take and return nothing/,
    );
  });

  it("refuses locals beyond the engine's limit and calls to functions that do not exist", async () => {
    assert.match(
      await refusal(
        `(module (memory (export "memory") 1 1) (func (export "_start") (local ${"i32 ".repeat(50_001)})))`,
      ),
      /more than 50000 locals/,
    );
  });

  it("leaves bit patterns alone where no arithmetic happened", async () => {
    // A signalling NaN loaded, passed through locals and globals, and stored keeps its exact bits.
    const result = await run(`(module ${OUT} (memory (export "memory") 1 1) (global $g (mut f64) (f64.const 0))
      (data (i32.const 32) "\\01\\00\\00\\00\\00\\00\\f0\\ff")
      (func (export "_start") (local $x f64)
        (local.set $x (f64.load (i32.const 32))) (global.set $g (local.get $x))
        (f64.store (i32.const 40) (f64.neg (f64.abs (global.get $g))))
        (call $out (i32.const 40) (i32.const 8))))`);
    assert.deepEqual([...result.output], [1, 0, 0, 0, 0, 0, 0xf0, 0xff]);
  });
});
