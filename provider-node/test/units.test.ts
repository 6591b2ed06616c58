import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Interface, parseUnits } from "ethers";
import { ChainClock } from "../src/chain/clock.js";
import { health } from "../src/http/health.js";
import { cidOfUri } from "../src/content/bundle.js";
import { commitsClosed } from "../src/jobs/onchain.js";
import { JobMarket__factory, type ReadJobReturnType } from "../src/sdk.js";
import { decodeRevert, revertData } from "../src/tx/decode.js";
import { bumpedFees } from "../src/tx/fees.js";

const gwei = (v: number) => parseUnits(String(v), "gwei");

describe("node units", () => {
  it("decodes custom errors from nested RPC errors", () => {
    const data = new Interface(JobMarket__factory.abi).encodeErrorResult("JobMarketNotDrawn", [
      5n,
      "0x0000000000000000000000000000000000000009",
    ]);
    const nested = { code: "CALL_EXCEPTION", info: { error: { data: { message: "revert", data } } } };
    assert.equal(revertData(nested), data);
    assert.deepEqual(decodeRevert(data)?.name, "JobMarketNotDrawn");
    assert.equal(decodeRevert("0xdeadbeef"), undefined);
  });

  it("bumps replacement fees by at least the configured percentage, within the cap", () => {
    const policy = { maxFeePerGasGwei: 100, priorityFeeGwei: undefined, feeBumpPct: 20 };
    const next = bumpedFees(
      { maxFeePerGas: gwei(10), maxPriorityFeePerGas: gwei(1) },
      { maxFeePerGas: gwei(5), maxPriorityFeePerGas: gwei(1) },
      policy,
    );
    assert.equal(next?.maxFeePerGas, gwei(12));
    assert.equal(next?.maxPriorityFeePerGas, gwei(1.2));
    assert.equal(
      bumpedFees(
        { maxFeePerGas: gwei(90), maxPriorityFeePerGas: gwei(1) },
        { maxFeePerGas: gwei(5), maxPriorityFeePerGas: gwei(1) },
        policy,
      ),
      undefined,
    );
  });

  it("the chain clock follows a chain that runs ahead of the wall clock", () => {
    const clock = new ChainClock();
    clock.observe(1_000, 900_000); // block at t=1000 s seen at wall 900 s
    assert.equal(clock.now(901_000), 1_001);
    assert.equal(clock.msUntil(1_003, 901_000), 2_000);
  });

  it("reveals open exactly when the contract says so", () => {
    const job = {
      replicas: 3,
      claimed: 3,
      committedMask: 0b011,
      claimDeadline: 100,
      commitDeadline: 200,
    } as ReadJobReturnType;
    assert.equal(commitsClosed(job, 150), false);
    assert.equal(commitsClosed({ ...job, committedMask: 0b111 }, 150), true);
    assert.equal(commitsClosed(job, 201), true);
    assert.equal(
      commitsClosed({ ...job, claimed: 2, committedMask: 0b11 }, 101),
      true,
      "claims closed, all claimers committed",
    );
  });

  it("health reports real problems", () => {
    const base = {
      serviceState: "following" as const,
      head: 100,
      cursor: 99,
      confirmations: 1,
      lastPollOkMs: 1_000,
      pollIntervalMs: 250,
      pendingTxs: 0,
      oldestPendingTxMs: undefined,
      replaceAfterMs: 1_000,
      rpcEndpoint: 0,
      jobs: {},
      nowMs: 2_000,
    };
    assert.equal(health(base).ok, true);
    assert.match(health({ ...base, nowMs: 60_000 }).problems.join(), /last successful chain poll/);
    assert.match(health({ ...base, cursor: 10 }).problems.join(), /behind the head/);
    assert.match(
      health({ ...base, oldestPendingTxMs: 0, nowMs: 20_000, lastPollOkMs: 19_000 }).problems.join(),
      /pending/,
    );
  });

  it("reads CIDs from bundle URIs", () => {
    const cid = "bafkreihst4wmw4mnj7trygw7e2sl5fgfp6hqt3vxgnsly6lhncxy47wlga";
    assert.equal(cidOfUri(`ipfs://${cid}`), cid);
    assert.equal(cidOfUri(`/ipfs/${cid}`), cid);
    assert.throws(() => cidOfUri("https://example.com/bundle.json"));
  });
});
