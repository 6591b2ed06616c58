import { BaseError } from "./base.js";

/** The string is not a CID this SDK accepts (CIDv1, raw or dag-pb, sha2-256; or a CIDv0). */
export class InvalidCidError extends BaseError {
  override name = "InvalidCidError";
  constructor(cid: string, parameters: { details?: string; cause?: unknown } = {}) {
    super(`Invalid or unsupported CID "${truncate(cid)}".`, { code: "INVALID_CID", ...parameters, retryable: false });
  }
}

/**
 * Bytes do not hash to the CID they were fetched or stored under. Never retryable: whoever served them
 * is faulty or malicious, and asking again is not a fix.
 */
export class ContentMismatchError extends BaseError {
  override name = "ContentMismatchError";
  readonly expected: string;
  readonly actual: string;
  constructor(expected: string, actual: string, parameters: { details?: string } = {}) {
    super(`Content does not match its CID: expected ${expected}, got ${actual}.`, {
      code: "CONTENT_MISMATCH",
      details: parameters.details,
      retryable: false,
    });
    this.expected = expected;
    this.actual = actual;
  }
}

/** The store does not hold the content. */
export class ContentNotFoundError extends BaseError {
  override name = "ContentNotFoundError";
  readonly cid: string;
  constructor(cid: string, parameters: { cause?: unknown } = {}) {
    super(`Content ${cid} was not found in the store.`, { code: "CONTENT_NOT_FOUND", ...parameters, retryable: false });
    this.cid = cid;
  }
}

/** Content (a download or an upload) exceeds the size the caller or the server allows. */
export class ContentTooLargeError extends BaseError {
  override name = "ContentTooLargeError";
  readonly maxBytes: number;
  constructor(maxBytes: number, parameters: { details?: string } = {}) {
    super(`Content exceeds the limit of ${maxBytes} bytes.`, {
      code: "CONTENT_TOO_LARGE",
      ...parameters,
      retryable: false,
    });
    this.maxBytes = maxBytes;
  }
}

/** The store could not be reached or did not answer in time (connection refused, reset, timeout). */
export class StoreUnavailableError extends BaseError {
  override name = "StoreUnavailableError";
  constructor(url: string, parameters: { details?: string; cause?: unknown } = {}) {
    super(`Content store at ${url} is unavailable.`, { code: "STORE_UNAVAILABLE", ...parameters, retryable: true });
  }
}

/** The store answered with an HTTP error; 5xx, 408 and 429 are retryable, other 4xx are not. */
export class StoreHttpError extends BaseError {
  override name = "StoreHttpError";
  readonly status: number;
  constructor(url: string, status: number, parameters: { details?: string } = {}) {
    super(`Content store request ${url} failed with HTTP ${status}.`, {
      code: "STORE_HTTP_ERROR",
      ...parameters,
      retryable: status >= 500 || status === 408 || status === 429,
    });
    this.status = status;
  }
}

function truncate(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}
