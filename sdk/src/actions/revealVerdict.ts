import type { DisputeCourt } from "../typechain/index.js";
import { addressOf, type PreparedCall, type SentTransaction } from "./types.js";

export interface RevealVerdictParameters {
  jobId: bigint;
  resultHash: string;
  /** The salt the commitment was made with. */
  salt: string;
  /** Where the verifier's output can be fetched (`ipfs://<cid>`), at most 512 bytes. */
  resultURI: string;
}
export type RevealVerdictReturnType = SentTransaction;

/** Encodes `DisputeCourt.revealVerdict`. */
export function prepareRevealVerdict(court: DisputeCourt, p: RevealVerdictParameters): PreparedCall {
  const data = court.interface.encodeFunctionData("revealVerdict", [p.jobId, p.resultHash, p.salt, p.resultURI]);
  return { to: addressOf(court), data, functionName: "revealVerdict" };
}

/** Opens the signer's verdict commitment once reveals are open. */
export async function revealVerdict(court: DisputeCourt, p: RevealVerdictParameters): Promise<RevealVerdictReturnType> {
  return court.revealVerdict(p.jobId, p.resultHash, p.salt, p.resultURI);
}
