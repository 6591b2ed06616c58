import { sha256 } from "../cid/sha256.js";

const DOMAIN = new TextEncoder().encode("hashwork.wasi.random.v1");

/**
 * The job's `random_get` stream: block i = SHA-256("hashwork.wasi.random.v1" ‖ seed ‖ uint64be(i)),
 * blocks concatenated and consumed in order across calls. Defined by a hash rather than a JS PRNG so any
 * provider implementation, in any language, produces the same bytes from the same seed (the bundle hash).
 */
export class DeterministicRandom {
  /** DOMAIN ‖ seed ‖ uint64be(counter): the next block's preimage, its counter rewritten for each block. */
  private readonly message: Uint8Array;
  private counter = 0n;
  private block: Uint8Array = new Uint8Array(0);
  private used = 0;

  constructor(seed: Uint8Array) {
    if (seed.length !== 32) throw new RangeError("seed must be 32 bytes");
    this.message = new Uint8Array(DOMAIN.length + 32 + 8);
    this.message.set(DOMAIN);
    this.message.set(seed, DOMAIN.length);
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
    new DataView(this.message.buffer).setBigUint64(DOMAIN.length + 32, this.counter++);
    this.block = sha256(this.message);
    this.used = 0;
  }
}
