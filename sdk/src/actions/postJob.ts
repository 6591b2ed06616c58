import type { TransactionReceipt } from "ethers";
import type { HashworkToken, JobMarket } from "../typechain/index.js";
import type { TokenPullErrorName } from "./errors.js";
import { addressOf, approveExactly, signerAddressOf, type PreparedCall, type SentTransaction } from "./types.js";

/** `IJobMarket.JobRequest`: what a requester posts. Deadlines are unix seconds. */
export interface JobRequest {
  /** 0..31, matched against the provider's class bitmask. */
  resourceClass: number;
  /** k, 1..7. */
  replicas: number;
  /** The job's compute limit: the bundle's `limits.fuel`. */
  maxFuel: bigint;
  /** Token units per million fuel the requester pays a replica at most. */
  maxPricePerMfuel: bigint;
  /** Providers below it cannot claim. */
  minReputation: number;
  /** Last second to claim a slot. */
  claimDeadline: bigint;
  /** Last second to commit; at least the job's execution time after posting. */
  commitDeadline: bigint;
  /** keccak256 of the canonical bundle bytes. */
  bundleHash: string;
  /** `ipfs://<cid>` of the bundle, at most 512 bytes. */
  bundleURI: string;
}

/** Arguments of {@link postJob} and {@link preparePostJob}. */
export interface PostJobParameters {
  request: JobRequest;
}
/** What {@link postJob} resolves to: the submitted transaction. */
export type PostJobReturnType = SentTransaction;
/** Why `postJob` can revert (in the order the market checks; the token pull's errors only when the escrow is pulled). */
export type PostJobErrorName =
  | "JobMarketPaused"
  | "JobMarketInvalidReplicas"
  | "JobMarketBudgetOutOfBounds"
  | "JobMarketUnverifiable"
  | "JobMarketInvalidResourceClass"
  | "JobMarketInvalidBundle"
  | "JobMarketURITooLong"
  | "JobMarketInvalidDeadlines"
  | TokenPullErrorName;

/** What {@link escrowFor} resolves to: the escrow a job costs and the budget of one replica. */
export interface EscrowForReturnType {
  /** Token units the market escrows (from the requester's balance in it, or its wallet): `replicas × budget + fee + auditFee`. */
  escrow: bigint;
  /** One replica's budget: `maxFuel × maxPricePerMfuel / 1e6`. */
  budget: bigint;
}

/** What posting `request` costs under the market's current parameters (reverts like `postJob` on a bad budget). */
export async function escrowFor(market: JobMarket, p: PostJobParameters): Promise<EscrowForReturnType> {
  const [escrow, budget] = await market.escrowFor(p.request);
  return { escrow, budget };
}

/**
 * Encodes `JobMarket.postJob`. The market takes the escrow from the caller's balance in the market when that covers
 * all of it (`market.claimable(caller)`, see {@link deposit}); otherwise it pulls it, so an allowance must exist.
 */
export function preparePostJob(market: JobMarket, p: PostJobParameters): PreparedCall {
  return {
    to: addressOf(market),
    data: market.interface.encodeFunctionData("postJob", [p.request]),
    functionName: "postJob",
  };
}

/**
 * Posts the job. When the signer's balance in the market covers the whole escrow the market takes it from there
 * (`JobPosted.escrowFromBalance`) and nothing is approved; otherwise the market is approved for exactly the escrow when the
 * allowance is short, and pulls it from the wallet.
 */
export async function postJob(
  market: JobMarket,
  token: HashworkToken,
  p: PostJobParameters,
): Promise<PostJobReturnType> {
  const owner = await signerAddressOf(market, "postJob");
  const [{ escrow }, claimable] = await Promise.all([escrowFor(market, p), market.claimable(owner)]);
  if (claimable < escrow) await approveExactly(token, owner, addressOf(market), escrow);
  return market.postJob(p.request);
}

/** The id of the job a `postJob` (or `postJobWithPermit`) receipt posted, from its `JobPosted` log. */
export function postedJobId(market: JobMarket, receipt: Pick<TransactionReceipt, "logs">): bigint {
  const address = addressOf(market).toLowerCase();
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== address) continue;
    const parsed = market.interface.parseLog(log);
    if (parsed?.name === "JobPosted") return parsed.args.jobId as bigint;
  }
  throw new Error("the receipt has no JobPosted log of this market");
}
