import { InvalidModuleError } from "../../errors/execution.js";
import { checkModule, inspectModule, type MemoryPlan } from "../inspect.js";
import { ByteReader, ByteWriter } from "../wasm/bytes.js";
import type { FuncType, ParsedModule } from "../wasm/module.js";
import { analyzeFunction } from "./analyze.js";
import { emitFunction, type EmitContext } from "./emit.js";

/** Exports the instrumentation adds; modules may not use the `hashwork:` prefix themselves. */
export const FUEL_EXPORT = "hashwork:fuel";
export const DEPTH_EXPORT = "hashwork:depth";
export const REASON_EXPORT = "hashwork:reason";
export const START_EXPORT = "hashwork:start";
const RESERVED_PREFIX = "hashwork:";

/** Elements all tables together may hold: tables live in host memory, outside the job's memory limit. */
export const TABLE_ELEMENTS_MAX = 1 << 20;

/** What {@link instrumentModule} returns: the rewritten module and its memory plan. */
export interface InstrumentedModule {
  bytes: Uint8Array;
  memory: MemoryPlan;
  /** Whether the module had a start function, now exported as START_EXPORT for the worker to call. */
  hasStart: boolean;
}

/**
 * Applies the sandbox policy and rewrites the module for deterministic, metered execution: every
 * function charges fuel per straight-line segment and checks a deterministic stack budget, NaN results
 * are canonicalized, the start function becomes an export (so it runs metered, after the WASI host is
 * ready), table maxima are bounded, and custom sections are dropped. Throws `InvalidModuleError` for
 * anything unsupported or malformed.
 */
export function instrumentModule(bytes: Uint8Array, memoryMiB: number, stackSlots: number): InstrumentedModule {
  const info = inspectModule(bytes);
  const memory = checkModule(info, memoryMiB);
  const m = info.parsed;
  if (m.exports.some((e) => e.name.startsWith(RESERVED_PREFIX))) {
    throw new InvalidModuleError(`export names starting with "${RESERVED_PREFIX}" are reserved for the sandbox`);
  }
  if (m.start !== undefined) {
    // Checked here because the start section is removed below, and with it the engine's own check.
    const t = m.types[m.funcTypes[m.start] ?? -1];
    if (!t || t.params.length > 0 || t.results.length > 0) {
      throw new InvalidModuleError("the start function must exist and take and return nothing");
    }
  }
  const sections = new Map(m.sections.map((s) => [s.id, s]));
  const raw = (id: number) => {
    const s = sections.get(id);
    return s ? m.bytes.subarray(s.start, s.end) : undefined;
  };

  const newTypes: FuncType[] = [];
  const globals = m.importedGlobals + m.definedGlobals;
  const ctx: EmitContext = {
    fuelGlobal: globals,
    depthGlobal: globals + 1,
    reasonGlobal: globals + 2,
    maxPages: memory.maxPages,
    resultsBlockType: (type) => {
      if (type.results.length === 0) return { byte: 0x40 };
      if (type.results.length === 1) return { byte: type.results[0]! };
      const key = type.results.join(",");
      const all = [...m.types, ...newTypes];
      let index = all.findIndex((t) => t.params.length === 0 && t.results.join(",") === key);
      if (index < 0) {
        index = all.length;
        newTypes.push({ params: [], results: [...type.results] });
      }
      return { index };
    },
  };

  const code = new ByteWriter(m.bytes.length * 2);
  code.u32(m.bodies.length);
  m.bodies.forEach((range, i) => {
    const type = m.types[m.funcTypes[m.importedFuncs + i]!];
    if (!type) throw new InvalidModuleError(`function ${m.importedFuncs + i} has no valid type`);
    const body = m.bytes.subarray(range.start, range.end);
    emitFunction(body, type, analyzeFunction(body, type, m), ctx, code);
  });

  const out = new ByteWriter(code.length + m.bytes.length + 256);
  out.bytes(m.bytes.subarray(0, 8));
  const copy = (id: number) => {
    const content = raw(id);
    if (content) out.byte(id).u32(content.length).bytes(content);
  };
  out.section(1, typeSection(raw(1), newTypes));
  copy(2);
  copy(3);
  if (m.tables.length > 0) out.section(4, tableSection(m));
  copy(5);
  out.section(6, globalSection(raw(6), stackSlots));
  out.section(7, exportSection(raw(7), ctx, m.start));
  // 8 (start) is dropped: the worker calls the start function through its export.
  copy(9);
  copy(12);
  out.section(10, code);
  copy(11);
  return { bytes: out.view().slice(), memory, hasStart: m.start !== undefined };
}

/** A vector section's entries without their count, plus the count. */
function entries(content: Uint8Array | undefined): { count: number; rest: Uint8Array } {
  if (!content) return { count: 0, rest: new Uint8Array(0) };
  const r = new ByteReader(content);
  const count = r.u32();
  return { count, rest: content.subarray(r.offset) };
}

function typeSection(content: Uint8Array | undefined, added: FuncType[]): ByteWriter {
  const { count, rest } = entries(content);
  const w = new ByteWriter(rest.length + 16).u32(count + added.length).bytes(rest);
  for (const t of added) {
    w.byte(0x60).u32(t.params.length);
    t.params.forEach((p) => w.byte(p));
    w.u32(t.results.length);
    t.results.forEach((p) => w.byte(p));
  }
  return w;
}

// Tables without a maximum get their minimum as maximum (growth then fails, as the spec allows), and all
// maxima together stay within TABLE_ELEMENTS_MAX.
function tableSection(m: ParsedModule): ByteWriter {
  const w = new ByteWriter().u32(m.tables.length);
  let total = 0;
  for (const { refType, limits } of m.tables) {
    if (limits.index64) throw new InvalidModuleError("64-bit tables are not supported");
    const max = Math.max(limits.min, Math.min(limits.max ?? limits.min, TABLE_ELEMENTS_MAX));
    total += max;
    if (total > TABLE_ELEMENTS_MAX) {
      throw new InvalidModuleError(`tables hold more than ${TABLE_ELEMENTS_MAX} elements in total`);
    }
    w.byte(refType).byte(0x01).u32(limits.min).u32(max);
  }
  return w;
}

function globalSection(content: Uint8Array | undefined, stackSlots: number): ByteWriter {
  const { count, rest } = entries(content);
  const w = new ByteWriter(rest.length + 32).u32(count + 3).bytes(rest);
  w.byte(0x7e).byte(0x01).byte(0x42).byte(0x00).byte(0x0b); // fuel: i64, set by the worker before running
  w.byte(0x7f).byte(0x01).byte(0x41).signed(stackSlots).byte(0x0b); // remaining stack budget
  w.byte(0x7f).byte(0x01).byte(0x41).byte(0x00).byte(0x0b); // trap reason
  return w;
}

function exportSection(content: Uint8Array | undefined, ctx: EmitContext, start: number | undefined): ByteWriter {
  const { count, rest } = entries(content);
  const added = start === undefined ? 3 : 4;
  const w = new ByteWriter(rest.length + 64).u32(count + added).bytes(rest);
  w.name(FUEL_EXPORT).byte(0x03).u32(ctx.fuelGlobal);
  w.name(DEPTH_EXPORT).byte(0x03).u32(ctx.depthGlobal);
  w.name(REASON_EXPORT).byte(0x03).u32(ctx.reasonGlobal);
  if (start !== undefined) w.name(START_EXPORT).byte(0x00).u32(start);
  return w;
}
