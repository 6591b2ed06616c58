import { readFile } from "node:fs/promises";
import { MIB } from "../bundle/limits.js";
import type { BundleLimits } from "../bundle/types.js";
import { UnknownExampleError } from "../errors/workloads.js";
import { syntheticImage } from "./images.js";
import { RANDOM_INPUTS, seededRandom, type RandomSource } from "./random-input.js";

/** A ready-to-run sample job: a committed WASI module (built from sdk/workloads/<name>/) and its input. */
export interface ExampleWorkload {
  name: ExampleName;
  /** One line for `hashwork job examples`. */
  description: string;
  /** What the program reads on stdin, in one line (sdk/workloads/README.md has the details). */
  inputFormat: string;
  /** The committed module, sdk/workloads/build/<name>.wasm (a fresh copy per call). */
  module(): Promise<Uint8Array>;
  /** An input that makes a sensible job on its own (a fresh copy per call). */
  defaultInput(): Uint8Array;
  /**
   * A small valid input that varies with `seed` (the same seed, the same input; no seed, `Math.random`),
   * for generators that post a stream of jobs. See also `randomInput(name, random)`.
   */
  randomInput(seed?: number): Uint8Array;
  /** argv after the program name. */
  args: string[];
  /**
   * Enough for any input the program accepts (sha256: up to 64 MiB); `memoryMiB` is the module's declared
   * maximum, `fuel` the worst accepted input's measured fuel plus 25%.
   */
  limits: BundleLimits;
  /** Media type of the output, e.g. for saving or displaying a result. */
  outputMediaType: string;
}

/** The sample workloads' names: what {@link getExample} takes. */
export const EXAMPLE_NAMES = ["sha256", "wordfreq", "mandelbrot", "primes", "iris", "edges"] as const;
/** The name of a sample workload: one of {@link EXAMPLE_NAMES}. */
export type ExampleName = (typeof EXAMPLE_NAMES)[number];

const BUILD_DIR = new URL("../../workloads/build/", import.meta.url);
const encoder = new TextEncoder();

const committedModule = (name: ExampleName) => async () =>
  new Uint8Array(await readFile(new URL(`${name}.wasm`, BUILD_DIR)));

const seededInput = (name: ExampleName) => (seed?: number) =>
  RANDOM_INPUTS[name](seed === undefined ? Math.random : seededRandom(seed));

// The opening of "A Tale of Two Cities" (Dickens, 1859; public domain): repetitive enough to count.
const TALE_OPENING =
  "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of " +
  "foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season of Light, it " +
  "was the season of Darkness, it was the spring of hope, it was the winter of despair, we had everything " +
  "before us, we had nothing before us, we were all going direct to Heaven, we were all going direct the " +
  "other way.\n";

const EXAMPLES: readonly ExampleWorkload[] = [
  {
    name: "sha256",
    description: "SHA-256 digest of the input, as lowercase hex",
    inputFormat: "any bytes",
    module: committedModule("sha256"),
    randomInput: seededInput("sha256"),
    defaultInput: () => encoder.encode("The quick brown fox jumps over the lazy dog"),
    args: [],
    // ~446 fuel per input byte (16 MiB measured: 7.49e9): the fuel covers inputs up to 64 MiB with 25% to
    // spare. Hash larger inputs with --fuel.
    limits: { memoryMiB: 1, fuel: 40_000_000_000, maxOutputBytes: 65 }, // 64 hex digits + "\n"
    outputMediaType: "text/plain",
  },
  {
    name: "wordfreq",
    description: "Word frequencies of a text, most frequent first",
    inputFormat: "text of at most 4 MiB; words are runs of ASCII letters, case-folded",
    module: committedModule("wordfreq"),
    randomInput: seededInput("wordfreq"),
    defaultInput: () => encoder.encode(TALE_OPENING),
    args: [],
    // 128 MiB holds the most distinct words 4 MiB can contain (~780k); output is at most twice the input.
    // Fuel: 4 MiB of all-distinct words measured 1.01e10, plus 25%.
    limits: { memoryMiB: 128, fuel: 13_000_000_000, maxOutputBytes: 8 * MIB },
    outputMediaType: "text/plain",
  },
  {
    name: "mandelbrot",
    description: "Mandelbrot set image (binary PPM) of a region of the complex plane",
    inputFormat: "'width height xmin xmax ymin ymax maxIter', e.g. '350 250 -2.5 1 -1.25 1.25 500'",
    module: committedModule("mandelbrot"),
    randomInput: seededInput("mandelbrot"),
    defaultInput: () => encoder.encode("350 250 -2.5 1 -1.25 1.25 500\n"),
    args: [],
    // The largest image the program accepts (2048 x 2048 RGB plus a header of at most 17 bytes). Fuel: its
    // work bound (width * height * maxIter <= 2^30), all inside the set, measured 3.91e10; plus 25%.
    limits: { memoryMiB: 2, fuel: 50_000_000_000, maxOutputBytes: 3 * 2048 * 2048 + 32 },
    outputMediaType: "image/x-portable-pixmap",
  },
  {
    name: "primes",
    description: "Counts the primes up to N (sieve of Eratosthenes) and reports the largest",
    inputFormat: "an integer N, 0 <= N <= 100000000",
    module: committedModule("primes"),
    randomInput: seededInput("primes"),
    defaultInput: () => encoder.encode("1000000\n"),
    args: [],
    // N = 1e8 sieves 6.25 MB of bits: measured 1.36e10 fuel; plus 25%. The output is one short line.
    limits: { memoryMiB: 16, fuel: 17_000_000_000, maxOutputBytes: 64 },
    outputMediaType: "text/plain",
  },
  {
    name: "iris",
    description: "Classifies iris flowers with a small neural network (C, trained by sdk/scripts/train-iris.mjs)",
    inputFormat: "one flower per line: 'sepal_length,sepal_width,petal_length,petal_width' in cm",
    module: committedModule("iris"),
    randomInput: seededInput("iris"),
    // Two flowers of each species, from the iris data set (rows 1, 2, 51, 52, 101, 102).
    defaultInput: () =>
      encoder.encode(
        "5.1,3.5,1.4,0.2\n4.9,3.0,1.4,0.2\n7.0,3.2,4.7,1.4\n6.4,3.2,4.5,1.5\n6.3,3.3,6.0,2.5\n5.8,2.7,5.1,1.9\n",
      ),
    args: [],
    // Up to 100,000 flowers: measured 2.33e9 fuel and 6.9 MB of output; plus 25%.
    limits: { memoryMiB: 2, fuel: 3_000_000_000, maxOutputBytes: 8 * MIB },
    outputMediaType: "text/plain",
  },
  {
    name: "edges",
    description: "Edge detection (Gaussian blur, then Sobel magnitude) on a greyscale PGM image (C)",
    inputFormat: "a binary PGM (P5, maxval 255) of at most 2048 x 2048 pixels",
    module: committedModule("edges"),
    randomInput: seededInput("edges"),
    defaultInput: () => syntheticImage(192, 128, seededRandom(1)),
    args: [],
    // The largest image (2048 x 2048) measured 1.05e9 fuel; plus 25%. The output is the same size as the input.
    limits: { memoryMiB: 32, fuel: 1_400_000_000, maxOutputBytes: 2048 * 2048 + 32 },
    outputMediaType: "image/x-portable-graymap",
  },
];

/** Every example workload, in a stable order. Each call returns fresh objects the caller may modify. */
export function listExamples(): ExampleWorkload[] {
  return EXAMPLES.map(copyExample);
}

/** The example called `name`; throws `UnknownExampleError` (listing the valid names) for any other name. */
export function getExample(name: string): ExampleWorkload {
  const example = EXAMPLES.find((candidate) => candidate.name === name);
  if (!example) throw new UnknownExampleError(name, EXAMPLE_NAMES);
  return copyExample(example);
}

/**
 * A small valid input for the example `name`, drawn with `random` (default `Math.random`). Throws
 * `UnknownExampleError` for an unknown name.
 */
export function randomInput(name: string, random: RandomSource = Math.random): Uint8Array {
  return RANDOM_INPUTS[getExample(name).name](random);
}

/** Whether `name` is an example's name. */
export function isExampleName(name: string): name is ExampleName {
  return (EXAMPLE_NAMES as readonly string[]).includes(name);
}

function copyExample(example: ExampleWorkload): ExampleWorkload {
  return { ...example, args: [...example.args], limits: { ...example.limits } };
}
