import { HOST_BYTES_PER_FUEL_SHIFT, HOST_CALL_COST } from "../instrument/schedule.js";
import { DeterministicRandom } from "../random.js";
import type { WasmMemory } from "../webassembly.js";
import { Errno } from "./abi.js";
import { clockCalls } from "./clock.js";
import { fdCalls } from "./fds.js";
import { Fault, GuestMemory } from "./guest-memory.js";
import { OutputSink, STDERR_CAP } from "./stdio.js";

/** Thrown by `proc_exit`; `code` is the WASI exit code as the unsigned 32-bit number it is. */
export class ProcExit extends Error {
  override name = "ProcExit";
  constructor(readonly code: number) {
    super(`proc_exit(${code})`);
  }
}

/** Charges fuel; throws (out of fuel) when there is not enough. */
export interface Meter {
  charge(fuel: number): void;
}

export interface HostJob {
  /** argv, including argv[0]. */
  args: string[];
  /** `KEY=VALUE` strings in the order the module sees them. */
  env: string[];
  input: Uint8Array;
  /** 32 bytes seeding `random_get`. */
  seed: Uint8Array;
  maxOutputBytes: number;
}

export interface WasiHost {
  imports: Record<string, (...args: never[]) => number | undefined>;
  stdout: OutputSink;
  stderr: OutputSink;
}

type Call = (...args: never[]) => number;

/**
 * A WASI preview 1 host with nothing of the machine in it: the job's input as stdin, capped stdout and
 * stderr, no files, directories or sockets, fixed clocks and a seeded random stream. Every call costs
 * HOST_CALL_COST fuel, plus one unit per 2^HOST_BYTES_PER_FUEL_SHIFT bytes it moves (charged before they
 * move); every pointer is bounds-checked (EFAULT), counts are capped (EINVAL), and no call allocates host
 * memory beyond the output caps.
 */
export function createWasiHost(job: HostJob, memory: () => WasmMemory, meter: Meter): WasiHost {
  const mem = new GuestMemory(memory);
  const stdout = new OutputSink(job.maxOutputBytes, true);
  const stderr = new OutputSink(STDERR_CAP, false);
  const chargeBytes = (n: number) => meter.charge(Math.floor(n / 2 ** HOST_BYTES_PER_FUEL_SHIFT));
  const random = new DeterministicRandom(job.seed);
  const encoder = new TextEncoder();
  const argv = job.args.map((a) => encoder.encode(`${a}\0`));
  const environ = job.env.map((e) => encoder.encode(`${e}\0`));

  const fds = fdCalls(mem, job.input, [stdout, stderr], chargeBytes);
  const calls: Record<string, Call> = {
    ...fds.calls,
    ...clockCalls(mem, fds.stdinRemaining),
    args_sizes_get: (countPtr: number, sizePtr: number) => sizes(countPtr, sizePtr, argv),
    args_get: (ptrs: number, buf: number) => strings(ptrs, buf, argv),
    environ_sizes_get: (countPtr: number, sizePtr: number) => sizes(countPtr, sizePtr, environ),
    environ_get: (ptrs: number, buf: number) => strings(ptrs, buf, environ),
    random_get: (buf: number, length: number) => {
      const target = mem.bytes(buf, length);
      chargeBytes(target.length);
      random.fill(target);
      return Errno.success;
    },
    proc_exit: (code: number) => {
      throw new ProcExit(code >>> 0);
    },
    proc_raise: () => Errno.nosys,
    sched_yield: () => Errno.success,
    sock_accept: () => Errno.notsup,
    sock_recv: () => Errno.notsup,
    sock_send: () => Errno.notsup,
    sock_shutdown: () => Errno.notsup,
  };
  // No descriptor is a directory: every path call fails on its directory fd.
  for (const name of PATH_CALLS) calls[name] = (fd: number) => (fd >= 0 && fd <= 2 ? Errno.notdir : Errno.badf);

  function sizes(countPtr: number, sizePtr: number, list: Uint8Array[]): number {
    mem.check(countPtr, 4);
    mem.check(sizePtr, 4);
    mem.setU32(countPtr, list.length);
    mem.setU32(
      sizePtr,
      list.reduce((sum, s) => sum + s.length, 0),
    );
    return Errno.success;
  }

  function strings(ptrs: number, buf: number, list: Uint8Array[]): number {
    const total = list.reduce((sum, s) => sum + s.length, 0);
    mem.check(ptrs, list.length * 4);
    const target = mem.bytes(buf, total);
    chargeBytes(total);
    let offset = 0;
    list.forEach((s, i) => {
      target.set(s, offset);
      mem.setU32(ptrs + i * 4, (buf >>> 0) + offset);
      offset += s.length;
    });
    return Errno.success;
  }

  const imports: WasiHost["imports"] = {};
  for (const [name, call] of Object.entries(calls)) {
    imports[name] = (...args: never[]) => {
      meter.charge(HOST_CALL_COST);
      try {
        return call(...args);
      } catch (error) {
        if (error instanceof Fault) return Errno.fault;
        throw error;
      }
    };
  }
  return { imports, stdout, stderr };
}

const PATH_CALLS = [
  "path_create_directory", "path_filestat_get", "path_filestat_set_times", "path_link", "path_open",
  "path_readlink", "path_remove_directory", "path_rename", "path_symlink", "path_unlink_file",
]; // prettier-ignore
