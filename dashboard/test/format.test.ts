import assert from "node:assert/strict";
import { test } from "node:test";
import {
  formatDuration,
  formatMfuel,
  formatPeriod,
  formatRatio,
  formatTimestamp,
  formatTokens,
  shortHex,
} from "../src/format";

test("formatTokens: 18-decimal wei to at most 4 decimals, rounded half up, grouped", () => {
  assert.equal(formatTokens("0"), "0");
  assert.equal(formatTokens("1500000000000000000"), "1.5");
  assert.equal(formatTokens("1234567000000000000000"), "1,234.567");
  assert.equal(formatTokens(31_250_000_000_000_000n), "0.0313");
  assert.equal(formatTokens("49999999999999"), "<0.0001");
  assert.equal(formatTokens("-2000000000000000000"), "-2");
});

test("times, periods, durations and hex", () => {
  assert.equal(formatTimestamp("1700000000"), "2023-11-14 22:13:20 UTC");
  assert.equal(formatTimestamp(null), "—");
  assert.equal(formatPeriod(19675 * 86400, "day"), "2023-11-14");
  assert.equal(formatPeriod(472222 * 3600, "hour"), "11-14 22:00");
  assert.equal(formatDuration(59), "59 s");
  assert.equal(formatDuration(3 * 86400), "3 d");
  assert.equal(shortHex("0x15d34aaf54267db7d7c367839aaf71a00a2c6a65"), "0x15d3…6a65");
});

test("ratios and fuel", () => {
  assert.equal(formatRatio("0"), "0.0%");
  assert.equal(formatRatio("0.125"), "12.5%");
  assert.equal(formatRatio("1"), "100.0%");
  assert.equal(formatMfuel("40000000"), "40 Mfuel");
  assert.equal(formatMfuel(1_250_000n), "1.25 Mfuel");
  assert.equal(formatMfuel("1234567890"), "1,234.57 Mfuel");
  assert.equal(formatMfuel("0"), "0 Mfuel");
});
