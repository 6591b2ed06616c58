import { querySubgraph } from "../graphql/querySubgraph";
import type { BigIntString, Hex } from "../graphql/scalars";
import type { JobOutcome, JobStatus } from "./jobList";

export type AssignmentOutcome = "PENDING" | "PAID" | "SLASHED_DISSENT" | "SLASHED_NO_SHOW" | "RELEASED";
export type Fault = "DISSENT" | "NO_SHOW";
export type SlashSource = "MARKET" | "DISPUTE_PROVIDER" | "DISPUTE_VERIFIER";
export type Verdict = "UPHELD" | "OVERTURNED" | "INCONCLUSIVE";
export type VerifierOutcome = "PENDING" | "MAJORITY" | "DISSENT" | "NO_SHOW" | "RELEASED";

export interface DisputeVerifierSlot {
  slot: number;
  verifier: { id: Hex };
  collateral: BigIntString;
  drawnAt: BigIntString;
  committedAt: BigIntString | null;
  revealedAt: BigIntString | null;
  resultHash: Hex | null;
  resultURI: string | null;
  outcome: VerifierOutcome;
  payment: BigIntString;
  slashed: BigIntString;
}

/** A k = 1 job's dispute: the challenge, the verifiers' reveals, the verdict and the court's amounts. */
export interface JobDispute {
  challenger: Hex;
  bond: BigIntString;
  collateral: BigIntString;
  resultHash: Hex;
  verifierCount: number;
  drawDeadline: BigIntString;
  commitDeadline: BigIntString;
  revealDeadline: BigIntString;
  status: "OPEN" | "RESOLVED";
  verdict: Verdict | null;
  majorityHash: Hex | null;
  drawn: number;
  committed: number;
  revealed: number;
  majorityCount: number;
  providerSlashed: BigIntString;
  verifiersSlashed: BigIntString;
  compensation: BigIntString;
  challengerPaid: BigIntString;
  providerPaid: BigIntString;
  verifierPayment: BigIntString;
  verifierPayments: BigIntString;
  treasuryPaid: BigIntString;
  openedAt: BigIntString;
  lastDrawAt: BigIntString | null;
  lastCommitAt: BigIntString | null;
  lastRevealAt: BigIntString | null;
  resolvedAt: BigIntString | null;
  resolvedTx: Hex | null;
  verifiers: DisputeVerifierSlot[];
}

export interface JobAssignment {
  slot: number;
  provider: { id: Hex };
  price: BigIntString;
  collateral: BigIntString;
  claimedAt: BigIntString;
  committedAt: BigIntString | null;
  revealedAt: BigIntString | null;
  resultHash: Hex | null;
  resultURI: string | null;
  outcome: AssignmentOutcome;
  payment: BigIntString;
  bonus: BigIntString;
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
  maxPrice: BigIntString;
  collateral: BigIntString;
  minReputation: BigIntString;
  feeBps: number;
  escrow: BigIntString;
  status: JobStatus;
  outcome: JobOutcome | null;
  bundleHash: Hex;
  bundleURI: string;
  claimDeadline: BigIntString;
  commitDeadline: BigIntString;
  revealDeadline: BigIntString | null;
  challengeEndsAt: BigIntString | null;
  postedAt: BigIntString;
  postedTx: Hex;
  firstClaimAt: BigIntString | null;
  lastClaimAt: BigIntString | null;
  lastCommitAt: BigIntString | null;
  lastRevealAt: BigIntString | null;
  settledAt: BigIntString | null;
  settledTx: Hex | null;
  claimed: number;
  committed: number;
  revealed: number;
  resultHash: Hex | null;
  resultURI: string | null;
  paid: BigIntString;
  fees: BigIntString;
  refund: BigIntString;
  compensation: BigIntString;
  slashed: BigIntString;
  bonuses: BigIntString;
  treasuryRevenue: BigIntString;
  disputed: boolean;
  /** Null unless the result was disputed. */
  dispute: JobDispute | null;
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
      maxPrice
      collateral
      minReputation
      feeBps
      escrow
      status
      outcome
      bundleHash
      bundleURI
      claimDeadline
      commitDeadline
      revealDeadline
      challengeEndsAt
      postedAt
      postedTx
      firstClaimAt
      lastClaimAt
      lastCommitAt
      lastRevealAt
      settledAt
      settledTx
      claimed
      committed
      revealed
      resultHash
      resultURI
      paid
      fees
      refund
      compensation
      slashed
      bonuses
      treasuryRevenue
      disputed
      dispute {
        challenger
        bond
        collateral
        resultHash
        verifierCount
        drawDeadline
        commitDeadline
        revealDeadline
        status
        verdict
        majorityHash
        drawn
        committed
        revealed
        majorityCount
        providerSlashed
        verifiersSlashed
        compensation
        challengerPaid
        providerPaid
        verifierPayment
        verifierPayments
        treasuryPaid
        openedAt
        lastDrawAt
        lastCommitAt
        lastRevealAt
        resolvedAt
        resolvedTx
        verifiers(orderBy: slot) {
          slot
          verifier {
            id
          }
          collateral
          drawnAt
          committedAt
          revealedAt
          resultHash
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
        price
        collateral
        claimedAt
        committedAt
        revealedAt
        resultHash
        resultURI
        outcome
        payment
        bonus
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

/** One job with its slots and slashes; null when the subgraph does not know the id. */
export async function fetchJobDetail(url: string, id: string): Promise<JobDetail | null> {
  const data = await querySubgraph<{ job: JobDetail | null }>(url, QUERY, { id });
  return data.job;
}
