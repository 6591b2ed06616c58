import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { base58btc } from "multiformats/bases/base58";
import { ContentMismatchError, InvalidCidError } from "../src/errors/index.js";
import {
  assertCid,
  buildFileDag,
  CHUNK_SIZE,
  computeCid,
  MAX_LINKS,
  parseCid,
  verifyCid,
  type Block,
} from "../src/cid/index.js";

const text = (s: string) => new TextEncoder().encode(s);

describe("computeCid: known Kubo CIDs", () => {
  it("matches CIDs Kubo prints for `ipfs add --cid-version=1 --raw-leaves`", () => {
    const vectors: [string, Uint8Array, string][] = [
      // Well-known: the empty file is one empty raw block.
      ["empty file", new Uint8Array(0), "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"],
      [
        '"hello world" (no newline)',
        text("hello world"),
        "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",
      ],
      // Kubo's own test fixtures (test/sharness/t0114-gateway-subdomains/README.md, ipfs 0.18.1):
      // `echo hello | ipfs add --cid-version 1` printed this.
      ['"hello\\n"', text("hello\n"), "bafkreicysg23kiwv34eg2d7qweipxwosdo2py4ldv42nbauguluen5v6am"],
      // Zero-filled files at every chunk boundary, printed by Kubo v0.42.0 `ipfs add --cid-version=1`
      // (published as fixed vectors in third-party test suites that check Kubo compatibility).
      ["1 zero byte", new Uint8Array(1), "bafkreidogqfzz75tpkmjzjke425xqcrmpcib2p5tg44hnbirumdbpl5adu"],
      ["262143 zero bytes", new Uint8Array(262_143), "bafkreic6iqyxuiad5dem4bzgyy336yoi6tegdqa4e5vt24gq3btool5cra"],
      [
        "262144 zero bytes (one full chunk)",
        new Uint8Array(262_144),
        "bafkreiekhhjkxu4ztk3tyng3er3ijhg56mb44oe3gwbgquhzu4afrg2ksa",
      ],
      [
        "262145 zero bytes (two chunks)",
        new Uint8Array(262_145),
        "bafybeigllfqgfpqydppr6cmv56g7ax4wyhruzswvcefv6j5kj77nzttfki",
      ],
      [
        "5 MiB of zeros (20 chunks)",
        new Uint8Array(5 * 1024 * 1024),
        "bafybeid7mu43g4fehkxhdkl4x3lu4pybxuxpg57it6r6z7e36soj7h2yd4",
      ],
    ];
    for (const [name, bytes, cid] of vectors) assert.equal(computeCid(bytes), cid, name);
  });
});

// ---- A second, independent implementation, written from the specs rather than from ../src/cid ----------
// Only node:crypto and hand-written encoders: no multiformats, no shared protobuf writer.

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 128) {
    out.push((n % 128) + 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

const sha256 = (bytes: Uint8Array) => [...createHash("sha256").update(bytes).digest()];
/** CIDv1 bytes: version 1, codec, sha2-256 multihash (0x12, 32 bytes). */
const cidBytes = (codec: number, block: Uint8Array) => [0x01, codec, 0x12, 0x20, ...sha256(block)];

/** RFC 4648 base32, lowercase, unpadded, with the multibase prefix "b". */
function base32(bytes: number[]): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  let bits = 0;
  let value = 0;
  let out = "b";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

interface RefNode {
  cid: number[];
  tsize: number;
  fileSize: number;
}

/** dag-pb PBNode{Links: [PBLink{Hash, Name: "", Tsize}], Data: UnixFS{Type: File, filesize, blocksizes}}. */
function referenceFileNode(children: RefNode[]): { block: Uint8Array; node: RefNode } {
  const fileSize = children.reduce((s, c) => s + c.fileSize, 0);
  const unixfs = [0x08, 0x02, 0x18, ...varint(fileSize), ...children.flatMap((c) => [0x20, ...varint(c.fileSize)])];
  const links = children.flatMap((c) => {
    const link = [0x0a, c.cid.length, ...c.cid, 0x12, 0x00, 0x18, ...varint(c.tsize)];
    return [0x12, ...varint(link.length), ...link];
  });
  const block = Uint8Array.from([...links, 0x0a, ...varint(unixfs.length), ...unixfs]);
  const tsize = block.length + children.reduce((s, c) => s + c.tsize, 0);
  return { block, node: { cid: cidBytes(0x70, block), tsize, fileSize } };
}

/**
 * The same DAG by a different construction: hash all leaves, then repeatedly group a level into runs of
 * `maxLinks` until one node remains (the js-ipfs-unixfs "reduce" formulation). Equivalent to boxo's
 * depth-first balanced builder, which is what this test is checking.
 */
function referenceCid(bytes: Uint8Array, chunkSize = CHUNK_SIZE, maxLinks = MAX_LINKS): string {
  let level: RefNode[] = [];
  for (let offset = 0; offset < bytes.length || level.length === 0; offset += chunkSize) {
    const chunk = bytes.subarray(offset, offset + chunkSize);
    level.push({ cid: cidBytes(0x55, chunk), tsize: chunk.length, fileSize: chunk.length });
  }
  while (level.length > 1) {
    const next: RefNode[] = [];
    for (let i = 0; i < level.length; i += maxLinks) next.push(referenceFileNode(level.slice(i, i + maxLinks)).node);
    level = next;
  }
  return base32(level[0]!.cid);
}

function pseudoRandom(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe("computeCid: multi-chunk DAGs against the independent implementation", () => {
  it("encodes a two-chunk root byte for byte as worked out by hand", () => {
    // 262145 zero bytes → leaves of 262144 and 1 bytes. Root block:
    //   12 2c | 0a 24 <CID leaf1> 12 00 18 80 80 10      link 1: Tsize 262144
    //   12 2a | 0a 24 <CID leaf2> 12 00 18 01            link 2: Tsize 1
    //   0a 0c | 08 02 18 81 80 10 20 80 80 10 20 01      Data: File, filesize 262145, blocksizes [262144, 1]
    // Kubo prints bafybeigllfqgfpqydppr6cmv56g7ax4wyhruzswvcefv6j5kj77nzttfki for this file.
    const bytes = new Uint8Array(262_145);
    const leaf1 = cidBytes(0x55, bytes.subarray(0, 262_144));
    const leaf2 = cidBytes(0x55, bytes.subarray(262_144));
    const root = Uint8Array.from([
      ...[0x12, 0x2c, 0x0a, 0x24, ...leaf1, 0x12, 0x00, 0x18, 0x80, 0x80, 0x10],
      ...[0x12, 0x2a, 0x0a, 0x24, ...leaf2, 0x12, 0x00, 0x18, 0x01],
      ...[0x0a, 0x0c, 0x08, 0x02, 0x18, 0x81, 0x80, 0x10, 0x20, 0x80, 0x80, 0x10, 0x20, 0x01],
    ]);
    const expected = base32(cidBytes(0x70, root));
    assert.equal(expected, "bafybeigllfqgfpqydppr6cmv56g7ax4wyhruzswvcefv6j5kj77nzttfki");

    const blocks: Block[] = [];
    const { cid, tsize } = buildFileDag(bytes, (b) => blocks.push(b));
    assert.equal(cid.toString(), expected);
    assert.deepEqual(blocks.at(-1)!.bytes, root);
    assert.equal(blocks.length, 3);
    assert.equal(tsize, root.length + 262_145); // what Kubo reports as "Size" for the file
  });

  it("agrees on real-chunk files of 2, 174 and 175 chunks (one and two levels)", () => {
    const sizes = [CHUNK_SIZE + 1, CHUNK_SIZE * 3 + 12_345, CHUNK_SIZE * MAX_LINKS, CHUNK_SIZE * MAX_LINKS + 1];
    for (const size of sizes) {
      const bytes = pseudoRandom(size, size);
      assert.equal(computeCid(bytes), referenceCid(bytes), `size ${size}`);
    }
  });

  it("agrees on deep trees with a small layout (shape check of the balanced builder)", () => {
    // chunkSize 3, maxLinks 3: 1..100 chunks covers depths 0 to 5 and every partial right edge.
    for (let chunks = 0; chunks <= 100; chunks++) {
      for (const extra of [0, 1]) {
        const bytes = pseudoRandom(Math.max(0, chunks * 3 - extra), chunks);
        const ours = buildFileDag(bytes, undefined, { chunkSize: 3, maxLinks: 3 }).cid.toString();
        assert.equal(ours, referenceCid(bytes, 3, 3), `${bytes.length} bytes`);
      }
    }
  });

  it("keeps a lone last chunk under its own parent instead of collapsing it", () => {
    // 4 chunks with maxLinks 3: root → [node(3 leaves), node(1 leaf)] — the second node has one link.
    const blocks: Block[] = [];
    buildFileDag(pseudoRandom(12, 1), (b) => blocks.push(b), { chunkSize: 3, maxLinks: 3 });
    const codecs = blocks.map((b) => (b.cid.code === 0x55 ? "raw" : "pb"));
    assert.deepEqual(codecs, ["raw", "raw", "raw", "pb", "raw", "pb", "pb"]);
  });
});

describe("parseCid / verifyCid / assertCid", () => {
  const hello = text("hello world");
  const helloCid = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e";

  it("verifies bytes against their CID", () => {
    assert.equal(verifyCid(hello, helloCid), true);
    assert.equal(verifyCid(text("hello worle"), helloCid), false);
    const big = pseudoRandom(CHUNK_SIZE * 2 + 5, 9);
    const cid = computeCid(big);
    assert.equal(verifyCid(big, cid), true);
    big[CHUNK_SIZE + 1]! ^= 1;
    assert.equal(verifyCid(big, cid), false);
  });

  it("assertCid throws a non-retryable ContentMismatchError", () => {
    assert.doesNotThrow(() => assertCid(hello, helloCid));
    assert.throws(
      () => assertCid(text("tampered"), helloCid),
      (e: unknown) => e instanceof ContentMismatchError && !e.retryable && e.expected === helloCid,
    );
  });

  it("accepts other multibase spellings of a CIDv1", () => {
    const base58 = parseCid(helloCid).toString(base58btc);
    assert.match(base58, /^z/);
    assert.equal(parseCid(base58).toString(), helloCid);
  });

  it("rejects garbage, CIDv0 and unsupported codecs or hashes", () => {
    for (const bad of [
      "",
      "not-a-cid",
      "QmZULkCELmmk5XNfCgTnCyFgAVxBRBXyDHGGMVoLFLiXEN", // CIDv0
      "bafyreihdb57fdysx5h35urvxz64ros7zvywshber7id6t6c6fek37jgyfe", // dag-cbor
      "bafkrgqhhyivzstcz3hhswshfjgy6ertgmnqeleynhwt4dlfsthi4hn7zgh4uvlsb5xncykzapi3ocd4lzogukir6ksdy6wzrnz6ohnv4aglcs", // sha2-512
    ]) {
      assert.throws(() => parseCid(bad), InvalidCidError, bad);
    }
  });
});
