import {
  Clock,
  Errno,
  EVENT_BYTES,
  EVENTTYPE_CLOCK,
  SUBCLOCKFLAGS_ABSTIME,
  SUBSCRIPTION_BYTES,
  SUBSCRIPTIONS_MAX,
} from "./abi.js";
import type { GuestMemory } from "./guest-memory.js";

/** `clock_time_get(REALTIME)` always answers 2020-01-01T00:00:00Z, in nanoseconds. */
export const FIXED_REALTIME_NS = 1_577_836_800_000_000_000n;
/** Each read of a monotonic or CPU-time clock advances it by this much, so timing loops still progress. */
export const MONOTONIC_STEP_NS = 1_000_000n;
/** What `clock_res_get` answers for every clock, in nanoseconds. */
export const CLOCK_RESOLUTION_NS = 1_000_000n;

type Call = (...args: never[]) => number;

const validClock = (id: number) => id >= Clock.realtime && id <= Clock.threadCputime;

/**
 * Clocks made of the job alone: a fixed wall clock, a virtual monotonic clock that advances per read, and
 * `poll_oneoff` that never waits — virtual time jumps past the longest requested timeout and every
 * subscription is reported ready (stdin with the bytes left, the streams as writable).
 */
export function clockCalls(mem: GuestMemory, stdinRemaining: () => bigint): Record<string, Call> {
  let monotonic = 0n;
  return {
    clock_res_get: (id: number, resPtr: number) => {
      if (!validClock(id)) return Errno.inval;
      mem.setU64(resPtr, CLOCK_RESOLUTION_NS);
      return Errno.success;
    },
    clock_time_get: (id: number, _precision: bigint, timePtr: number) => {
      if (!validClock(id)) return Errno.inval;
      mem.check(timePtr, 8);
      if (id === Clock.realtime) mem.setU64(timePtr, FIXED_REALTIME_NS);
      else {
        monotonic += MONOTONIC_STEP_NS;
        mem.setU64(timePtr, monotonic);
      }
      return Errno.success;
    },
    poll_oneoff: (inPtr: number, outPtr: number, count: number, neventsPtr: number) => {
      count >>>= 0;
      if (count === 0 || count > SUBSCRIPTIONS_MAX) return Errno.inval;
      mem.check(inPtr, count * SUBSCRIPTION_BYTES);
      mem.check(outPtr, count * EVENT_BYTES);
      mem.check(neventsPtr, 4);
      const events: [bigint, number, number, bigint][] = [];
      let advance = 0n;
      for (let i = 0; i < count; i++) {
        const sub = inPtr + i * SUBSCRIPTION_BYTES;
        const userdata = mem.u64(sub);
        const type = mem.u8(sub + 8);
        if (type === EVENTTYPE_CLOCK) {
          const clock = mem.u32(sub + 16);
          const timeout = mem.u64(sub + 24);
          const absolute = (mem.u16(sub + 40) & SUBCLOCKFLAGS_ABSTIME) !== 0;
          const now = clock === Clock.realtime ? FIXED_REALTIME_NS : monotonic;
          const wait = absolute ? (timeout > now ? timeout - now : 0n) : timeout;
          if (clock !== Clock.realtime && wait > advance) advance = wait;
          events.push([userdata, validClock(clock) ? Errno.success : Errno.inval, type, 0n]);
        } else {
          // fd_read (1) on stdin or fd_write (2) on stdout/stderr; anything else fails its own event
          const fd = mem.u32(sub + 16);
          const ok = type === 1 ? fd === 0 : type === 2 && (fd === 1 || fd === 2);
          const nbytes = ok && fd === 0 ? stdinRemaining() : 0n;
          events.push([userdata, ok ? Errno.success : type > 2 ? Errno.inval : Errno.badf, type, nbytes]);
        }
      }
      monotonic += advance;
      events.forEach(([userdata, error, type, nbytes], i) => {
        const at = outPtr + i * EVENT_BYTES;
        mem.bytes(at, EVENT_BYTES).fill(0);
        mem.setU64(at, userdata);
        mem.setU16(at + 8, error);
        mem.setU8(at + 10, type);
        mem.setU64(at + 16, nbytes);
      });
      mem.setU32(neventsPtr, events.length);
      return Errno.success;
    },
  };
}
