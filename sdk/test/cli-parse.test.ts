import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseEther } from "ethers";
import { CliError } from "../src/cli/errors.js";
import { ExitCode } from "../src/cli/exit-codes.js";
import { formatAmount, formatDuration, jsonSafe } from "../src/cli/format.js";
import { pickPrice, roundUp } from "../src/cli/job/pricing.js";
import { computeDeadlines, INCLUSION_SLACK, MIN_PHASE } from "../src/cli/job/deadlines.js";
import { classList, parseAmount, parseClasses, parseDuration, parseInteger, parseJobId } from "../src/cli/parse.js";

const usage = (fn: () => unknown, message: RegExp) =>
  assert.throws(
    fn,
    (e: unknown) => e instanceof CliError && e.exitCode === ExitCode.Usage && message.test(e.shortMessage),
  );

describe("cli argument parsing", () => {
  it("parses token amounts in base units and rejects anything else", () => {
    assert.equal(parseAmount("1.5", 18, "--price"), parseEther("1.5"));
    assert.equal(parseAmount("0", 18, "--x", true), 0n);
    usage(() => parseAmount("0", 18, "--price"), /greater than zero/);
    usage(() => parseAmount("-1", 18, "--price"), /decimal token amount/);
    usage(() => parseAmount("1e18", 18, "--price"), /decimal token amount/);
    usage(() => parseAmount("0.1234567", 6, "--price"), /more than 6 decimals/);
  });

  it("parses durations with units", () => {
    assert.equal(parseDuration("90", "--t"), 90);
    assert.equal(parseDuration("90s", "--t"), 90);
    assert.equal(parseDuration("10m", "--t"), 600);
    assert.equal(parseDuration("2h", "--t"), 7200);
    assert.equal(parseDuration("1d", "--t"), 86_400);
    usage(() => parseDuration("0s", "--t"), /longer than zero/);
    usage(() => parseDuration("soon", "--t"), /duration such as/);
  });

  it("parses bounded integers, job ids and class lists", () => {
    assert.equal(parseInteger("7", "--replicas", 1, 7), 7);
    usage(() => parseInteger("8", "--replicas", 1, 7), /from 1 to 7, got "8"/);
    usage(() => parseInteger("1.5", "--replicas", 1, 7), /whole number/);
    assert.equal(parseJobId("42"), 42n);
    usage(() => parseJobId("0"), /positive whole number/);
    assert.equal(parseClasses("0,2,31"), (1 | 4 | (2 ** 31)) >>> 0);
    assert.deepEqual(classList(parseClasses("3,0")), [0, 3]);
    usage(() => parseClasses("32"), /from 0 to 31/);
  });
});

describe("cli default price", () => {
  const offers = [50n, 10n, 40n, 20n, 30n]; // sorted: 10 20 30 40 50, median 30

  it("takes the median of the eligible offers", () => {
    const p = pickPrice(offers, 1, 0n, 1_000_000n);
    assert.equal(p.pricePerMfuel, 30n);
    assert.match(p.rule, /the median of 5 eligible offers/);
  });

  it("takes at least the k-th cheapest, so k providers can claim", () => {
    const p = pickPrice(offers, 4, 0n, 1_000_000n);
    assert.equal(p.pricePerMfuel, 40n);
    assert.match(p.rule, /the 4th cheapest of 5/);
    const few = pickPrice([10n, 20n], 3, 0n, 1_000_000n);
    assert.equal(few.pricePerMfuel, 20n);
    assert.match(few.rule, /dearest of only 2 eligible offers \(fewer than 3 replicas\)/);
  });

  it("raises the price to the market's minimum budget over the fuel, rounded up", () => {
    const p = pickPrice(offers, 1, 1_408_903_140_726_882n, 709_772n);
    assert.equal(p.pricePerMfuel, 1_500_000_000_000_000n);
    assert.match(p.rule, /minimum budget per replica over 709772 fuel, rounded up \(above the median/);
  });

  it("rounds a computed price up to two significant digits, never down", () => {
    assert.equal(roundUp(1_408_903_140_726_882n), 1_500_000_000_000_000n);
    assert.equal(roundUp(20_000_000_000_000n), 20_000_000_000_000n);
    assert.equal(roundUp(101n), 110n);
    assert.equal(roundUp(7n), 7n);
  });
});

describe("cli deadlines", () => {
  it("splits the timeout into equal claim and commit phases after the inclusion slack", () => {
    const d = computeDeadlines(1_000, 615);
    assert.deepEqual(d, {
      claimDeadline: 1_000 + INCLUSION_SLACK + 300,
      commitDeadline: 1_000 + INCLUSION_SLACK + 600,
    });
  });

  it("refuses a timeout with a phase shorter than the market's minimum and says what would do", () => {
    const needed = 2 * MIN_PHASE + 2 * INCLUSION_SLACK;
    assert.doesNotThrow(() => computeDeadlines(0, needed));
    assert.throws(
      () => computeDeadlines(0, needed - 1),
      (e: unknown) =>
        e instanceof CliError && e.exitCode === ExitCode.Usage && e.hint === `Use --timeout ${needed}s or more.`,
    );
  });

  it("leaves the job's execution time (at the reference speed) before the commit deadline", () => {
    const needed = MIN_PHASE + 200 + 2 * INCLUSION_SLACK;
    assert.throws(
      () => computeDeadlines(0, needed - 1, 200),
      (e: unknown) => e instanceof CliError && e.hint === `Use --timeout ${needed}s or more.`,
    );
    const d = computeDeadlines(0, needed, 200);
    assert.ok(d.commitDeadline >= MIN_PHASE + 200, "the market's check: commit ≥ posting + MIN_PHASE + execution");
  });
});

describe("cli formatting", () => {
  it("prints amounts, durations and JSON-safe values", () => {
    assert.equal(formatAmount(parseEther("0.975"), { symbol: "HWK", decimals: 18 }), "0.975 HWK");
    assert.equal(formatAmount(parseEther("2"), { symbol: "HWK", decimals: 18 }), "2 HWK");
    assert.equal(formatDuration(3725), "1h 2m");
    assert.equal(formatDuration(59), "59s");
    assert.deepEqual(jsonSafe({ a: 1n, b: [2n, { c: 3n }], d: "x" }), { a: "1", b: ["2", { c: "3" }], d: "x" });
  });
});
