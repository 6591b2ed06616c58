import { getAddress, isAddress, parseUnits } from "ethers";
import { usageError } from "./errors.js";

// Argument parsers. Each throws a usage error (exit 2) naming the flag and the accepted form, so a typo
// never reaches the chain.

/** A positive decimal token amount ("1.5") in base units of a token with `decimals`. */
export function parseAmount(value: string, decimals: number, what: string, allowZero = false): bigint {
  const trimmed = value.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) {
    throw usageError(`${what} must be a decimal token amount such as 1 or 0.25, got "${value}".`);
  }
  let amount: bigint;
  try {
    amount = parseUnits(trimmed, decimals);
  } catch {
    throw usageError(`${what} has more than ${decimals} decimals: "${value}".`);
  }
  if (amount === 0n && !allowZero) throw usageError(`${what} must be greater than zero.`);
  return amount;
}

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** A duration such as 90, 90s, 10m, 2h or 1d, in seconds. */
export function parseDuration(value: string, what: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(value.trim());
  if (!match) throw usageError(`${what} must be a duration such as 90s, 10m, 2h or 1d, got "${value}".`);
  const seconds = Number(match[1]) * DURATION_UNITS[match[2] || "s"]!;
  if (seconds <= 0) throw usageError(`${what} must be longer than zero.`);
  return seconds;
}

/** An integer within [min, max]. */
export function parseInteger(value: string, what: string, min: number, max: number): number {
  const trimmed = value.trim();
  const n = /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw usageError(`${what} must be a whole number from ${min} to ${max}, got "${value}".`);
  }
  return n;
}

/** A job id: a positive integer. */
export function parseJobId(value: string): bigint {
  if (!/^\d+$/.test(value.trim()) || BigInt(value.trim()) === 0n) {
    throw usageError(
      `A job id is a positive whole number such as 7, got "${value}".`,
      "List your jobs with `hashwork job list`.",
    );
  }
  return BigInt(value.trim());
}

/** Resource classes as a comma list ("0,2") → bitmask (bit i = class i). */
export function parseClasses(value: string): number {
  let mask = 0;
  for (const part of value.split(",")) {
    const cls = parseInteger(part, "--classes entry", 0, 31);
    mask = (mask | (1 << cls)) >>> 0;
  }
  return mask;
}

/** The class numbers set in a bitmask, ascending. */
export function classList(mask: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < 32; i++) if ((mask >>> i) & 1) out.push(i);
  return out;
}

export function parseAddress(value: string, what: string): string {
  if (!isAddress(value)) throw usageError(`${what} must be a 0x-prefixed 20-byte address, got "${value}".`);
  return getAddress(value);
}
