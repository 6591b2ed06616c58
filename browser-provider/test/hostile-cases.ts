// Hostile and determinism-sensitive modules for the tab-versus-node comparison: every way a run can end (out of fuel,
// stack budget, trap, exit code, output cap, refused module, bytes that are not the bundle's), plus the host calls
// whose bytes the browser build computes differently (random_get through @noble/hashes, NaN canonicalization).
// Modelled on the SDK's corpus (sdk/test/helpers/hostile.ts), which is not part of its package exports.
import type { BundleLimits } from "@hashwork/sdk/bundle";
import wabtInit from "wabt";

export interface HostileCase {
  name: string;
  wat: string;
  limits?: Partial<BundleLimits>;
  /** Replace the module bytes with same-sized other bytes (the bundle still names the original). */
  corruptModule?: boolean;
  /** What the node's executor gives: the comparison is with the node, this only keeps the case meaningful. */
  expect: string;
  /**
   * A known difference: what the tab gives instead of the node's verdict, and why. Always a thrown error (no result),
   * so a browser provider could never commit something else than the nodes.
   */
  inTab?: { code: string; because: string };
}

export const HOSTILE_LIMITS: BundleLimits = { memoryMiB: 16, fuel: 50_000_000, maxOutputBytes: 1 << 20 };

const W = "wasi_snapshot_preview1";
const FD_WRITE = `(import "${W}" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))`;
/** `(call $out ptr len)`: writes memory[ptr, ptr+len) to stdout through an iovec at 0..8, nwritten at 8. */
const OUT = `(func $out (param i32 i32)
    (i32.store (i32.const 0) (local.get 0)) (i32.store (i32.const 4) (local.get 1))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))`;
const MEM = `(memory (export "memory") 1 1)`;

export const HOSTILE_CASES: HostileCase[] = [
  {
    name: "infinite loop",
    wat: `(module ${MEM} (func (export "_start") (loop $l (br $l))))`,
    expect: "OUT_OF_FUEL",
  },
  {
    // The default stack budget (128 KiB) runs out before a Web Worker's stack does: the same verdict as the node's.
    name: "unbounded recursion",
    wat: `(module ${MEM} (func $r (call $r)) (func (export "_start") (call $r)))`,
    expect: "STACK_OVERFLOW",
  },
  {
    name: "unbounded recursion with the largest stack budget",
    wat: `(module ${MEM} (func $r (call $r)) (func (export "_start") (call $r)))`,
    limits: { stackKiB: 32 * 1024 },
    expect: "STACK_OVERFLOW",
    inTab: {
      code: "HostResourceError",
      because:
        "32 MiB of stack budget needs the node's 64 MiB sandbox stack; a page cannot size its worker's stack, so the " +
        "engine's own runs out first and the run is a host failure, not a result (a tab never claims such a bundle)",
    },
  },
  {
    name: "trap after memory reached its maximum",
    wat: `(module (memory (export "memory") 1 64) (func (export "_start")
      (loop $g (br_if $g (i32.ne (memory.grow (i32.const 1)) (i32.const -1)))) unreachable))`,
    limits: { memoryMiB: 4 },
    expect: "TRAP",
  },
  {
    name: "memory maximum above the bundle's limit",
    wat: `(module (memory (export "memory") 1 4096) (func (export "_start")))`,
    expect: "INVALID_MODULE",
  },
  {
    name: "exit code 3",
    wat: `(module (import "${W}" "proc_exit" (func $exit (param i32))) ${MEM}
      (func (export "_start") (call $exit (i32.const 3))))`,
    expect: "NON_ZERO_EXIT",
  },
  {
    name: "output flood",
    wat: `(module ${FD_WRITE} (memory (export "memory") 2 2) (func (export "_start")
      (i32.store (i32.const 0) (i32.const 65536)) (i32.store (i32.const 4) (i32.const 65536))
      (loop $w (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))) (br $w))))`,
    expect: "OUTPUT_TOO_LARGE",
  },
  {
    name: "random_get and clocks",
    wat: `(module ${FD_WRITE}
      (import "${W}" "random_get" (func $random (param i32 i32) (result i32)))
      (import "${W}" "clock_time_get" (func $clock (param i32 i64 i32) (result i32))) ${MEM} ${OUT}
      (func (export "_start")
        (drop (call $random (i32.const 100) (i32.const 1000)))
        (drop (call $clock (i32.const 0) (i64.const 1) (i32.const 1100)))
        (drop (call $clock (i32.const 1) (i64.const 1) (i32.const 1108)))
        (call $out (i32.const 100) (i32.const 1016))))`,
    expect: "output",
  },
  {
    name: "NaN payloads",
    wat: `(module ${FD_WRITE} ${MEM} ${OUT} (func (export "_start")
      (f32.store (i32.const 100) (f32.div (f32.const 0) (f32.const 0)))
      (f64.store (i32.const 104) (f64.sqrt (f64.const -1)))
      (f32.store (i32.const 112) (f32.add (f32.const nan:0x200000) (f32.const 1)))
      (call $out (i32.const 100) (i32.const 16))))`,
    expect: "output",
  },
  {
    name: "module bytes that are not the bundle's",
    wat: `(module ${MEM} (func (export "_start")))`,
    corruptModule: true,
    expect: "ModuleHashMismatchError",
  },
];

let wabt: ReturnType<typeof wabtInit> | undefined;

/** Assembles WebAssembly text into a binary with wabt (the JS build of wat2wasm). */
export async function assemble(source: string): Promise<Uint8Array> {
  wabt ??= wabtInit();
  const module = (await wabt).parseWat("case.wat", source, { bulk_memory: true, mutable_globals: true, simd: true });
  try {
    module.resolveNames();
    module.validate();
    return Uint8Array.from(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}
