import { InvalidModuleError } from "../errors/index.js";
import { parseModule, type ExternalKind, type Limits, type ParsedModule } from "./wasm/module.js";

export { WASM_PAGE_BYTES } from "./wasm/module.js";
export const PAGES_PER_MIB = 16;
export type { ExternalKind };

export interface MemoryType {
  minPages: number;
  /** undefined when the module declares no maximum. */
  maxPages: number | undefined;
  shared: boolean;
  memory64: boolean;
  /** Non-default page size (custom-page-sizes proposal). */
  customPageSize: boolean;
}

export interface ModuleInfo {
  imports: { module: string; name: string; kind: ExternalKind; memory?: MemoryType }[];
  /** Memories defined by the module itself (memory section). */
  memories: MemoryType[];
  exports: { name: string; kind: ExternalKind }[];
  /** The parsed module, for the instrumentation. */
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

/** WASI preview 1 functions the sandbox provides; importing anything else is refused up front. */
// prettier-ignore
export const WASI_FUNCTIONS: ReadonlySet<string> = new Set([
  "args_get", "args_sizes_get", "environ_get", "environ_sizes_get", "clock_res_get", "clock_time_get",
  "fd_advise", "fd_allocate", "fd_close", "fd_datasync", "fd_fdstat_get", "fd_fdstat_set_flags",
  "fd_fdstat_set_rights", "fd_filestat_get", "fd_filestat_set_size", "fd_filestat_set_times", "fd_pread",
  "fd_prestat_get", "fd_prestat_dir_name", "fd_pwrite", "fd_read", "fd_readdir", "fd_renumber", "fd_seek",
  "fd_sync", "fd_tell", "fd_write", "path_create_directory", "path_filestat_get", "path_filestat_set_times",
  "path_link", "path_open", "path_readlink", "path_remove_directory", "path_rename", "path_symlink",
  "path_unlink_file", "poll_oneoff", "proc_exit", "proc_raise", "sched_yield", "random_get", "sock_accept",
  "sock_recv", "sock_send", "sock_shutdown",
]);

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
  for (const imp of info.imports) {
    if (imp.kind === "memory") continue;
    if (imp.kind !== "function") {
      throw new InvalidModuleError(`imports a ${imp.kind} "${imp.module}.${imp.name}"; only functions and one memory`);
    }
    if (imp.module !== "wasi_snapshot_preview1" || !WASI_FUNCTIONS.has(imp.name)) {
      throw new InvalidModuleError(
        `imports "${imp.module}.${imp.name}", which the WASI preview 1 sandbox does not provide`,
      );
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
