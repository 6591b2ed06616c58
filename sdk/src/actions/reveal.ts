import type { JobMarket } from "../typechain/index.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

export interface RevealParameters {
  jobId: bigint;
  resultHash: string;
  /** The salt the commitment was made with. */
  salt: string;
  resultURI: string;
}
export type RevealReturnType = SentTransaction;

/** Encodes `JobMarket.revealResult` (k >= 2). */
export function prepareReveal(market: JobMarket, p: RevealParameters): PreparedCall {
  const data = market.interface.encodeFunctionData("revealResult", [p.jobId, p.resultHash, p.salt, p.resultURI]);
  return { to: addressOf(market), data, functionName: "revealResult" };
}

/** Opens the signer's commitment once reveals are open. */
export async function reveal(market: JobMarket, p: RevealParameters): Promise<RevealReturnType> {
  return market.revealResult(p.jobId, p.resultHash, p.salt, p.resultURI);
}
