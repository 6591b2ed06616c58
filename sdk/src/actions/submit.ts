import type { JobMarket } from "../typechain/index.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

export interface SubmitParameters {
  jobId: bigint;
  /** keccak256 of the output bytes (or `INPUT_UNAVAILABLE`). */
  resultHash: string;
  /** Where the output can be fetched. */
  resultURI: string;
}
export type SubmitReturnType = SentTransaction;

/** Encodes `JobMarket.submitResult` (k = 1). */
export function prepareSubmit(market: JobMarket, p: SubmitParameters): PreparedCall {
  const data = market.interface.encodeFunctionData("submitResult", [p.jobId, p.resultHash, p.resultURI]);
  return { to: addressOf(market), data, functionName: "submitResult" };
}

/** Posts the result of a k = 1 job; it becomes final after the challenge window. */
export async function submit(market: JobMarket, p: SubmitParameters): Promise<SubmitReturnType> {
  return market.submitResult(p.jobId, p.resultHash, p.resultURI);
}
