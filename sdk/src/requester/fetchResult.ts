import { keccak256, type EthersError } from "ethers";
import { JobStatus } from "../actions/enums.js";
import { cidOfUri } from "../bundle/index.js";
import { verifyCid } from "../cid/index.js";
import type { ContentStore } from "../content/index.js";
import {
  JobHasNoResultError,
  JobNotSettledError,
  ResultHashMismatchError,
  ResultUnavailableError,
  type AbortedError,
  type ContentMismatchError,
  type ContentNotFoundError,
  type ContentTooLargeError,
  type InvalidCidError,
  type JobNotFoundError,
  type StoreHttpError,
  type StoreUnavailableError,
} from "../errors/index.js";
import { parseErrorOutput } from "../results.js";
import type { MarketClient } from "./client.js";
import { isFinalJobEvent, jobEvents, winningOutput, type JobEvent } from "./jobEvents.js";
import { readExistingJob } from "./readExistingJob.js";

/** The settled job whose result to download, and where to look for it. */
export interface FetchResultParameters {
  jobId: bigint;
  /** The job's events from its posting on (e.g. `waitForJob`'s); read from the chain when omitted. */
  events?: readonly JobEvent[];
  /** Refuse an output larger than this (bytes); default the store's cap. */
  maxBytes?: number;
  signal?: AbortSignal;
}

/** The output, checked against its CID and the on-chain output hash, and where it came from. */
export interface FetchResultReturnType {
  jobId: bigint;
  /** The output, verified against its CID and against the output hash agreed on-chain. */
  bytes: Uint8Array;
  /** keccak256 of the output, as revealed on-chain. */
  outputHash: string;
  /** The fuel the winning result used (what the replicas were paid for). */
  fuelUsed: bigint;
  /** The on-chain result word `resultOf(outputHash, fuelUsed)`. */
  result: string;
  cid: string;
  uri: string;
  /** Escrow above what the job cost, credited back to the requester (claimable in the market), token units. */
  refund: bigint;
  /** Set when the program failed inside its limits and the agreed output is the sandbox's error report. */
  programError?: { code: string; exitCode?: number };
}

/**
 * What `fetchResult` can throw: no such job, not settled yet, ended without a result (cancelled, refunded), a result
 * nobody published or under a URI without a CID, bytes that are not the agreed result (`ResultHashMismatchError`,
 * or `ContentMismatchError` from the store's CID check), the store's and ethers' transport errors.
 */
export type FetchResultErrorType =
  | JobNotFoundError
  | JobNotSettledError
  | JobHasNoResultError
  | ResultUnavailableError
  | ResultHashMismatchError
  | ContentMismatchError
  | ContentNotFoundError
  | ContentTooLargeError
  | InvalidCidError
  | StoreUnavailableError
  | StoreHttpError
  | AbortedError
  | EthersError;

/**
 * Downloads a settled job's output and verifies it twice before returning it: its bytes must match the CID of the URI
 * they came from (the store returned what the URI names) and hash to the output hash agreed on-chain (that is what the
 * providers agreed on). Tries each URI the winning result was revealed with.
 */
export async function fetchResult(
  client: Pick<MarketClient, "market" | "court" | "provider" | "store">,
  p: FetchResultParameters,
): Promise<FetchResultReturnType> {
  const { jobId } = p;
  const events = p.events ?? (await settledJobEvents(client, jobId));
  const final = events.find(isFinalJobEvent);
  if (!final) throw new JobNotSettledError(jobId);
  if (final.type === "cancelled") throw new JobHasNoResultError(jobId, "cancelled", final.refund);
  if (final.outcome !== "completed")
    throw new JobHasNoResultError(jobId, final.outcome, final.refund + final.compensation);
  const winner = winningOutput(events, final.result);
  if (!winner.outputHash || winner.uris.length === 0) throw new ResultUnavailableError(jobId, "no-uri");
  const verified = await downloadVerified(client.store, jobId, winner.uris, winner.outputHash, p);
  const programError = parseErrorOutput(verified.bytes);
  return {
    jobId,
    ...verified,
    outputHash: winner.outputHash,
    fuelUsed: final.fuelUsed,
    result: final.result,
    refund: final.refund + final.compensation,
    ...(programError ? { programError } : {}),
  };
}

/** The job's events from its posting to the head; `JobNotSettledError` while it is open or before the court. */
async function settledJobEvents(
  client: Pick<MarketClient, "market" | "court" | "provider">,
  jobId: bigint,
): Promise<JobEvent[]> {
  const job = await readExistingJob(client, jobId);
  if (job.status === JobStatus.Open || job.status === JobStatus.Verifying) throw new JobNotSettledError(jobId);
  const head = await client.provider.getBlockNumber();
  return jobEvents(client.provider, client, jobId, Number(job.postedBlock), head);
}

/**
 * The output from the first URI whose bytes match both its CID and `outputHash`. If none does, the first failure is
 * raised and nothing is returned.
 */
async function downloadVerified(
  store: ContentStore,
  jobId: bigint,
  uris: readonly string[],
  outputHash: string,
  o: { maxBytes?: number; signal?: AbortSignal },
): Promise<{ bytes: Uint8Array; cid: string; uri: string }> {
  let firstFailure: unknown;
  for (const uri of uris) {
    const cid = cidOfUri(uri);
    if (!cid) {
      firstFailure ??= new ResultUnavailableError(jobId, "bad-uri", uri);
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await store.get(cid, { ...(o.maxBytes === undefined ? {} : { maxBytes: o.maxBytes }), signal: o.signal });
    } catch (error) {
      firstFailure ??= error;
      continue;
    }
    // Every store checks the CID on `get`; checked again here because a caller's own store may not.
    const actual = keccak256(bytes);
    if (!verifyCid(bytes, cid) || actual.toLowerCase() !== outputHash.toLowerCase()) {
      firstFailure ??= new ResultHashMismatchError(outputHash, actual, cid);
      continue;
    }
    return { bytes, cid, uri };
  }
  throw firstFailure;
}
