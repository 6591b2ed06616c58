import { querySubgraph } from "../graphql/querySubgraph";
import type { BigIntString, Hex } from "../graphql/scalars";
import type { AssignmentOutcome, Fault, SlashSource, Verdict, VerifierOutcome } from "./jobDetail";
import type { ProviderStatus } from "./providerLeaderboard";

export interface ProviderDay {
  dayId: number;
  date: number;
  claims: number;
  completed: number;
  slashes: number;
  noShows: number;
  earnings: BigIntString;
  slashedAmount: BigIntString;
  stake: BigIntString;
  reputation: number;
}

export interface ProviderSlash {
  job: { id: string };
  source: SlashSource;
  reason: Fault;
  amount: BigIntString;
  stake: BigIntString;
  timestamp: BigIntString;
  transactionHash: Hex;
}

export interface ProviderJailing {
  until: BigIntString;
  consecutiveFaults: number;
  timestamp: BigIntString;
}

export interface ProviderAssignment {
  job: { id: string };
  price: BigIntString;
  claimedAt: BigIntString;
  outcome: AssignmentOutcome;
  payment: BigIntString;
  bonus: BigIntString;
  slashed: BigIntString;
}

/** One verifier slot the provider held in a dispute. */
export interface ProviderVerification {
  dispute: { id: string; verdict: Verdict | null };
  drawnAt: BigIntString;
  revealedAt: BigIntString | null;
  resultHash: Hex | null;
  outcome: VerifierOutcome;
  payment: BigIntString;
  slashed: BigIntString;
}

export interface ProviderDetail {
  id: Hex;
  metadataURI: string | null;
  classList: number[];
  price: BigIntString;
  capacity: number;
  status: ProviderStatus;
  stake: BigIntString;
  locked: BigIntString;
  freeStake: BigIntString;
  unbonding: BigIntString;
  earnings: BigIntString;
  feesPaid: BigIntString;
  slashedAmount: BigIntString;
  reputation: number;
  completed: number;
  slashes: number;
  noShows: number;
  jobsClaimed: number;
  activeJobs: number;
  jailCount: number;
  jailedUntil: BigIntString;
  registeredAt: BigIntString | null;
  verifications: number;
  verificationsMajority: number;
  verificationsDissent: number;
  verificationsNoShow: number;
  verificationsReleased: number;
  verifierEarnings: BigIntString;
  verifierSlashedAmount: BigIntString;
  disputed: number;
  upheld: number;
  overturned: number;
  bondEarnings: BigIntString;
  /** Newest first. */
  verifierSlots: ProviderVerification[];
  /** Oldest first. */
  dayData: ProviderDay[];
  /** Newest first. */
  slashEvents: ProviderSlash[];
  /** Newest first. */
  jailings: ProviderJailing[];
  /** Newest first. */
  assignments: ProviderAssignment[];
}

const QUERY = /* GraphQL */ `
  query ProviderDetail($id: ID!, $recent: Int!) {
    provider(id: $id) {
      id
      metadataURI
      classList
      price
      capacity
      status
      stake
      locked
      freeStake
      unbonding
      earnings
      feesPaid
      slashedAmount
      reputation
      completed
      slashes
      noShows
      jobsClaimed
      activeJobs
      jailCount
      jailedUntil
      registeredAt
      verifications
      verificationsMajority
      verificationsDissent
      verificationsNoShow
      verificationsReleased
      verifierEarnings
      verifierSlashedAmount
      disputed
      upheld
      overturned
      bondEarnings
      verifierSlots(first: $recent, orderBy: drawnAt, orderDirection: desc) {
        dispute {
          id
          verdict
        }
        drawnAt
        revealedAt
        resultHash
        outcome
        payment
        slashed
      }
      dayData(first: 365, orderBy: dayId) {
        dayId
        date
        claims
        completed
        slashes
        noShows
        earnings
        slashedAmount
        stake
        reputation
      }
      slashEvents(first: $recent, orderBy: timestamp, orderDirection: desc) {
        job {
          id
        }
        source
        reason
        amount
        stake
        timestamp
        transactionHash
      }
      jailings(first: $recent, orderBy: timestamp, orderDirection: desc) {
        until
        consecutiveFaults
        timestamp
      }
      assignments(first: $recent, orderBy: claimedAt, orderDirection: desc) {
        job {
          id
        }
        price
        claimedAt
        outcome
        payment
        bonus
        slashed
      }
    }
  }
`;

/** One provider with its daily history and recent slashes, jailings and jobs; null when unknown. */
export async function fetchProviderDetail(url: string, id: string, recent = 50): Promise<ProviderDetail | null> {
  const data = await querySubgraph<{ provider: ProviderDetail | null }>(url, QUERY, { id: id.toLowerCase(), recent });
  return data.provider;
}
