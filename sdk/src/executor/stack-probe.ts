// How much of the deterministic stack budget an executor's engine stack holds. A provider node's sandbox holds all of
// it by construction (a 64 MiB worker stack); a page cannot size its Web Worker's stack (~1 MiB in Chromium), so a
// browser tab measures it and claims only jobs whose `limits.stackKiB` it holds. Nothing here touches a Node or DOM
// API: the page imports it.
import { createBundle } from "../bundle/create.js";
import { STACK_KIB_MAX } from "../bundle/limits.js";
import { HostResourceError } from "../errors/execution.js";
import type { CalibrationRun } from "./calibrate.js";
import { SLOTS_PER_KIB } from "./instrument/schedule.js";
import { ByteWriter } from "./wasm/bytes.js";

/** v128 locals in each probe frame: enough that they, not the frame's fixed overhead, fill the engine's stack. */
const PROBE_LOCALS = 1000;

/**
 * The largest `limits.stackKiB` this executor runs to the end: half of the budget a probe had used when the engine's
 * own stack ran out, or STACK_KIB_MAX when the deterministic budget ran out first (the probe's verdict is then
 * STACK_OVERFLOW, as on every provider node).
 *
 * The probe recurses without end through a frame of 1,000 v128 values that stay live across the call, so every tier
 * of the engine keeps 16 bytes per value: the most real stack per budget slot any frame costs (schedule.ts). Half of
 * it leaves room for the host's own frames on top and for engines whose frames differ.
 */
export async function measureStackKiB(run: CalibrationRun): Promise<number> {
  const module = stackProbeModule();
  const input = new Uint8Array(0);
  const bundle = createBundle({
    module,
    limits: { memoryMiB: 1, fuel: 1_000_000_000, maxOutputBytes: 1, stackKiB: STACK_KIB_MAX },
  });
  try {
    const result = await run(bundle, { module, input });
    if (result.kind === "error" && result.error?.code === "STACK_OVERFLOW") return STACK_KIB_MAX;
    throw new Error(`the stack probe ended in ${result.kind} ${result.error?.code ?? ""}, not at a stack limit`);
  } catch (error) {
    if (!(error instanceof HostResourceError) || error.stackSlots === undefined) throw error;
    return Math.floor(error.stackSlots / SLOTS_PER_KIB / 2);
  }
}

/**
 * `_start` calls `probe`, which fills PROBE_LOCALS v128 locals from a mutable global (so no tier can fold them into
 * constants), calls itself, then sums them into another global (so they stay live across the call).
 */
export function stackProbeModule(): Uint8Array {
  const probe = new ByteWriter(PROBE_LOCALS * 16);
  probe.u32(1).u32(PROBE_LOCALS).byte(0x7b); // locals: PROBE_LOCALS × v128
  for (let i = 0; i < PROBE_LOCALS; i++) {
    probe.byte(0x23).u32(0).byte(0x41).signed(i).byte(0x6a); // global.get 0; i32.const i; i32.add
    probe.byte(0xfd).u32(0x11).byte(0x21).u32(i); // i32x4.splat; local.set i
  }
  probe.byte(0x10).u32(1); // call probe
  probe.byte(0x20).u32(0);
  for (let i = 1; i < PROBE_LOCALS; i++) probe.byte(0x20).u32(i).byte(0xfd).u32(0xae); // local.get i; i32x4.add
  probe.byte(0x24).u32(1).byte(0x0b); // global.set 1; end
  const start = new ByteWriter(8).u32(0).byte(0x10).u32(1).byte(0x0b); // call probe; end

  const out = new ByteWriter(probe.length + 128);
  out.bytes(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
  out.section(1, new ByteWriter().u32(1).byte(0x60).u32(0).u32(0)); // type 0: [] -> []
  out.section(3, new ByteWriter().u32(2).u32(0).u32(0)); // _start and probe
  out.section(5, new ByteWriter().u32(1).byte(0x01).u32(1).u32(1)); // one page, at most one: WASI wants a memory
  const globals = new ByteWriter().u32(2);
  globals.byte(0x7f).byte(0x01).byte(0x41).signed(0).byte(0x0b); // mut i32 = 0
  globals.byte(0x7b).byte(0x01).byte(0xfd).u32(0x0c).bytes(new Uint8Array(16)).byte(0x0b); // mut v128 = 0
  out.section(6, globals);
  out.section(7, new ByteWriter().u32(2).name("_start").byte(0x00).u32(0).name("memory").byte(0x02).u32(0));
  out.section(10, new ByteWriter().u32(2).u32(start.length).bytes(start.view()).u32(probe.length).bytes(probe.view()));
  return out.view().slice();
}
