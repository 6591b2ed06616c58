import { InvalidModuleError } from "../errors/index.js";

export const WASM_PAGE_BYTES = 65_536;
export const PAGES_PER_MIB = 16;

export type ExternalKind = "function" | "table" | "memory" | "global" | "tag";

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
}

const KINDS: ExternalKind[] = ["function", "table", "memory", "global", "tag"];
const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads the import, memory and export sections of a WASM binary — just enough to apply the sandbox policy
 * before anything is compiled. Full validation is left to `WebAssembly.compile` in the worker.
 */
export function inspectModule(bytes: Uint8Array): ModuleInfo {
  const r = new Reader(bytes);
  if (bytes.length < 8 || r.u32le() !== 0x6d736100) throw new InvalidModuleError("not a WebAssembly binary");
  const version = r.u32le();
  if (version !== 1) {
    // 0x0001000d is the component-model layer: WASI preview 2, not preview 1.
    const what = version === 0x1000d ? "a component (WASI preview 2) rather than a core module" : `version ${version}`;
    throw new InvalidModuleError(`unsupported binary: ${what}`);
  }

  const info: ModuleInfo = { imports: [], memories: [], exports: [] };
  while (!r.done()) {
    const id = r.byte();
    const size = r.u32();
    const end = r.offset + size;
    if (end > bytes.length) throw new InvalidModuleError("truncated section");
    if (id === 2) {
      for (let n = r.u32(); n > 0; n--) {
        const module = r.name();
        const name = r.name();
        const kind = KINDS[r.byte()];
        if (!kind) throw new InvalidModuleError("malformed import kind");
        const entry: ModuleInfo["imports"][number] = { module, name, kind };
        if (kind === "function") r.u32();
        else if (kind === "table") {
          r.refType();
          r.limits();
        } else if (kind === "memory") entry.memory = r.limits();
        else if (kind === "global") {
          r.valType();
          r.byte();
        } else {
          r.byte();
          r.u32();
        }
        info.imports.push(entry);
      }
    } else if (id === 5) {
      for (let n = r.u32(); n > 0; n--) info.memories.push(r.limits());
    } else if (id === 7) {
      for (let n = r.u32(); n > 0; n--) {
        const name = r.name();
        const kind = KINDS[r.byte()];
        if (!kind) throw new InvalidModuleError("malformed export kind");
        r.u32();
        info.exports.push({ name, kind });
      }
    }
    if (r.offset > end) throw new InvalidModuleError(`malformed section ${id}`);
    r.offset = end;
  }
  return info;
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

class Reader {
  offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  done(): boolean {
    return this.offset >= this.bytes.length;
  }

  byte(): number {
    if (this.offset >= this.bytes.length) throw new InvalidModuleError("unexpected end of module");
    return this.bytes[this.offset++]!;
  }

  u32le(): number {
    let value = 0;
    for (let i = 0; i < 4; i++) value += this.byte() * 2 ** (8 * i);
    return value;
  }

  /** Unsigned LEB128 of up to 64 bits, as a number (exact up to 2^53, which covers every real limit). */
  u32(): number {
    let result = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
    throw new InvalidModuleError("malformed LEB128 integer");
  }

  name(): string {
    const length = this.u32();
    if (this.offset + length > this.bytes.length) throw new InvalidModuleError("truncated name");
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    try {
      return decoder.decode(slice);
    } catch {
      throw new InvalidModuleError("name is not UTF-8");
    }
  }

  limits(): MemoryType {
    const flags = this.byte();
    const memory64 = (flags & 0x04) !== 0;
    const minPages = this.u32();
    const maxPages = flags & 0x01 ? this.u32() : undefined;
    const customPageSize = (flags & 0x08) !== 0;
    if (customPageSize) this.u32();
    if (flags & ~0x0f) throw new InvalidModuleError(`unknown limits flags 0x${flags.toString(16)}`);
    return { minPages, maxPages, shared: (flags & 0x02) !== 0, memory64, customPageSize };
  }

  // Reference and value types: one byte, except the typed-reference forms (0x63/0x64) followed by a heap type.
  refType(): void {
    const b = this.byte();
    if (b === 0x63 || b === 0x64) this.u32();
  }

  valType(): void {
    this.refType();
  }
}
