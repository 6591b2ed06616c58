// Independent JS computations of what each example workload (sdk/workloads/) must output. They share
// only the output format with the AssemblyScript sources, not the code: node:crypto for SHA-256, a regex
// word split, a plain byte-per-number sieve. Mandelbrot has to follow the same float64 formula to get the
// same pixels, but is written independently here.

import { createHash } from "node:crypto";

const encoder = new TextEncoder();

export function sha256Reference(input: Uint8Array): Uint8Array {
  return encoder.encode(`${createHash("sha256").update(input).digest("hex")}\n`);
}

/** `count word` lines, count descending then word ascending; `top` limits the number of lines. */
export function wordfreqReference(input: Uint8Array, top = Infinity): Uint8Array {
  // latin1 maps each byte to one char, so non-ASCII bytes stay non-letters and split words.
  const words =
    Buffer.from(input)
      .toString("latin1")
      .match(/[A-Za-z]+/g) ?? [];
  const counts = new Map<string, number>();
  for (const word of words) counts.set(word.toLowerCase(), (counts.get(word.toLowerCase()) ?? 0) + 1);
  const sorted = [...counts].sort(([wordA, a], [wordB, b]) => b - a || (wordA < wordB ? -1 : 1));
  return encoder.encode(
    sorted
      .slice(0, top)
      .map(([word, count]) => `${count} ${word}\n`)
      .join(""),
  );
}

const PALETTE = [
  [66, 30, 15], [25, 7, 26], [9, 1, 47], [4, 4, 73], [0, 7, 100], [12, 44, 138], [24, 82, 177], [57, 125, 209],
  [134, 181, 229], [211, 236, 248], [241, 233, 191], [248, 201, 95], [255, 170, 0], [204, 128, 0], [153, 87, 0],
  [106, 52, 3],
]; // prettier-ignore

/** P6 image for a valid "width height xmin xmax ymin ymax maxIter" spec. */
export function mandelbrotReference(spec: string): Uint8Array {
  const [width, height, xmin, xmax, ymin, ymax, maxIter] = spec.trim().split(/\s+/).map(Number);
  const header = encoder.encode(`P6\n${width} ${height}\n255\n`);
  const image = new Uint8Array(header.length + width * height * 3);
  image.set(header);
  const stepX = (xmax - xmin) / width;
  const stepY = (ymax - ymin) / height;
  let offset = header.length;
  for (let row = 0; row < height; row++) {
    const ci = ymax - (row + 0.5) * stepY;
    for (let column = 0; column < width; column++) {
      const cr = xmin + (column + 0.5) * stepX;
      let re = 0;
      let im = 0;
      let n = 0;
      for (; n < maxIter; n++) {
        const re2 = re * re;
        const im2 = im * im;
        if (re2 + im2 > 4) break;
        im = 2 * re * im + ci;
        re = re2 - im2 + cr;
      }
      image.set(n === maxIter ? [0, 0, 0] : PALETTE[n % 16]!, offset);
      offset += 3;
    }
  }
  return image;
}

/** pi(n) and the largest prime <= n (0 if none), by a byte-per-number sieve. */
export function primesReference(n: number): Uint8Array {
  const composite = new Uint8Array(n + 1);
  let count = 0;
  let largest = 0;
  for (let i = 2; i <= n; i++) {
    if (composite[i]) continue;
    count++;
    largest = i;
    for (let multiple = i * i; multiple <= n; multiple += i) composite[multiple] = 1;
  }
  return encoder.encode(`count=${count} largest=${largest}\n`);
}

/** The trained parameters the iris workload was compiled with (sdk/workloads/iris/model.json). */
export interface IrisModel {
  classes: string[];
  mean: number[];
  std: number[];
  w1: number[][];
  b1: number[];
  w2: number[][];
  b2: number[];
}

/**
 * Class and logits per flower line, computed in float64 from model.json with the documented order of
 * operations (standardize, hidden = relu(b1 + Σ w1·z), logits = b2 + Σ w2·hidden, first maximum wins).
 */
export function irisReference(input: Uint8Array, model: IrisModel): { name: string; logits: number[] }[] {
  const lines = new TextDecoder().decode(input).split("\n");
  return lines
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const z = line
        .trim()
        .split(/[\s,]+/)
        .map((v, i) => (Number(v) - model.mean[i]!) / model.std[i]!);
      const hidden = model.w1.map((row, j) =>
        Math.max(
          0,
          row.reduce((h, w, i) => h + w * z[i]!, model.b1[j]!),
        ),
      );
      const logits = model.w2.map((row, k) => row.reduce((l, w, j) => l + w * hidden[j]!, model.b2[k]!));
      const best = logits.indexOf(Math.max(...logits));
      return { name: model.classes[best]!, logits };
    });
}

/** Gaussian 1-2-1 blur then rounded Sobel magnitude, edges clamped, as a P5 image (input: P5, maxval 255). */
export function edgesReference(input: Uint8Array): Uint8Array {
  const text = Buffer.from(input).toString("latin1");
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(text)!;
  const [w, h] = [Number(header[1]), Number(header[2])];
  const pixels = input.subarray(header[0].length);
  const at = (img: Uint8Array, x: number, y: number) =>
    img[Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))]!;
  const kernel = [1, 2, 1, 2, 4, 2, 1, 2, 1];
  const blur = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let sum = 8;
      for (let k = 0; k < 9; k++) sum += kernel[k]! * at(pixels, x + (k % 3) - 1, y + Math.floor(k / 3) - 1);
      blur[y * w + x] = sum >> 4;
    }
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const b = (dx: number, dy: number) => at(blur, x + dx, y + dy);
      const gx = b(1, -1) + 2 * b(1, 0) + b(1, 1) - b(-1, -1) - 2 * b(-1, 0) - b(-1, 1);
      const gy = b(-1, 1) + 2 * b(0, 1) + b(1, 1) - b(-1, -1) - 2 * b(0, -1) - b(1, -1);
      out[y * w + x] = Math.min(255, Math.floor(Math.sqrt(gx * gx + gy * gy) + 0.5));
    }
  return Buffer.concat([Buffer.from(`P5\n${w} ${h}\n255\n`), out]);
}
