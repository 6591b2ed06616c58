// WASI preview 1 numbers the host uses (wasi_snapshot_preview1 witx: errno, filetype, rights, layouts).

export const Errno = {
  success: 0,
  badf: 8,
  fault: 21,
  inval: 28,
  nosys: 52,
  notdir: 54,
  notsup: 58,
  spipe: 70,
} as const;

export const Filetype = { unknown: 0, regularFile: 4 } as const;

export const Rights = {
  fdRead: 1n << 1n,
  fdSeek: 1n << 2n,
  fdTell: 1n << 5n,
  fdWrite: 1n << 6n,
  fdAdvise: 1n << 7n,
  fdFilestatGet: 1n << 21n,
  pollFdReadwrite: 1n << 27n,
} as const;

export const Clock = { realtime: 0, monotonic: 1, processCputime: 2, threadCputime: 3 } as const;

/** Largest iovec array `fd_read`/`fd_write`/`fd_pread`/`fd_pwrite` accept (Linux's IOV_MAX); more → EINVAL. */
export const IOV_MAX = 1024;
/** Largest subscription count `poll_oneoff` accepts; more → EINVAL. */
export const SUBSCRIPTIONS_MAX = 1024;

export const IOVEC_BYTES = 8;
export const SUBSCRIPTION_BYTES = 48;
export const EVENT_BYTES = 32;
export const FDSTAT_BYTES = 24;
export const FILESTAT_BYTES = 64;
export const EVENTTYPE_CLOCK = 0;
export const SUBCLOCKFLAGS_ABSTIME = 1;
