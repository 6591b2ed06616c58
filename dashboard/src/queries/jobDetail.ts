import { querySubgraph } from "../graphql/querySubgraph";
import type { BigIntString, Hex } from "../graphql/scalars";
import type { AuditState, JobOutcome, JobStatus } from "./jobList";

export type AssignmentOutcome = "PENDING" | "PAID" | "SLASHED" | "RELEASED";
export type Fault = "NONE" | "DISSENT" | "NO_SHOW" | "WITHHELD";
export type SlashSource = "MARKET" | "COURT";
export type VerificationReason = "DISAGREEMENT" | "AUDIT_UNANSWERED" | "CHALLENGE";
export type VerificationStatus = "AUDIT" | "PANEL" | "FINAL";
export type VerdictOutcome = "UPHELD" | "OVERTURNED" | "NO_VERDICT" | "REFUNDED";
export type ChallengeStatus = "OPEN" | "WON" | "LOST" | "UNDECIDED";
export type SeatOutcome = "PENDING" | "UPHELD" | "PAID" | "DISSENT" | "NO_SHOW" | "WITHHELD";

/** One round of a verification: 0 is the audit (one seat), 1.. are panels. */
export interface VerificationRound {
  round: number;
  seats: number;
  openedAt: BigIntString;
  drawEndsAt: BigIntString;
  commitEndsAt: BigIntString;
  revealEndsAt: BigIntString;
  drawn: number;
  committed: number;
  revealed: number;
  majority: Hex | null;
  closed: boolean;
  closedAt: BigIntString | null;
}

/** One verifier seat (the auditor's, or a panel member's). */
export interface VerifierSeat {
  roundIndex: number;
  seat: number;
  verifier: { id: Hex };
  collateral: BigIntString;
  pay: BigIntString;
  drawnAt: BigIntString;
  committedAt: BigIntString | null;
  revealedAt: BigIntString | null;
  outputHash: Hex | null;
  fuelUsed: BigIntString | null;
  resultURI: string | null;
  outcome: SeatOutcome;
  payment: BigIntString;
  slashed: BigIntString;
}

/** The court's part of a job: its audit, panels, challenge and verdict. */
export interface JobVerification {
  audited: boolean;
  reason: VerificationReason | null;
  status: VerificationStatus;
  round: number;
  panelRounds: number;
  agreed: Hex | null;
  challenger: Hex | null;
  bond: BigIntString;
  challengeStatus: ChallengeStatus | null;
  bondReturned: BigIntString;
  challengerReward: BigIntString;
  challengedAt: BigIntString | null;
  verdict: Hex | null;
  verdictOutcome: VerdictOutcome | null;
  verifiersDrawn: number;
  verifierPay: BigIntString;
  verifierSlashed: BigIntString;
  startedAt: BigIntString;
  finalizedAt: BigIntString | null;
  finalizedTx: Hex | null;
  rounds: VerificationRound[];
  seats: VerifierSeat[];
}

export interface JobAssignment {
  slot: number;
  provider: { id: Hex };
  pricePerMfuel: BigIntString;
  minMfuel: BigIntString;
  collateral: BigIntString;
  claimedAt: BigIntString;
  committedAt: BigIntString | null;
  revealedAt: BigIntString | null;
  outputHash: Hex | null;
  fuelUsed: BigIntString | null;
  inputUnavailable: boolean;
  resultURI: string | null;
  outcome: AssignmentOutcome;
  fault: Fault;
  payment: BigIntString;
  bonus: BigIntString;
  fuelBilled: BigIntString;
  slashed: BigIntString;
}

export interface JobSlash {
  provider: { id: Hex };
  source: SlashSource;
  reason: Fault;
  amount: BigIntString;
  timestamp: BigIntString;
  transactionHash: Hex;
}

export interface JobDetail {
  id: string;
  requester: Hex;
  resourceClass: number;
  replicas: number;
  maxFuel: BigIntString;
  maxPricePerMfuel: BigIntString;
  budget: BigIntString;
  collateral: BigIntString;
  minReputation: BigIntString;
  fee: BigIntString;
  auditFee: BigIntString;
  auditRateBps: number;
  escrow: BigIntString;
  status: JobStatus;
  outcome: JobOutcome | null;
  bundleHash: Hex;
  bundleURI: string;
  claimDeadline: BigIntString;
  commitDeadline: BigIntString;
  executionTime: BigIntString | null;
  audit: AuditState;
  auditDecidedAt: BigIntString | null;
  auditDrawEndsAt: BigIntString | null;
  auditCommitEndsAt: BigIntString | null;
  revealEndsAt: BigIntString | null;
  revealsClosedAt: BigIntString | null;
  challengeEndsAt: BigIntString | null;
  postedAt: BigIntString;
  postedTx: Hex;
  firstClaimAt: BigIntString | null;
  lastClaimAt: BigIntString | null;
  lastCommitAt: BigIntString | null;
  commitsClosedAt: BigIntString | null;
  lastRevealAt: BigIntString | null;
  verificationStartedAt: BigIntString | null;
  settledAt: BigIntString | null;
  settledTx: Hex | null;
  claimed: number;
  committed: number;
  revealed: number;
  result: Hex | null;
  outputHash: Hex | null;
  resultURI: string | null;
  fuelUsed: BigIntString | null;
  fuelBilled: BigIntString;
  paid: BigIntString;
  feeCharged: BigIntString;
  auditFeeCharged: BigIntString;
  refund: BigIntString;
  compensation: BigIntString;
  slashed: BigIntString;
  bonuses: BigIntString;
  courtCredit: BigIntString;
  /** Null unless the job was audited (with an auditor drawn), sent to a panel or challenged. */
  verification: JobVerification | null;
  assignments: JobAssignment[];
  slashEvents: JobSlash[];
}

const QUERY = /* GraphQL */ `
  query JobDetail($id: ID!) {
    job(id: $id) {
      id
      requester
      resourceClass
      replicas
      maxFuel
      maxPricePerMfuel
      budget
      collateral
      minReputation
      fee
      auditFee
      auditRateBps
      escrow
      status
      outcome
      bundleHash
      bundleURI
      claimDeadline
      commitDeadline
      executionTime
      audit
      auditDecidedAt
      auditDrawEndsAt
      auditCommitEndsAt
      revealEndsAt
      revealsClosedAt
      challengeEndsAt
      postedAt
      postedTx
      firstClaimAt
      lastClaimAt
      lastCommitAt
      commitsClosedAt
      lastRevealAt
      verificationStartedAt
      settledAt
      settledTx
      claimed
      committed
      revealed
      result
      outputHash
      resultURI
      fuelUsed
      fuelBilled
      paid
      feeCharged
      auditFeeCharged
      refund
      compensation
      slashed
      bonuses
      courtCredit
      verification {
        audited
        reason
        status
        round
        panelRounds
        agreed
        challenger
        bond
        challengeStatus
        bondReturned
        challengerReward
        challengedAt
        verdict
        verdictOutcome
        verifiersDrawn
        verifierPay
        verifierSlashed
        startedAt
        finalizedAt
        finalizedTx
        rounds(orderBy: round) {
          round
          seats
          openedAt
          drawEndsAt
          commitEndsAt
          revealEndsAt
          drawn
          committed
          revealed
          majority
          closed
          closedAt
        }
        seats(first: 100, orderBy: drawnAt) {
          roundIndex
          seat
          verifier {
            id
          }
          collateral
          pay
          drawnAt
          committedAt
          revealedAt
          outputHash
          fuelUsed
          resultURI
          outcome
          payment
          slashed
        }
      }
      assignments(orderBy: slot) {
        slot
        provider {
          id
        }
        pricePerMfuel
        minMfuel
        collateral
        claimedAt
        committedAt
        revealedAt
        outputHash
        fuelUsed
        inputUnavailable
        resultURI
        outcome
        fault
        payment
        bonus
        fuelBilled
        slashed
      }
      slashEvents(orderBy: timestamp) {
        provider {
          id
        }
        source
        reason
        amount
        timestamp
        transactionHash
      }
    }
  }
`;

/** One job with its slots, verification and slashes; null when the subgraph does not know the id. */
export async function fetchJobDetail(url: string, id: string): Promise<JobDetail | null> {
  const data = await querySubgraph<{ job: JobDetail | null }>(url, QUERY, { id });
  return data.job;
}
