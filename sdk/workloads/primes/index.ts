// primes: counts the primes p <= N (the prime-counting function pi(N)) with a sieve of Eratosthenes.
// stdin: N as a decimal integer, 0 <= N <= 100000000, optionally surrounded by whitespace.
// stdout: "count=<pi(N)> largest=<the largest prime <= N, or 0 if there is none>\n".
// Bad input: a message on stderr and exit code 2. No arguments.

import { fail, parseSmallInt, readStdin, splitFields, Output } from "../common/io";

// The sieve keeps one bit per odd number, so N = 1e8 needs 6.25 MB: well inside the module's 16 MiB.
const MAX_N = 100_000_000;

function readN(): i32 {
  const fields = splitFields(readStdin("primes", 64));
  if (fields.length == 0) return fail<i32>("primes: stdin is empty; expected an integer N");
  if (fields.length > 1) return fail<i32>("primes: expected one integer N, got " + fields.length.toString());
  const n = parseSmallInt(fields[0]);
  if (n < 0 || n > MAX_N) {
    return fail<i32>("primes: N must be an integer from 0 to " + MAX_N.toString() + ", got '" + fields[0] + "'");
  }
  return n;
}

const n = readN();

// Bit i of `composite` stands for the odd number 2i + 1; 2 is the only even prime and is counted apart.
const composite = new Uint8Array((n >> 4) + 1);

function bitOf(odd: i32): u8 {
  return <u8>((<i32>1) << ((odd >> 1) & 7));
}

function isComposite(odd: i32): bool {
  return (unchecked(composite[odd >> 4]) & bitOf(odd)) != 0;
}

function markComposite(odd: i32): void {
  unchecked((composite[odd >> 4] |= bitOf(odd)));
}

// Every odd composite m <= N has an odd prime factor p <= sqrt(N); crossing out from p*p suffices because
// smaller multiples of p have a smaller prime factor and are crossed out already. Indices stay below
// (n >> 4) + 1 bytes by construction, hence `unchecked` (the sieve is the hot loop).
for (let p = 3; p * p <= n; p += 2) {
  if (isComposite(p)) continue;
  for (let m = p * p; m <= n; m += 2 * p) markComposite(m);
}

let count = n >= 2 ? 1 : 0;
let largest = n >= 2 ? 2 : 0;
for (let odd = 3; odd <= n; odd += 2) {
  if (!isComposite(odd)) {
    count++;
    largest = odd;
  }
}

const out = new Output();
out.ascii("count=" + count.toString() + " largest=" + largest.toString() + "\n");
out.flush();
