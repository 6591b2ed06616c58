import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  AbortedError,
  BaseError,
  BundleValidationError,
  ContentMismatchError,
  ContentNotFoundError,
  ExecutionError,
  ExecutionDeadlineError,
  HostResourceError,
  InvalidModuleError,
  isRetryable,
  StoreHttpError,
  StoreUnavailableError,
  WorkerCrashedError,
} from "../src/errors/index.js";

describe("BaseError", () => {
  it("carries shortMessage, details, cause, code and retryable", () => {
    const cause = new Error("socket hang up");
    const error = new BaseError("Could not reach the store.", {
      code: "X",
      details: "ECONNRESET",
      cause,
      retryable: true,
    });
    assert.equal(error.shortMessage, "Could not reach the store.");
    assert.equal(error.details, "ECONNRESET");
    assert.equal(error.cause, cause);
    assert.equal(error.code, "X");
    assert.equal(error.retryable, true);
    assert.equal(error.message, "Could not reach the store.\n\nDetails: ECONNRESET");
    assert.ok(error instanceof Error);
  });

  it("defaults details to the cause's message and retryable to false", () => {
    const error = new BaseError("Outer.", { cause: new BaseError("Inner.", { details: "deep" }) });
    assert.equal(error.details, "Inner.");
    assert.equal(error.retryable, false);
    assert.equal(error.code, "UNKNOWN");
  });

  it("walks the cause chain", () => {
    const root = new TypeError("fetch failed");
    const error = new StoreUnavailableError("http://x", { cause: root });
    assert.equal(
      error.walk((e) => e instanceof TypeError),
      root,
    );
    assert.equal(
      error.walk((e) => e instanceof RangeError),
      undefined,
    );
  });
});

describe("error classes", () => {
  it("have stable codes, names and retryability", () => {
    const cases: [BaseError, string, string, boolean][] = [
      [new AbortedError(), "AbortedError", "ABORTED", false],
      [
        new BundleValidationError([{ path: "$.x", message: "is required" }]),
        "BundleValidationError",
        "BUNDLE_INVALID",
        false,
      ],
      [new ContentMismatchError("a", "b"), "ContentMismatchError", "CONTENT_MISMATCH", false],
      [new ContentNotFoundError("a"), "ContentNotFoundError", "CONTENT_NOT_FOUND", false],
      [new StoreUnavailableError("http://x"), "StoreUnavailableError", "STORE_UNAVAILABLE", true],
      [new StoreHttpError("http://x", 503), "StoreHttpError", "STORE_HTTP_ERROR", true],
      [new StoreHttpError("http://x", 429), "StoreHttpError", "STORE_HTTP_ERROR", true],
      [new StoreHttpError("http://x", 400), "StoreHttpError", "STORE_HTTP_ERROR", false],
      [new InvalidModuleError("no memory"), "InvalidModuleError", "INVALID_MODULE", false],
      [new ExecutionDeadlineError(10), "ExecutionDeadlineError", "EXECUTION_DEADLINE", false],
      [new HostResourceError("stack"), "HostResourceError", "HOST_RESOURCE", true],
      [new WorkerCrashedError(), "WorkerCrashedError", "WORKER_CRASHED", true],
    ];
    for (const [error, name, code, retryable] of cases) {
      assert.equal(error.name, name);
      assert.equal(error.code, code);
      assert.equal(error.retryable, retryable, name);
      assert.equal(isRetryable(error), retryable);
      assert.ok(error instanceof BaseError);
    }
    assert.ok(new ExecutionDeadlineError(1) instanceof ExecutionError);
    assert.equal(new ExecutionDeadlineError(7).deadlineMs, 7);
  });

  it("summarises bundle issues with their paths", () => {
    const error = new BundleValidationError([
      { path: "$.limits.memoryMiB", message: "expected a number <= 4096, got number 5000" },
      { path: "$.args", message: "is required" },
    ]);
    assert.equal(
      error.shortMessage,
      "Invalid job bundle: $.limits.memoryMiB: expected a number <= 4096, got number 5000 (and 1 more).",
    );
    assert.match(error.details ?? "", /\$\.args: is required/);
  });

  it("treats non-SDK errors as not retryable", () => {
    assert.equal(isRetryable(new Error("x")), false);
    assert.equal(isRetryable("x"), false);
  });
});
