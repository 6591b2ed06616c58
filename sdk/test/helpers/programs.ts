// Test programs in WebAssembly text, each a WASI preview 1 command. Memory layout notes are inline.

const IMPORT = {
  fd_read: `(import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))`,
  fd_write: `(import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))`,
  proc_exit: `(import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))`,
  clock_time_get: `(import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))`,
  random_get: `(import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))`,
  poll_oneoff: `(import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))`,
};

/** Reads stdin in 4 KiB blocks and writes it back with a–z uppercased. iovec @0, nread @16, buffer @1024. */
export const UPPERCASE = `(module
  ${IMPORT.fd_read} ${IMPORT.fd_write}
  (memory (export "memory") 1 1)
  (func (export "_start") (local $n i32) (local $i i32) (local $c i32)
    (loop $read
      (i32.store (i32.const 0) (i32.const 1024))
      (i32.store (i32.const 4) (i32.const 4096))
      (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16)))
      (local.set $n (i32.load (i32.const 16)))
      (if (i32.eqz (local.get $n)) (then (return)))
      (local.set $i (i32.const 0))
      (block $done (loop $up
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $c (i32.load8_u (i32.add (i32.const 1024) (local.get $i))))
        (if (i32.and (i32.ge_u (local.get $c) (i32.const 97)) (i32.le_u (local.get $c) (i32.const 122)))
          (then (i32.store8 (i32.add (i32.const 1024) (local.get $i)) (i32.sub (local.get $c) (i32.const 32)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $up)))
      (i32.store (i32.const 4) (local.get $n))
      (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)))
      (br $read))))`;

/** Spins forever. */
export const INFINITE_LOOP = `(module (memory (export "memory") 1 1) (func (export "_start") (loop $l (br $l))))`;

/** Grows memory one page at a time until growth fails, then traps (what a failed malloc leads to). */
export const MEMORY_BOMB = `(module
  (memory (export "memory") 1 64)
  (func (export "_start")
    (loop $grow (br_if $grow (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
    unreachable))`;

/** Writes a 64 KiB buffer to stdout forever. */
export const OUTPUT_FLOOD = `(module
  ${IMPORT.fd_write}
  (memory (export "memory") 2 2)
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 65536))
    (i32.store (i32.const 4) (i32.const 65536))
    (loop $w (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))) (br $w))))`;

/** Writes exactly `n` bytes ("x") to stdout, one write per byte block of up to 60000. */
export function writeBytes(n: number): string {
  return `(module
  ${IMPORT.fd_write}
  (memory (export "memory") 2 2)
  (func (export "_start") (local $left i32) (local $len i32)
    (memory.fill (i32.const 1024) (i32.const 120) (i32.const 60000))
    (local.set $left (i32.const ${n}))
    (block $done (loop $w
      (br_if $done (i32.eqz (local.get $left)))
      (local.set $len (select (i32.const 60000) (local.get $left) (i32.gt_u (local.get $left) (i32.const 60000))))
      (i32.store (i32.const 0) (i32.const 1024))
      (i32.store (i32.const 4) (local.get $len))
      (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
      (local.set $left (i32.sub (local.get $left) (local.get $len)))
      (br $w)))))`;
}

export const TRAP = `(module (memory (export "memory") 1 1) (func (export "_start") unreachable))`;

export const STACK_OVERFLOW = `(module (memory (export "memory") 1 1)
  (func $recurse (call $recurse)) (func (export "_start") (call $recurse)))`;

/** Writes "warn" to stderr, "ok" to stdout, then exits with `code` via proc_exit. */
export function exitWith(code: number): string {
  return `(module
  ${IMPORT.fd_write} ${IMPORT.proc_exit}
  (memory (export "memory") 1 1)
  (data (i32.const 100) "warnok")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 100)) (i32.store (i32.const 4) (i32.const 4))
    (drop (call $fd_write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 8)))
    (i32.store (i32.const 0) (i32.const 104)) (i32.store (i32.const 4) (i32.const 2))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $proc_exit (i32.const ${code}))))`;
}

/**
 * Writes, in order: realtime clock (8 bytes), monotonic clock twice (8+8), random_get 32 bytes twice,
 * then sleeps 5 s with poll_oneoff and writes the monotonic clock again (8) and the event's userdata (8).
 */
export const CLOCK_AND_RANDOM = `(module
  ${IMPORT.clock_time_get} ${IMPORT.random_get} ${IMPORT.fd_write} ${IMPORT.poll_oneoff}
  (memory (export "memory") 1 1)
  (func (export "_start")
    (drop (call $clock (i32.const 0) (i64.const 0) (i32.const 100)))
    (drop (call $clock (i32.const 1) (i64.const 0) (i32.const 108)))
    (drop (call $clock (i32.const 1) (i64.const 0) (i32.const 116)))
    (drop (call $random (i32.const 124) (i32.const 32)))
    (drop (call $random (i32.const 156) (i32.const 32)))
    ;; subscription @300: userdata 7, tag 0 (clock), clock id 1 @+16, timeout 5 s @+24, flags 0 @+40
    (i64.store (i32.const 300) (i64.const 7))
    (i32.store8 (i32.const 308) (i32.const 0))
    (i32.store (i32.const 316) (i32.const 1))
    (i64.store (i32.const 324) (i64.const 5000000000))
    (drop (call $poll (i32.const 300) (i32.const 400) (i32.const 1) (i32.const 440)))
    (drop (call $clock (i32.const 1) (i64.const 0) (i32.const 188)))
    (i32.store (i32.const 0) (i32.const 100)) (i32.store (i32.const 4) (i32.const 96))
    (i32.store (i32.const 8) (i32.const 400)) (i32.store (i32.const 12) (i32.const 8))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 2) (i32.const 20)))))`;

/** Writes the argv buffer followed by the environ buffer (NUL-separated strings) to stdout. */
export const ARGS_AND_ENV = `(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $env_sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $env_get (param i32 i32) (result i32)))
  ${IMPORT.fd_write}
  (memory (export "memory") 1 1)
  (func (export "_start")
    (drop (call $args_sizes (i32.const 0) (i32.const 4)))
    (drop (call $args_get (i32.const 1024) (i32.const 4096)))
    (drop (call $env_sizes (i32.const 8) (i32.const 12)))
    (drop (call $env_get (i32.const 2048) (i32.add (i32.const 4096) (i32.load (i32.const 4)))))
    (i32.store (i32.const 16) (i32.const 4096))
    (i32.store (i32.const 20) (i32.add (i32.load (i32.const 4)) (i32.load (i32.const 12))))
    (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24)))))`;

/** Imports its memory (with a maximum) instead of defining it, and writes "imported". */
export const IMPORTED_MEMORY = `(module
  ${IMPORT.fd_write}
  (import "env" "memory" (memory 1 4))
  (data (i32.const 100) "imported")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 100)) (i32.store (i32.const 4) (i32.const 8))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))`;

/**
 * Probes the host: writes one errno byte each for fd_prestat_get(3) (a preopened directory?),
 * path_open(3, "etc/passwd"), sock_send(0, …) and proc_raise(9).
 */
export const SANDBOX_PROBE = `(module
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $prestat (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_send" (func $send (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_raise" (func $raise (param i32) (result i32)))
  ${IMPORT.fd_write}
  (memory (export "memory") 1 1)
  (data (i32.const 200) "etc/passwd")
  (func (export "_start")
    (i32.store8 (i32.const 100) (call $prestat (i32.const 3) (i32.const 300)))
    (i32.store8 (i32.const 101)
      (call $open (i32.const 3) (i32.const 0) (i32.const 200) (i32.const 10) (i32.const 0)
        (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 400)))
    (i32.store8 (i32.const 102) (call $send (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)))
    (i32.store8 (i32.const 103) (call $raise (i32.const 9)))
    (i32.store (i32.const 0) (i32.const 100)) (i32.store (i32.const 4) (i32.const 4))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))`;
