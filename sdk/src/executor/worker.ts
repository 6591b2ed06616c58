// Sandbox worker: compiles and runs one WASI module, then reports a single verdict and exits.
// It never sees the store, the chain or the filesystem; the main thread enforces the time limit.
import { parentPort, workerData } from "node:worker_threads";
import { WASIProcExit } from "@bjorn3/browser_wasi_shim";
import type { WorkerJob, WorkerMessage } from "./protocol.js";
import { WASM_PAGE_BYTES } from "./inspect.js";
import { OutputLimitExceeded } from "./stdio.js";
import { createWasiHost } from "./wasi-host.js";
import { Wasm, type WasmImports, type WasmInstance, type WasmMemory } from "./webassembly.js";

function run(job: WorkerJob): WorkerMessage {
  let module: object;
  try {
    module = new Wasm.Module(job.module);
  } catch (error) {
    return { kind: "invalid-module", message: messageOf(error) };
  }

  const { wasi, stdout, stderr } = createWasiHost(job);
  const imports: WasmImports = { wasi_snapshot_preview1: wasi.wasiImport };
  let memory: WasmMemory;
  let instance: WasmInstance;
  try {
    if (job.memory.import) {
      memory = new Wasm.Memory({ initial: job.memory.minPages, maximum: job.memory.maxPages });
      const { module: moduleName, name } = job.memory.import;
      imports[moduleName] = { ...imports[moduleName], [name]: memory };
    }
    instance = new Wasm.Instance(module, imports);
  } catch (error) {
    if (error instanceof RangeError)
      return { kind: "out-of-memory", message: messageOf(error), stderr: stderr.bytes() };
    return { kind: "invalid-module", message: messageOf(error) };
  }
  memory ??= instance.exports.memory as WasmMemory;
  const start = instance.exports._start as () => unknown;

  parentPort!.postMessage({ kind: "started" } satisfies WorkerMessage);
  let exitCode: number;
  try {
    // `start` returns 0 when _start returns, or the proc_exit code.
    exitCode = wasi.start({ exports: { memory, _start: start } });
  } catch (error) {
    if (error instanceof OutputLimitExceeded) return { kind: "output-too-large", stderr: stderr.bytes() };
    if (error instanceof WASIProcExit) exitCode = error.code;
    else {
      const grownToMax =
        job.memory.maxPages > job.memory.minPages && memory.buffer.byteLength >= job.memory.maxPages * WASM_PAGE_BYTES;
      return { kind: "trap", message: trapMessage(error), memoryExhausted: grownToMax, stderr: stderr.bytes() };
    }
  }
  return { kind: "exit", exitCode, output: stdout.bytes(), stderr: stderr.bytes() };
}

function trapMessage(error: unknown): string {
  if (error instanceof RangeError && /call stack/i.test(error.message)) return "stack overflow";
  if (error instanceof Wasm.RuntimeError) return error.message;
  // A host call failed on the module's arguments (e.g. a pointer outside memory): the module's fault.
  return `host call failed: ${messageOf(error)}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const verdict = run(workerData as WorkerJob);
const transfer: ArrayBuffer[] = [];
if ("output" in verdict) transfer.push(verdict.output.buffer as ArrayBuffer);
if ("stderr" in verdict) transfer.push(verdict.stderr.buffer as ArrayBuffer);
parentPort!.postMessage(verdict, transfer);
