/**
 * The sample jobs the workload generator posts, behind one small adapter: the SDK's sample WASI workloads
 * (`sdk/src/workloads`, `listExamples()`) when that module is there, else one built-in module (ASCII upper-case
 * of stdin, the provider node's test module) so the devnet runs either way.
 */
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { randomBytes } from "node:crypto";
import type { BundleLimits } from "./sdk.js";

/** What the generator needs of a sample workload (a subset of the SDK's `ExampleWorkload`). */
export interface Workload {
  name: string;
  module(): Promise<Uint8Array>;
  /** A fresh input per job (so jobs differ); falls back to the example's default input. */
  input(): Uint8Array;
  args: string[];
  limits: BundleLimits;
}

interface SdkExample {
  name: string;
  module(): Promise<Uint8Array>;
  defaultInput(): Uint8Array;
  randomInput?: (seed?: number) => Uint8Array;
  args?: readonly string[];
  limits: BundleLimits;
}

const SDK_WORKLOADS = fileURLToPath(new URL("../../sdk/src/workloads/index.ts", import.meta.url));

/** The workloads to post, optionally only those named in `only`. */
export async function loadWorkloads(only: string[] = []): Promise<{ source: string; workloads: Workload[] }> {
  let workloads: Workload[];
  let source: string;
  if (existsSync(SDK_WORKLOADS)) {
    // A computed specifier: the devnet must typecheck and run before the SDK module exists.
    const sdk = (await import(pathToFileURL(SDK_WORKLOADS).href)) as { listExamples(): SdkExample[] };
    workloads = sdk.listExamples().map((e) => ({
      name: e.name,
      module: memo(() => e.module()),
      input: () => (e.randomInput ? e.randomInput(randomBytes(4).readUInt32BE()) : e.defaultInput()),
      args: [...(e.args ?? [])],
      limits: e.limits,
    }));
    source = "sdk/src/workloads";
  } else {
    workloads = [uppercase()];
    source = "built-in (sdk/src/workloads not found)";
  }
  if (only.length > 0) {
    const unknown = only.filter((n) => !workloads.some((w) => w.name === n));
    if (unknown.length > 0)
      throw new Error(`unknown workload(s) ${unknown.join(", ")}; known: ${workloads.map((w) => w.name).join(", ")}`);
    workloads = workloads.filter((w) => only.includes(w.name));
  }
  if (workloads.length === 0) throw new Error("no workloads to post");
  return { source, workloads };
}

function memo<T>(f: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
}

const WASI = `"wasi_snapshot_preview1"`;
const UPPERCASE_WAT = `
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

function uppercase(): Workload {
  return {
    name: "uppercase",
    module: memo(async () => {
      const { default: wabtInit } = await import("wabt");
      const wabt = await wabtInit();
      const m = wabt.parseWat("uppercase.wat", UPPERCASE_WAT);
      try {
        return new Uint8Array(m.toBinary({}).buffer);
      } finally {
        m.destroy();
      }
    }),
    input: () => new TextEncoder().encode(`hello hashwork ${randomBytes(6).toString("hex")}\n`),
    args: [],
    limits: { memoryMiB: 1, timeoutMs: 5_000, maxOutputBytes: 64 * 1024 },
  };
}
