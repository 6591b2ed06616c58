import { InvalidModuleError } from "../../errors/execution.js";
import { ByteReader, malformed } from "./bytes.js";

export const WASM_PAGE_BYTES = 65_536;

// Value types the sandbox supports: numbers, v128, funcref and externref. GC and typed function references
// are refused where they first appear.
export const VALTYPES: ReadonlySet<number> = new Set([0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f]);
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** The kind of an import or export. */
export type ExternalKind = "function" | "table" | "memory" | "global" | "tag";
const KINDS: ExternalKind[] = ["function", "table", "memory", "global", "tag"];

export interface FuncType {
  params: number[];
  results: number[];
}

export interface Limits {
  min: number;
  /** undefined when none is declared. */
  max: number | undefined;
  shared: boolean;
  /** 64-bit index type (memory64 / table64). */
  index64: boolean;
  /** Non-default page size (custom-page-sizes proposal). */
  customPageSize: boolean;
}

export interface Import {
  module: string;
  name: string;
  kind: ExternalKind;
  /** function: its type index */
  type?: number;
  limits?: Limits;
}

export interface Section {
  id: number;
  /** Content range (after the id and size). */
  start: number;
  end: number;
}

/** A module read just far enough to apply the sandbox policy and rewrite its code. */
export interface ParsedModule {
  bytes: Uint8Array;
  sections: Section[];
  types: FuncType[];
  imports: Import[];
  /** Type index of every function, imported ones first. */
  funcTypes: number[];
  importedFuncs: number;
  importedGlobals: number;
  /** Defined tables: element type and limits. */
  tables: { refType: number; limits: Limits }[];
  memories: Limits[];
  definedGlobals: number;
  exports: { name: string; kind: ExternalKind; index: number }[];
  start: number | undefined;
  /** Function body ranges (locals and code), one per defined function. */
  bodies: { start: number; end: number }[];
}

// Known section ids in the order the binary format requires (12, the data count, sits before code).
const ORDER = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 10, 11];

export function parseModule(bytes: Uint8Array): ParsedModule {
  const r = new ByteReader(bytes);
  if (bytes.length < 8 || readU32le(r) !== 0x6d736100) throw new InvalidModuleError("not a WebAssembly binary");
  const version = readU32le(r);
  if (version !== 1) {
    // 0x0001000d is the component-model layer: WASI preview 2, not preview 1.
    const what = version === 0x1000d ? "a component (WASI preview 2) rather than a core module" : `version ${version}`;
    throw new InvalidModuleError(`unsupported binary: ${what}`);
  }
  const m: ParsedModule = {
    bytes,
    sections: [],
    types: [],
    imports: [],
    funcTypes: [],
    importedFuncs: 0,
    importedGlobals: 0,
    tables: [],
    memories: [],
    definedGlobals: 0,
    exports: [],
    start: undefined,
    bodies: [],
  };
  let last = -1;
  while (!r.done()) {
    const id = r.byte();
    const size = r.u32();
    const start = r.offset;
    if (size > bytes.length - start) throw new InvalidModuleError("truncated section");
    const end = start + size;
    if (id === 13) throw new InvalidModuleError("exception handling (tag section) is not supported");
    if (id !== 0) {
      const rank = ORDER.indexOf(id);
      if (rank < 0) throw malformed(`unknown section id ${id}`);
      if (rank <= last) throw malformed(`section ${id} is duplicated or out of order`);
      last = rank;
      m.sections.push({ id, start, end });
      readSection(m, id, new ByteReader(bytes, start, end));
    }
    r.offset = end;
  }
  if (m.bodies.length !== m.funcTypes.length - m.importedFuncs) {
    throw malformed("function and code section counts differ");
  }
  return m;
}

function readSection(m: ParsedModule, id: number, r: ByteReader): void {
  switch (id) {
    case 1:
      for (let n = r.u32(); n > 0; n--) m.types.push(funcType(r));
      break;
    case 2:
      for (let n = r.u32(); n > 0; n--) m.imports.push(importEntry(m, r));
      break;
    case 3:
      for (let n = r.u32(); n > 0; n--) m.funcTypes.push(r.u32());
      break;
    case 4:
      for (let n = r.u32(); n > 0; n--) m.tables.push(tableType(r));
      break;
    case 5:
      for (let n = r.u32(); n > 0; n--) m.memories.push(limits(r));
      break;
    case 6:
      m.definedGlobals = r.u32(); // entries are copied as they are
      return;
    case 7:
      for (let n = r.u32(); n > 0; n--) {
        const name = r.name();
        const kind = KINDS[r.byte()];
        if (!kind) throw malformed("export kind");
        m.exports.push({ name, kind, index: r.u32() });
      }
      break;
    case 8:
      m.start = r.u32();
      break;
    case 10:
      for (let n = r.u32(); n > 0; n--) {
        const size = r.u32();
        const start = r.offset;
        r.skip(size);
        m.bodies.push({ start, end: start + size });
      }
      break;
    default:
      return; // element, data count, data: copied as they are
  }
  if (!r.done()) throw malformed(`section ${id} has trailing bytes`);
}

export function valType(r: ByteReader): number {
  const t = r.byte();
  if (!VALTYPES.has(t)) {
    throw new InvalidModuleError(`value type 0x${t.toString(16)} (GC or typed references) is not supported`);
  }
  return t;
}

function funcType(r: ByteReader): FuncType {
  const form = r.byte();
  if (form !== 0x60) throw new InvalidModuleError(`type form 0x${form.toString(16)} (GC types) is not supported`);
  const params: number[] = [];
  for (let n = r.u32(); n > 0; n--) params.push(valType(r));
  const results: number[] = [];
  for (let n = r.u32(); n > 0; n--) results.push(valType(r));
  return { params, results };
}

function importEntry(m: ParsedModule, r: ByteReader): Import {
  const module = r.name();
  const name = r.name();
  const kind = KINDS[r.byte()];
  if (!kind) throw malformed("import kind");
  const entry: Import = { module, name, kind };
  if (kind === "function") {
    entry.type = r.u32();
    m.funcTypes.push(entry.type);
    m.importedFuncs++;
  } else if (kind === "table") entry.limits = tableType(r).limits;
  else if (kind === "memory") entry.limits = limits(r);
  else if (kind === "global") {
    valType(r);
    r.byte();
    m.importedGlobals++;
  } else throw new InvalidModuleError("exception handling (tag import) is not supported");
  return entry;
}

function tableType(r: ByteReader): { refType: number; limits: Limits } {
  const refType = r.byte();
  if (refType === 0x40) throw new InvalidModuleError("tables with initializers (typed references) are not supported");
  if (refType !== 0x70 && refType !== 0x6f) throw new InvalidModuleError("only funcref and externref tables");
  return { refType, limits: limits(r) };
}

function limits(r: ByteReader): Limits {
  const flags = r.byte();
  if (flags > 0x0f) throw malformed("limits flags");
  const index64 = (flags & 0x04) !== 0;
  // 64-bit limits are u64s; the policy refuses them by their flag, so reading them approximately is enough.
  const read = () => (index64 ? r.u64() : r.u32());
  const min = read();
  const max = flags & 0x01 ? read() : undefined;
  const customPageSize = (flags & 0x08) !== 0;
  if (customPageSize) r.u32();
  return { min, max, shared: (flags & 0x02) !== 0, index64, customPageSize };
}

function readU32le(r: ByteReader): number {
  return (r.byte() | (r.byte() << 8) | (r.byte() << 16) | (r.byte() << 24)) >>> 0;
}
