// @noble/hashes rather than node:crypto: the same SHA-256 bytes, and the module also loads in a browser's Web Worker.
import { sha256 } from "@noble/hashes/sha2.js";

const DOMAIN = new TextEncoder().encode("hashwork.wasi.random.v1");

/**
 * The job's `random_get` stream: block i = SHA-256("hashwork.wasi.random.v1" ‖ seed ‖ uint64be(i)),
 * blocks concatenated and consumed in order across calls. Defined by a hash rather than a JS PRNG so any
 * provider implementation, in any language, produces the same bytes from the same seed (the bundle hash).
 */
export class DeterministicRandom {
  private readonly seed: Uint8Array;
  private counter = 0n;
  private block = new Uint8Array(0);
  private used = 0;

  constructor(seed: Uint8Array) {
    if (seed.length !== 32) throw new RangeError("seed must be 32 bytes");
    this.seed = Uint8Array.from(seed);
  }

  /** Fills `target` with the next bytes of the stream. */
  fill(target: Uint8Array): void {
    let written = 0;
    while (written < target.length) {
      if (this.used === this.block.length) this.nextBlock();
      const take = Math.min(target.length - written, this.block.length - this.used);
      target.set(this.block.subarray(this.used, this.used + take), written);
      this.used += take;
      written += take;
    }
  }

  private nextBlock(): void {
    const index = new Uint8Array(8);
    new DataView(index.buffer).setBigUint64(0, this.counter++);
    const message = new Uint8Array(DOMAIN.length + this.seed.length + index.length);
    message.set(DOMAIN);
    message.set(this.seed, DOMAIN.length);
    message.set(index, DOMAIN.length + this.seed.length);
    this.block = sha256(message);
    this.used = 0;
  }
}
