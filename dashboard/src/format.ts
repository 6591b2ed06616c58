/**
 * Every number, time and hash the dashboard shows goes through here, so the pages agree with each other and
 * the end-to-end test can format the subgraph's raw values the same way.
 */

/** The payment token's decimals (the bundled HashworkToken and the usual stablecoins' 18). */
export const TOKEN_DECIMALS = 18;
const SHOWN_DECIMALS = 4;
const UNIT = 10n ** BigInt(TOKEN_DECIMALS);
const SHOWN_UNIT = 10n ** BigInt(TOKEN_DECIMALS - SHOWN_DECIMALS);

/**
 * Token amount in wei → decimal tokens with at most 4 decimals, rounded half up, thousands separated:
 * "1500000000000000000" → "1.5", "1234567000000000000000" → "1,234.567". A non-zero amount that rounds
 * to zero shows as "<0.0001".
 */
export function formatTokens(wei: string | bigint): string {
  const value = BigInt(wei);
  const sign = value < 0n ? "-" : "";
  const magnitude = value < 0n ? -value : value;
  const rounded = (magnitude + SHOWN_UNIT / 2n) / SHOWN_UNIT; // in units of 10^-4 token
  if (rounded === 0n && magnitude > 0n) return `${sign}<0.${"0".repeat(SHOWN_DECIMALS - 1)}1`;
  const whole = rounded / 10n ** BigInt(SHOWN_DECIMALS);
  const fraction = (rounded % 10n ** BigInt(SHOWN_DECIMALS)).toString().padStart(SHOWN_DECIMALS, "0");
  const trimmed = fraction.replace(/0+$/, "");
  return `${sign}${formatInteger(whole)}${trimmed ? `.${trimmed}` : ""}`;
}

/** Token amount in wei → a float of tokens, for chart axes only (never for displayed numbers). */
export function tokensForChart(wei: string | bigint): number {
  const value = BigInt(wei);
  return Number(value / UNIT) + Number(value % UNIT) / Number(UNIT);
}

/** Integer with thousands separators: 1234567 → "1,234,567". */
export function formatInteger(value: number | bigint): string {
  return value.toLocaleString("en-US");
}

/** Basis points → percent: 250 → "2.5%". */
export function formatBps(bps: number): string {
  return `${bps / 100}%`;
}

/** Unix seconds → "2025-11-22 06:18:04 UTC"; "—" for null. */
export function formatTimestamp(seconds: string | number | null): string {
  if (seconds === null) return "—";
  return new Date(Number(seconds) * 1000)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
}

/** A period's start (unix seconds) → "2025-11-22" for days, "11-22 06:00" for hours. */
export function formatPeriod(startSeconds: number, period: "day" | "hour"): string {
  const iso = new Date(startSeconds * 1000).toISOString();
  return period === "day" ? iso.slice(0, 10) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

/** Seconds → the largest whole unit: "45 s", "3 min", "2 h", "5 d". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 120) return `${s} s`;
  if (s < 2 * 3600) return `${Math.floor(s / 60)} min`;
  if (s < 2 * 86400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86400)} d`;
}

/** 0x-hex → "0x1234…abcd" (addresses and hashes in tables; the full value goes in a title). */
export function shortHex(hex: string): string {
  return hex.length <= 14 ? hex : `${hex.slice(0, 6)}…${hex.slice(-4)}`;
}

/** SCREAMING_SNAKE enum value → "Screaming snake": "NO_CONSENSUS" → "No consensus". */
export function formatEnum(value: string): string {
  const words = value.toLowerCase().replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A ratio as the subgraph's BigDecimal string → percent with one decimal: "0.125" → "12.5%". */
export function formatRatio(decimal: string): string {
  return `${(Number(decimal) * 100).toFixed(1)}%`;
}

/** Fuel → million fuel with at most 2 decimals: "40000000" → "40 Mfuel", "1250000" → "1.25 Mfuel". */
export function formatMfuel(fuel: string | bigint): string {
  const hundredths = (BigInt(fuel) + 5_000n) / 10_000n; // rounded half up
  const whole = hundredths / 100n;
  const fraction = (hundredths % 100n).toString().padStart(2, "0").replace(/0+$/, "");
  return `${formatInteger(whole)}${fraction ? `.${fraction}` : ""} Mfuel`;
}
