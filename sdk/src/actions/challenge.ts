import type { HashworkToken, VerificationCourt } from "../typechain/index.js";
import type { TokenPullErrorName } from "./errors.js";
import { addressOf, approveExactly, signerAddressOf, type PreparedCall, type SentTransaction } from "./types.js";

/** Arguments of {@link challenge} (and, in part, of {@link challengeBond} and {@link prepareChallenge}). */
export interface ChallengeParameters {
  jobId: bigint;
  /** The job's budget per replica (`readJob(…).budget`): the bond is `bondFor(budget)`. */
  budget: bigint;
}
/** What {@link challenge} resolves to: the submitted transaction. */
export type ChallengeReturnType = SentTransaction;
/**
 * Why `challenge` can revert: the job has no agreed payable result with reveals closed and the challenge window open
 * (`JobMarketNotChallengeable`, `JobMarketDeadlinePassed`), the caller is a replica or the job's auditor, or the bond
 * cannot be pulled.
 */
export type ChallengeErrorName =
  | "JobMarketJobNotOpen"
  | "JobMarketNotChallengeable"
  | "JobMarketDeadlinePassed"
  | "VerificationCourtIneligible"
  | TokenPullErrorName;

/** The bond a challenge of a job with this budget per replica pulls now (token units). */
export async function challengeBond(court: VerificationCourt, p: Pick<ChallengeParameters, "budget">): Promise<bigint> {
  return court.bondFor(p.budget);
}

/** Encodes `VerificationCourt.challenge` (the court pulls the bond, so an allowance must exist). */
export function prepareChallenge(court: VerificationCourt, p: Pick<ChallengeParameters, "jobId">): PreparedCall {
  return {
    to: addressOf(court),
    data: court.interface.encodeFunctionData("challenge", [p.jobId]),
    functionName: "challenge",
  };
}

/**
 * Challenges a job's agreed result during its challenge window: approves the court for exactly the bond when the
 * allowance is short, then challenges. A panel decides; a verdict other than the agreed result wins the bond back plus
 * a share of the slashed collateral, a confirming verdict forfeits it, no verdict returns it.
 */
export async function challenge(
  court: VerificationCourt,
  token: HashworkToken,
  p: ChallengeParameters,
): Promise<ChallengeReturnType> {
  const owner = await signerAddressOf(court, "challenge");
  await approveExactly(token, owner, addressOf(court), await challengeBond(court, p));
  return court.challenge(p.jobId);
}
