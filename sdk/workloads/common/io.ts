// Helpers shared by the sample workloads (AssemblyScript, built against @assemblyscript/wasi-shim, which
// maps `process.stdin/stdout/stderr` onto WASI fds 0/1/2). Every workload needs the same three things: a
// bounded read of all of stdin, buffered output (one `fd_write` per line would cost a host call each), and
// a clean failure — a message on stderr and a non-zero exit code instead of an AssemblyScript abort.

/** Exit code for input the program refuses (malformed, out of range, too large). Aborts (bugs) exit 255. */
export const EXIT_BAD_INPUT = 2;

const CHUNK_BYTES = 64 * 1024;

/**
 * Writes `message` and a newline to stderr and exits with `EXIT_BAD_INPUT`. It never returns: the result
 * type only lets callers write `return fail<T>(...)`, so the compiler's flow analysis agrees.
 */
export function fail<T>(message: string): T {
  process.stderr.write(message + "\n");
  process.exit(EXIT_BAD_INPUT);
  return unreachable();
}

/** Reads stdin to its end; more than `maxBytes` bytes is refused with a message naming `program`. */
export function readStdin(program: string, maxBytes: i32): Uint8Array {
  // One spare byte of capacity beyond the limit, so "exactly maxBytes" and "more" can be told apart.
  let buffer = new ArrayBuffer(min(CHUNK_BYTES, maxBytes + 1));
  let length = 0;
  while (true) {
    if (length == buffer.byteLength) {
      if (length > maxBytes) break;
      const grown = new ArrayBuffer(min(length * 2, maxBytes + 1));
      memory.copy(changetype<usize>(grown), changetype<usize>(buffer), length);
      buffer = grown;
    }
    const read = process.stdin.read(buffer, length);
    if (read <= 0) break;
    length += read;
  }
  if (length > maxBytes) {
    return fail<Uint8Array>(program + ": input is larger than " + maxBytes.toString() + " bytes");
  }
  return Uint8Array.wrap(buffer, 0, length);
}

/** Collects stdout in a fixed buffer and writes it out in large blocks. Call `flush()` before exiting. */
export class Output {
  private readonly buffer: Uint8Array = new Uint8Array(CHUNK_BYTES);
  private used: i32 = 0;

  byte(value: u8): void {
    if (this.used == this.buffer.length) this.flush();
    this.buffer[this.used++] = value;
  }

  /** ASCII text only (every workload writes ASCII), one byte per character. */
  ascii(text: string): void {
    for (let i = 0; i < text.length; i++) this.byte(<u8>text.charCodeAt(i));
  }

  flush(): void {
    if (this.used == 0) return;
    process.stdout.write(this.buffer.buffer.slice(0, this.used));
    this.used = 0;
  }
}

/** Whether `c` is ASCII whitespace: space, tab, line feed, vertical tab, form feed or carriage return. */
export function isSpace(c: u8): bool {
  return c == 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** Whether `c` is an ASCII decimal digit. */
export function isDigit(c: u8): bool {
  return c >= 0x30 && c <= 0x39;
}

/** Splits `bytes` into runs of non-whitespace, as ASCII strings. */
export function splitFields(bytes: Uint8Array): string[] {
  const fields: string[] = [];
  let start = -1;
  for (let i = 0; i <= bytes.length; i++) {
    const space = i == bytes.length || isSpace(bytes[i]);
    if (!space && start < 0) start = i;
    if (space && start >= 0) {
      fields.push(String.UTF8.decodeUnsafe(bytes.dataStart + <usize>start, <usize>(i - start)));
      start = -1;
    }
  }
  return fields;
}

/**
 * Parses an unsigned decimal integer of at most 9 digits (so it fits an i32 before any range check);
 * returns -1 for anything else, including a sign, a fraction or an empty string.
 */
export function parseSmallInt(text: string): i32 {
  if (text.length == 0 || text.length > 9) return -1;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = <u8>text.charCodeAt(i);
    if (!isDigit(c)) return -1;
    value = value * 10 + (c - 0x30);
  }
  return value;
}
