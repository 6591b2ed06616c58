// sha256: the SHA-256 digest (FIPS 180-4) of stdin, written as 64 lowercase hex digits and a newline.
// stdin is hashed as it streams in, so memory use does not depend on the input size; an empty input is
// valid (e3b0c442...b855). No arguments.

import { Output } from "../common/io";

// Round constants: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
const K: StaticArray<u32> = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
];

// The hash state, initialised to the first 32 bits of the fractional parts of the square roots of the
// first 8 primes.
const state: StaticArray<u32> = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];
const schedule = new StaticArray<u32>(64);

const BLOCK_BYTES = 64;
const READ_BYTES = 64 * 1024; // a multiple of BLOCK_BYTES

/** Folds the 64-byte block at `data[offset..offset+64)` into `state`. */
function compress(data: Uint8Array, offset: i32): void {
  for (let t = 0; t < 16; t++) {
    const i = offset + 4 * t; // message words are big-endian
    schedule[t] = ((<u32>data[i]) << 24) | ((<u32>data[i + 1]) << 16) | ((<u32>data[i + 2]) << 8) | (<u32>data[i + 3]);
  }
  for (let t = 16; t < 64; t++) {
    const w15 = schedule[t - 15];
    const w2 = schedule[t - 2];
    const s0 = rotr<u32>(w15, 7) ^ rotr<u32>(w15, 18) ^ (w15 >>> 3);
    const s1 = rotr<u32>(w2, 17) ^ rotr<u32>(w2, 19) ^ (w2 >>> 10);
    schedule[t] = schedule[t - 16] + s0 + schedule[t - 7] + s1;
  }

  let a = state[0];
  let b = state[1];
  let c = state[2];
  let d = state[3];
  let e = state[4];
  let f = state[5];
  let g = state[6];
  let h = state[7];
  for (let t = 0; t < 64; t++) {
    const s1 = rotr<u32>(e, 6) ^ rotr<u32>(e, 11) ^ rotr<u32>(e, 25);
    const choose = (e & f) ^ (~e & g);
    const temp1 = h + s1 + choose + K[t] + schedule[t];
    const s0 = rotr<u32>(a, 2) ^ rotr<u32>(a, 13) ^ rotr<u32>(a, 22);
    const majority = (a & b) ^ (a & c) ^ (b & c);
    const temp2 = s0 + majority;
    h = g;
    g = f;
    f = e;
    e = d + temp1;
    d = c;
    c = b;
    b = a;
    a = temp1 + temp2;
  }
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
  state[4] += e;
  state[5] += f;
  state[6] += g;
  state[7] += h;
}

// Reads land after the unprocessed tail; at the end the same buffer holds the padding (at most two blocks).
const buffer = new Uint8Array(READ_BYTES);
let pending = 0; // bytes at the start of `buffer` not yet compressed; always < BLOCK_BYTES between reads
let total: u64 = 0; // message length in bytes

while (true) {
  const read = process.stdin.read(buffer.buffer, pending);
  if (read <= 0) break;
  total += <u64>read;
  pending += read;
  let offset = 0;
  for (; pending - offset >= BLOCK_BYTES; offset += BLOCK_BYTES) compress(buffer, offset);
  buffer.copyWithin(0, offset, pending);
  pending -= offset;
}

// Padding: a 1 bit, zeros up to 8 bytes short of a block boundary, then the length in bits (big-endian).
buffer[pending++] = 0x80;
while (pending % BLOCK_BYTES != BLOCK_BYTES - 8) buffer[pending++] = 0;
const bits = total << 3;
for (let i = 7; i >= 0; i--) buffer[pending++] = <u8>(bits >> (<u64>(8 * i)));
for (let offset = 0; offset < pending; offset += BLOCK_BYTES) compress(buffer, offset);

const HEX = "0123456789abcdef";
const out = new Output();
for (let i = 0; i < 8; i++) {
  for (let shift = 28; shift >= 0; shift -= 4) out.byte(<u8>HEX.charCodeAt((state[i] >>> shift) & 0xf));
}
out.byte(0x0a);
out.flush();
