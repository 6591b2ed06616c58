import type { WasmMemory } from "../webassembly.js";
import { Errno, IOV_MAX, IOVEC_BYTES } from "./abi.js";

/** Thrown inside a host call when a pointer argument leaves linear memory; the call returns EFAULT. */
export class Fault extends Error {
  override name = "Fault";
}

/**
 * Bounds-checked access to the job's linear memory. Pointers and lengths are WASM i32s read as unsigned;
 * any range outside the memory throws `Fault` (the host call then answers EFAULT) before anything is
 * written, never a JS RangeError and never a silent short transfer.
 */
export class GuestMemory {
  private buffer: ArrayBuffer | undefined;
  private dataView!: DataView;
  private byteView!: Uint8Array;

  constructor(private readonly memory: () => WasmMemory) {}

  /** Re-reads the buffer: `memory.grow` detaches the old one. */
  private refresh(): void {
    const buffer = this.memory().buffer;
    if (buffer !== this.buffer) {
      this.buffer = buffer;
      this.dataView = new DataView(buffer);
      this.byteView = new Uint8Array(buffer);
    }
  }

  check(ptr: number, length: number): void {
    this.refresh();
    if ((ptr >>> 0) + (length >>> 0) > this.byteView.length) throw new Fault();
  }

  bytes(ptr: number, length: number): Uint8Array {
    this.check(ptr, length);
    return this.byteView.subarray(ptr >>> 0, (ptr >>> 0) + (length >>> 0));
  }

  u32(ptr: number): number {
    this.check(ptr, 4);
    return this.dataView.getUint32(ptr >>> 0, true);
  }

  u64(ptr: number): bigint {
    this.check(ptr, 8);
    return this.dataView.getBigUint64(ptr >>> 0, true);
  }

  u16(ptr: number): number {
    this.check(ptr, 2);
    return this.dataView.getUint16(ptr >>> 0, true);
  }

  u8(ptr: number): number {
    this.check(ptr, 1);
    return this.dataView.getUint8(ptr >>> 0);
  }

  setU8(ptr: number, value: number): void {
    this.check(ptr, 1);
    this.dataView.setUint8(ptr >>> 0, value);
  }

  setU16(ptr: number, value: number): void {
    this.check(ptr, 2);
    this.dataView.setUint16(ptr >>> 0, value, true);
  }

  setU32(ptr: number, value: number): void {
    this.check(ptr, 4);
    this.dataView.setUint32(ptr >>> 0, value, true);
  }

  setU64(ptr: number, value: bigint): void {
    this.check(ptr, 8);
    this.dataView.setBigUint64(ptr >>> 0, value, true);
  }

  /**
   * The buffers an iovec array names, all checked before any is used; EINVAL for more than IOV_MAX.
   * Views are taken after the check, so a later `memory.grow` cannot be involved (host calls never grow).
   */
  iovecs(iovs: number, count: number): Uint8Array[] | typeof Errno.inval {
    count >>>= 0;
    if (count > IOV_MAX) return Errno.inval;
    this.check(iovs, count * IOVEC_BYTES);
    const ranges: [number, number][] = [];
    for (let i = 0; i < count; i++) {
      const at = (iovs >>> 0) + i * IOVEC_BYTES;
      const ptr = this.dataView.getUint32(at, true);
      const length = this.dataView.getUint32(at + 4, true);
      this.check(ptr, length);
      ranges.push([ptr, length]);
    }
    return ranges.map(([ptr, length]) => this.byteView.subarray(ptr, ptr + length));
  }
}
