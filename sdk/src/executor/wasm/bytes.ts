import { InvalidModuleError } from "../../errors/execution.js";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A cursor over WebAssembly binary bytes. Every read is bounds-checked and every malformed encoding
 * throws `InvalidModuleError`, so hostile bytes can only ever produce that one deterministic verdict.
 */
export class ByteReader {
  offset: number;

  constructor(
    readonly bytes: Uint8Array,
    offset = 0,
    readonly end = bytes.length,
  ) {
    this.offset = offset;
  }

  done(): boolean {
    return this.offset >= this.end;
  }

  byte(): number {
    if (this.offset >= this.end) throw malformed("unexpected end of data");
    return this.bytes[this.offset++]!;
  }

  /** Unsigned LEB128 of at most 32 bits (at most 5 bytes, no stray high bits). */
  u32(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      if (shift === 28 && b > 0x0f) throw malformed("integer too large");
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
    throw malformed("integer representation too long");
  }

  /** Unsigned LEB128 of up to 64 bits, as a number (exact up to 2^53; only used for limits to refuse). */
  u64(): number {
    let result = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
    throw malformed("integer representation too long");
  }

  /** Skips a signed LEB128 of at most `bits` bits (i32.const, i64.const). */
  skipSigned(bits: 32 | 64): void {
    const max = Math.ceil(bits / 7);
    for (let i = 0; i < max; i++) if ((this.byte() & 0x80) === 0) return;
    throw malformed("integer representation too long");
  }

  /** A signed 33-bit LEB128 (block types): returns the value, negative for value types. */
  s33(): number {
    let result = 0;
    let shift = 0;
    let b: number;
    do {
      if (shift >= 35) throw malformed("integer representation too long");
      b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    if (b & 0x40) result -= 2 ** shift;
    return result;
  }

  skip(n: number): void {
    if (n > this.end - this.offset) throw malformed("unexpected end of data");
    this.offset += n;
  }

  name(): string {
    const length = this.u32();
    const start = this.offset;
    this.skip(length);
    try {
      return utf8.decode(this.bytes.subarray(start, start + length));
    } catch {
      throw malformed("a name is not valid UTF-8");
    }
  }
}

export function malformed(what: string): InvalidModuleError {
  return new InvalidModuleError(`malformed binary: ${what}`);
}

/** A growable byte buffer with the LEB128 encoders the instrumentation emits. */
export class ByteWriter {
  private buffer: Uint8Array;
  length = 0;

  constructor(capacity = 1024) {
    this.buffer = new Uint8Array(capacity);
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < this.length + n) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }

  byte(b: number): this {
    this.reserve(1);
    this.buffer[this.length++] = b;
    return this;
  }

  u32(value: number): this {
    this.reserve(5);
    do {
      let b = value % 128;
      value = Math.floor(value / 128);
      if (value > 0) b |= 0x80;
      this.buffer[this.length++] = b;
    } while (value > 0);
    return this;
  }

  /** Signed LEB128 of a safe integer (i32.const / i64.const operands the instrumentation emits). */
  signed(value: number): this {
    this.reserve(10);
    for (;;) {
      const b = ((value % 128) + 128) % 128;
      value = Math.floor(value / 128);
      const done = (value === 0 && (b & 0x40) === 0) || (value === -1 && (b & 0x40) !== 0);
      this.buffer[this.length++] = done ? b : b | 0x80;
      if (done) return this;
    }
  }

  bytes(data: Uint8Array): this {
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
    return this;
  }

  name(value: string): this {
    const encoded = new TextEncoder().encode(value);
    return this.u32(encoded.length).bytes(encoded);
  }

  /** Appends a section: id, then the LEB128 size of `content`, then `content`. */
  section(id: number, content: ByteWriter): this {
    return this.byte(id).u32(content.length).bytes(content.view());
  }

  view(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}
