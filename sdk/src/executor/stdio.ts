import { Fd, wasi } from "@bjorn3/browser_wasi_shim";

/** Thrown out of `fd_write` (through the WASM frames) the moment stdout passes its cap. */
export class OutputLimitExceeded extends Error {
  override name = "OutputLimitExceeded";
}

/**
 * A write-only stream for stdout/stderr that collects what the module writes. With `failOnOverflow`
 * (stdout) the first byte over `limit` aborts the run; otherwise (stderr, diagnostics only) excess bytes
 * are dropped and the program continues.
 */
export class CappedSink extends Fd {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  constructor(
    private readonly limit: number,
    private readonly failOnOverflow: boolean,
  ) {
    super();
  }

  override fd_write(data: Uint8Array): { ret: number; nwritten: number } {
    if (this.size + data.length > this.limit) {
      if (this.failOnOverflow) throw new OutputLimitExceeded();
      data = data.subarray(0, this.limit - this.size);
    }
    if (data.length > 0) this.chunks.push(data);
    this.size += data.length;
    // Report everything as written even when stderr truncates, so programs do not retry forever.
    return { ret: wasi.ERRNO_SUCCESS, nwritten: data.length };
  }

  // A character device without seek rights: libc then treats the stream as a non-seekable pipe.
  override fd_fdstat_get(): { ret: number; fdstat: wasi.Fdstat | null } {
    const fdstat = new wasi.Fdstat(wasi.FILETYPE_CHARACTER_DEVICE, 0);
    fdstat.fs_rights_base = BigInt(wasi.RIGHTS_FD_WRITE);
    return { ret: wasi.ERRNO_SUCCESS, fdstat };
  }

  override fd_filestat_get(): { ret: number; filestat: wasi.Filestat | null } {
    return { ret: wasi.ERRNO_SUCCESS, filestat: new wasi.Filestat(0n, wasi.FILETYPE_CHARACTER_DEVICE, 0n) };
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}
