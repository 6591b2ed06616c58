import { BigDecimal, BigInt } from "@graphprotocol/graph-ts";

/** Id of the single Protocol entity. */
export const PROTOCOL_ID = "hashwork";

export const SECONDS_PER_DAY = 86400;
export const SECONDS_PER_HOUR = 3600;

export const ZERO_BI = BigInt.zero();
export const ZERO_BD = BigDecimal.zero();
/** Fuel per million fuel: prices are per FUEL_UNIT fuel (Jobs.FUEL_UNIT). */
export const FUEL_UNIT = BigInt.fromI32(1000000);
/** Seconds before any fuel burns (JobMarket.MIN_EXECUTION_TIME). */
export const MIN_EXECUTION_TIME = BigInt.fromI32(30);

/** reputation = completed − FAULT_WEIGHT × (slashes + noShows), floored at 0 (ProviderRegistry._FAULT_WEIGHT). */
export const FAULT_WEIGHT = 2;

// JobStatus
export const JOB_OPEN = "OPEN";
export const JOB_VERIFYING = "VERIFYING";
export const JOB_COMPLETED = "COMPLETED";
export const JOB_REFUNDED = "REFUNDED";
export const JOB_CANCELLED = "CANCELLED";

// AuditState
export const AUDIT_UNDECIDED = "UNDECIDED";
export const AUDIT_AUDITED = "AUDITED";
export const AUDIT_NOT_AUDITED = "NOT_AUDITED";

// AssignmentOutcome
export const ASSIGNMENT_PENDING = "PENDING";
export const ASSIGNMENT_PAID = "PAID";
export const ASSIGNMENT_SLASHED = "SLASHED";
export const ASSIGNMENT_RELEASED = "RELEASED";

// ProviderStatus
export const PROVIDER_ACTIVE = "ACTIVE";
export const PROVIDER_INACTIVE = "INACTIVE";
export const PROVIDER_JAILED = "JAILED";

// ContractSource
export const SOURCE_JOB_MARKET = "JOB_MARKET";
export const SOURCE_PROVIDER_REGISTRY = "PROVIDER_REGISTRY";
export const SOURCE_VERIFICATION_COURT = "VERIFICATION_COURT";

// SlashSource
export const SLASH_MARKET = "MARKET";
export const SLASH_COURT = "COURT";

// VerificationStatus
export const VERIFICATION_AUDIT = "AUDIT";
export const VERIFICATION_PANEL = "PANEL";
export const VERIFICATION_FINAL = "FINAL";

// ChallengeStatus
export const CHALLENGE_OPEN = "OPEN";
export const CHALLENGE_WON = "WON";
export const CHALLENGE_LOST = "LOST";
export const CHALLENGE_UNDECIDED = "UNDECIDED";

// SeatOutcome
export const SEAT_PENDING = "PENDING";
export const SEAT_UPHELD = "UPHELD";
export const SEAT_PAID = "PAID";
export const SEAT_DISSENT = "DISSENT";
export const SEAT_NO_SHOW = "NO_SHOW";
export const SEAT_WITHHELD = "WITHHELD";

// IProviderRegistry.Fault
export const FAULT_NONE = 0;
export const FAULT_DISSENT = 1;
export const FAULT_NO_SHOW = 2;
export const FAULT_WITHHELD = 3;

/** IProviderRegistry.Fault → Fault enum value. */
export function faultName(reason: i32): string {
  if (reason == FAULT_DISSENT) return "DISSENT";
  if (reason == FAULT_NO_SHOW) return "NO_SHOW";
  if (reason == FAULT_WITHHELD) return "WITHHELD";
  return "NONE";
}

// IJobMarket.Outcome
export const OUTCOME_COMPLETED = 0;
export const OUTCOME_INPUT_UNAVAILABLE = 1;
export const OUTCOME_NO_CONSENSUS = 2;
export const OUTCOME_NO_CLAIMS = 3;
export const OUTCOME_NO_RESULT = 4;
export const OUTCOME_OVERTURNED = 5;
export const OUTCOME_NO_VERDICT = 6;

/** IJobMarket.Outcome → JobOutcome enum value (also a RefundReason value). */
export function outcomeName(outcome: i32): string {
  if (outcome == OUTCOME_COMPLETED) return "COMPLETED";
  if (outcome == OUTCOME_INPUT_UNAVAILABLE) return "INPUT_UNAVAILABLE";
  if (outcome == OUTCOME_NO_CONSENSUS) return "NO_CONSENSUS";
  if (outcome == OUTCOME_NO_CLAIMS) return "NO_CLAIMS";
  if (outcome == OUTCOME_NO_RESULT) return "NO_RESULT";
  if (outcome == OUTCOME_OVERTURNED) return "OVERTURNED";
  return "NO_VERDICT";
}

/** The outcome counter of JobSettled: "Jobs<Outcome>" (COMPLETED is counted as JobsCompleted by status). */
export function outcomeCounter(outcome: i32): string {
  if (outcome == OUTCOME_INPUT_UNAVAILABLE) return "JobsInputUnavailable";
  if (outcome == OUTCOME_NO_CONSENSUS) return "JobsNoConsensus";
  if (outcome == OUTCOME_NO_CLAIMS) return "JobsNoClaims";
  if (outcome == OUTCOME_NO_RESULT) return "JobsNoResult";
  if (outcome == OUTCOME_OVERTURNED) return "JobsOverturned";
  if (outcome == OUTCOME_NO_VERDICT) return "JobsNoVerdict";
  return "JobsCompleted";
}

/** Providers failed the job: no quorum, nobody delivered, a wrong result overturned, or no verdict. */
export function isFailure(outcome: i32): boolean {
  return (
    outcome == OUTCOME_NO_CONSENSUS ||
    outcome == OUTCOME_NO_RESULT ||
    outcome == OUTCOME_OVERTURNED ||
    outcome == OUTCOME_NO_VERDICT
  );
}

/** IJobMarket.VerificationReason → VerificationReason enum value. */
export function reasonName(reason: i32): string {
  if (reason == 0) return "DISAGREEMENT";
  if (reason == 1) return "AUDIT_UNANSWERED";
  return "CHALLENGE";
}

/** The job's outcome as a verification's VerdictOutcome. */
export function verdictOutcomeOf(outcome: i32): string {
  if (outcome == OUTCOME_COMPLETED) return "UPHELD";
  if (outcome == OUTCOME_OVERTURNED) return "OVERTURNED";
  if (outcome == OUTCOME_NO_VERDICT) return "NO_VERDICT";
  return "REFUNDED";
}
