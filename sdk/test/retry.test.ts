import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AbortedError, BaseError, StoreUnavailableError, withRetry } from "../src/errors/index.js";

const retryable = () => new StoreUnavailableError("http://store");
const fast = { baseDelayMs: 1, maxDelayMs: 2 };

describe("withRetry", () => {
  it("returns the first success and passes the attempt number", async () => {
    const attempts: number[] = [];
    const result = await withRetry(
      async ({ attempt }) => {
        attempts.push(attempt);
        if (attempt < 2) throw retryable();
        return "ok";
      },
      { ...fast, retries: 3 },
    );
    assert.equal(result, "ok");
    assert.deepEqual(attempts, [0, 1, 2]);
  });

  it("gives up after `retries` retries with the last error", async () => {
    let calls = 0;
    await assert.rejects(
      withRetry(
        async () => {
          calls++;
          throw retryable();
        },
        { ...fast, retries: 2 },
      ),
      StoreUnavailableError,
    );
    assert.equal(calls, 3);
  });

  it("never retries errors that are not retryable", async () => {
    let calls = 0;
    const fatal = new BaseError("fatal", { retryable: false });
    await assert.rejects(
      withRetry(async () => {
        calls++;
        throw fatal;
      }, fast),
      (e) => e === fatal,
    );
    assert.equal(calls, 1);
    calls = 0;
    await assert.rejects(
      withRetry(async () => {
        calls++;
        throw new Error("plain");
      }, fast),
    );
    assert.equal(calls, 1);
  });

  it("lets shouldRetry narrow, never widen, the retried set", async () => {
    let calls = 0;
    await assert.rejects(
      withRetry(
        async () => {
          calls++;
          throw retryable();
        },
        { ...fast, shouldRetry: (_e, attempt) => attempt < 1 },
      ),
    );
    assert.equal(calls, 2);
    calls = 0;
    await assert.rejects(
      withRetry(
        async () => {
          calls++;
          throw new Error("plain");
        },
        { ...fast, shouldRetry: () => true },
      ),
    );
    assert.equal(calls, 1);
  });

  it("backs off exponentially with full jitter, capped at maxDelayMs", async () => {
    const delays: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    globalThis.setTimeout = ((fn: () => void, ms: number) => {
      delays.push(ms);
      return realSetTimeout(fn, 0);
    }) as typeof setTimeout;
    try {
      await assert.rejects(
        withRetry(
          async () => {
            throw retryable();
          },
          { retries: 5, baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.5 },
        ),
      );
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
    // 0.5 × min(1000, 100·2^n) for n = 0..4
    assert.deepEqual(delays, [50, 100, 200, 400, 500]);
  });

  it("stops waiting as soon as the signal aborts", async () => {
    const controller = new AbortController();
    const started = performance.now();
    const promise = withRetry(
      async () => {
        throw retryable();
      },
      { retries: 5, baseDelayMs: 60_000, maxDelayMs: 60_000, random: () => 1, signal: controller.signal },
    );
    setTimeout(() => controller.abort(new Error("shutdown")), 20);
    await assert.rejects(promise, AbortedError);
    assert.ok(performance.now() - started < 5_000);
  });

  it("does not call fn when the signal is already aborted", async () => {
    let calls = 0;
    await assert.rejects(
      withRetry(
        async () => {
          calls++;
        },
        { signal: AbortSignal.abort() },
      ),
      AbortedError,
    );
    assert.equal(calls, 0);
  });

  it("passes the signal to fn so an attempt in flight can be cancelled", async () => {
    const controller = new AbortController();
    const promise = withRetry(
      ({ signal }) =>
        new Promise((_resolve, reject) => {
          signal?.addEventListener("abort", () => reject(new Error("cancelled")));
        }),
      { signal: controller.signal },
    );
    controller.abort();
    await assert.rejects(promise, AbortedError);
  });
});
