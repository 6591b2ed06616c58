// The sandbox's run loop: checks, instruments, compiles and runs one WASI module and returns a single verdict. It
// imports no `node:` module, so the same loop runs in Node's worker thread (worker.ts) and in a browser's Web Worker
// (browser-worker.ts); each entry only receives the job, supplies SHA-256 and posts the verdict. It never sees the
// store, the chain or the filesystem; the main thread only keeps the local deadline. Heavy work (hashing,
// instrumenting, compiling) happens here, off the main thread.
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import type { Hex } from "../bundle/types.js";
import { InvalidModuleError, type ExecutionErrorCode } from "../errors/execution.js";
import { checkModule, inspectModule, type MemoryPlan } from "./inspect.js";
import { TrapReason } from "./instrument/emit.js";
import { DEPTH_EXPORT, FUEL_EXPORT, instrumentModule, REASON_EXPORT, START_EXPORT } from "./instrument/index.js";
import { SLOTS_PER_KIB } from "./instrument/schedule.js";
import type { WorkerFailure, WorkerJob, WorkerMessage, WorkerOutcome } from "./protocol.js";
import { createWasiHost, ProcExit, type Meter, type WasiHost } from "./wasi/host.js";
import { OutputLimitExceeded } from "./wasi/stdio.js";
import { Wasm, type WasmGlobal, type WasmImports, type WasmMemory } from "./webassembly.js";

class OutOfFuel extends Error {}

/** SHA-256 as the entry provides it: native in Node (see {@link stateDigest}), a JS one in a browser. */
export type Sha256 = (bytes: Uint8Array) => Uint8Array;

// A worker runs one job, so the entry's SHA-256 can live here for the run instead of being passed to every step.
let sha256: Sha256;

/** Runs one job to its verdict, hashing the final memory with `hash`. */
export function runJob(job: WorkerJob, hash: Sha256): WorkerMessage {
  sha256 = hash;
  return run(job);
}

/** The buffers a verdict can hand over instead of copying: a large output's. */
export function transferablesOf(verdict: WorkerMessage): ArrayBuffer[] {
  if (verdict.kind !== "outcome" || verdict.outcome.kind !== "output") return [];
  return [verdict.outcome.output.buffer as ArrayBuffer];
}

interface Compiled {
  module: object;
  plan: MemoryPlan;
  hasStart: boolean;
}

function run(job: WorkerJob): WorkerMessage {
  for (const [which, bytes, expected] of [
    ["module", job.module, job.moduleHash],
    ["input", job.input, job.inputHash],
  ] as const) {
    const actual = keccak256(bytes);
    if (actual !== expected) return { kind: "mismatch", which, expected, actual };
  }
  const compiled = compile(job);
  if ("kind" in compiled) return compiled;

  // The host charges fuel through the instance's fuel global, which exists once it is instantiated.
  const state: { memory?: WasmMemory; fuel?: WasmGlobal<bigint> } = {};
  const meter: Meter = {
    charge(amount) {
      if (!state.fuel) return;
      const left = state.fuel.value - BigInt(amount);
      state.fuel.value = left;
      if (left < 0n) throw new OutOfFuel();
    },
  };
  const host = createWasiHost(job, () => state.memory!, meter);
  const imports: WasmImports = { wasi_snapshot_preview1: host.imports };
  let exports: Record<string, unknown>;
  try {
    const { plan } = compiled;
    if (plan.import) {
      state.memory = new Wasm.Memory({ initial: plan.minPages, maximum: plan.maxPages });
      imports[plan.import.module] = { ...imports[plan.import.module], [plan.import.name]: state.memory };
    }
    exports = new Wasm.Instance(compiled.module, imports).exports;
  } catch (error) {
    // Memory the declared limits allow but this machine could not reserve is the host's failure.
    if (error instanceof RangeError) return { kind: "host", message: `instantiation: ${error.message}` };
    return failed("INVALID_MODULE", `instantiation failed: ${messageOf(error)}`);
  }
  state.memory ??= exports.memory as WasmMemory;
  state.fuel = exports[FUEL_EXPORT] as WasmGlobal<bigint> | undefined;
  if (state.fuel) state.fuel.value = job.fuel;
  return start(job, exports, compiled.hasStart, host, state.fuel, () => state.memory);
}

/** Applies the policy, instruments (unless unmetered) and compiles; INVALID_MODULE for anything refused. */
function compile(job: WorkerJob): Compiled | WorkerMessage {
  try {
    if (!job.metered) {
      const plan = checkModule(inspectModule(job.module), job.memoryMiB);
      return { module: new Wasm.Module(job.module), plan, hasStart: false };
    }
    const instrumented = instrumentModule(job.module, job.memoryMiB, job.stackSlots);
    return { module: new Wasm.Module(instrumented.bytes), plan: instrumented.memory, hasStart: instrumented.hasStart };
  } catch (error) {
    if (error instanceof InvalidModuleError) return failed("INVALID_MODULE", error.shortMessage);
    if (error instanceof Error && error.name === "CompileError") return failed("INVALID_MODULE", error.message);
    throw error;
  }
}

/** Runs the start function (if any) and `_start`, and classifies how they ended. */
function start(
  job: WorkerJob,
  exports: Record<string, unknown>,
  hasStart: boolean,
  host: WasiHost,
  fuel: WasmGlobal<bigint> | undefined,
  memory: () => WasmMemory | undefined,
): WorkerMessage {
  // A negative balance means a charge failed: the run used all its fuel.
  const fuelUsed = () => (!fuel ? 0n : fuel.value < 0n ? job.fuel : job.fuel - fuel.value);
  const started = performance.now();
  const finish = (outcome: WorkerOutcome["outcome"], used = fuelUsed()): WorkerMessage => ({
    kind: "outcome",
    outcome,
    fuelUsed: used,
    stateDigest: stateDigest(memory()),
    stderr: host.stderr.bytes(),
    durationMs: performance.now() - started,
  });
  try {
    if (hasStart) (exports[START_EXPORT] as () => void)();
    (exports._start as () => void)();
    return finish(output(host.stdout.bytes()));
  } catch (error) {
    // Only a failed charge makes the fuel negative, only a failed stack check the depth: they tell the
    // instrumentation's traps from the module's own.
    const global = <T extends bigint | number>(name: string) => (exports[name] as WasmGlobal<T> | undefined)?.value;
    if (error instanceof OutOfFuel || (global<bigint>(FUEL_EXPORT) ?? 0n) < 0n) {
      return finish(failure("OUT_OF_FUEL", "ran out of fuel"), job.fuel);
    }
    if ((global<number>(DEPTH_EXPORT) ?? 0) < 0)
      return finish(
        failure(
          "STACK_OVERFLOW",
          `call stack budget exhausted (limits.stackKiB ${job.stackSlots / SLOTS_PER_KIB} KiB)`,
        ),
      );
    const reason = global<number>(REASON_EXPORT) ?? TrapReason.none;
    if (reason === TrapReason.hostMemory) return { kind: "host", message: "memory.grow failed below the maximum" };
    if (error instanceof ProcExit) {
      if (error.code === 0) return finish(output(host.stdout.bytes()));
      return finish(failure("NON_ZERO_EXIT", `exited with code ${error.code}`, error.code));
    }
    if (error instanceof OutputLimitExceeded) {
      return finish(failure("OUTPUT_TOO_LARGE", `stdout passed ${job.maxOutputBytes} bytes`));
    }
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      // The deterministic budget should always run out first; if the engine's did, this host cannot say. The
      // budget in use when it did is how much stack this host holds (measureStackKiB).
      const depth = global<number>(DEPTH_EXPORT);
      const stackSlots = depth === undefined ? undefined : job.stackSlots - depth;
      const message = `the engine's own stack ran out before the deterministic budget (at ${stackSlots} of ${job.stackSlots} slots)`;
      return { kind: "host", message, ...(stackSlots === undefined ? {} : { stackSlots }) };
    }
    if (error instanceof Wasm.RuntimeError) return finish(failure("TRAP", error.message));
    throw error;
  }
}

// Outputs are hashed here, off the main thread (a 256 MiB output takes seconds); error outputs are a few
// bytes, made and hashed by the caller.
function output(bytes: Uint8Array): WorkerOutcome["outcome"] {
  return { kind: "output", output: bytes, outputHash: keccak256(bytes) };
}

function failure(code: ExecutionErrorCode, message: string, exitCode?: number): WorkerFailure {
  return { kind: "error", code, message, ...(exitCode === undefined ? {} : { exitCode }) };
}

function failed(code: ExecutionErrorCode, message: string): WorkerMessage {
  const outcome = failure(code, message);
  return {
    kind: "outcome",
    outcome,
    fuelUsed: 0n,
    stateDigest: stateDigest(),
    stderr: new Uint8Array(0),
    durationMs: 0,
  };
}

/**
 * SHA-256 of the module's whole linear memory when the run ended (of no bytes when it never ran). Deterministic like
 * the output and the fuel — every instruction up to the end is fixed by the fuel schedule — but published by nobody:
 * only a run of the job knows it, which is what a verifier's proof of execution needs. (Native SHA-256: a memory of
 * 256 MiB hashes in about a quarter of a second, keccak in JS would take ten.)
 */
function stateDigest(memory?: WasmMemory): Hex {
  return `0x${bytesToHex(sha256(memory ? new Uint8Array(memory.buffer) : new Uint8Array(0)))}`;
}

function keccak256(bytes: Uint8Array): Hex {
  return `0x${bytesToHex(keccak_256(bytes))}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
