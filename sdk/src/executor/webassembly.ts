// The slice of the WebAssembly JS API the worker uses. The repository compiles against lib ES2023 without
// DOM, which has no WebAssembly declarations; typing the global here keeps that choice local instead of
// adding an ambient declaration every workspace would see.

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(delta: number): number;
}

/** An exported global: i64 values read and write as bigint, i32 as number. */
export interface WasmGlobal<T extends bigint | number> {
  value: T;
}

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

export type WasmImports = Record<string, Record<string, unknown>>;

interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: WasmImports) => WasmInstance;
  Memory: new (descriptor: { initial: number; maximum: number }) => WasmMemory;
  RuntimeError: new (...args: never[]) => Error;
}

export const Wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
