/** Constructor options shared by every SDK error. */
export interface BaseErrorParameters {
  /** Stable, machine-readable identifier (e.g. `CONTENT_MISMATCH`); never reworded once published. */
  code?: string;
  /** Free-form technical details for logs; not shown in `shortMessage`. */
  details?: string;
  /** The lower-level error that caused this one. */
  cause?: unknown;
  /** Whether repeating the same operation may succeed (network blips, 5xx); `withRetry` only retries these. */
  retryable?: boolean;
}

/**
 * The one error type of the SDK (after viem's `BaseError`): a short human sentence, optional details,
 * an optional cause, a stable `code` and a `retryable` flag, so callers can branch on data instead of
 * parsing messages.
 */
export class BaseError extends Error {
  override name = "BaseError";
  readonly code: string;
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly retryable: boolean;

  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    const details = parameters.details ?? causeMessage(parameters.cause);
    super(details ? `${shortMessage}\n\nDetails: ${details}` : shortMessage, { cause: parameters.cause });
    this.code = parameters.code ?? "UNKNOWN";
    this.shortMessage = shortMessage;
    this.details = details;
    this.retryable = parameters.retryable ?? false;
  }

  /** Walks the `cause` chain (this error first) and returns the first error `predicate` accepts. */
  walk(predicate: (error: unknown) => boolean): unknown {
    const seen = new Set<unknown>();
    if (predicate(this)) return this;
    seen.add(this);
    let current: unknown = this.cause;
    while (current !== undefined && current !== null && !seen.has(current)) {
      if (predicate(current)) return current;
      seen.add(current);
      current = (current as { cause?: unknown }).cause;
    }
    return undefined;
  }
}

// A cause's message is the most useful default detail; BaseError causes contribute their short message
// only, so details do not nest into unreadable chains.
function causeMessage(cause: unknown): string | undefined {
  if (cause instanceof BaseError) return cause.shortMessage;
  if (cause instanceof Error) return cause.message;
  return undefined;
}

/** Whether `error` is an SDK error marked retryable. */
export function isRetryable(error: unknown): boolean {
  return error instanceof BaseError && error.retryable;
}

/** The operation was cancelled through its AbortSignal. */
export class AbortedError extends BaseError {
  override name = "AbortedError";
  constructor(parameters: { cause?: unknown } = {}) {
    super("The operation was aborted.", { code: "ABORTED", cause: parameters.cause, retryable: false });
  }
}
