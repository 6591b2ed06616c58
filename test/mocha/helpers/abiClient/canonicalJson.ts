/**
 * RFC 8785 (JSON Canonicalization Scheme) for the values a job bundle holds: object members sorted by the UTF-16 code
 * units of their names, no whitespace, strings and numbers serialized as ECMAScript's JSON.stringify does (which is
 * how RFC 8785 defines them).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError("RFC 8785 has no encoding for a non-finite number");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    // JavaScript compares strings by UTF-16 code units, the order RFC 8785 asks for.
    const members = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${members.map(([name, v]) => `${JSON.stringify(name)}:${canonicalJson(v)}`).join(",")}}`;
  }
  throw new TypeError(`RFC 8785 has no encoding for a ${typeof value}`);
}
