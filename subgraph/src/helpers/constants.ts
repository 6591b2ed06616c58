import { BigInt } from "@graphprotocol/graph-ts";

/** Id of the single Protocol entity. */
export const PROTOCOL_ID = "hashwork";

export const SECONDS_PER_DAY = 86400;
export const SECONDS_PER_HOUR = 3600;

export const ZERO_BI = BigInt.zero();
export const ONE_BI = BigInt.fromI32(1);

/** reputation = completed − FAULT_WEIGHT × (slashes + noShows), floored at 0 (ProviderRegistry._FAULT_WEIGHT). */
export const FAULT_WEIGHT = 2;

// JobStatus
export const JOB_OPEN = "OPEN";
export const JOB_COMPLETED = "COMPLETED";
export const JOB_REFUNDED = "REFUNDED";
export const JOB_CANCELLED = "CANCELLED";
export const JOB_DISPUTED = "DISPUTED";

// AssignmentOutcome
export const ASSIGNMENT_PENDING = "PENDING";
export const ASSIGNMENT_PAID = "PAID";
export const ASSIGNMENT_SLASHED_DISSENT = "SLASHED_DISSENT";
export const ASSIGNMENT_SLASHED_NO_SHOW = "SLASHED_NO_SHOW";
export const ASSIGNMENT_RELEASED = "RELEASED";

// ProviderStatus
export const PROVIDER_ACTIVE = "ACTIVE";
export const PROVIDER_INACTIVE = "INACTIVE";
export const PROVIDER_JAILED = "JAILED";

// ParameterSource
export const SOURCE_JOB_MARKET = "JOB_MARKET";
export const SOURCE_PROVIDER_REGISTRY = "PROVIDER_REGISTRY";
export const SOURCE_DISPUTE_COURT = "DISPUTE_COURT";

// BalanceSource
export const BALANCE_JOB_MARKET = "JOB_MARKET";
export const BALANCE_DISPUTE_COURT = "DISPUTE_COURT";

// SlashSource
export const SLASH_MARKET = "MARKET";
export const SLASH_DISPUTE_PROVIDER = "DISPUTE_PROVIDER";
export const SLASH_DISPUTE_VERIFIER = "DISPUTE_VERIFIER";

// DisputeStatus
export const DISPUTE_OPEN = "OPEN";
export const DISPUTE_RESOLVED = "RESOLVED";

// VerifierOutcome
export const VERIFIER_PENDING = "PENDING";
export const VERIFIER_MAJORITY = "MAJORITY";
export const VERIFIER_DISSENT = "DISSENT";
export const VERIFIER_NO_SHOW = "NO_SHOW";
export const VERIFIER_RELEASED = "RELEASED";

/** IProviderRegistry.Fault.Dissent (NoShow is 2). */
export const FAULT_DISSENT = 1;

/** IDisputeCourt.Verdict → Verdict enum value (null for None). */
export function verdictName(verdict: i32): string | null {
  if (verdict == VERDICT_UPHELD) return "UPHELD";
  if (verdict == VERDICT_OVERTURNED) return "OVERTURNED";
  if (verdict == VERDICT_INCONCLUSIVE) return "INCONCLUSIVE";
  return null;
}

export const VERDICT_UPHELD = 1;
export const VERDICT_OVERTURNED = 2;
export const VERDICT_INCONCLUSIVE = 3;

/** IProviderRegistry.Fault → Fault enum value. */
export function faultName(reason: i32): string {
  if (reason == 1) return "DISSENT";
  if (reason == 2) return "NO_SHOW";
  return "NONE";
}

/** IJobMarket.Outcome → JobOutcome enum value (also a RefundReason value). */
export function outcomeName(outcome: i32): string {
  if (outcome == 0) return "COMPLETED";
  if (outcome == 1) return "INPUT_UNAVAILABLE";
  if (outcome == 2) return "NO_CONSENSUS";
  if (outcome == 3) return "NO_CLAIMS";
  if (outcome == 5) return "OVERTURNED";
  return "NO_RESULT";
}

export const OUTCOME_COMPLETED = 0;
export const OUTCOME_INPUT_UNAVAILABLE = 1;
export const OUTCOME_NO_CONSENSUS = 2;
export const OUTCOME_NO_CLAIMS = 3;
export const OUTCOME_NO_RESULT = 4;
export const OUTCOME_OVERTURNED = 5;
