import type { RandomSource } from "./random-input.js";

/**
 * A binary PGM (P5) test picture for the `edges` workload: a diagonal gradient with a few filled
 * rectangles and discs of random grey levels on it, so there are edges of every direction to find.
 * Integer arithmetic only: the same `random` sequence gives the same bytes everywhere.
 */
export function syntheticImage(width: number, height: number, random: RandomSource): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${width} ${height}\n255\n`);
  const image = new Uint8Array(header.length + width * height);
  image.set(header);
  const pixels = image.subarray(header.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) pixels[y * width + x] = Math.floor(((x + y) * 128) / (width + height));
  const pick = (n: number) => Math.floor(random() * n);
  for (let shape = 0; shape < 6; shape++) {
    const [cx, cy, r, grey, disc] = [pick(width), pick(height), 2 + pick(Math.max(3, width / 3)), pick(256), shape % 2];
    for (let y = Math.max(0, cy - r); y < Math.min(height, cy + r); y++)
      for (let x = Math.max(0, cx - r); x < Math.min(width, cx + r); x++)
        if (!disc || (x - cx) ** 2 + (y - cy) ** 2 <= r * r) pixels[y * width + x] = grey;
  }
  return image;
}
