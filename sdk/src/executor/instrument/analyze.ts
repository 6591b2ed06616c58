import { InvalidModuleError } from "../../errors/execution.js";
import { ByteReader, malformed } from "../wasm/bytes.js";
import { valType, type FuncType } from "../wasm/module.js";
import { NAN, NAN_SAFE, NanClass, Op, POPS, PUSHES, readInstr, type Instr } from "../wasm/opcodes.js";
import { instructionCost } from "./schedule.js";

/** V8's (and the JS API's) limit on locals per function; more would be refused at compile time anyway. */
const MAX_LOCALS = 50_000;
const DYN = 255;
/** How far the NaN peephole looks for the consumer of a float result. */
const NAN_LOOKAHEAD = 8;

// Per-instruction flags.
export const CHARGE = 1; // a fuel charge point precedes this instruction
export const CANON = 2; // canonicalize the NaN this instruction may produce

/** One function body, decoded: instruction boundaries, charge points, segment costs, frame size. */
export interface FunctionAnalysis {
  /** Body-relative start of each instruction; `starts[count]` is the end of the body. */
  starts: Int32Array;
  ids: Int32Array;
  flags: Uint8Array;
  /** At a charge point: the static fuel of its segment (up to the next charge point). */
  segmentCost: Float64Array;
  count: number;
  /** Byte range of the locals declaration and the declared local count. */
  localsEnd: number;
  localCount: number;
  localEntries: number;
  maxHeight: number;
  /** Which scratch locals the rewrite needs. */
  uses: { grow: boolean; bulk: boolean; f32: boolean; f64: boolean; v128: boolean };
  /** Whether the body contains `call` or `call_indirect` (a function without is a leaf). */
  calls: boolean;
}

export interface ModuleTypes {
  types: FuncType[];
  funcTypes: number[];
}

/**
 * Pass 1 over a function body: decodes every instruction (refusing unsupported features), computes the
 * maximum operand stack height the way validation does (after an unconditional branch the height drops to
 * the block's base), marks charge points and their segment costs, and decides where NaNs need
 * canonicalizing.
 */
export function analyzeFunction(body: Uint8Array, type: FuncType, m: ModuleTypes): FunctionAnalysis {
  const r = new ByteReader(body);
  let localCount = 0;
  const localEntries = r.u32();
  for (let n = localEntries; n > 0; n--) {
    localCount += r.u32();
    if (localCount > MAX_LOCALS) throw new InvalidModuleError(`a function declares more than ${MAX_LOCALS} locals`);
    valType(r);
  }
  const a = new Analysis(body.length, r.offset, localCount, localEntries);
  a.decode(r, type, m);
  a.markNaNs();
  a.sumSegments();
  return a;
}

class Analysis implements FunctionAnalysis {
  starts: Int32Array;
  ids: Int32Array;
  flags: Uint8Array;
  segmentCost: Float64Array;
  count = 0;
  maxHeight = 0;
  uses = { grow: false, bulk: false, f32: false, f64: false, v128: false };
  calls = false;

  constructor(
    size: number,
    readonly localsEnd: number,
    readonly localCount: number,
    readonly localEntries: number,
  ) {
    // Every instruction takes at least one byte, so the body size bounds the count.
    const capacity = size - localsEnd + 1;
    this.starts = new Int32Array(capacity + 1);
    this.ids = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.segmentCost = new Float64Array(capacity);
  }

  decode(r: ByteReader, type: FuncType, m: ModuleTypes): void {
    // Control stack: kind (0 function, 1 block, 2 loop, 3 if), base height, param and result counts.
    const kinds: number[] = [0];
    const bases: number[] = [0];
    const params: number[] = [0];
    const results: number[] = [type.results.length];
    let height = 0;
    let chargeNext = true; // the function entry
    const instr: Instr = { id: 0, a: 0 };
    while (kinds.length > 0) {
      if (r.done()) throw malformed("function body ends inside a block");
      const i = this.count++;
      this.starts[i] = r.offset;
      readInstr(r, instr);
      const id = instr.id;
      this.ids[i] = id;
      if (chargeNext) this.flags[i] = CHARGE;
      chargeNext = false;
      const top = kinds.length - 1;
      let pops = POPS[id]!;
      let pushes = PUSHES[id]!;
      switch (id) {
        case Op.block:
        case Op.loop:
        case Op.if: {
          if (id === Op.if) height = Math.max(bases[top]!, height - 1);
          const [p, res] = blockArity(instr.a, m.types);
          kinds.push(id === Op.block ? 1 : id === Op.loop ? 2 : 3);
          bases.push(Math.max(bases[top]!, height - p));
          params.push(p);
          results.push(res);
          chargeNext = id !== Op.block; // loop bodies and if arms are branch targets or conditional
          continue;
        }
        case Op.else:
          if (kinds[top] !== 3) throw malformed("else outside an if");
          height = bases[top]! + params[top]!;
          chargeNext = true;
          continue;
        case Op.end: {
          height = bases[top]! + results[top]!;
          this.maxHeight = Math.max(this.maxHeight, height);
          const kind = kinds.pop()!;
          bases.pop();
          params.pop();
          results.pop();
          // Code after a block or if is reached by branches and skipped arms; after a loop, only by falling out.
          chargeNext = kind === 1 || kind === 3;
          continue;
        }
        case Op.br:
        case Op.brTable:
        case Op.return:
        case Op.unreachable:
          height = bases[top]!; // the rest of the block is unreachable: the stack is polymorphic
          chargeNext = true;
          continue;
        case Op.brIf:
          chargeNext = true;
          break;
        case Op.call: {
          const t = m.types[m.funcTypes[instr.a] ?? -1];
          if (!t) throw new InvalidModuleError(`calls function ${instr.a}, which does not exist`);
          pops = t.params.length;
          pushes = t.results.length;
          this.calls = true;
          break;
        }
        case Op.callIndirect: {
          const t = m.types[instr.a];
          if (!t) throw new InvalidModuleError(`call_indirect names type ${instr.a}, which does not exist`);
          pops = t.params.length + 1;
          pushes = t.results.length;
          this.calls = true;
          break;
        }
        case Op.memoryGrow:
          this.uses.grow = true;
          break;
        case Op.memoryInit:
        case Op.memoryCopy:
        case Op.memoryFill:
        case Op.tableInit:
        case Op.tableCopy:
        case Op.tableGrow:
        case Op.tableFill:
          this.uses.bulk = true;
          break;
      }
      height = Math.max(bases[top]!, height - pops) + pushes;
      this.maxHeight = Math.max(this.maxHeight, height);
    }
    if (!r.done()) throw malformed("bytes after the end of a function body");
    this.starts[this.count] = r.offset;
  }

  /**
   * A NaN-producing result needs canonicalizing unless the instruction that consumes it, found within a
   * few straight-line instructions, cannot expose its bits (another such operation, a comparison, a
   * truncation, drop). The check is local and conservative: anything else canonicalizes.
   */
  markNaNs(): void {
    for (let i = 0; i < this.count; i++) {
      const cls = NAN[this.ids[i]!]!;
      if (cls === 0) continue;
      if (cls === NanClass.f32 || cls === NanClass.f64) {
        if (this.consumedSafely(i, cls === NanClass.f32 ? 1 : 2)) continue;
        this.uses[cls === NanClass.f32 ? "f32" : "f64"] = true;
      } else this.uses.v128 = true;
      this.flags[i]! |= CANON;
    }
  }

  private consumedSafely(i: number, bit: number): boolean {
    let depth = 0; // of the value, from the top of the stack
    for (let j = i + 1; j < this.count && j <= i + NAN_LOOKAHEAD; j++) {
      const id = this.ids[j]!;
      const pops = POPS[id]!;
      if (pops === DYN || id === Op.brIf || (this.flags[j]! & CHARGE) !== 0) return false;
      if (pops > depth) return (NAN_SAFE[id]! & bit) !== 0;
      depth += PUSHES[id]! - pops;
    }
    return false;
  }

  /** Each charge point's segment cost: the static costs of its instructions, up to the next charge point. */
  sumSegments(): void {
    let sum = 0;
    for (let i = this.count - 1; i >= 0; i--) {
      sum += instructionCost(this.ids[i]!);
      if (this.flags[i]! & CHARGE) {
        this.segmentCost[i] = sum;
        sum = 0;
      }
    }
  }
}

/** (params, results) of a block type: empty (-64), one value type (negative), or a type index. */
function blockArity(blockType: number, types: FuncType[]): [number, number] {
  if (blockType === -64) return [0, 0];
  if (blockType < 0) {
    if (![-1, -2, -3, -4, -5, -16, -17].includes(blockType)) {
      throw new InvalidModuleError("block types with typed references are not supported");
    }
    return [0, 1];
  }
  const t = types[blockType];
  if (!t) throw new InvalidModuleError(`block type ${blockType} does not exist`);
  return [t.params.length, t.results.length];
}
