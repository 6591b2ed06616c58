import { BaseError } from "./base.js";

// What the requester's actions (`submitJob`, `waitForJob`, `fetchResult`, `verifyResult`) throw besides reverts
// (`ContractRevertError`) and content-store errors. Each carries the data a caller branches on.

/** The chain's JSON-RPC endpoint did not answer (connection refused, timeout, not JSON-RPC). */
export class RpcUnreachableError extends BaseError {
  override name = "RpcUnreachableError";
  readonly url: string;
  constructor(url: string, parameters: { cause?: unknown } = {}) {
    super(`Cannot reach the chain at ${url}.`, { code: "RPC_UNREACHABLE", cause: parameters.cause, retryable: true });
    this.url = url;
  }
}

/**
 * A timeout too short for the market's phases: claims need `MIN_PHASE`, commits `MIN_PHASE` more plus the job's
 * execution time at the reference speed. `needed` is the shortest timeout that works.
 */
export class DeadlinesTooShortError extends BaseError {
  override name = "DeadlinesTooShortError";
  readonly timeout: number; // seconds
  readonly needed: number; // seconds
  readonly executionTime: number; // seconds
  constructor(timeout: number, needed: number, executionTime: number) {
    super(`A timeout of ${timeout}s is too short for the job: it needs at least ${needed}s.`, {
      code: "DEADLINES_TOO_SHORT",
      details: `claims and commits need at least 30s each, commits also the job's execution time (${executionTime}s)`,
      retryable: false,
    });
    this.timeout = timeout;
    this.needed = needed;
    this.executionTime = executionTime;
  }
}

/** No registered, staked, unjailed provider offers this class for a job of this fuel: no price can be suggested. */
export class NoEligibleOfferError extends BaseError {
  override name = "NoEligibleOfferError";
  readonly resourceClass: number;
  readonly maxFuel: bigint;
  constructor(resourceClass: number, maxFuel: bigint) {
    super(`No registered provider offers class ${resourceClass} for a job of ${maxFuel} fuel.`, {
      code: "NO_ELIGIBLE_OFFER",
      retryable: false,
    });
    this.resourceClass = resourceClass;
    this.maxFuel = maxFuel;
  }
}

/** The market has no job with this id, or has recycled its record (`archived`: its history is in its events). */
export class JobNotFoundError extends BaseError {
  override name = "JobNotFoundError";
  readonly jobId: bigint;
  readonly archived: boolean;
  /** The market's job count when it was looked up. */
  readonly jobCount: bigint;
  constructor(jobId: bigint, parameters: { archived: boolean; jobCount: bigint }) {
    super(
      parameters.archived
        ? `Job ${jobId} is finished and its record was recycled.`
        : `Job ${jobId} not found: the market has ${parameters.jobCount} job${parameters.jobCount === 1n ? "" : "s"}.`,
      { code: parameters.archived ? "JOB_ARCHIVED" : "JOB_NOT_FOUND", retryable: false },
    );
    this.jobId = jobId;
    this.archived = parameters.archived;
    this.jobCount = parameters.jobCount;
  }
}

/** The job is still open (or before the court): it has no final result yet. */
export class JobNotSettledError extends BaseError {
  override name = "JobNotSettledError";
  readonly jobId: bigint;
  constructor(jobId: bigint) {
    super(`Job ${jobId} has not been settled yet, so it has no final result.`, {
      code: "JOB_NOT_SETTLED",
      retryable: false,
    });
    this.jobId = jobId;
  }
}

/**
 * The job ended without an output: cancelled, or settled with another outcome than `completed`. `refund` is what was
 * credited back to the requester (claimable in the market).
 */
export class JobHasNoResultError extends BaseError {
  override name = "JobHasNoResultError";
  readonly jobId: bigint;
  /** `cancelled`, or the settlement's outcome (`no-claims`, `no-consensus`, …). */
  readonly outcome: string;
  readonly refund: bigint; // token units
  constructor(jobId: bigint, outcome: string, refund: bigint) {
    super(`Job ${jobId} ended without a result (${outcome}).`, { code: "NO_RESULT", retryable: false });
    this.jobId = jobId;
    this.outcome = outcome;
    this.refund = refund;
  }
}

/**
 * The result is on-chain but its bytes cannot be fetched: nobody revealed a URI for it (`no-uri`), or the URI names
 * no IPFS CID (`bad-uri`).
 */
export class ResultUnavailableError extends BaseError {
  override name = "ResultUnavailableError";
  readonly jobId: bigint;
  readonly reason: "no-uri" | "bad-uri";
  readonly uri: string | undefined;
  constructor(jobId: bigint, reason: "no-uri" | "bad-uri", uri?: string) {
    super(
      reason === "no-uri"
        ? `No reveal of job ${jobId} published a URI for the winning result.`
        : `The result URI "${(uri ?? "").slice(0, 80)}" of job ${jobId} names no IPFS CID.`,
      { code: "RESULT_UNAVAILABLE", retryable: false },
    );
    this.jobId = jobId;
    this.reason = reason;
    this.uri = uri;
  }
}

/** Downloaded bytes do not hash (keccak256) to the output hash agreed on-chain. Never retryable. */
export class ResultHashMismatchError extends BaseError {
  override name = "ResultHashMismatchError";
  readonly expected: string;
  readonly actual: string;
  readonly cid: string;
  constructor(expected: string, actual: string, cid: string) {
    super("The downloaded output is not the result agreed on-chain.", {
      code: "RESULT_HASH_MISMATCH",
      details: `expected keccak256 ${expected}, got ${actual} (cid ${cid})`,
      retryable: false,
    });
    this.expected = expected;
    this.actual = actual;
    this.cid = cid;
  }
}

/** `waitForJob` gave up: the job did not reach the awaited event in time. It keeps running on-chain. */
export class WaitForJobTimeoutError extends BaseError {
  override name = "WaitForJobTimeoutError";
  readonly jobId: bigint;
  readonly timeout: number; // ms
  constructor(jobId: bigint, timeout: number) {
    super(`Job ${jobId} did not get there within ${Math.round(timeout / 1000)}s.`, {
      code: "WAIT_TIMED_OUT",
      retryable: false,
    });
    this.jobId = jobId;
    this.timeout = timeout;
  }
}
