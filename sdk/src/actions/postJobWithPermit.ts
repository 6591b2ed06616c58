import { isError, Signature, type Signer } from "ethers";
import type { HashworkToken, JobMarket } from "../typechain/index.js";
import { escrowFor, type JobRequest, type PostJobErrorName } from "./postJob.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

/** An EIP-2612 permit signature. */
export interface PermitSignature {
  /** Unix seconds after which the permit is void. */
  deadline: bigint;
  v: number;
  r: string;
  s: string;
}

/** Arguments of {@link postJobWithPermit} and {@link preparePostJobWithPermit}. */
export interface PostJobWithPermitParameters {
  request: JobRequest;
  permit: PermitSignature;
}
/** What {@link postJobWithPermit} resolves to: the submitted transaction. */
export type PostJobWithPermitReturnType = SentTransaction;
/** Same as `postJob`: a front-run or invalid permit is ignored, and the pull then fails without an allowance. */
export type PostJobWithPermitErrorName = PostJobErrorName;

/** Encodes `JobMarket.postJobWithPermit`. */
export function preparePostJobWithPermit(market: JobMarket, p: PostJobWithPermitParameters): PreparedCall {
  const { deadline, v, r, s } = p.permit;
  return {
    to: addressOf(market),
    data: market.interface.encodeFunctionData("postJobWithPermit", [p.request, deadline, v, r, s]),
    functionName: "postJobWithPermit",
  };
}

/** Signs an EIP-2612 permit of `value` tokens from `signer` to `spender`, valid until `deadline`. */
export async function signPermit(
  token: HashworkToken,
  signer: Signer,
  spender: string,
  value: bigint,
  deadline: bigint,
): Promise<PermitSignature> {
  const owner = await signer.getAddress();
  const [domain, nonce] = await Promise.all([token.eip712Domain(), token.nonces(owner)]);
  const signature = await signer.signTypedData(
    {
      name: domain.name,
      version: domain.version,
      chainId: domain.chainId,
      verifyingContract: domain.verifyingContract,
    },
    {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    { owner, spender, value, nonce, deadline },
  );
  const { v, r, s } = Signature.from(signature);
  return { deadline, v, r, s };
}

/**
 * `signPermit` valid for `validFor` seconds from the chain's clock, or undefined when the token does not implement
 * EIP-2612 (it reverts on `eip712Domain` or `nonces`): the caller then approves with a transaction instead. A permit
 * saves that transaction and lets the whole operation be simulated before anything is sent.
 */
export async function signPermitIfSupported(
  token: HashworkToken,
  signer: Signer,
  spender: string,
  value: bigint,
  validFor = 3_600, // seconds
): Promise<PermitSignature | undefined> {
  const latest = await signer.provider?.getBlock("latest");
  const deadline = BigInt((latest?.timestamp ?? Math.floor(Date.now() / 1000)) + validFor);
  try {
    return await signPermit(token, signer, spender, value, deadline);
  } catch (error) {
    if (isError(error, "CALL_EXCEPTION")) return undefined;
    throw error;
  }
}

/**
 * Posts a job in one transaction: signs a permit for exactly the job's escrow (no approval transaction), then calls
 * `postJobWithPermit`. `deadline` bounds the permit (unix seconds).
 */
export async function postJobWithPermit(
  market: JobMarket,
  token: HashworkToken,
  signer: Signer,
  p: { request: JobRequest; deadline: bigint },
): Promise<PostJobWithPermitReturnType> {
  const { escrow } = await escrowFor(market, p);
  const permit = await signPermit(token, signer, addressOf(market), escrow, p.deadline);
  return market.connect(signer).postJobWithPermit(p.request, permit.deadline, permit.v, permit.r, permit.s);
}
