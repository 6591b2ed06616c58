// A minimal protobuf writer: just the two wire types UnixFS and dag-pb use (varint and length-delimited).
// Fields are emitted in the order the caller writes them, which lets dag-pb put Links (2) before Data (1)
// as its canonical form requires.

const WIRE_VARINT = 0;
const WIRE_BYTES = 2;

/** Appends the unsigned LEB128 encoding of a non-negative safe integer. */
export function writeVarint(out: number[], value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`varint out of range: ${value}`);
  // Division instead of bit shifts: shifts truncate to 32 bits and file sizes can exceed 4 GiB.
  while (value >= 0x80) {
    out.push((value % 0x80) | 0x80);
    value = Math.floor(value / 0x80);
  }
  out.push(value);
}

export class ProtoWriter {
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  /** A varint field (protobuf `uint64`/enum). */
  uint(field: number, value: number): this {
    const out: number[] = [];
    writeVarint(out, (field << 3) | WIRE_VARINT);
    writeVarint(out, value);
    return this.push(Uint8Array.from(out));
  }

  /** A length-delimited field (`bytes`, `string`, or an embedded message). */
  bytes(field: number, value: Uint8Array): this {
    const out: number[] = [];
    writeVarint(out, (field << 3) | WIRE_BYTES);
    writeVarint(out, value.length);
    this.push(Uint8Array.from(out));
    return this.push(value);
  }

  finish(): Uint8Array {
    const result = new Uint8Array(this.length);
    let offset = 0;
    for (const part of this.parts) {
      result.set(part, offset);
      offset += part.length;
    }
    return result;
  }

  private push(part: Uint8Array): this {
    this.parts.push(part);
    this.length += part.length;
    return this;
  }
}
