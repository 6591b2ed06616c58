// The hostile corpus: modules written to break determinism or the host, each with the verdict every
// replica must reach. Used by hostile.test.ts (repetition, parallel runs, CPU load, RSS) and by the
// engine-flags test (the same verdicts, bytes and fuel under other V8 tiers and CPU features).
import type { BundleLimits } from "../../src/bundle/index.js";
import type { ExecutionErrorCode } from "../../src/errors/index.js";
import { wat, type WatFeatures } from "./wat.js";

export interface HostileCase {
  name: string;
  module: () => Promise<Uint8Array>;
  input?: Uint8Array;
  limits?: Partial<BundleLimits>;
  expect: { kind: "output"; output?: Uint8Array } | { kind: "error"; code: ExecutionErrorCode; exitCode?: number };
}

export const HOSTILE_LIMITS: BundleLimits = { memoryMiB: 16, fuel: 50_000_000, maxOutputBytes: 1 << 20 };

const W = "wasi_snapshot_preview1";
const FD_WRITE = `(import "${W}" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))`;
const PROC_EXIT = `(import "${W}" "proc_exit" (func $proc_exit (param i32)))`;
/** `(call $out ptr len)`: writes memory[ptr, ptr+len) to stdout through an iovec at 0..8, nwritten at 8. */
const OUT = `(func $out (param i32 i32)
    (i32.store (i32.const 0) (local.get 0)) (i32.store (i32.const 4) (local.get 1))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))`;
const MEM = `(memory (export "memory") 1 1)`;
const bytes = (...values: number[]) => Uint8Array.from(values);
const le32 = (...values: number[]) => new Uint8Array(Uint32Array.from(values).buffer);

const text =
  (source: string, features?: WatFeatures, validate = true) =>
  () =>
    wat(source, { features, validate });

export const HOSTILE_CASES: HostileCase[] = [
  {
    name: "infinite loop",
    module: text(`(module ${MEM} (func (export "_start") (loop $l (br $l))))`),
    expect: { kind: "error", code: "OUT_OF_FUEL" },
  },
  {
    name: "endless start function",
    module: text(`(module ${MEM} (func $s (loop $l (br $l))) (start $s) (func (export "_start")))`),
    expect: { kind: "error", code: "OUT_OF_FUEL" },
  },
  {
    name: "trap in the start function",
    module: text(`(module ${MEM} (func $s unreachable) (start $s) (func (export "_start")))`),
    expect: { kind: "error", code: "TRAP" },
  },
  {
    name: "start function using WASI",
    module: text(`(module ${FD_WRITE} ${MEM} (data (i32.const 100) "from start") ${OUT}
      (func $s (call $out (i32.const 100) (i32.const 10))) (start $s) (func (export "_start")))`),
    expect: { kind: "output", output: new TextEncoder().encode("from start") },
  },
  {
    name: "unbounded recursion",
    module: text(`(module ${MEM} (func $r (call $r)) (func (export "_start") (call $r)))`),
    expect: { kind: "error", code: "STACK_OVERFLOW" },
  },
  {
    name: "recursion with 1000 v128 locals",
    module: text(`(module ${MEM} (func $r (local ${"v128 ".repeat(1000)})
      (local.set 999 (v128.const i32x4 1 2 3 4)) (call $r)) (func (export "_start") (call $r)))`),
    expect: { kind: "error", code: "STACK_OVERFLOW" },
  },
  {
    name: "recursion with a deep operand stack",
    module: text(`(module ${MEM} (func $r (result v128)
      ${"(v128.const i64x2 7 7) ".repeat(300)} (call $r) ${"(v128.xor) ".repeat(300)})
      (func (export "_start") (drop (call $r))))`),
    expect: { kind: "error", code: "STACK_OVERFLOW" },
  },
  {
    name: "trap after memory reached its maximum",
    module: text(`(module (memory (export "memory") 1 64) (func (export "_start")
      (loop $g (br_if $g (i32.ne (memory.grow (i32.const 1)) (i32.const -1)))) unreachable))`),
    limits: { memoryMiB: 4 },
    expect: { kind: "error", code: "TRAP" },
  },
  {
    name: "page-by-page growth to 256 MiB",
    module: text(`(module ${FD_WRITE} (memory (export "memory") 1 4096) ${OUT} (func (export "_start") (local $n i32)
      (loop $g (if (i32.ne (memory.grow (i32.const 1)) (i32.const -1))
        (then (local.set $n (i32.add (local.get $n) (i32.const 1))) (br $g))))
      (i32.store (i32.const 16) (local.get $n)) (call $out (i32.const 16) (i32.const 4))))`),
    limits: { memoryMiB: 256, fuel: 200_000_000 },
    expect: { kind: "output", output: le32(4095) },
  },
  {
    name: "output flood",
    module: text(`(module ${FD_WRITE} (memory (export "memory") 2 2) (func (export "_start")
      (i32.store (i32.const 0) (i32.const 65536)) (i32.store (i32.const 4) (i32.const 65536))
      (loop $w (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))) (br $w))))`),
    expect: { kind: "error", code: "OUTPUT_TOO_LARGE" },
  },
  {
    name: "stderr flood retrying short writes",
    // Writes 1 MiB to stderr 4 KiB at a time, retrying any write that reports fewer bytes than asked.
    module: text(`(module ${FD_WRITE} ${MEM} (data (i32.const 200) "done") ${OUT}
      (func (export "_start") (local $left i32) (local.set $left (i32.const 1048576))
        (loop $w
          (i32.store (i32.const 0) (i32.const 4096)) (i32.store (i32.const 4) (i32.const 4096))
          (drop (call $fd_write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 8)))
          (local.set $left (i32.sub (local.get $left) (i32.load (i32.const 8))))
          (br_if $w (i32.gt_s (local.get $left) (i32.const 0))))
        (call $out (i32.const 200) (i32.const 4))))`),
    expect: { kind: "output", output: new TextEncoder().encode("done") },
  },
  {
    name: "unreachable",
    module: text(`(module ${MEM} (func (export "_start") unreachable))`),
    expect: { kind: "error", code: "TRAP" },
  },
  {
    name: "integer division by zero",
    module: text(`(module ${MEM} (func (export "_start") (drop (i32.div_u (i32.const 1) (i32.const 0)))))`),
    expect: { kind: "error", code: "TRAP" },
  },
  {
    name: "foreign import",
    module: text(`(module (import "env" "fetch" (func)) ${MEM} (func (export "_start")))`),
    expect: { kind: "error", code: "INVALID_MODULE" },
  },
  {
    name: "WASI import with another signature",
    // A JS host function accepts any signature; the sandbox must refuse it rather than misread arguments.
    module: text(`(module (import "${W}" "fd_write" (func (param i64) (result i64))) ${MEM} (func (export "_start")))`),
    expect: { kind: "error", code: "INVALID_MODULE" },
  },
  {
    name: "garbage bytes",
    module: async () => Uint8Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24),
    expect: { kind: "error", code: "INVALID_MODULE" },
  },
  {
    name: "truncated module",
    module: async () => (await wat(`(module ${MEM} (func (export "_start") nop))`)).slice(0, -3),
    expect: { kind: "error", code: "INVALID_MODULE" },
  },
  {
    name: "memory without a maximum",
    module: text(`(module (memory (export "memory") 1) (func (export "_start")))`),
    expect: { kind: "error", code: "INVALID_MODULE" },
  },
  {
    name: "memory maximum above the job limit",
    module: text(`(module (memory (export "memory") 1 65536) (func (export "_start")))`),
    expect: { kind: "error", code: "INVALID_MODULE" },
  },
  {
    name: "host file read attempts",
    // One errno byte each: path_open(3, "etc/passwd"), path_open(0, ...), fd_prestat_get(3), fd_read(3).
    module: text(`(module
      (import "${W}" "path_open" (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
      (import "${W}" "fd_prestat_get" (func $prestat (param i32 i32) (result i32)))
      (import "${W}" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
      ${FD_WRITE} ${MEM} (data (i32.const 200) "etc/passwd") ${OUT}
      (func (export "_start")
        (i32.store8 (i32.const 100) (call $open (i32.const 3) (i32.const 0) (i32.const 200) (i32.const 10)
          (i32.const 0) (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 300)))
        (i32.store8 (i32.const 101) (call $open (i32.const 0) (i32.const 0) (i32.const 200) (i32.const 10)
          (i32.const 0) (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 300)))
        (i32.store8 (i32.const 102) (call $prestat (i32.const 3) (i32.const 300)))
        (i32.store8 (i32.const 103) (call $read (i32.const 3) (i32.const 0) (i32.const 1) (i32.const 300)))
        (call $out (i32.const 100) (i32.const 4))))`),
    expect: { kind: "output", output: bytes(8, 54, 8, 8) },
  },
  {
    name: "NaN payloads",
    module: text(`(module ${FD_WRITE} ${MEM} ${OUT}
      (func (export "_start") (local $z f32) (local $d f64)
        (f32.store (i32.const 100) (f32.div (local.get $z) (local.get $z)))
        (f32.store (i32.const 104) (f32.sqrt (f32.const -1)))
        (f32.store (i32.const 108) (f32.mul (f32.const nan:0x200000) (f32.const 1)))
        (f32.store (i32.const 112) (f32.const -nan:0x200000))
        (f32.store (i32.const 116) (f32.copysign (f32.const 1) (f32.div (local.get $z) (local.get $z))))
        (f64.store (i32.const 120) (f64.div (local.get $d) (local.get $d)))
        (f64.store (i32.const 128) (f64.promote_f32 (f32.const -nan:0x1)))
        (f32.store (i32.const 136) (f32.demote_f64 (f64.sub (f64.const inf) (f64.const inf))))
        (v128.store (i32.const 140) (f32x4.div (v128.const f32x4 0 0 1 0) (v128.const f32x4 0 1 1 0)))
        (v128.store (i32.const 156) (f64x2.sqrt (v128.const f64x2 -1 4)))
        (call $out (i32.const 100) (i32.const 72))))`),
    expect: {
      kind: "output",
      output: Uint8Array.from([
        ...le32(0x7fc00000, 0x7fc00000, 0x7fc00000, 0xffa00000, 0x3f800000),
        ...le32(0, 0x7ff80000, 0, 0x7ff80000, 0x7fc00000),
        ...le32(0x7fc00000, 0, 0x3f800000, 0x7fc00000),
        ...le32(0, 0x7ff80000, 0, 0x40000000),
      ]),
    },
  },
  {
    name: "relaxed SIMD",
    module: text(
      `(module ${MEM} (func (export "_start") (drop (f32x4.relaxed_madd
        (v128.const f32x4 1 1 1 1) (v128.const f32x4 1 1 1 1) (v128.const f32x4 1 1 1 1)))))`,
      { relaxed_simd: true },
    ),
    expect: { kind: "error", code: "INVALID_MODULE" },
  },
  {
    name: "atomics",
    module: text(`(module ${MEM} (func (export "_start") (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))))`, {
      threads: true,
    }),
    expect: { kind: "error", code: "INVALID_MODULE" },
  },
  {
    name: "shared memory",
    // wabt's validator refuses shared memories even with threads enabled; encoding is enough here.
    module: text(`(module (memory (export "memory") 1 1 shared) (func (export "_start")))`, { threads: true }, false),
    expect: { kind: "error", code: "INVALID_MODULE" },
  },
  {
    name: "catch_all around proc_exit",
    module: text(
      `(module ${PROC_EXIT} ${MEM} (func (export "_start") (try (do (call $proc_exit (i32.const 3))) (catch_all))))`,
      { exceptions: true },
    ),
    expect: { kind: "error", code: "INVALID_MODULE" },
  },
  {
    name: "64-bit memory",
    module: text(`(module (memory (export "memory") i64 1 1) (func (export "_start")))`, { memory64: true }),
    expect: { kind: "error", code: "INVALID_MODULE" },
  },
  {
    name: "two memories",
    module: text(`(module (memory (export "memory") 1 1) (memory 1 1) (func (export "_start")))`, {}, false),
    expect: { kind: "error", code: "INVALID_MODULE" },
  },
  {
    name: "tail call",
    module: text(`(module ${MEM} (func $f) (func (export "_start") (return_call $f)))`, { tail_call: true }),
    expect: { kind: "error", code: "INVALID_MODULE" },
  },
  {
    name: "fd_allocate and fd_filestat_set_size on stdin",
    // 3 GiB each, on a job limited to 1 MiB: both must fail without allocating (EBADF).
    module: text(`(module
      (import "${W}" "fd_allocate" (func $alloc (param i32 i64 i64) (result i32)))
      (import "${W}" "fd_filestat_set_size" (func $size (param i32 i64) (result i32)))
      ${FD_WRITE} ${MEM} ${OUT}
      (func (export "_start")
        (i32.store8 (i32.const 100) (call $alloc (i32.const 0) (i64.const 0) (i64.const 3221225472)))
        (i32.store8 (i32.const 101) (call $size (i32.const 0) (i64.const 3221225472)))
        (call $out (i32.const 100) (i32.const 2))))`),
    input: new TextEncoder().encode("input"),
    limits: { memoryMiB: 1 },
    expect: { kind: "output", output: bytes(8, 8) },
  },
  {
    name: "huge iovs_len and nsubscriptions",
    module: text(`(module
      (import "${W}" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
      (import "${W}" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
      ${FD_WRITE} ${MEM} ${OUT}
      (func (export "_start")
        (i32.store8 (i32.const 100) (call $fd_write (i32.const 1) (i32.const 0) (i32.const 0x7fffffff) (i32.const 8)))
        (i32.store8 (i32.const 101) (call $read (i32.const 0) (i32.const 0) (i32.const -1) (i32.const 8)))
        (i32.store8 (i32.const 102) (call $poll (i32.const 0) (i32.const 0) (i32.const 0x10000000) (i32.const 8)))
        (call $out (i32.const 100) (i32.const 3))))`),
    expect: { kind: "output", output: bytes(28, 28, 28) },
  },
  {
    name: "out-of-bounds pointers",
    // fd_write of an iovec reaching past memory, with nwritten outside memory, and random_get past the end:
    // EFAULT each, and nothing written.
    module: text(`(module (import "${W}" "random_get" (func $random (param i32 i32) (result i32)))
      ${FD_WRITE} ${MEM} ${OUT}
      (func (export "_start")
        (i32.store (i32.const 16) (i32.const 65530)) (i32.store (i32.const 20) (i32.const 100))
        (i32.store8 (i32.const 100) (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24)))
        (i32.store (i32.const 16) (i32.const 0)) (i32.store (i32.const 20) (i32.const 4))
        (i32.store8 (i32.const 101) (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const -4)))
        (i32.store8 (i32.const 102) (call $random (i32.const 65535) (i32.const 2)))
        (call $out (i32.const 100) (i32.const 3))))`),
    expect: { kind: "output", output: bytes(21, 21, 21) },
  },
  {
    name: "exit code above 2^31",
    module: text(`(module ${PROC_EXIT} ${MEM} (func (export "_start") (call $proc_exit (i32.const -1))))`),
    expect: { kind: "error", code: "NON_ZERO_EXIT", exitCode: 4294967295 },
  },
];
