import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AbiCoder, id, keccak256, toUtf8Bytes } from "ethers";
import {
  INPUT_UNAVAILABLE,
  INPUT_UNAVAILABLE_RESULT,
  fuelOfResult,
  isAuditedBySeed,
  isRealResult,
  jobAgreement,
  majorityOf,
  resultOf,
} from "../src/index.js";

describe("results", () => {
  it("a result is keccak256(abi.encode(outputHash, uint64 fuel)) with the fuel in its low 64 bits; input unavailable ignores the fuel", () => {
    const out = keccak256(toUtf8Bytes("HELLO"));
    const digest = keccak256(AbiCoder.defaultAbiCoder().encode(["bytes32", "uint64"], [out, 7n]));
    assert.equal(resultOf(out, 7n), digest.slice(0, 2 + 48) + "0000000000000007");
    assert.equal(fuelOfResult(resultOf(out, 7n)), 7n);
    assert.equal(fuelOfResult(resultOf(out, 2n ** 64n - 1n)), 2n ** 64n - 1n, "the whole uint64 range");
    assert.equal(fuelOfResult(INPUT_UNAVAILABLE_RESULT), 0n);
    assert.notEqual(resultOf(out, 7n), resultOf(out, 8n), "overstated fuel is another answer");
    assert.equal(INPUT_UNAVAILABLE, id("hashwork.result.input-unavailable"));
    assert.equal(resultOf(INPUT_UNAVAILABLE, 123n), INPUT_UNAVAILABLE_RESULT);
  });

  it("the audit draw audits about auditRateBps of jobs, none at 0 and all at 10,000", () => {
    let audited = 0;
    for (let i = 0n; i < 2_000n; i++) if (isAuditedBySeed(id(`seed-${i}`), i, 1_000n)) audited++;
    assert.ok(audited > 140 && audited < 260, `${audited} of 2,000 at 10%`);
    assert.equal(isAuditedBySeed(id("s"), 1n, 0n), false);
    assert.equal(isAuditedBySeed(id("s"), 1n, 10_000n), true);
  });
});

describe("agreement", () => {
  const ZERO = "0x" + "00".repeat(32);
  const a = resultOf(id("a"), 10n);
  const b = resultOf(id("b"), 10n);
  const slots = (results: string[]) => ({
    assignments: results.map((result) => ({ provider: "", pricePerMfuel: 0n, minMfuel: 0, result })),
    revealedMask: results.reduce((m, r, i) => (r === ZERO ? m : m | (1 << i)), 0),
    replicas: 3,
  });

  it("a strict majority of the k slots wins; input unavailable abstains and never disagrees", () => {
    assert.deepEqual(jobAgreement(slots([a, a, ZERO])), { majority: a, disagree: false });
    assert.deepEqual(jobAgreement(slots([a, INPUT_UNAVAILABLE_RESULT, ZERO])), { majority: ZERO, disagree: false });
    assert.deepEqual(jobAgreement(slots([a, b, a])), { majority: a, disagree: true });
    assert.deepEqual(
      jobAgreement(slots([INPUT_UNAVAILABLE_RESULT, INPUT_UNAVAILABLE_RESULT])).majority,
      INPUT_UNAVAILABLE_RESULT,
    );
    assert.equal(isRealResult(ZERO), false);
    assert.equal(isRealResult(INPUT_UNAVAILABLE_RESULT), false);
    assert.equal(isRealResult(a), true);
    assert.equal(majorityOf([a, ZERO, ZERO], 1), a);
  });
});
