import { InvalidModuleError } from "../errors/execution.js";
import {
  I32,
  I64,
  parseModule,
  type ExternalKind,
  type FuncType,
  type Limits,
  type ParsedModule,
} from "./wasm/module.js";

export { WASM_PAGE_BYTES } from "./wasm/module.js";
/** WASM pages (64 KiB each) per MiB: `limits.memoryMiB × PAGES_PER_MIB` is the largest memory maximum allowed. */
export const PAGES_PER_MIB = 16;
export type { ExternalKind };

/** A linear memory as a module declares it (imported or defined), in pages. */
export interface MemoryType {
  minPages: number;
  /** undefined when the module declares no maximum. */
  maxPages: number | undefined;
  shared: boolean;
  memory64: boolean;
  /** Non-default page size (custom-page-sizes proposal). */
  customPageSize: boolean;
}

/** What {@link inspectModule} reads from a WASM binary: imports, memories and exports. */
export interface ModuleInfo {
  imports: { module: string; name: string; kind: ExternalKind; memory?: MemoryType }[];
  /** Memories defined by the module itself (memory section). */
  memories: MemoryType[];
  exports: { name: string; kind: ExternalKind }[];
  /**
   * The parsed module, for the instrumentation.
   * @internal
   */
  parsed: ParsedModule;
}

const memoryType = (l: Limits): MemoryType => ({
  minPages: l.min,
  maxPages: l.max,
  shared: l.shared,
  memory64: l.index64,
  customPageSize: l.customPageSize,
});

/**
 * Reads the sections of a WASM binary — enough to apply the sandbox policy before anything is compiled.
 * Instructions are decoded (and unsupported features refused) by the instrumentation; full validation is
 * left to `WebAssembly.Module` in the worker.
 */
export function inspectModule(bytes: Uint8Array): ModuleInfo {
  const parsed = parseModule(bytes);
  return {
    imports: parsed.imports.map((i) => ({
      module: i.module,
      name: i.name,
      kind: i.kind,
      ...(i.kind === "memory" ? { memory: memoryType(i.limits!) } : {}),
    })),
    memories: parsed.memories.map(memoryType),
    exports: parsed.exports.map((e) => ({ name: e.name, kind: e.kind })),
    parsed,
  };
}

/**
 * WASI preview 1 functions the sandbox provides, with their signatures (params:results; i = i32, I = i64).
 * Importing anything else, or one of these with another signature, is refused up front: a JS host
 * function would accept any signature and then misread its arguments.
 */
// prettier-ignore
export const WASI_SIGNATURES: Readonly<Record<string, string>> = {
  args_get: "ii:i", args_sizes_get: "ii:i", environ_get: "ii:i", environ_sizes_get: "ii:i",
  clock_res_get: "ii:i", clock_time_get: "iIi:i", fd_advise: "iIIi:i", fd_allocate: "iII:i", fd_close: "i:i",
  fd_datasync: "i:i", fd_fdstat_get: "ii:i", fd_fdstat_set_flags: "ii:i", fd_fdstat_set_rights: "iII:i",
  fd_filestat_get: "ii:i", fd_filestat_set_size: "iI:i", fd_filestat_set_times: "iIIi:i", fd_pread: "iiiIi:i",
  fd_prestat_get: "ii:i", fd_prestat_dir_name: "iii:i", fd_pwrite: "iiiIi:i", fd_read: "iiii:i",
  fd_readdir: "iiiIi:i", fd_renumber: "ii:i", fd_seek: "iIii:i", fd_sync: "i:i", fd_tell: "ii:i",
  fd_write: "iiii:i", path_create_directory: "iii:i", path_filestat_get: "iiiii:i",
  path_filestat_set_times: "iiiiIIi:i", path_link: "iiiiiii:i", path_open: "iiiiiIIii:i",
  path_readlink: "iiiiii:i", path_remove_directory: "iii:i", path_rename: "iiiiii:i", path_symlink: "iiiii:i",
  path_unlink_file: "iii:i", poll_oneoff: "iiii:i", proc_exit: "i:", proc_raise: "i:i", sched_yield: ":i",
  random_get: "ii:i", sock_accept: "iii:i", sock_recv: "iiiiii:i", sock_send: "iiiii:i", sock_shutdown: "ii:i",
};
export const WASI_FUNCTIONS: ReadonlySet<string> = new Set(Object.keys(WASI_SIGNATURES));

const signature = (t: FuncType) => {
  const code = (v: number) => (v === I32 ? "i" : v === I64 ? "I" : "?");
  return `${t.params.map(code).join("")}:${t.results.map(code).join("")}`;
};

/** The module's one memory as {@link checkModule} accepts it: where it comes from and its bounds in pages. */
export interface MemoryPlan {
  import: { module: string; name: string } | null;
  minPages: number;
  maxPages: number;
}

/**
 * Applies the sandbox policy to a module: a WASI command (`_start`), importing only WASI preview 1
 * functions, with exactly one plain 32-bit memory whose declared maximum fits the job's memory limit.
 * The declared maximum is what caps memory at run time (V8 enforces it on every `memory.grow`), so a
 * module without one is refused rather than trusted.
 */
export function checkModule(info: ModuleInfo, memoryMiB: number): MemoryPlan {
  for (const [index, imp] of info.imports.entries()) {
    if (imp.kind === "memory") continue;
    if (imp.kind !== "function") {
      throw new InvalidModuleError(`imports a ${imp.kind} "${imp.module}.${imp.name}"; only functions and one memory`);
    }
    if (imp.module !== "wasi_snapshot_preview1" || !WASI_FUNCTIONS.has(imp.name)) {
      throw new InvalidModuleError(
        `imports "${imp.module}.${imp.name}", which the WASI preview 1 sandbox does not provide`,
      );
    }
    const type = info.parsed.types[info.parsed.imports[index]!.type!];
    const expected = WASI_SIGNATURES[imp.name]!;
    if (!type || signature(type) !== expected) {
      throw new InvalidModuleError(`imports "${imp.module}.${imp.name}" with the wrong signature (WASI: ${expected})`);
    }
  }
  if (!info.exports.some((e) => e.name === "_start" && e.kind === "function")) {
    throw new InvalidModuleError("no exported _start function (a WASI command module is required)");
  }

  const imported = info.imports.filter((i) => i.kind === "memory");
  const count = imported.length + info.memories.length;
  if (count === 0) throw new InvalidModuleError("no linear memory (WASI needs one)");
  if (count > 1) throw new InvalidModuleError(`${count} memories; exactly one is supported`);
  const memory = imported[0]?.memory ?? info.memories[0]!;
  if (memory.memory64) throw new InvalidModuleError("64-bit memory is not supported");
  if (memory.shared) throw new InvalidModuleError("shared memory is not supported (threads are nondeterministic)");
  if (memory.customPageSize) throw new InvalidModuleError("custom page sizes are not supported");
  if (memory.maxPages === undefined) {
    throw new InvalidModuleError(
      `memory declares no maximum; it must declare one of at most ${memoryMiB * PAGES_PER_MIB} pages (${memoryMiB} MiB)`,
    );
  }
  if (memory.maxPages > memoryMiB * PAGES_PER_MIB) {
    throw new InvalidModuleError(
      `memory maximum of ${memory.maxPages} pages (${memory.maxPages / PAGES_PER_MIB} MiB) exceeds the job limit of ${memoryMiB} MiB`,
    );
  }
  if (memory.minPages > memory.maxPages) throw new InvalidModuleError("memory minimum exceeds its maximum");
  if (!imported[0] && !info.exports.some((e) => e.name === "memory" && e.kind === "memory")) {
    throw new InvalidModuleError('memory is not exported as "memory" (WASI requires it)');
  }
  return {
    import: imported[0] ? { module: imported[0].module, name: imported[0].name } : null,
    minPages: memory.minPages,
    maxPages: memory.maxPages,
  };
}
