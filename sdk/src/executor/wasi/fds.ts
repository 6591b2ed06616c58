import { Errno, FDSTAT_BYTES, FILESTAT_BYTES, Filetype, Rights } from "./abi.js";
import type { GuestMemory } from "./guest-memory.js";
import type { OutputSink } from "./stdio.js";

type Call = (...args: never[]) => number;

/**
 * The three file descriptors a job has: 0 = its input (a read-only, seekable regular file), 1 and 2 =
 * stdout and stderr (write-only streams, reported as "unknown" type like a pipe, so libc buffers them
 * fully instead of line by line). No other descriptor ever exists: no preopened directories, so every
 * path call fails, and nothing can be opened. `chargeBytes` is called before any data moves.
 */
export function fdCalls(
  mem: GuestMemory,
  input: Uint8Array,
  sinks: [OutputSink, OutputSink],
  chargeBytes: (n: number) => void,
): { calls: Record<string, Call>; stdinRemaining: () => bigint } {
  const open = [true, true, true];
  let position = 0n; // of stdin; may pass the end (reads then return 0 bytes)
  const isOpen = (fd: number) => open[fd] === true;
  const isStdin = (fd: number) => fd === 0 && open[0];
  const isStream = (fd: number) => (fd === 1 || fd === 2) && isOpen(fd);
  /** EBADF for unknown fds, else `stdin` / `stream` for fd 0 / fds 1–2. */
  const by = (fd: number, stdin: () => number, stream: () => number) =>
    isStdin(fd) ? stdin() : isStream(fd) ? stream() : Errno.badf;
  const size = BigInt(input.length);

  function readAt(buffers: Uint8Array[], from: bigint): number {
    let at = from < size ? Number(from) : input.length;
    const want = buffers.reduce((sum, b) => sum + b.length, 0);
    const n = Math.min(want, input.length - at);
    chargeBytes(n);
    let left = n;
    for (const buffer of buffers) {
      if (left === 0) break;
      const take = Math.min(left, buffer.length);
      buffer.set(input.subarray(at, at + take));
      at += take;
      left -= take;
    }
    return n;
  }

  function read(fd: number, iovs: number, count: number, nreadPtr: number, offset?: bigint): number {
    if (!isStdin(fd)) return isStream(fd) ? (offset === undefined ? Errno.badf : Errno.spipe) : Errno.badf;
    const buffers = mem.iovecs(iovs, count);
    if (!Array.isArray(buffers)) return buffers;
    mem.check(nreadPtr, 4);
    const n = readAt(buffers, offset ?? position);
    if (offset === undefined) position += BigInt(n);
    mem.setU32(nreadPtr, n);
    return Errno.success;
  }

  function write(fd: number, iovs: number, count: number, nwrittenPtr: number, positional: boolean): number {
    if (!isStream(fd)) return Errno.badf;
    if (positional) return Errno.spipe;
    const buffers = mem.iovecs(iovs, count);
    if (!Array.isArray(buffers)) return buffers;
    mem.check(nwrittenPtr, 4);
    const total = buffers.reduce((sum, b) => sum + b.length, 0);
    chargeBytes(total);
    sinks[fd - 1]!.write(buffers, total);
    mem.setU32(nwrittenPtr, total);
    return Errno.success;
  }

  const stdinRemaining = () => (open[0] && position < size ? size - position : 0n);
  const calls: Record<string, Call> = {
    fd_read: (fd: number, iovs: number, count: number, nread: number) => read(fd, iovs, count, nread),
    fd_pread: (fd: number, iovs: number, count: number, offset: bigint, nread: number) =>
      read(fd, iovs, count, nread, BigInt.asUintN(64, offset)),
    fd_write: (fd: number, iovs: number, count: number, nwritten: number) => write(fd, iovs, count, nwritten, false),
    fd_pwrite: (fd: number, iovs: number, count: number, _offset: bigint, nwritten: number) =>
      write(fd, iovs, count, nwritten, true),
    fd_seek: (fd: number, offset: bigint, whence: number, newOffsetPtr: number) =>
      by(
        fd,
        () => {
          const base = whence === 0 ? 0n : whence === 1 ? position : whence === 2 ? size : -1n;
          const next = base + BigInt.asIntN(64, offset);
          if (base < 0n || next < 0n || next >= 2n ** 63n) return Errno.inval;
          mem.setU64(newOffsetPtr, next);
          position = next;
          return Errno.success;
        },
        () => Errno.spipe,
      ),
    fd_tell: (fd: number, offsetPtr: number) =>
      by(
        fd,
        () => {
          mem.setU64(offsetPtr, position);
          return Errno.success;
        },
        () => Errno.spipe,
      ),
    fd_fdstat_get: (fd: number, ptr: number) =>
      by(
        fd,
        () => fdstat(mem, ptr, Filetype.regularFile, STDIN_RIGHTS),
        () => fdstat(mem, ptr, Filetype.unknown, STREAM_RIGHTS),
      ),
    fd_filestat_get: (fd: number, ptr: number) =>
      by(
        fd,
        () => filestat(mem, ptr, Filetype.regularFile, size),
        () => filestat(mem, ptr, Filetype.unknown, 0n),
      ),
    fd_advise: (fd: number, _offset: bigint, _length: bigint, advice: number) =>
      by(
        fd,
        () => (advice >>> 0 <= 5 ? Errno.success : Errno.inval),
        () => Errno.spipe,
      ),
    // Calls that would change a file: stdin is read-only (EBADF, like a descriptor not open for writing),
    // the streams have no size or times (EINVAL). None of them can allocate anything.
    fd_allocate: (fd: number) =>
      by(
        fd,
        () => Errno.badf,
        () => Errno.spipe,
      ),
    fd_filestat_set_size: (fd: number) =>
      by(
        fd,
        () => Errno.badf,
        () => Errno.inval,
      ),
    fd_filestat_set_times: (fd: number) =>
      by(
        fd,
        () => Errno.badf,
        () => Errno.inval,
      ),
    fd_fdstat_set_flags: (fd: number) => (isOpen(fd) ? Errno.notsup : Errno.badf),
    fd_fdstat_set_rights: (fd: number) => (isOpen(fd) ? Errno.notsup : Errno.badf),
    fd_sync: (fd: number) =>
      by(
        fd,
        () => Errno.success,
        () => Errno.inval,
      ),
    fd_datasync: (fd: number) =>
      by(
        fd,
        () => Errno.success,
        () => Errno.inval,
      ),
    fd_close: (fd: number) => {
      if (!isOpen(fd)) return Errno.badf;
      open[fd] = false;
      return Errno.success;
    },
    fd_renumber: (fd: number, to: number) => (isOpen(fd) && isOpen(to) ? Errno.notsup : Errno.badf),
    fd_readdir: (fd: number) => (isOpen(fd) ? Errno.notdir : Errno.badf),
    // No preopened directories: fd_prestat_get answers EBADF for every descriptor, which ends libc's scan.
    fd_prestat_get: () => Errno.badf,
    fd_prestat_dir_name: () => Errno.badf,
  };
  return { calls, stdinRemaining };
}

const STDIN_RIGHTS =
  Rights.fdRead | Rights.fdSeek | Rights.fdTell | Rights.fdAdvise | Rights.fdFilestatGet | Rights.pollFdReadwrite;
const STREAM_RIGHTS = Rights.fdWrite | Rights.fdFilestatGet | Rights.pollFdReadwrite;

function fdstat(mem: GuestMemory, ptr: number, filetype: number, rights: bigint): number {
  mem.check(ptr, FDSTAT_BYTES);
  mem.bytes(ptr, FDSTAT_BYTES).fill(0);
  mem.setU8(ptr, filetype);
  mem.setU64(ptr + 8, rights);
  return Errno.success;
}

function filestat(mem: GuestMemory, ptr: number, filetype: number, size: bigint): number {
  mem.check(ptr, FILESTAT_BYTES);
  mem.bytes(ptr, FILESTAT_BYTES).fill(0); // device, inode and times are all 0
  mem.setU8(ptr + 16, filetype);
  mem.setU64(ptr + 24, 1n); // nlink
  mem.setU64(ptr + 32, size);
  return Errno.success;
}
