import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createBundle, type BundleLimits } from "../src/bundle/index.js";
import {
  CALIBRATION,
  calibrate,
  execute,
  FUEL_SCHEDULE_VERSION,
  measureFuelRate,
  type ExecutionResult,
} from "../src/executor/index.js";
import { getExample, listExamples } from "../src/workloads/index.js";
import { wat } from "./helpers/wat.js";

const LIMITS: BundleLimits = { memoryMiB: 1, fuel: 1_000_000, maxOutputBytes: 1024 };
const W = "wasi_snapshot_preview1";

async function run(source: string, limits: Partial<BundleLimits> = {}, input?: Uint8Array): Promise<ExecutionResult> {
  const module = await wat(source);
  return execute(createBundle({ module, input, limits: { ...LIMITS, ...limits } }), { module, input });
}

const command = (body: string, extra = "", memory = "1 1") =>
  `(module ${extra} (memory (export "memory") ${memory}) (func (export "_start") ${body}))`;

// Each expectation is worked out by hand from the schedule in sdk/src/executor/README.md: a charge point
// at function entry, at the start of every loop body and if/else arm, after the end of a block or if,
// and after br_if; each charges the static costs of its segment.
describe(`fuel schedule v${FUEL_SCHEDULE_VERSION}: exact charges`, () => {
  it("charges nothing for structure and 1 per ordinary instruction", async () => {
    assert.equal((await run(command(""))).fuelUsed, 0n);
    assert.equal((await run(command("nop (block nop) (drop (i32.const 1))"))).fuelUsed, 2n);
  });

  it("charges a loop body on every iteration", async () => {
    // entry: i32.const local.set loop = 2; body: local.get i32.const i32.sub local.set local.get br_if = 6
    const loop = (n: number) =>
      command(`(local $i i32) (local.set $i (i32.const ${n}))
        (loop $l (local.set $i (i32.sub (local.get $i) (i32.const 1))) (br_if $l (local.get $i)))`);
    assert.equal((await run(loop(10))).fuelUsed, 2n + 6n * 10n);
    assert.equal((await run(loop(1000))).fuelUsed, 2n + 6n * 1000n);
  });

  it("charges only the arm taken, and the code after an if separately", async () => {
    // entry: i32.const if = 2; then: i32.const local.set (else) = 2; after end: local.get drop = 2
    const source = command(`(local $x i32)
      (if (i32.const 1) (then (local.set $x (i32.const 5))) (else (local.set $x (i32.const 6)) (nop) (nop)))
      (drop (local.get $x))`);
    assert.equal((await run(source)).fuelUsed, 6n);
  });

  it("charges calls 5, division 8, and the callee's own segments", async () => {
    const source = `(module (memory (export "memory") 1 1) (func $seven (result i32) (i32.const 7))
      (func (export "_start") (drop (i32.div_u (call $seven) (i32.const 2)))))`;
    // _start: call 5 + i32.const 1 + div_u 8 + drop 1 = 15; $seven: 1
    assert.equal((await run(source)).fuelUsed, 16n);
  });

  it("charges memory.grow 20000 plus 4096 per page granted", async () => {
    // i32.const 1 + memory.grow 20000 + drop 1, plus pages
    assert.equal((await run(command("(drop (memory.grow (i32.const 3)))", "", "1 10"))).fuelUsed, 20_002n + 3n * 4096n);
    assert.equal((await run(command("(drop (memory.grow (i32.const 100)))", "", "1 10"))).fuelUsed, 20_002n);
  });

  it("charges bulk memory one unit per 8 bytes, before the copy", async () => {
    // three i32.const + memory.fill = 4, plus 1000 >> 3
    const fill = (n: number) => command(`(memory.fill (i32.const 0) (i32.const 7) (i32.const ${n}))`);
    assert.equal((await run(fill(1000))).fuelUsed, 4n + 125n);
    const tooLong = await run(fill(100_000)); // past the 64 KiB memory: charged, then traps
    assert.equal(tooLong.error?.code, "TRAP");
    assert.equal(tooLong.fuelUsed, 4n + 12_500n);
  });

  it("charges a WASI call 200 plus one unit per 8 bytes moved", async () => {
    const source = command(
      `(i32.store (i32.const 0) (i32.const 64)) (i32.store (i32.const 4) (i32.const 100))
       (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))`,
      `(import "${W}" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))`,
    );
    // 2 × (i32.const i32.const i32.store) = 6, 4 × i32.const + call + drop = 10; host 200 + 100 >> 3
    assert.equal((await run(source)).fuelUsed, 16n + 200n + 12n);
  });

  it("runs out exactly at the limit: the same job passes with its fuel and fails with one unit less", async () => {
    const source = command(`(local $i i32) (local.set $i (i32.const 10))
      (loop $l (local.set $i (i32.sub (local.get $i) (i32.const 1))) (br_if $l (local.get $i)))`);
    const enough = await run(source, { fuel: 62 });
    assert.equal(enough.kind, "output");
    assert.equal(enough.fuelUsed, 62n);
    const short = await run(source, { fuel: 61 });
    assert.equal(short.error?.code, "OUT_OF_FUEL");
    assert.equal(short.fuelUsed, 61n);
  });

  it("does not depend on the limit, only on the job", async () => {
    const source = command("(drop (memory.grow (i32.const 1)))", "", "1 2");
    const [low, high] = await Promise.all([run(source, { fuel: 30_000 }), run(source, { fuel: 2 ** 53 - 1 })]);
    assert.equal(low.fuelUsed, high.fuelUsed);
  });
});

// Golden fuel of the sample workloads on their default inputs. A change here is a change of the fuel
// schedule (or of a committed module): bump FUEL_SCHEDULE_VERSION and say so, do not just update numbers.
const GOLDEN: Record<string, bigint> = {
  sha256: 104_137n,
  wordfreq: 473_181n,
  mandelbrot: 334_453_724n,
  primes: 120_719_203n,
  iris: 139_048n,
  edges: 6_144_712n,
};

describe("golden fuel of the sample workloads", { timeout: 120_000 }, () => {
  for (const example of listExamples()) {
    it(`${example.name}: default input`, async () => {
      const module = await example.module();
      const input = example.defaultInput();
      const bundle = createBundle({ module, input, args: example.args, limits: example.limits });
      const result = await execute(bundle, { module, input });
      assert.equal(result.kind, "output");
      assert.equal(result.fuelUsed, GOLDEN[example.name], `${example.name} used ${result.fuelUsed}`);
      assert.ok(result.fuelUsed * 10n < BigInt(example.limits.fuel), "the registry's fuel leaves headroom");
    });
  }
});

describe("measureFuelRate", { timeout: 120_000 }, () => {
  it("reports this machine's slowest fuel per second over the calibration jobs", async () => {
    const rate = await measureFuelRate();
    assert.deepEqual(
      rate.samples.map((s) => s.name),
      ["sha256", "mandelbrot", "primes", "wordfreq"],
    );
    for (const s of rate.samples) assert.ok(s.fuelUsed > 0n && s.fuelPerSecond > 0, s.name);
    assert.equal(rate.fuelPerSecond, Math.min(...rate.samples.map((s) => s.fuelPerSecond)));
    // Fuel is deterministic even where time is not: the same calibration job uses the same fuel again.
    const again = await measureFuelRate();
    assert.deepEqual(
      again.samples.map((s) => s.fuelUsed),
      rate.samples.map((s) => s.fuelUsed),
    );
  });

  it("calibrates with the sample workloads' own args and limits, and with any executor (calibrate)", async () => {
    for (const c of CALIBRATION) {
      const example = getExample(c.name);
      assert.deepEqual(example.args, [], c.name);
      assert.deepEqual(c.limits, example.limits, c.name);
    }
    // A host's own run function (here execute, counted): the loop is the same one measureFuelRate uses.
    let runs = 0;
    const rate = await calibrate(
      (bundle, source) => (runs++, execute(bundle, source)),
      (name) => getExample(name).module(),
    );
    assert.equal(runs, CALIBRATION.length);
    assert.ok(rate.fuelPerSecond > 0);
  });
});
