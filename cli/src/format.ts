import { formatUnits } from "ethers";

/** Token metadata for printing amounts. */
export interface TokenInfo {
  address: string;
  symbol: string;
  decimals: number;
}

/** "12.5 HWK": base units as a decimal with the token's symbol, trailing zeros dropped. */
export function formatAmount(amount: bigint, token: Pick<TokenInfo, "symbol" | "decimals">): string {
  const text = formatUnits(amount, token.decimals).replace(/\.0$/, "");
  return `${text} ${token.symbol}`;
}

/** "2m 5s": a duration in seconds, largest units first, at most two. */
export function formatDuration(seconds: number): string {
  if (seconds <= 0) return "0s";
  const parts: string[] = [];
  for (const [unit, size] of [
    ["d", 86_400],
    ["h", 3_600],
    ["m", 60],
    ["s", 1],
  ] as const) {
    const n = Math.floor(seconds / size);
    if (n > 0) parts.push(`${n}${unit}`);
    seconds -= n * size;
  }
  return parts.slice(0, 2).join(" ");
}

/** An ISO timestamp (UTC, seconds precision) from unix seconds. */
export function formatTime(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace(".000Z", "Z");
}

/** "in 2m 5s" / "3m ago" relative to `now` (unix seconds). */
export function formatRelative(unixSeconds: number, now: number): string {
  const delta = unixSeconds - now;
  return delta >= 0 ? `in ${formatDuration(delta)}` : `${formatDuration(-delta)} ago`;
}

/** Left-aligned "key: value" rows, keys padded to the longest. */
export function table(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${`${k}:`.padEnd(width + 2)}${v}`).join("\n");
}

/** JSON-safe copy: bigints become decimal strings (JSON has no 64-bit integers). */
export function jsonSafe(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  }
  return value;
}
