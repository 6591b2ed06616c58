import { createHash } from "node:crypto";

// PROTOCOL.md, "Content identifiers": content up to one chunk is a single raw block, named by a CIDv1 with the raw
// codec and a sha2-256 multihash, written in multibase base32 (lowercase, no padding, prefix "b").
const CHUNK_BYTES = 262_144;
const CID_VERSION = 0x01;
const RAW_CODEC = 0x55;
const SHA2_256 = 0x12;
const SHA2_256_LENGTH = 0x20;
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567"; // RFC 4648

/**
 * The CID of `bytes` (at most 256 KiB: a job bundle always is). Larger content is a UnixFS DAG, which this client does
 * not build.
 */
export function cidOf(bytes: Uint8Array): string {
  if (bytes.length > CHUNK_BYTES) throw new RangeError(`${bytes.length} bytes need a UnixFS DAG (over one chunk)`);
  const digest = createHash("sha256").update(bytes).digest();
  // Every prefix field is an unsigned varint; each of these values fits in one byte.
  return "b" + base32(Uint8Array.from([CID_VERSION, RAW_CODEC, SHA2_256, SHA2_256_LENGTH, ...digest]));
}

/** `ipfs://<cid>` of `bytes`: a bundle URI or a result URI. */
export function ipfsUriOf(bytes: Uint8Array): string {
  return `ipfs://${cidOf(bytes)}`;
}

function base32(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0; // bits not written yet, the oldest highest
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xfff; // at most 4 + 8 bits are pending
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(buffer >> bits) & 31];
    }
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}
