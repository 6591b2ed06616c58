import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { Interface, parseUnits } from "ethers";
import { ChainClock } from "../src/chain/clock.js";
import { health } from "../src/http/health.js";
import { machineConcurrency, validateConfig } from "../src/config/validate.js";
import type { NodeContext } from "../src/context.js";
import { drawAndClaim, PAUSED, type Seat } from "../src/draw/claim.js";
import { checkBundle, checkProvider, checkTime, type Owed, type SeatTerms } from "../src/draw/eligibility.js";
import {
  JobMarket__factory,
  VerificationCourt__factory,
  createBundle,
  STACK_KIB_MAX,
  type ReadProviderReturnType,
} from "../src/sdk.js";
import { NODE_ENV, NODE_FLAGS } from "../src/process-settings.js";
import { msUntilTurn } from "../src/turns.js";
import { isSampled } from "../src/watch/sample.js";
import { reserveCheck, type CheckContext } from "../src/watch/steps.js";
import { decodeRevert, revertData } from "../src/tx/decode.js";
import { bumpedFees } from "../src/tx/fees.js";

const gwei = (v: number) => parseUnits(String(v), "gwei");
const ZERO = "0x0000000000000000000000000000000000000001";

describe("node units", () => {
  it("a host that pauses claiming (mayClaim false): the seat waits with its reason, nothing is fetched or drawn", async () => {
    const touched: string[] = [];
    const record = (what: string) => () => {
      touched.push(what);
      throw new Error(`${what} while paused`);
    };
    const patches: unknown[] = [];
    const ctx = {
      mayClaim: () => false,
      common: { logger: { debug: () => {} } },
      owed: record("owed"),
      providerRecord: record("providerRecord"),
      store: new Proxy({}, { get: (_, key) => record(`store.${String(key)}`) }),
    } as unknown as NodeContext;
    const seat = {
      key: "job:1",
      role: "replica",
      refs: { jobId: 1n },
      reason: null,
      claimAt: null,
      attempts: 0,
      draw: record("draw"),
    } as unknown as Seat;
    const moves = {
      skip: record("skip"),
      claimed: record("claimed"),
      patch: (p: unknown) => patches.push(p),
    };
    const result = await drawAndClaim(ctx, seat, moves, {} as ReadProviderReturnType, 0);
    assert.deepEqual(result, { kind: "wait", ms: 2_000 });
    assert.deepEqual(patches, [{ reason: PAUSED }]);
    assert.deepEqual(touched, []);
  });

  it("the bin's shebang carries the process settings, in the 128 bytes older kernels read of it", () => {
    const shebang = readFileSync(new URL("../bin/hashwork-node.mjs", import.meta.url), "utf8").split("\n")[0]!;
    const env = Object.entries(NODE_ENV).map(([name, value]) => `${name}=${value}`);
    assert.equal(shebang, `#!/usr/bin/env -S ${[...env, "node", ...NODE_FLAGS].join(" ")}`);
    assert.ok(Buffer.byteLength(shebang) < 128, `${Buffer.byteLength(shebang)} bytes`);
  });

  it("decodes custom errors from nested RPC errors", () => {
    const data = new Interface(JobMarket__factory.abi).encodeErrorResult("JobMarketNotDrawn", [
      5n,
      "0x0000000000000000000000000000000000000009",
    ]);
    const nested = { code: "CALL_EXCEPTION", info: { error: { data: { message: "revert", data } } } };
    assert.equal(revertData(nested), data);
    assert.deepEqual(decodeRevert(data)?.name, "JobMarketNotDrawn");
    const court = new Interface(VerificationCourt__factory.abi).encodeErrorResult("VerificationCourtSeatsFull", [
      5n,
      3,
    ]);
    assert.equal(decodeRevert(court)?.name, "VerificationCourtSeatsFull");
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

  it("eligibility mirrors the registry for replica slots and verifier seats", () => {
    const config = validateConfig({ chainId: 1, contracts: { market: ZERO, registry: ZERO } }, "/x", () => {
      throw new Error("unused");
    });
    const me: ReadProviderReturnType = {
      address: ZERO,
      registered: true,
      stake: 100n,
      locked: 40n,
      free: 60n,
      activeJobs: 1,
      capacity: 2,
      jailedUntil: 0,
      pricePerMfuel: 10n,
      minMfuel: 5,
      classes: 1,
      faultsAtJail: 0,
      completed: 0,
      slashes: 0,
      noShows: 0,
      unbonding: 0n,
      unbondingReadyAt: 0,
      reputation: 0n,
    };
    const slot: SeatTerms = {
      resourceClass: 0,
      minReputation: 0,
      collateral: 50n,
      maxFuel: 5_000_000n,
      maxPricePerMfuel: 10n,
      claimEndsAt: 100,
    };
    assert.deepEqual(checkProvider(config, slot, me, 50, 0), { ok: true });
    const reason = (terms: SeatTerms, p = me) => {
      const e = checkProvider(config, terms, p, 50, 0);
      return e.ok ? "ok" : `${e.final ? "never" : "not now"}: ${e.reason}`;
    };
    assert.match(reason({ ...slot, maxPricePerMfuel: 9n }), /^never: price 10 per Mfuel exceeds/);
    assert.match(reason({ ...slot, maxFuel: 4_999_999n }), /^never: minimum of 5 Mfuel exceeds/);
    assert.match(reason({ ...slot, collateral: 61n }), /^not now: free stake 60/);
    assert.match(reason(slot, { ...me, activeJobs: 2 }), /^not now: at on-chain capacity/);
    assert.match(reason(slot, { ...me, jailedUntil: 101 }), /^never: jailed/);
    assert.match(reason(slot, { ...me, jailedUntil: 60 }), /^not now: jailed/);
    // A verifier seat has no price cap and no minimum-fuel rule: verifiers are paid on the job's own price.
    const seat = { ...slot, maxFuel: 1n, maxPricePerMfuel: undefined };
    assert.equal(reason(seat, { ...me, pricePerMfuel: 10n ** 18n }), "ok");
  });

  it("a node abstains unless it can burn the job's whole fuel limit at its own rate before the commit deadline", () => {
    const config = validateConfig(
      {
        chainId: 1,
        contracts: { market: ZERO, registry: ZERO },
        provider: { fuelPerSecond: 1_000_000 },
        jobs: { safetyMarginSec: 5 },
      },
      "/x",
      () => {
        throw new Error("unused");
      },
    );
    const job = { maxFuel: 60_000_000n, commitEndsAt: 1_000 }; // 60 s at this machine's speed, plus 5 s of margin
    assert.deepEqual(checkTime(config, job, 935), { ok: true });
    assert.match((checkTime(config, job, 936) as { reason: string }).reason, /only 64 s left to commit, 65 s needed/);
    // The bundle's fuel limit must be the job's: a fuel over the job's limit could never be revealed.
    const bundleParts = { module: new Uint8Array(8), input: null };
    const bundle = createBundle({ ...bundleParts, limits: { memoryMiB: 1, fuel: 60_000_000, maxOutputBytes: 10 } });
    assert.deepEqual(checkBundle(config, bundle, job.maxFuel, STACK_KIB_MAX), { ok: true });
    assert.match(
      (checkBundle(config, bundle, 50_000_000n, STACK_KIB_MAX) as { reason: string }).reason,
      /fuel limit 60000000 is not/,
    );
    // A stack budget the executor cannot hold (a browser tab's ~1 MiB worker stack) is never claimed: the run would
    // end in a host failure, never a result. The default budget (bundle without `stackKiB`) is 128 KiB.
    assert.deepEqual(checkBundle(config, bundle, job.maxFuel, 128), { ok: true });
    assert.match((checkBundle(config, bundle, job.maxFuel, 127) as { reason: string }).reason, /128 KiB stack/);
    const deep = createBundle({ ...bundleParts, limits: { ...bundle.limits, stackKiB: 4096 } });
    assert.deepEqual(checkBundle(config, deep, job.maxFuel, STACK_KIB_MAX), { ok: true });
    assert.deepEqual(checkBundle(config, deep, job.maxFuel, 520), {
      ok: false,
      final: true,
      reason: "bundle wants a 4096 KiB stack (this executor holds 520 KiB)",
    });
  });

  it("a node claims ahead of its executors only while everything it owes still commits in time", () => {
    const config = validateConfig(
      {
        chainId: 1,
        contracts: { market: ZERO, registry: ZERO },
        provider: { fuelPerSecond: 1_000_000, maxConcurrent: 1, maxQueued: 3 },
        jobs: { safetyMarginSec: 5 },
      },
      "/x",
      () => {
        throw new Error("unused");
      },
    );
    const job = { maxFuel: 60_000_000n, commitEndsAt: 1_000 }; // 60 s here, plus 5 s of margin
    const owing = (...owed: { maxFuel: bigint; commitEndsAt: number }[]) => ({ nowSec: 900, owed });
    const reason = (e: ReturnType<typeof checkTime>) => (e.ok ? "ok" : `${e.final ? "never" : "not now"}: ${e.reason}`);
    // 30 s owed ahead on the one executor: done by 900 + 30 + 60 + 5 = 995.
    assert.equal(reason(checkTime(config, job, 900, owing({ maxFuel: 30_000_000n, commitEndsAt: 2_000 }))), "ok");
    // 40 s owed: 1,005 is past the deadline; not now (the queue drains), though alone it would fit.
    assert.match(
      reason(checkTime(config, job, 900, owing({ maxFuel: 40_000_000n, commitEndsAt: 2_000 }))),
      /^not now: only 100 s left to commit, 105 s needed behind the 1 executions owed/,
    );
    // A claim must not make an owed execution late: 10 s owed by 960 fits alone (915) but not behind this job (975).
    assert.equal(reason(checkTime(config, { ...job, commitEndsAt: 2_000 }, 900, owing())), "ok");
    assert.match(
      reason(
        checkTime(config, { ...job, commitEndsAt: 2_000 }, 900, owing({ maxFuel: 10_000_000n, commitEndsAt: 960 })),
      ),
      /^not now: an owed execution \(commit by 960\) would be late/,
    );
    // Too late even with nothing owed stays final: the job is skipped, never retried.
    assert.match(reason(checkTime(config, job, 936, owing())), /^never: only 64 s left/);

    // Executions owed are bounded too: maxConcurrent running plus maxQueued waiting.
    const me = { registered: true, classes: 1, reputation: 0n, jailedUntil: 0, activeJobs: 0, capacity: 64, free: 10n };
    const seat: SeatTerms = { resourceClass: 0, minReputation: 0, collateral: 1n, maxFuel: 1n, claimEndsAt: 100 };
    const p = me as unknown as ReadProviderReturnType;
    assert.deepEqual(checkProvider(config, seat, p, 50, 3), { ok: true });
    assert.match(reason(checkProvider(config, seat, p, 50, 4)), /^not now: at local capacity \(4\/4 executions owed\)/);
  });

  it("a watcher's check waits for the work the node owes, and counts as owed while it runs", () => {
    const config = validateConfig(
      {
        chainId: 1,
        contracts: { market: ZERO, registry: ZERO },
        provider: { fuelPerSecond: 1_000_000, maxConcurrent: 1 },
        jobs: { safetyMarginSec: 5 },
      },
      "/x",
      () => {
        throw new Error("unused");
      },
    );
    const now = 900;
    const claimed: Owed[] = [];
    const reserved = new Map<string, Owed>();
    const ctx: CheckContext = {
      common: { config } as NodeContext["common"],
      clock: { now: () => now } as NodeContext["clock"],
      owed: () => [...claimed, ...reserved.values()],
      reserved,
    };
    const reason = (e: ReturnType<typeof checkTime>) => (e.ok ? "ok" : `${e.final ? "never" : "not now"}: ${e.reason}`);
    // A claimed slot owes 40 s of work, to commit by 960: done by 945 alone, by 975 behind a 30 s check.
    claimed.push({ maxFuel: 40_000_000n, commitEndsAt: 960 });
    const check = { maxFuel: 30_000_000n, commitEndsAt: 5_000 };
    assert.deepEqual(reserveCheck(ctx, 7n, check), {
      ok: false,
      final: false,
      reason: "an owed execution (commit by 960) would be late behind this one",
    });
    assert.equal(reserved.size, 0, "a deferred check reserves nothing");
    // The slot's work done, the check runs, and a claim counts on its 30 s: a 60 s job to commit by 990 fits alone
    // (done by 965) but not behind the check (995).
    claimed.length = 0;
    const running = reserveCheck(ctx, 7n, check);
    assert.ok(running.ok);
    assert.deepEqual(ctx.owed(), [check]);
    const job = { maxFuel: 60_000_000n, commitEndsAt: 990 };
    assert.equal(reason(checkTime(config, job, now)), "ok");
    assert.match(
      reason(checkTime(config, job, now, { nowSec: now, owed: ctx.owed() })),
      /^not now: only 90 s left to commit, 95 s needed behind the 1 executions owed/,
    );
    running.release();
    assert.deepEqual(ctx.owed(), []);
    // A check that cannot finish in its own time is given up, not retried.
    assert.match(reason(reserveCheck(ctx, 8n, { maxFuel: 30_000_000n, commitEndsAt: 930 })), /^never: only 30 s left/);
  });

  it("a node's executors default to its cores, within half its memory at the largest sandbox", () => {
    assert.equal(machineConcurrency(512, { cores: 2, memoryMiB: 24_576 }), 2);
    assert.equal(machineConcurrency(512, { cores: 16, memoryMiB: 8_192 }), 8);
    assert.equal(machineConcurrency(4_096, { cores: 8, memoryMiB: 4_096 }), 1);
    const config = validateConfig({ chainId: 1, contracts: { market: ZERO, registry: ZERO } }, "/x", () => {
      throw new Error("unused");
    });
    assert.equal(config.provider.maxConcurrent, machineConcurrency(config.limits.memoryMiB));
    assert.equal(config.provider.maxQueued, 4 * config.provider.maxConcurrent);
  });

  it("the watcher samples a deterministic share of jobs, different per node", () => {
    const a = "0x00000000000000000000000000000000000000a1";
    const b = "0x00000000000000000000000000000000000000b2";
    const picked = (me: string, rate: number) =>
      Array.from({ length: 2_000 }, (_, i) => BigInt(i)).filter((id) => isSampled(id, me, rate));
    const quarter = picked(a, 0.25);
    assert.ok(quarter.length > 400 && quarter.length < 600, `${quarter.length} of 2,000 at 25%`);
    assert.deepEqual(picked(a, 0.25), quarter, "the same jobs on every run");
    assert.notDeepEqual(picked(b, 0.25), quarter, "another node watches other jobs");
    assert.equal(picked(a, 0).length, 0);
    assert.equal(picked(a, 1).length, 2_000);
  });

  it("calls anyone may make are taken in turns from the moment they became due", () => {
    const key = `unit:${Math.random()}`;
    assert.equal(msUntilTurn(key, 3_000, 10_000), 3_000);
    assert.equal(msUntilTurn(key, 3_000, 12_000), 1_000, "the clock runs from the first call");
    assert.equal(msUntilTurn(key, 0, 12_000), 0);
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
      watches: { challenged: 1 },
      nowMs: 2_000,
    };
    assert.equal(health(base).ok, true);
    assert.deepEqual(health(base).watches, { challenged: 1 });
    assert.match(health({ ...base, nowMs: 60_000 }).problems.join(), /last successful chain poll/);
    assert.match(health({ ...base, cursor: 10 }).problems.join(), /behind the head/);
    assert.match(
      health({ ...base, oldestPendingTxMs: 0, nowMs: 20_000, lastPollOkMs: 19_000 }).problems.join(),
      /pending/,
    );
  });
});
