import wabtInit from "wabt";

const WASI = `"wasi_snapshot_preview1"`;

/** Reads stdin to the end and writes it upper-cased (ASCII) to stdout. */
export const UPPERCASE = `
(module
  (import ${WASI} "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import ${WASI} "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1 1)
  (func (export "_start")
    (local $n i32) (local $i i32) (local $c i32)
    (block $done
      (loop $again
        (i32.store (i32.const 0) (i32.const 64))
        (i32.store (i32.const 4) (i32.const 4096))
        (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
        (local.set $n (i32.load (i32.const 8)))
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $i (i32.const 0))
        (block $upper_done
          (loop $upper
            (br_if $upper_done (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $c (i32.load8_u (i32.add (i32.const 64) (local.get $i))))
            (if (i32.and (i32.ge_u (local.get $c) (i32.const 97)) (i32.le_u (local.get $c) (i32.const 122)))
              (then (i32.store8 (i32.add (i32.const 64) (local.get $i)) (i32.sub (local.get $c) (i32.const 32)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $upper)))
        (i32.store (i32.const 16) (i32.const 64))
        (i32.store (i32.const 20) (local.get $n))
        (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24)))
        (br $again)))))
`;

/** UPPERCASE after ~4.3 billion loop iterations (seconds of pure compute), for "mid-job" timing. */
export const SLOW_UPPERCASE = UPPERCASE.replace(
  `(local $n i32) (local $i i32) (local $c i32)`,
  `(local $n i32) (local $i i32) (local $c i32) (local $spin i32) (local $acc i32)
    (local.set $spin (i32.const -1))
    (loop $burn
      (local.set $acc (i32.add (local.get $acc) (local.get $spin)))
      (local.set $spin (i32.sub (local.get $spin) (i32.const 1)))
      (br_if $burn (local.get $spin)))
    (i32.store (i32.const 60) (local.get $acc))`,
);

/** Never returns. */
export const INFINITE_LOOP = `
(module
  (memory (export "memory") 1 1)
  (func (export "_start") (loop $l (br $l))))
`;

/** Grows memory until it cannot (16 MiB declared maximum), then touches past the end. */
export const MEMORY_BOMB = `
(module
  (memory (export "memory") 1 256)
  (func (export "_start")
    (loop $l (br_if $l (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
    (drop (i32.load (i32.const 16777216)))))
`;

/** Writes 64 KiB to stdout forever. */
export const HUGE_OUTPUT = `
(module
  (import ${WASI} "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2 2)
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 1024))
    (i32.store (i32.const 4) (i32.const 65536))
    (loop $l (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))) (br $l))))
`;

/** Compiles WebAssembly text to a binary module. */
export async function wat(source: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat("module.wat", source);
  try {
    return new Uint8Array(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}
