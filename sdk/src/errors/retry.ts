import { AbortedError, isRetryable } from "./base.js";

/** Options of {@link withRetry}: how many retries, the backoff, and which errors to retry. */
export interface RetryOptions {
  /** Retries after the first attempt (so at most `retries + 1` calls). Default 3. */
  retries?: number;
  /** Delay cap of the first retry, doubled per retry. Default 200 ms. */
  baseDelayMs?: number;
  /** Upper bound of any single delay. Default 10 s. */
  maxDelayMs?: number;
  /** Cancels the wait between attempts and is passed to `fn` so it can cancel the attempt itself. */
  signal?: AbortSignal;
  /**
   * Narrows which retryable errors are retried (e.g. only idempotent calls). It can never widen the set:
   * errors not marked `retryable` are rethrown regardless.
   */
  shouldRetry?: (error: unknown, attempt: number) => boolean;
  /** Source of jitter in [0, 1); injectable so tests are deterministic. Default `Math.random`. */
  random?: () => number;
}

/** What {@link withRetry} passes to each attempt. */
export interface RetryContext {
  /** 0 for the first call, 1 for the first retry, ... */
  attempt: number;
  signal: AbortSignal | undefined;
}

/**
 * Calls `fn` until it succeeds, a non-retryable error occurs, or the retries are spent. Delays use
 * exponential backoff with full jitter (uniform in [0, min(max, base·2^n)]) so many clients failing at
 * once do not retry in lockstep.
 */
export async function withRetry<T>(fn: (context: RetryContext) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const retries = options.retries ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 200;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const random = options.random ?? Math.random;
  const { signal } = options;

  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw new AbortedError({ cause: signal.reason });
    try {
      return await fn({ attempt, signal });
    } catch (error) {
      if (signal?.aborted) throw error instanceof AbortedError ? error : new AbortedError({ cause: error });
      const retry = attempt < retries && isRetryable(error) && (options.shouldRetry?.(error, attempt) ?? true);
      if (!retry) throw error;
      const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
      await sleep(Math.floor(random() * cap), signal);
    }
  }
}

/** Resolves after `ms`, or rejects with `AbortedError` as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError({ cause: signal.reason }));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError({ cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
