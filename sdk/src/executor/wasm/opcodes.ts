import { InvalidModuleError } from "../../errors/execution.js";
import { ByteReader, malformed } from "./bytes.js";

// Instruction ids: a plain opcode is its byte; the 0xFC prefix maps sub-opcode s to 0x100 + s and the SIMD
// prefix 0xFD to 0x200 + s. One flat id keeps the per-instruction tables below simple typed arrays.
export const FC = 0x100;
export const SIMD = 0x200;
const ID_COUNT = 0x300;

export const Op = {
  unreachable: 0x00,
  nop: 0x01,
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  brTable: 0x0e,
  return: 0x0f,
  call: 0x10,
  callIndirect: 0x11,
  drop: 0x1a,
  localGet: 0x20,
  memoryGrow: 0x40,
  memoryInit: FC + 8,
  memoryCopy: FC + 10,
  memoryFill: FC + 11,
  tableInit: FC + 12,
  tableCopy: FC + 14,
  tableGrow: FC + 15,
  tableFill: FC + 17,
} as const;

/** Immediate operand layouts. */
const I = {
  none: 0,
  blockType: 1,
  u32: 2,
  brTable: 3,
  callIndirect: 4,
  selectT: 5,
  memArg: 6,
  zeroByte: 7,
  s32: 8,
  s64: 9,
  bytes4: 10,
  bytes8: 11,
  heapType: 12,
  u32u32: 13,
  u32zero: 14,
  zero2: 15,
  bytes16: 16,
  lane: 17,
  memArgLane: 18,
  invalid: 19,
} as const;

/** Layout of each id's immediates; `invalid` for ids that are not (supported) instructions. */
const IMM = new Uint8Array(ID_COUNT).fill(I.invalid);
/** Values each id pops and pushes; 255 where it depends on types or control flow. */
export const POPS = new Uint8Array(ID_COUNT).fill(255);
export const PUSHES = new Uint8Array(ID_COUNT).fill(255);
/** Which float result each id may produce with a nondeterministic NaN (see NanClass); 0: none. */
export const NAN = new Uint8Array(ID_COUNT);
/** Bit 1: consumes an f32 without exposing its NaN bits; bit 2: the same for f64. */
export const NAN_SAFE = new Uint8Array(ID_COUNT);

export const NanClass = { f32: 1, f64: 2, f32x4: 3, f64x2: 4 } as const;

function def(ids: number | [number, number], imm: number, pops: number, pushes: number): void {
  const [from, to] = typeof ids === "number" ? [ids, ids] : ids;
  for (let id = from; id <= to; id++) {
    IMM[id] = imm;
    POPS[id] = pops;
    PUSHES[id] = pushes;
  }
}
const DYN = 255;

// ---- control, parametric, variables ---------------------------------------------------------------------
def(0x00, I.none, DYN, DYN); // unreachable
def(0x01, I.none, 0, 0); // nop
def([0x02, 0x04], I.blockType, DYN, DYN); // block loop if
def(0x05, I.none, DYN, DYN); // else
def(0x0b, I.none, DYN, DYN); // end
def(0x0c, I.u32, DYN, DYN); // br
def(0x0d, I.u32, 1, 0); // br_if
def(0x0e, I.brTable, DYN, DYN);
def(0x0f, I.none, DYN, DYN); // return
def(0x10, I.u32, DYN, DYN); // call
def(0x11, I.callIndirect, DYN, DYN);
def(0x1a, I.none, 1, 0); // drop
def(0x1b, I.none, 3, 1); // select
def(0x1c, I.selectT, 3, 1);
def(0x20, I.u32, 0, 1); // local.get
def(0x21, I.u32, 1, 0);
def(0x22, I.u32, 1, 1);
def(0x23, I.u32, 0, 1); // global.get
def(0x24, I.u32, 1, 0);
def(0x25, I.u32, 1, 1); // table.get
def(0x26, I.u32, 2, 0); // table.set
// ---- memory ----------------------------------------------------------------------------------------------
def([0x28, 0x35], I.memArg, 1, 1); // loads
def([0x36, 0x3e], I.memArg, 2, 0); // stores
def(0x3f, I.zeroByte, 0, 1); // memory.size
def(0x40, I.zeroByte, 1, 1); // memory.grow
// ---- numeric ---------------------------------------------------------------------------------------------
def(0x41, I.s32, 0, 1);
def(0x42, I.s64, 0, 1);
def(0x43, I.bytes4, 0, 1);
def(0x44, I.bytes8, 0, 1);
def(0x45, I.none, 1, 1); // i32.eqz
def([0x46, 0x4f], I.none, 2, 1);
def(0x50, I.none, 1, 1); // i64.eqz
def([0x51, 0x66], I.none, 2, 1); // i64, f32, f64 comparisons
def([0x67, 0x69], I.none, 1, 1);
def([0x6a, 0x78], I.none, 2, 1);
def([0x79, 0x7b], I.none, 1, 1);
def([0x7c, 0x8a], I.none, 2, 1);
def([0x8b, 0x91], I.none, 1, 1);
def([0x92, 0x98], I.none, 2, 1);
def([0x99, 0x9f], I.none, 1, 1);
def([0xa0, 0xa6], I.none, 2, 1);
def([0xa7, 0xc4], I.none, 1, 1); // conversions, reinterpretations, sign extension
def(0xd0, I.heapType, 0, 1); // ref.null
def(0xd1, I.none, 1, 1); // ref.is_null
def(0xd2, I.u32, 0, 1); // ref.func
// ---- 0xFC: saturating truncation, bulk memory, tables ------------------------------------------------------
def([FC + 0, FC + 7], I.none, 1, 1);
def(FC + 8, I.u32zero, 3, 0); // memory.init
def(FC + 9, I.u32, 0, 0); // data.drop
def(FC + 10, I.zero2, 3, 0); // memory.copy
def(FC + 11, I.zeroByte, 3, 0); // memory.fill
def(FC + 12, I.u32u32, 3, 0); // table.init
def(FC + 13, I.u32, 0, 0); // elem.drop
def(FC + 14, I.u32u32, 3, 0); // table.copy
def(FC + 15, I.u32, 2, 1); // table.grow
def(FC + 16, I.u32, 0, 1); // table.size
def(FC + 17, I.u32, 3, 0); // table.fill
// ---- 0xFD: fixed-width SIMD (relaxed SIMD, 0x100 and up, is refused) ---------------------------------------
const S = (a: number, b = a): [number, number] => [SIMD + a, SIMD + b];
def(S(0x00, 0x0a), I.memArg, 1, 1); // loads
def(S(0x0b), I.memArg, 2, 0); // v128.store
def(S(0x0c), I.bytes16, 0, 1); // v128.const
def(S(0x0d), I.bytes16, 2, 1); // i8x16.shuffle
def(S(0x0e), I.none, 2, 1); // swizzle
def(S(0x0f, 0x14), I.none, 1, 1); // splats
for (let op = 0x15; op <= 0x22; op++) {
  const replace = [0x17, 0x1a, 0x1c, 0x1e, 0x20, 0x22].includes(op);
  def(S(op), I.lane, replace ? 2 : 1, 1);
}
def(S(0x23, 0x4c), I.none, 2, 1); // comparisons
def(S(0x4d), I.none, 1, 1); // not
def(S(0x4e, 0x51), I.none, 2, 1);
def(S(0x52), I.none, 3, 1); // bitselect
def(S(0x53), I.none, 1, 1); // any_true
def(S(0x54, 0x57), I.memArgLane, 2, 1); // load lane
def(S(0x58, 0x5b), I.memArgLane, 2, 0); // store lane
def(S(0x5c, 0x5d), I.memArg, 1, 1); // load zero
// The rest of the SIMD space: unary (1 → 1) or binary (2 → 1); gaps are unassigned opcodes.
const SIMD_UNARY = [
  [0x5e, 0x64], [0x67, 0x6a], [0x74, 0x75], [0x7a, 0x7a], [0x7c, 0x81], [0x83, 0x84], [0x87, 0x8a], [0x94, 0x94],
  [0xa0, 0xa1], [0xa3, 0xa4], [0xa7, 0xaa], [0xc0, 0xc1], [0xc3, 0xc4], [0xc7, 0xca], [0xe0, 0xe1], [0xe3, 0xe3],
  [0xec, 0xed], [0xef, 0xef], [0xf8, 0xff],
]; // prettier-ignore
const SIMD_BINARY = [
  [0x65, 0x66], [0x6b, 0x73], [0x76, 0x79], [0x7b, 0x7b], [0x82, 0x82], [0x85, 0x86], [0x8b, 0x93], [0x95, 0x99],
  [0x9b, 0x9f], [0xab, 0xae], [0xb1, 0xb1], [0xb5, 0xba], [0xbc, 0xbf], [0xcb, 0xce], [0xd1, 0xd1], [0xd5, 0xdf],
  [0xe4, 0xeb], [0xf0, 0xf7],
]; // prettier-ignore
for (const [a, b] of SIMD_UNARY) def(S(a!, b), I.none, 1, 1);
for (const [a, b] of SIMD_BINARY) def(S(a!, b), I.none, 2, 1);

// ---- NaN classes -----------------------------------------------------------------------------------------
// Arithmetic whose NaN results the spec leaves nondeterministic (sign and payload differ between x86 and
// ARM): rounding, sqrt, + - * /, min, max, promote and demote. abs, neg, copysign, loads, stores, consts
// and reinterpretations move bits exactly and need nothing.
const mark = (ids: number[], cls: number) => ids.forEach((id) => (NAN[id] = cls));
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
mark([...range(0x8d, 0x97), 0xb6], NanClass.f32);
mark([...range(0x9b, 0xa5), 0xbb], NanClass.f64);
mark(
  [0x67, 0x68, 0x69, 0x6a, 0xe3, ...range(0xe4, 0xe9), 0x5e].map((s) => SIMD + s),
  NanClass.f32x4,
);
mark(
  [0x74, 0x75, 0x7a, 0x94, 0xef, ...range(0xf0, 0xf5), 0x5f].map((s) => SIMD + s),
  NanClass.f64x2,
);
// Consumers whose result does not depend on a NaN operand's bits: the operations above (which canonicalize
// their own result), comparisons, truncations to integers (trap or 0 on any NaN) and drop.
const safe = (ids: number[], bit: number) => ids.forEach((id) => (NAN_SAFE[id] |= bit));
safe([...range(0x8d, 0x97), 0xbb, ...range(0x5b, 0x60), 0xa8, 0xa9, 0xae, 0xaf, FC + 0, FC + 1, FC + 4, FC + 5], 1);
safe([...range(0x9b, 0xa5), 0xb6, ...range(0x61, 0x66), 0xaa, 0xab, 0xb0, 0xb1, FC + 2, FC + 3, FC + 6, FC + 7], 2);
safe([0x1a], 3);

// ---- refused features ------------------------------------------------------------------------------------
const REFUSED: Record<number, string> = {};
for (const op of [0x06, 0x07, 0x08, 0x09, 0x0a, 0x18, 0x19, 0x1f]) REFUSED[op] = "exception handling";
REFUSED[0x12] = REFUSED[0x13] = "tail calls";
for (const op of [0x14, 0x15, 0xd4, 0xd5, 0xd6]) REFUSED[op] = "typed function references";
REFUSED[0xd3] = REFUSED[0xfb] = "garbage collection (GC proposal)";
REFUSED[0xfe] = "threads and atomics";

/** The decoded parts of one instruction the instrumentation needs. */
export interface Instr {
  id: number;
  /** block/loop/if: block type (s33); br/br_if: label; call: function; call_indirect: type index. */
  a: number;
}

/** Reads one instruction at `r`, validating its encoding; refuses unsupported and nondeterministic features. */
export function readInstr(r: ByteReader, out: Instr): void {
  const byte = r.byte();
  let id = byte;
  if (byte === 0xfc || byte === 0xfd) {
    const sub = r.u32();
    if (byte === 0xfd && sub >= 0x100 && sub <= 0x113) {
      throw new InvalidModuleError("uses relaxed SIMD, whose results depend on the CPU");
    }
    if (sub > 0xff) throw malformed(`unknown opcode 0x${byte.toString(16)} ${sub}`);
    id = (byte === 0xfc ? FC : SIMD) + sub;
  }
  const imm = IMM[id]!;
  if (imm === I.invalid) {
    const reason = REFUSED[byte];
    if (reason) throw new InvalidModuleError(`uses ${reason}, which the sandbox does not support`);
    throw malformed(`unknown opcode 0x${byte.toString(16)}${id === byte ? "" : ` ${id & 0xff}`}`);
  }
  out.id = id;
  out.a = 0;
  switch (imm) {
    case I.none:
      return;
    case I.blockType:
      out.a = r.s33();
      return;
    case I.u32:
      out.a = r.u32();
      return;
    case I.brTable:
      for (let n = r.u32(); n >= 0; n--) r.u32(); // n labels and the default
      return;
    case I.callIndirect:
      out.a = r.u32();
      r.u32();
      return;
    case I.selectT:
      for (let n = r.u32(); n > 0; n--) r.byte();
      return;
    case I.memArg:
      return memArg(r);
    case I.memArgLane:
      memArg(r);
      r.byte();
      return;
    case I.zeroByte:
      return zero(r);
    case I.zero2:
      zero(r);
      return zero(r);
    case I.u32zero:
      r.u32();
      return zero(r);
    case I.u32u32:
      r.u32();
      r.u32();
      return;
    case I.s32:
      return r.skipSigned(32);
    case I.s64:
      return r.skipSigned(64);
    case I.bytes4:
      return r.skip(4);
    case I.bytes8:
      return r.skip(8);
    case I.bytes16:
      return r.skip(16);
    case I.lane:
      r.byte();
      return;
    case I.heapType: {
      const t = r.byte();
      if (t !== 0x70 && t !== 0x6f) throw new InvalidModuleError("typed references are not supported");
      return;
    }
  }
}

function memArg(r: ByteReader): void {
  const align = r.u32();
  // Bit 6 of the alignment field announces an explicit memory index (multi-memory).
  if (align & 0x40) throw new InvalidModuleError("uses multiple memories, which the sandbox does not support");
  r.u32();
}

function zero(r: ByteReader): void {
  if (r.u32() !== 0) throw new InvalidModuleError("uses multiple memories, which the sandbox does not support");
}
