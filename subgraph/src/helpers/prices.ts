import { BigInt } from "@graphprotocol/graph-ts";

// A fixed log-linear histogram of prices, so the median can be derived from events alone.
// Each power of two [2^e, 2^(e+1)) is split into 4 equal sub-buckets: bucket = 4·e + m, where
// e = floor(log2 p) and m = the two bits that follow the leading one. A bucket is at most 25% of its
// lower bound wide; prices below 8 get one bucket each (exact). Indices are sparse and increase with price.

/** Bucket index of a positive price; -1 for zero. */
export function priceBucket(price: BigInt): i32 {
  // BigInt is little-endian two's-complement bytes; prices are never negative.
  let top = price.length - 1;
  while (top >= 0 && price[top] == 0) top--;
  if (top < 0) return -1;
  const e: i32 = top * 8 + (31 - clz<i32>(price[top] as i32));
  let m: i32 = 0;
  if (e >= 2) m = (bitAt(price, e - 1) << 1) | bitAt(price, e - 2);
  else if (e == 1) m = bitAt(price, 0) << 1; // 2 → 0, 3 → 2: the same layout as the shifted value
  return 4 * e + m;
}

/** Smallest price in a bucket. */
export function bucketLow(bucket: i32): BigInt {
  const e = bucket >> 2;
  const m = bucket & 3;
  if (e < 2) return BigInt.fromI32(((4 + m) << e) >> 2);
  return BigInt.fromI32(4 + m).leftShift((e - 2) as u8);
}

/** Smallest price above a bucket (its exclusive upper bound). */
export function bucketHigh(bucket: i32): BigInt {
  const e = bucket >> 2;
  const m = bucket & 3;
  if (e < 2) return BigInt.fromI32((((4 + m) << e) >> 2) + 1);
  return BigInt.fromI32(5 + m).leftShift((e - 2) as u8);
}

function bitAt(value: BigInt, bit: i32): i32 {
  return (value[bit >> 3] >> ((bit & 7) as u8)) & 1;
}

/** Adds one observation of `bucket` to sorted sparse (buckets, counts) arrays, in place. */
export function histogramAdd(buckets: Array<i32>, counts: Array<i32>, bucket: i32): void {
  let i = 0;
  while (i < buckets.length && buckets[i] < bucket) i++;
  if (i < buckets.length && buckets[i] == bucket) {
    counts[i] = counts[i] + 1;
    return;
  }
  // AssemblyScript's splice cannot insert: grow by one and shift the tail.
  buckets.push(bucket);
  counts.push(1);
  for (let j = buckets.length - 1; j > i; j--) {
    buckets[j] = buckets[j - 1];
    counts[j] = counts[j - 1];
  }
  buckets[i] = bucket;
  counts[i] = 1;
}

/** The bucket holding the lower median (the ceil(n/2)-th smallest observation); -1 when empty. */
export function histogramMedian(buckets: Array<i32>, counts: Array<i32>): i32 {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  if (total == 0) return -1;
  const rank = (total + 1) / 2;
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    seen += counts[i];
    if (seen >= rank) return buckets[i];
  }
  return buckets[buckets.length - 1];
}
