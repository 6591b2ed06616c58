// The fuel schedule: what every instruction, page and host call costs. Replicas commit to the fuel a run
// used, so these numbers are consensus rules: any change is a new FUEL_SCHEDULE_VERSION, and the golden
// fuel numbers in sdk/test/fuel-golden.test.ts catch an accidental one. sdk/src/executor/README.md states
// the schedule in prose for independent implementations.
import { STACK_KIB_DEFAULT, STACK_KIB_MAX } from "../../bundle/limits.js";
import { SIMD } from "../wasm/opcodes.js";

/**
 * Version of this fuel schedule: a run's `fuelUsed` counts under it, and any change to a cost or to where a run stops
 * is a new version. v2: the stack budget is the bundle's `limits.stackKiB` (128 KiB when omitted) instead of 32 MiB.
 */
export const FUEL_SCHEDULE_VERSION = 2;

/** Cost of an ordinary instruction. */
export const BASE_COST = 1;
/** `call`: frame setup and the depth check, ~5 simple instructions on a baseline compiler. */
export const CALL_COST = 5;
/** `call_indirect`: a call plus the table bounds and signature checks. */
export const CALL_INDIRECT_COST = 10;
/** Integer division and remainder, float division and square root: tens of cycles, not one. */
export const SLOW_ARITHMETIC_COST = 8;
/** `memory.grow` itself, granted or not: the engine commits pages and may collect garbage. */
export const MEMORY_GROW_COST = 20_000;
/** Per 64 KiB page a `memory.grow` actually adds. */
export const MEMORY_PAGE_COST = 4_096;
/** Bulk memory (`memory.copy`, `.fill`, `.init`): one unit per this many bytes, charged before the copy. */
export const BULK_BYTES_PER_FUEL_SHIFT = 3; // 1 fuel per 8 bytes
/** Bulk table operations and `table.grow`: per element, charged before the operation. */
export const TABLE_ELEMENT_COST = 1;
/** Every WASI call, before it does anything (the JS boundary dominates small calls). */
export const HOST_CALL_COST = 200;
/** Bytes a WASI call moves between the job and the host: one unit per this many bytes. */
export const HOST_BYTES_PER_FUEL_SHIFT = 3; // 1 fuel per 8 bytes

/**
 * Deterministic stack budget, in 16-byte value slots: a bundle's `limits.stackKiB` × SLOTS_PER_KIB. A function's
 * frame costs FRAME_BASE_SLOTS + its params + its locals + its maximum operand stack height (frameSlots in
 * analyze.ts). 16 bytes bound what V8's baseline compiler spends per value (a v128), so the largest budget (32 MiB of
 * estimated frames) always runs out before a worker stack of WORKER_STACK_MIB does, on every tier. The default
 * (128 KiB) runs out well before a browser's ~1 MiB worker stack does.
 */
export const SLOTS_PER_KIB = 64;
export const STACK_BUDGET_SLOTS = STACK_KIB_MAX * SLOTS_PER_KIB;
export const FRAME_BASE_SLOTS = 8;
/**
 * Leaf functions (no `call`/`call_indirect`) whose frame costs at most this many slots are not checked;
 * every checked function's frame cost includes this much more, the room such a leaf needs on top of it.
 */
export const LEAF_RESERVE_SLOTS = 64;
export const WORKER_STACK_MIB = 64;

/** A bundle's stack budget in slots (`limits.stackKiB`, STACK_KIB_DEFAULT when omitted). */
export function stackBudgetSlots(stackKiB: number | undefined): number {
  return (stackKiB ?? STACK_KIB_DEFAULT) * SLOTS_PER_KIB;
}

const COST = new Uint16Array(0x300).fill(BASE_COST);
// Structure only: entering a block or passing its end does no work of its own.
for (const op of [0x01, 0x02, 0x03, 0x05, 0x0b]) COST[op] = 0;
COST[0x10] = CALL_COST;
COST[0x11] = CALL_INDIRECT_COST;
COST[0x40] = MEMORY_GROW_COST;
// i32/i64 div_s div_u rem_s rem_u; f32/f64 div and sqrt; SIMD f32x4/f64x2 div and sqrt.
for (const op of [0x6d, 0x6e, 0x6f, 0x70, 0x7f, 0x80, 0x81, 0x82, 0x91, 0x95, 0x9f, 0xa3]) {
  COST[op] = SLOW_ARITHMETIC_COST;
}
for (const op of [0xe3, 0xe7, 0xef, 0xf3]) COST[SIMD + op] = SLOW_ARITHMETIC_COST;

/** Static cost of the instruction with id `id` (see wasm/opcodes.ts for ids). */
export function instructionCost(id: number): number {
  return COST[id]!;
}
