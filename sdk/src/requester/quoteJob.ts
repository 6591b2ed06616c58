import { escrowFor, type JobRequest } from "../actions/postJob.js";
import { bundleHash, canonicalBundleBytes, type JobBundle } from "../bundle/index.js";
import { computeCid } from "../cid/index.js";
import { ContractRevertError, type DeadlinesTooShortError } from "../errors/index.js";
import type { MarketClient } from "./client.js";
import { jobDeadlines, type JobDeadlines } from "./deadlines.js";

/** Seconds from posting to the commit deadline when neither `timeout` nor `deadlines` is given. */
export const DEFAULT_JOB_TIMEOUT = 300;

/** What a requester decides about a job besides its bundle. */
export interface JobTerms {
  /** k: replicas that must agree, 1..7. Default 1. */
  replicas?: number;
  /** Token units per million fuel a replica is paid at most (`suggestPrice` proposes one). */
  maxPricePerMfuel: bigint;
  /** 0..31, matched against the providers' class bitmasks. Default 0. */
  resourceClass?: number;
  /** Providers below it cannot claim. Default 0. */
  minReputation?: number;
  /**
   * Seconds from now (the chain's clock) to the commit deadline, split into a claim and a commit phase
   * (`jobDeadlines`); default DEFAULT_JOB_TIMEOUT. Ignored when `deadlines` is given.
   */
  timeout?: number;
  /** Explicit deadlines, unix seconds; the market checks them when the job is posted. */
  deadlines?: JobDeadlines;
}

export interface QuoteJobParameters extends JobTerms {
  /** The job's bundle: its `limits.fuel` is the job's `maxFuel`. */
  bundle: JobBundle;
  /** The account that will post the job: the quote then reads its balance in the market (`claimable`). */
  requester?: string;
}

/** The request `postJob` would send and what it would escrow, split into budget, fee and audit fee. */
export interface QuoteJobReturnType {
  /** The request `submitJob` posts: the terms, the deadlines, the bundle's hash and its `ipfs://` URI (CID computed here). */
  request: JobRequest;
  /** Token units escrowed from the requester: `replicas × budget + fee + auditFee`. */
  escrow: bigint;
  /** One replica's budget: `maxFuel × maxPricePerMfuel / 1e6`. */
  budget: bigint;
  fee: bigint; // token units
  auditFee: bigint; // token units
  /** The market's `maxVerifiableBudget()` now (the court's last report): the largest budget a job may have. */
  maxVerifiableBudget: bigint;
  /** Seconds the job takes at the protocol's reference speed (`executionTime(maxFuel)`). */
  executionTime: number;
  /**
   * The `requester`'s balance in the market now (`claimable`: deposits, refunds), when one was given. When it covers
   * the whole escrow the posting is paid from it, with no token transfer and no approval or permit.
   */
  claimable?: bigint;
}

/**
 * What `quoteJob` can throw besides transport errors: a timeout too short for the job, or what the market would
 * revert with — `escrowFor`'s own checks (`JobMarketInvalidReplicas`, `JobMarketBudgetOutOfBounds`), or, predicted
 * from its state, `JobMarketPaused` and `JobMarketUnverifiable` (`onChain: false`).
 */
export type QuoteJobErrorType = DeadlinesTooShortError | ContractRevertError;

/**
 * The request for a job and what it will escrow, from reads only: nothing is uploaded or sent. Refuses, before any
 * cost, what `postJob` would refuse: a paused market, a budget out of bounds or above what the court can verify now.
 */
export async function quoteJob(
  client: Pick<MarketClient, "market" | "provider">,
  p: QuoteJobParameters,
): Promise<QuoteJobReturnType> {
  const { market } = client;
  const maxFuel = BigInt(p.bundle.limits.fuel);
  const [executionTime, latest, pausedUntil] = await Promise.all([
    market.executionTime(maxFuel).then(Number),
    client.provider.getBlock("latest"),
    market.pausedUntil(),
  ]);
  const chainNow = latest?.timestamp ?? Math.floor(Date.now() / 1000);
  if (pausedUntil > BigInt(chainNow))
    throw new ContractRevertError("postJob", "JobMarketPaused", [], {
      onChain: false,
      details: `the market is paused until ${pausedUntil} (unix seconds)`,
    });
  // Deadlines from the chain clock (ahead of the wall clock when blocks come fast).
  const deadlines =
    p.deadlines ??
    jobDeadlines(Math.max(chainNow, Math.floor(Date.now() / 1000)), p.timeout ?? DEFAULT_JOB_TIMEOUT, executionTime);
  const request: JobRequest = {
    resourceClass: p.resourceClass ?? 0,
    replicas: p.replicas ?? 1,
    maxFuel,
    maxPricePerMfuel: p.maxPricePerMfuel,
    minReputation: p.minReputation ?? 0,
    claimDeadline: BigInt(deadlines.claimDeadline),
    commitDeadline: BigInt(deadlines.commitDeadline),
    bundleHash: bundleHash(p.bundle),
    bundleURI: `ipfs://${computeCid(canonicalBundleBytes(p.bundle))}`,
  };
  let quoted: Awaited<ReturnType<typeof escrowFor>>;
  try {
    quoted = await escrowFor(market, { request });
  } catch (error) {
    throw ContractRevertError.from("escrowFor", error) ?? error;
  }
  const [params, maxVerifiableBudget, claimable] = await Promise.all([
    market.parameters(),
    market.maxVerifiableBudget(),
    p.requester === undefined ? undefined : market.claimable(p.requester),
  ]);
  if (quoted.budget > maxVerifiableBudget)
    throw new ContractRevertError("postJob", "JobMarketUnverifiable", [quoted.budget, maxVerifiableBudget], {
      onChain: false,
      details: `a replica's budget of ${quoted.budget} is above the market's maxVerifiableBudget ${maxVerifiableBudget}`,
    });
  const auditFee = (quoted.budget * params.auditFeeBps) / 10_000n;
  const fee = quoted.escrow - BigInt(request.replicas) * quoted.budget - auditFee;
  return {
    request,
    ...quoted,
    fee,
    auditFee,
    maxVerifiableBudget,
    executionTime,
    ...(claimable === undefined ? {} : { claimable }),
  };
}
