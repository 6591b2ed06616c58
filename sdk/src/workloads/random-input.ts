import type { ExampleName } from "./examples.js";
import { syntheticImage } from "./images.js";

/** A source of uniform numbers in [0, 1): `Math.random`, or `seededRandom(seed)` for reproducible inputs. */
export type RandomSource = () => number;

/** A small seeded generator (mulberry32): the same seed gives the same sequence on every machine. */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const encoder = new TextEncoder();

/**
 * Per example, a small valid input that differs from call to call, so that the jobs a generator (the
 * devnet's) posts are not all identical. Every input fits the example's `limits` and runs in about a
 * second at most.
 */
export const RANDOM_INPUTS: Record<ExampleName, (random: RandomSource) => Uint8Array> = {
  sha256: randomBytes,
  wordfreq: randomText,
  mandelbrot: randomRegion,
  primes: randomLimit,
  iris: randomFlowers,
  edges: (random) => syntheticImage(between(random, 16, 96), between(random, 16, 96), random),
};

const between = (random: RandomSource, min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(random: RandomSource, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** 0 to 4096 arbitrary bytes. */
function randomBytes(random: RandomSource): Uint8Array {
  const bytes = new Uint8Array(between(random, 0, 4096));
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

const VOCABULARY = [
  "block", "chain", "compute", "hash", "job", "market", "node", "proof", "provider", "replica",
  "result", "stake", "the", "a", "of", "and", "to", "is", "wasm", "worker",
]; // prettier-ignore
const SEPARATORS = [" ", " ", " ", ", ", ". ", "\n", "; ", " - "];

/** 20 to 200 words from a small vocabulary, some capitalised, with punctuation between them. */
function randomText(random: RandomSource): Uint8Array {
  const words: string[] = [];
  for (let n = between(random, 20, 200); n > 0; n--) {
    const word = pick(random, VOCABULARY);
    words.push(random() < 0.2 ? word[0]!.toUpperCase() + word.slice(1) : word, pick(random, SEPARATORS));
  }
  return encoder.encode(words.join(""));
}

// Places worth zooming into: the whole set, seahorse valley, elephant valley, a spiral, a mini-brot.
const CENTRES: readonly [number, number][] = [
  [-0.75, 0],
  [-0.743643887, 0.1318259042],
  [0.285, 0.01],
  [-0.7615, -0.08475],
  [-1.7685, 0.0017],
];

/** A 64-192 pixel wide 4:3 view of 1e-6 to 1.5 half-width around an interesting point, 100-1000 iterations. */
function randomRegion(random: RandomSource): Uint8Array {
  const [cx, cy] = pick(random, CENTRES);
  const halfWidth = 1.5 * 10 ** (-6 * random()); // log-uniform, so deep and shallow zooms are equally likely
  const halfHeight = halfWidth * 0.75;
  const width = between(random, 64, 192);
  const height = Math.round(width * 0.75);
  // Ten decimals keep every coordinate within the program's 15 digits; a half-width >= 1e-6 keeps
  // min < max after rounding.
  const coordinate = (value: number) => value.toFixed(10);
  const spec = [
    width,
    height,
    coordinate(cx - halfWidth),
    coordinate(cx + halfWidth),
    coordinate(cy - halfHeight),
    coordinate(cy + halfHeight),
    between(random, 100, 1000),
  ];
  return encoder.encode(`${spec.join(" ")}\n`);
}

/** N log-uniform in 1 to 10^7 (so small edge cases come up too). */
function randomLimit(random: RandomSource): Uint8Array {
  return encoder.encode(`${Math.floor(10 ** (7 * random()))}\n`);
}

// Ranges of the four iris measurements in the data set, in cm.
const IRIS_RANGES: readonly [number, number][] = [
  [4.3, 7.9],
  [2.0, 4.4],
  [1.0, 6.9],
  [0.1, 2.5],
];

/** 1 to 40 flowers, each measurement uniform in its range, one decimal. */
function randomFlowers(random: RandomSource): Uint8Array {
  const lines: string[] = [];
  for (let n = between(random, 1, 40); n > 0; n--) {
    lines.push(IRIS_RANGES.map(([lo, hi]) => (lo + random() * (hi - lo)).toFixed(1)).join(","));
  }
  return encoder.encode(`${lines.join("\n")}\n`);
}
