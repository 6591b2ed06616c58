import { keccak256, type EthersError, type TransactionReceipt } from "ethers";
import { postedJobId, preparePostJob, type JobRequest, type PostJobErrorName } from "../actions/postJob.js";
import { preparePostJobWithPermit, signPermitIfSupported } from "../actions/postJobWithPermit.js";
import { addressOf, approveExactly } from "../actions/types.js";
import { bundleHash, canonicalBundleBytes, type JobBundle } from "../bundle/index.js";
import { simulateAndSend } from "../chain/send.js";
import type { ContentStore } from "../content/index.js";
import {
  ContentMismatchError,
  ContractRevertError,
  InputHashMismatchError,
  ModuleHashMismatchError,
  type ContentTooLargeError,
  type StoreHttpError,
  type StoreUnavailableError,
} from "../errors/index.js";
import { signerOf, type MarketClient } from "./client.js";
import { quoteJob, type JobTerms, type QuoteJobErrorType, type QuoteJobReturnType } from "./quoteJob.js";

/** What `submitJob` posts: a bundle with its terms, or with a quote of them (`quoteJob`, e.g. shown to the user first). */
export type SubmitJobParameters = SubmitJobOptions & (JobTerms | { quote: QuoteJobReturnType });

/** The bundle's bytes to upload, how to authorise the escrow, and a progress callback. */
export interface SubmitJobOptions {
  /** The job's bundle: its `limits.fuel` is the job's `maxFuel`. */
  bundle: JobBundle;
  /**
   * The module's bytes, uploaded beside the bundle (providers fetch it by the bundle's `module.cid`); checked against
   * the bundle's `module.hash`. Omit it when the store already holds it.
   */
  module?: Uint8Array;
  /** The input's bytes, likewise (`input.cid`, `input.hash`); omit it when there is none or it is stored. */
  input?: Uint8Array | null;
  /**
   * How the market may pull the escrow when the requester's balance in the market does not cover it (when it does,
   * the escrow is paid from it and neither is used): `approve` (default) approves exactly the escrow when the
   * allowance is short, in its own transaction; `permit` signs an EIP-2612 permit and posts in one transaction
   * (`postJobWithPermit`), falling back to `approve` when the token does not implement permits.
   */
  authorization?: "approve" | "permit";
  /** Progress, for a display: each upload, and each transaction (the approval, the posting) once sent. */
  onProgress?: (step: SubmitJobProgress) => void;
}

/** A step `submitJob` reports as it goes: a file uploaded, a transaction sent. */
export type SubmitJobProgress =
  | { type: "uploaded"; what: "module" | "input" | "bundle"; cid: string }
  | { type: "sent"; functionName: string; hash: string };

/** The posted job: its id, the request and the transactions that posted it. */
export interface SubmitJobReturnType {
  jobId: bigint;
  /** The request as posted. */
  request: JobRequest;
  /** The escrow and its breakdown (the quote the job was posted with). */
  quote: QuoteJobReturnType;
  /** The posting transaction. */
  hash: string;
  blockNumber: number;
  receipt: TransactionReceipt;
  /** How the escrow was paid for: see {@link SubmitJobAuthorization}. */
  authorization: SubmitJobAuthorization;
}

/**
 * How `submitJob` paid for the escrow: `balance`, from the requester's balance in the market (`claimable`: deposits,
 * refunds), which covered all of it — no token transfer, no approval, no permit; `remaining` is what that balance holds
 * after the posting (as read before it). Otherwise pulled from the wallet: with a `permit`, or after an `approve`
 * (`hash` is the approval's transaction when one was needed; none when the allowance already covered the escrow).
 */
export type SubmitJobAuthorization =
  { kind: "balance"; remaining: bigint } | { kind: "permit" } | { kind: "approve"; hash?: string };

/**
 * What `submitJob` can throw: `quoteJob`'s errors; the bytes given do not match the bundle; `ContractRevertError`
 * with an `errorName` of `PostJobErrorName` (simulated, mined, or `ERC20InsufficientBalance` predicted from the
 * balance before anything is uploaded) or of the approval; the content store's errors on upload; ethers' transport
 * errors (`INSUFFICIENT_FUNDS` for gas, `NETWORK_ERROR`, …).
 */
export type SubmitJobErrorType =
  | QuoteJobErrorType
  | ModuleHashMismatchError
  | InputHashMismatchError
  | ContractRevertError
  | ContentMismatchError
  | ContentTooLargeError
  | StoreUnavailableError
  | StoreHttpError
  | EthersError;
/** Custom errors a posting can revert with (the `errorName` of a `ContractRevertError` from `submitJob`). */
export type SubmitJobErrorName = PostJobErrorName;

/**
 * Posts a job as a careful requester does: quotes it (unless given a quote), checks that its balance in the market or
 * its wallet covers the escrow, uploads the module, the input and the bundle, then — unless the balance in the market
 * pays the whole escrow — authorizes exactly the escrow (an approval, or a permit), simulates the posting and only
 * then sends it. Nothing is uploaded when the quote or the balances already say it would fail; nothing is sent that
 * the simulation says would revert.
 */
export async function submitJob(
  client: Pick<MarketClient, "market" | "token" | "court" | "provider" | "store">,
  p: SubmitJobParameters,
): Promise<SubmitJobReturnType> {
  const signer = signerOf(client, "submitJob");
  const owner = await signer.getAddress();
  checkContent(p);
  const quote = "quote" in p ? p.quote : await quoteJob(client, p);
  if (quote.request.bundleHash !== bundleHash(p.bundle))
    throw new TypeError("submitJob: the quote is for another bundle");
  const { request, escrow } = quote;
  // The market takes the escrow from the requester's balance in it when that covers all of it, else from its wallet.
  const [balance, claimable] = await Promise.all([client.token.balanceOf(owner), client.market.claimable(owner)]);
  const fromBalance = claimable >= escrow;
  if (!fromBalance && balance < escrow)
    throw new ContractRevertError("postJob", "ERC20InsufficientBalance", [owner, balance, escrow], {
      onChain: false,
      details:
        `${owner} holds ${balance} token units, the escrow is ${escrow}` +
        (claimable > 0n ? `, and its balance of ${claimable} in the market does not cover it either` : "") +
        " (checked before uploading)",
    });

  await upload(client.store, p, request.bundleURI);
  const market = addressOf(client.market);
  const onSent = (functionName: string) => (hash: string) => p.onProgress?.({ type: "sent", functionName, hash });
  const permit =
    !fromBalance && p.authorization === "permit"
      ? await signPermitIfSupported(client.token, signer, market, escrow)
      : undefined;
  let authorization: SubmitJobAuthorization;
  if (fromBalance) authorization = { kind: "balance", remaining: claimable - escrow };
  else if (permit) authorization = { kind: "permit" };
  else {
    const hash = await approveExactly(client.token, owner, market, escrow, onSent("approve")).catch((error) => {
      throw ContractRevertError.from("approve", error) ?? error;
    });
    authorization = hash ? { kind: "approve", hash } : { kind: "approve" };
  }
  // With a permit or from the balance the whole posting is simulated before anything is sent; an approval can only be
  // simulated on its own, and the posting is simulated against it.
  const call = permit
    ? preparePostJobWithPermit(client.market, { request, permit })
    : preparePostJob(client.market, { request });
  const sent = await simulateAndSend(signer, call, { onSent: onSent(call.functionName) });
  return {
    jobId: postedJobId(client.market, sent.receipt),
    request,
    quote,
    hash: sent.hash,
    blockNumber: sent.blockNumber,
    receipt: sent.receipt,
    authorization,
  };
}

/** Refuses module or input bytes that are not the bundle's: the job would end "input unavailable", and be paid for. */
function checkContent(p: SubmitJobParameters): void {
  if (p.module) {
    const actual = keccak256(p.module);
    if (actual !== p.bundle.module.hash.toLowerCase()) throw new ModuleHashMismatchError(p.bundle.module.hash, actual);
  }
  if (p.input && p.input.length > 0) {
    const expected = p.bundle.input?.hash ?? "(none)";
    const actual = keccak256(p.input);
    if (actual !== expected.toLowerCase()) throw new InputHashMismatchError(expected, actual);
  }
}

/** Uploads the module, the input and the bundle; the bundle must land under the CID its request names. */
async function upload(store: ContentStore, p: SubmitJobParameters, bundleURI: string): Promise<void> {
  const put = async (what: "module" | "input", bytes: Uint8Array) => {
    const { cid } = await store.put(bytes);
    p.onProgress?.({ type: "uploaded", what, cid });
  };
  if (p.module) await put("module", p.module);
  if (p.input && p.input.length > 0) await put("input", p.input);
  const { cid } = await store.put(canonicalBundleBytes(p.bundle));
  if (`ipfs://${cid}` !== bundleURI) throw new ContentMismatchError(bundleURI.slice("ipfs://".length), cid);
  p.onProgress?.({ type: "uploaded", what: "bundle", cid });
}
