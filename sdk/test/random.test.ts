import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { DeterministicRandom } from "../src/executor/index.js";

const seed = new Uint8Array(32).fill(7);

describe("DeterministicRandom", () => {
  it("is SHA-256(domain ‖ seed ‖ uint64be(counter)) blocks, in order", () => {
    const block = (i: number) => {
      const counter = Buffer.alloc(8);
      counter.writeBigUInt64BE(BigInt(i));
      return createHash("sha256").update("hashwork.wasi.random.v1").update(seed).update(counter).digest();
    };
    const out = new Uint8Array(80);
    new DeterministicRandom(seed).fill(out);
    assert.deepEqual(Buffer.from(out), Buffer.concat([block(0), block(1), block(2)]).subarray(0, 80));
  });

  it("gives the same stream however the reads are split", () => {
    const whole = new Uint8Array(1000);
    new DeterministicRandom(seed).fill(whole);
    const split = new DeterministicRandom(seed);
    const parts = [1, 31, 32, 33, 0, 903].map((n) => {
      const part = new Uint8Array(n);
      split.fill(part);
      return part;
    });
    assert.deepEqual(Buffer.concat(parts), Buffer.from(whole));
  });

  it("differs per seed and requires 32 bytes", () => {
    const a = new Uint8Array(32);
    const b = new Uint8Array(32);
    new DeterministicRandom(seed).fill(a);
    new DeterministicRandom(new Uint8Array(32).fill(8)).fill(b);
    assert.notDeepEqual(a, b);
    assert.throws(() => new DeterministicRandom(new Uint8Array(31)), RangeError);
  });
});
