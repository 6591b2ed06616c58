import { File, OpenFile, WASI, wasi } from "@bjorn3/browser_wasi_shim";
import type { WorkerJob } from "./protocol.js";
import { DeterministicRandom } from "./random.js";
import { CappedSink } from "./stdio.js";

/** `clock_time_get(REALTIME)` always answers 2020-01-01T00:00:00Z, in nanoseconds. */
export const FIXED_REALTIME_NS = 1_577_836_800_000_000_000n;
/** Each read of a monotonic or CPU-time clock advances it by this much, so timing loops still progress. */
export const MONOTONIC_STEP_NS = 1_000_000n;
export const CLOCK_RESOLUTION_NS = 1_000_000n;

const CLOCK_REALTIME = 0;
const CLOCK_THREAD_CPUTIME = 3;
const SUBSCRIPTION_BYTES = 48;
const EVENT_BYTES = 32;
const EVENTTYPE_CLOCK = 0;
const SUBCLOCKFLAGS_ABSTIME = 1;

export interface WasiHost {
  wasi: WASI;
  stdout: CappedSink;
  stderr: CappedSink;
}

/**
 * A WASI preview 1 host with nothing of the machine in it: fds 0–2 only (stdin = the job input, no
 * preopened directories, so every path call fails), no sockets, a fixed wall clock, a monotonic clock
 * that advances per read, and `random_get` from the seeded stream. Everything a module can observe is a
 * function of the bundle, so replicas on different machines compute the same output.
 */
export function createWasiHost(job: WorkerJob): WasiHost {
  const stdin = new OpenFile(new File(job.input, { readonly: true }));
  const stdout = new CappedSink(job.maxOutputBytes, true);
  const stderr = new CappedSink(job.maxStderrBytes, false);
  const host = new WASI(job.args, job.env, [stdin, stdout, stderr]);
  const random = new DeterministicRandom(job.seed);
  const view = () => new DataView(host.inst.exports.memory.buffer);
  let monotonic = 0n;
  const encoder = new TextEncoder();

  const overrides: Record<string, (...args: never[]) => number> = {
    // The shim counts UTF-16 code units here but writes UTF-8 in args_get; non-ASCII args would overflow.
    args_sizes_get(argcPtr: number, sizePtr: number) {
      const v = view();
      v.setUint32(argcPtr, job.args.length, true);
      v.setUint32(
        sizePtr,
        job.args.reduce((sum, arg) => sum + encoder.encode(arg).length + 1, 0),
        true,
      );
      return wasi.ERRNO_SUCCESS;
    },
    clock_res_get(id: number, resPtr: number) {
      if (id < CLOCK_REALTIME || id > CLOCK_THREAD_CPUTIME) return wasi.ERRNO_INVAL;
      view().setBigUint64(resPtr, CLOCK_RESOLUTION_NS, true);
      return wasi.ERRNO_SUCCESS;
    },
    clock_time_get(id: number, _precision: bigint, timePtr: number) {
      if (id < CLOCK_REALTIME || id > CLOCK_THREAD_CPUTIME) return wasi.ERRNO_INVAL;
      if (id === CLOCK_REALTIME) {
        view().setBigUint64(timePtr, FIXED_REALTIME_NS, true);
      } else {
        monotonic += MONOTONIC_STEP_NS;
        view().setBigUint64(timePtr, monotonic, true);
      }
      return wasi.ERRNO_SUCCESS;
    },
    // Sleeping never waits: virtual time jumps past the longest requested timeout and every subscription
    // is reported ready. (The shim busy-waits on the real clock and misreads the flags offset.)
    poll_oneoff(inPtr: number, outPtr: number, count: number, neventsPtr: number) {
      if (count === 0) return wasi.ERRNO_INVAL;
      const v = view();
      const events: { userdata: bigint; type: number; error: number; nbytes: bigint }[] = [];
      let advance = 0n;
      for (let i = 0; i < count; i++) {
        const sub = inPtr + i * SUBSCRIPTION_BYTES;
        const userdata = v.getBigUint64(sub, true);
        const type = v.getUint8(sub + 8);
        if (type === EVENTTYPE_CLOCK) {
          const clock = v.getUint32(sub + 16, true);
          const timeout = v.getBigUint64(sub + 24, true);
          const absolute = (v.getUint16(sub + 40, true) & SUBCLOCKFLAGS_ABSTIME) !== 0;
          const now = clock === CLOCK_REALTIME ? FIXED_REALTIME_NS : monotonic;
          const wait = absolute ? (timeout > now ? timeout - now : 0n) : timeout;
          if (clock !== CLOCK_REALTIME && wait > advance) advance = wait;
          const valid = clock >= CLOCK_REALTIME && clock <= CLOCK_THREAD_CPUTIME;
          events.push({ userdata, type, error: valid ? wasi.ERRNO_SUCCESS : wasi.ERRNO_INVAL, nbytes: 0n });
        } else {
          const fd = v.getUint32(sub + 16, true);
          const open = host.fds[fd] !== undefined;
          const nbytes = fd === 0 && open ? BigInt(stdin.file.data.length) - stdin.file_pos : 0n;
          events.push({ userdata, type, error: open ? wasi.ERRNO_SUCCESS : wasi.ERRNO_BADF, nbytes });
        }
      }
      monotonic += advance;
      events.forEach((event, i) => {
        const at = outPtr + i * EVENT_BYTES;
        v.setBigUint64(at, event.userdata, true);
        v.setUint16(at + 8, event.error, true);
        v.setUint8(at + 10, event.type);
        v.setBigUint64(at + 16, event.nbytes > 0n ? event.nbytes : 0n, true);
        v.setUint16(at + 24, 0, true);
      });
      v.setUint32(neventsPtr, events.length, true);
      return wasi.ERRNO_SUCCESS;
    },
    random_get(bufPtr: number, length: number) {
      // Out-of-bounds ranges throw a RangeError here, which surfaces as a trap: deterministic either way.
      random.fill(new Uint8Array(host.inst.exports.memory.buffer, bufPtr, length));
      return wasi.ERRNO_SUCCESS;
    },
    sched_yield: () => wasi.ERRNO_SUCCESS,
    // The shim throws strings for these; a clean error code keeps the failure inside the program's logic.
    proc_raise: () => wasi.ERRNO_NOSYS,
    sock_accept: () => wasi.ERRNO_NOTSUP,
    sock_recv: () => wasi.ERRNO_NOTSUP,
    sock_send: () => wasi.ERRNO_NOTSUP,
    sock_shutdown: () => wasi.ERRNO_NOTSUP,
  };
  Object.assign(host.wasiImport, overrides);
  return { wasi: host, stdout, stderr };
}
