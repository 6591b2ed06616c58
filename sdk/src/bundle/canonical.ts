import { validateBundle } from "./validate.js";
import type { JobBundle } from "./types.js";

/**
 * Canonical JSON (RFC 8785, JCS): object keys sorted by UTF-16 code units, no whitespace, strings and
 * numbers as ECMAScript `JSON.stringify` writes them. Every implementation that follows JCS — in any
 * language — produces the same bytes, which is what makes the bundle hash portable.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError("canonical JSON cannot encode a non-finite number");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  throw new TypeError(`canonical JSON cannot encode a ${typeof value}`);
}

/** The bundle's canonical UTF-8 bytes: what is stored in the content store and hashed for the chain. */
export function canonicalBundleBytes(bundle: JobBundle): Uint8Array {
  // Validating first means only well-formed bundles ever get a hash (and no stray fields leak into it).
  return new TextEncoder().encode(canonicalJson(validateBundle(bundle)));
}
