import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseEther } from "ethers";
import { CliError } from "../src/errors.js";
import { ExitCode } from "../src/exit-codes.js";
import { formatAmount, formatDuration, jsonSafe } from "../src/format.js";
import { classList, parseAmount, parseClasses, parseDuration, parseInteger, parseJobId } from "../src/parse.js";

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

describe("cli formatting", () => {
  it("prints amounts, durations and JSON-safe values", () => {
    assert.equal(formatAmount(parseEther("0.975"), { symbol: "HWK", decimals: 18 }), "0.975 HWK");
    assert.equal(formatAmount(parseEther("2"), { symbol: "HWK", decimals: 18 }), "2 HWK");
    assert.equal(formatDuration(3725), "1h 2m");
    assert.equal(formatDuration(59), "59s");
    assert.deepEqual(jsonSafe({ a: 1n, b: [2n, { c: 3n }], d: "x" }), { a: "1", b: ["2", { c: "3" }], d: "x" });
  });
});
