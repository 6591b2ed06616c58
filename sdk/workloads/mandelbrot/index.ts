// mandelbrot: renders the Mandelbrot set over a rectangle of the complex plane as a binary PPM (P6) image.
// stdin: one line "width height xmin xmax ymin ymax maxIter", fields separated by whitespace, e.g.
//   "350 250 -2.5 1 -1.25 1.25 500"
// width, height: 1..2048 pixels; maxIter: 1..100000, and width * height * maxIter <= 2^30 so a job has a
// bounded cost (about 5 s at 5 ns per iteration); coordinates: plain decimals ("-0.75", "1", ".5" is refused) of at most 15 digits.
// stdout: "P6\n<width> <height>\n255\n" then width * height RGB pixels, top row (ymax) first.
// Bad input: a message on stderr and exit code 2. No arguments.
//
// Determinism: every replica must produce identical bytes. WASM float64 arithmetic is IEEE 754 with no
// fused multiply-add, and coordinates are parsed exactly (see parseDecimal), so the image depends on the
// input alone. The formulas below are mirrored by the JS reference in sdk/test/helpers/workload-references.ts.

import { fail, parseSmallInt, readStdin, splitFields, Output } from "../common/io";

const MAX_SIDE = 2048; // pixels
const MAX_ITERATIONS = 100_000;
const MAX_WORK: u64 = 1 << 30; // width * height * maxIter
const MAX_DECIMAL_DIGITS = 15; // so the digits fit a float64 exactly (< 2^53) and 10^15 is exact too

/**
 * Parses "-?digits(.digits)?" to the float64 nearest its decimal value — the same number JS `Number()`
 * gives. With at most 15 digits, the digits as an integer m and the scale 10^f are both exact float64
 * values, and IEEE division rounds m / 10^f correctly. (AssemblyScript's parseFloat is not guaranteed
 * to round correctly, which would let a replica disagree with another implementation.) Returns NaN for
 * anything else.
 */
function parseDecimal(text: string): f64 {
  let i = 0;
  const negative = text.length > 0 && text.charCodeAt(0) == 0x2d; // "-"
  if (negative) i++;
  let digits: f64 = 0;
  let digitCount = 0;
  let fractionDigits = 0;
  let seenPoint = false;
  let digitsBeforePoint = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c == 0x2e && !seenPoint) {
      seenPoint = true;
      digitsBeforePoint = digitCount;
      continue;
    }
    if (c < 0x30 || c > 0x39) return NaN;
    digits = digits * 10 + <f64>(c - 0x30); // exact: stays below 10^15
    digitCount++;
    if (seenPoint) fractionDigits++;
  }
  const wellFormed = digitCount > 0 && (!seenPoint || (digitsBeforePoint > 0 && fractionDigits > 0));
  if (!wellFormed || digitCount > MAX_DECIMAL_DIGITS) return NaN;
  let scale: f64 = 1;
  for (let k = 0; k < fractionDigits; k++) scale *= 10;
  const value = digits / scale;
  return negative ? -value : value;
}

// 16 colours cycled by escape time (the classic "Ultra Fractal" gradient); points of the set are black.
const PALETTE: StaticArray<u8> = [
  66, 30, 15, 25, 7, 26, 9, 1, 47, 4, 4, 73, 0, 7, 100, 12, 44, 138, 24, 82, 177, 57, 125, 209, 134, 181, 229, 211, 236,
  248, 241, 233, 191, 248, 201, 95, 255, 170, 0, 204, 128, 0, 153, 87, 0, 106, 52, 3,
];

/** Iterations of z -> z^2 + c from z = 0 until |z| > 2, at most maxIter. */
function escapeTime(cx: f64, cy: f64, maxIter: i32): i32 {
  let zx: f64 = 0;
  let zy: f64 = 0;
  let i = 0;
  while (i < maxIter) {
    const x2 = zx * zx;
    const y2 = zy * zy;
    if (x2 + y2 > 4) break;
    zy = 2 * zx * zy + cy;
    zx = x2 - y2 + cx;
    i++;
  }
  return i;
}

/** The request read from stdin, once validated. */
class Spec {
  width: i32 = 0;
  height: i32 = 0;
  xmin: f64 = 0;
  xmax: f64 = 0;
  ymin: f64 = 0;
  ymax: f64 = 0;
  maxIter: i32 = 0;
}

/** Fails the run with `problem` on stderr; never returns (typed so callers can `return bad(...)`). */
function bad(problem: string): Spec {
  return fail<Spec>("mandelbrot: " + problem);
}

function readSpec(): Spec {
  const fields = splitFields(readStdin("mandelbrot", 1024));
  if (fields.length != 7) {
    return bad("expected 'width height xmin xmax ymin ymax maxIter', got " + fields.length.toString() + " fields");
  }
  const spec = new Spec();
  spec.width = parseSmallInt(fields[0]);
  spec.height = parseSmallInt(fields[1]);
  spec.xmin = parseDecimal(fields[2]);
  spec.xmax = parseDecimal(fields[3]);
  spec.ymin = parseDecimal(fields[4]);
  spec.ymax = parseDecimal(fields[5]);
  spec.maxIter = parseSmallInt(fields[6]);

  const side = "1 to " + MAX_SIDE.toString();
  if (spec.width < 1 || spec.width > MAX_SIDE) return bad("width must be an integer from " + side);
  if (spec.height < 1 || spec.height > MAX_SIDE) return bad("height must be an integer from " + side);
  if (spec.maxIter < 1 || spec.maxIter > MAX_ITERATIONS) {
    return bad("maxIter must be an integer from 1 to " + MAX_ITERATIONS.toString());
  }
  if (<u64>spec.width * <u64>spec.height * <u64>spec.maxIter > MAX_WORK) {
    return bad("width * height * maxIter must be at most " + MAX_WORK.toString());
  }
  if (isNaN(spec.xmin) || isNaN(spec.xmax) || isNaN(spec.ymin) || isNaN(spec.ymax)) {
    return bad("coordinates must be decimals like -0.75 with at most 15 digits");
  }
  if (!(spec.xmin < spec.xmax) || !(spec.ymin < spec.ymax)) return bad("expected xmin < xmax and ymin < ymax");
  return spec;
}

// Pixel centres: column px maps to xmin + (px + 0.5) * dx, row py to ymax - (py + 0.5) * dy.
const spec = readSpec();
const dx = (spec.xmax - spec.xmin) / <f64>spec.width;
const dy = (spec.ymax - spec.ymin) / <f64>spec.height;

const out = new Output();
out.ascii("P6\n" + spec.width.toString() + " " + spec.height.toString() + "\n255\n");
for (let py = 0; py < spec.height; py++) {
  const cy = spec.ymax - (<f64>py + 0.5) * dy;
  for (let px = 0; px < spec.width; px++) {
    const cx = spec.xmin + (<f64>px + 0.5) * dx;
    const iterations = escapeTime(cx, cy, spec.maxIter);
    if (iterations == spec.maxIter) {
      out.byte(0);
      out.byte(0);
      out.byte(0);
    } else {
      const colour = (iterations % 16) * 3;
      out.byte(PALETTE[colour]);
      out.byte(PALETTE[colour + 1]);
      out.byte(PALETTE[colour + 2]);
    }
  }
}
out.flush();
