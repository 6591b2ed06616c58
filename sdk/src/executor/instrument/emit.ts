import { ByteWriter } from "../wasm/bytes.js";
import { F32, F64, I32, I64, V128, type FuncType } from "../wasm/module.js";
import { NAN, NanClass, Op } from "../wasm/opcodes.js";
import { CANON, CHARGE, type FunctionAnalysis } from "./analyze.js";
import {
  BULK_BYTES_PER_FUEL_SHIFT,
  FRAME_BASE_SLOTS,
  LEAF_RESERVE_SLOTS,
  MEMORY_PAGE_COST,
  TABLE_ELEMENT_COST,
} from "./schedule.js";

/**
 * Set in the reason global before the instrumentation's own `unreachable`. Running out of fuel or stack
 * needs no reason: the fuel or depth global is then negative, which nothing else makes it.
 */
export const TrapReason = { none: 0, hostMemory: 3 } as const;

export interface EmitContext {
  fuelGlobal: number;
  depthGlobal: number;
  reasonGlobal: number;
  /** The memory's declared maximum, in pages. */
  maxPages: number;
  /** Block type for a function's results: empty (0x40) or one value type as a byte, else a type index. */
  resultsBlockType(type: FuncType): { byte: number } | { index: number };
}

const CANONICAL_F32 = [0x00, 0x00, 0xc0, 0x7f]; // 0x7fc00000, little-endian
const CANONICAL_F64 = [0, 0, 0, 0, 0, 0, 0xf8, 0x7f]; // 0x7ff8000000000000

/**
 * Pass 2: writes the instrumented body (locals declaration and code) for `analysis` into `out`.
 *
 *   entry:   depth -= frame; if depth < 0: trap (stack overflow)
 *            block (results)   ;; branches to the function label now land here
 *              [charge segment] ... original code, with charges, NaN canonicalization, page and bulk
 *                                   charges, and `return` preceded by the depth refund ...
 *            end
 *            depth += frame
 */
export function emitFunction(
  body: Uint8Array,
  type: FuncType,
  a: FunctionAnalysis,
  ctx: EmitContext,
  out: ByteWriter,
): void {
  // Scratch locals go after the declared ones: an i64 for fuel, i32s for operands, one per float type.
  let next = type.params.length + a.localCount;
  const scratch: [number, number][] = [[I64, next++]];
  const i32a = a.uses.grow || a.uses.bulk ? next++ : -1;
  const i32b = a.uses.grow ? next++ : -1;
  if (i32a >= 0) scratch.push([I32, i32a]);
  if (i32b >= 0) scratch.push([I32, i32b]);
  const f32 = a.uses.f32 ? next++ : -1;
  const f64 = a.uses.f64 ? next++ : -1;
  const v128 = a.uses.v128 ? next++ : -1;
  if (f32 >= 0) scratch.push([F32, f32]);
  if (f64 >= 0) scratch.push([F64, f64]);
  if (v128 >= 0) scratch.push([V128, v128]);
  const fuelTmp = scratch[0]![1];

  const w = new ByteWriter(body.length * 2 + 64);
  w.u32(a.localEntries + scratch.length).bytes(body.subarray(countLength(body), a.localsEnd));
  for (const [t] of scratch) w.u32(1).byte(t);

  // Small leaf functions (no calls, frame within LEAF_RESERVE_SLOTS) skip the stack check: every other
  // function reserves that much on top of its own frame for them. Tiny helpers are the most called.
  const own = FRAME_BASE_SLOTS + type.params.length + a.localCount + a.maxHeight;
  const checked = a.calls || own > LEAF_RESERVE_SLOTS;
  const frame = own + LEAF_RESERVE_SLOTS;
  const { fuelGlobal: F, depthGlobal: D, reasonGlobal: R } = ctx;
  const trap = (reason: number) =>
    w.byte(0x04).byte(0x40).byte(0x41).byte(reason).byte(0x24).u32(R).byte(0x00).byte(0x0b);
  // `if <negative> unreachable end`: V8's baseline compiler, where long single calls of a job stay, keeps
  // this nearly free (a division's zero check, the branch-free alternative, measured slower there).
  const trapIfNegative = () => w.byte(0x04).byte(0x40).byte(0x00).byte(0x0b);
  // fuel -= (amount on the stack); trap if fuel < 0
  const chargeTail = () => {
    w.byte(0x7d).byte(0x22).u32(fuelTmp).byte(0x24).u32(F);
    w.byte(0x20).u32(fuelTmp).byte(0x42).byte(0x00).byte(0x53); // i64.lt_s
    trapIfNegative();
  };
  const chargeConstant = (cost: number) => {
    w.byte(0x23).u32(F).byte(0x42).signed(cost);
    chargeTail();
  };
  // fuel -= f(local): the local holds an unsigned i32 count (pages, bytes, elements).
  const chargeLocal = (local: number, scale: { shift?: number; times?: number }) => {
    w.byte(0x23).u32(F).byte(0x20).u32(local).byte(0xad); // i64.extend_i32_u
    if (scale.shift) w.byte(0x42).signed(scale.shift).byte(0x88); // i64.shr_u
    if (scale.times && scale.times !== 1) w.byte(0x42).signed(scale.times).byte(0x7e); // i64.mul
    chargeTail();
  };
  const refund = () => {
    if (checked) w.byte(0x23).u32(D).byte(0x41).signed(frame).byte(0x6a).byte(0x24).u32(D);
  };

  // Entry: the depth check, then the wrapper block (branches to the function's label land in it).
  if (checked) {
    w.byte(0x23).u32(D).byte(0x41).signed(frame).byte(0x6b).byte(0x24).u32(D);
    w.byte(0x23).u32(D).byte(0x41).byte(0x00).byte(0x48); // i32.lt_s
    trapIfNegative();
    const bt = ctx.resultsBlockType(type);
    w.byte(0x02);
    if ("byte" in bt) w.byte(bt.byte);
    else w.signed(bt.index);
  }

  const last = a.count - 1; // the function's own `end`
  for (let i = 0; i < last; i++) {
    const flags = a.flags[i]!;
    if (flags & CHARGE && a.segmentCost[i]! > 0) chargeConstant(a.segmentCost[i]!);
    const id = a.ids[i]!;
    const instr = body.subarray(a.starts[i]!, a.starts[i + 1]!);
    switch (id) {
      case Op.return:
        refund();
        w.bytes(instr);
        break;
      case Op.memoryGrow:
        emitGrow(instr);
        break;
      case Op.memoryInit:
      case Op.memoryCopy:
      case Op.memoryFill:
        w.byte(0x22).u32(i32a);
        chargeLocal(i32a, { shift: BULK_BYTES_PER_FUEL_SHIFT });
        w.bytes(instr);
        break;
      case Op.tableInit:
      case Op.tableCopy:
      case Op.tableGrow:
      case Op.tableFill:
        w.byte(0x22).u32(i32a);
        chargeLocal(i32a, { times: TABLE_ELEMENT_COST });
        w.bytes(instr);
        break;
      default:
        w.bytes(instr);
    }
    if (flags & CANON) canonicalize(NAN[id]!);
  }
  if (checked) w.byte(0x0b); // the wrapper block
  refund();
  w.byte(0x0b);
  out.u32(w.length).bytes(w.view());

  // Grants are charged per page after the fact; a refusal below the declared maximum can only come from
  // the host (it could not commit memory), which must never become a result: trap with hostMemory.
  function emitGrow(instr: Uint8Array): void {
    w.byte(0x22).u32(i32a).bytes(instr).byte(0x22).u32(i32b);
    w.byte(0x41).signed(-1).byte(0x47).byte(0x04).byte(0x40); // i32.ne; if
    chargeLocal(i32a, { times: MEMORY_PAGE_COST });
    w.byte(0x05); // else
    w.byte(0x3f).byte(0x00).byte(0xad).byte(0x20).u32(i32a).byte(0xad).byte(0x7c); // size + delta (i64)
    w.byte(0x42).signed(ctx.maxPages).byte(0x58); // i64.le_u
    trap(TrapReason.hostMemory);
    w.byte(0x0b).byte(0x20).u32(i32b);
  }

  // select(value, canonical NaN, value == value): without control flow, which measured cheaper than an `if`
  // on both of V8's tiers here.
  function canonicalize(cls: number): void {
    if (cls === NanClass.f32 || cls === NanClass.f64) {
      const [local, eq, constOp, bits] =
        cls === NanClass.f32 ? [f32, 0x5b, 0x43, CANONICAL_F32] : [f64, 0x61, 0x44, CANONICAL_F64];
      w.byte(0x22).u32(local).byte(constOp).bytes(Uint8Array.from(bits));
      w.byte(0x20).u32(local).byte(0x20).u32(local).byte(eq).byte(0x1b);
      return;
    }
    // v128: bitselect(value, canonical NaN, value == value) keeps non-NaN lanes.
    const [lane, eq] = cls === NanClass.f32x4 ? [CANONICAL_F32, 0x41] : [CANONICAL_F64, 0x47];
    w.byte(0x22).u32(v128).byte(0xfd).byte(0x0c);
    for (let k = 0; k < 16 / lane.length; k++) w.bytes(Uint8Array.from(lane));
    w.byte(0x20).u32(v128).byte(0x20).u32(v128).byte(0xfd).byte(eq).byte(0xfd).byte(0x52);
  }
}

/** Length of the LEB128 local-entry count at the start of a body. */
function countLength(body: Uint8Array): number {
  let n = 0;
  while (body[n++]! & 0x80);
  return n;
}
