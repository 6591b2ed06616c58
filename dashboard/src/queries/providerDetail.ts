import { querySubgraph } from "../graphql/querySubgraph";
import type { BigIntString, Hex } from "../graphql/scalars";
import type { AssignmentOutcome, Fault, SeatOutcome, SlashSource, VerdictOutcome } from "./jobDetail";
import type { ProviderStatus } from "./providerLeaderboard";

export interface ProviderDay {
  dayId: number;
  date: number;
  claims: number;
  completed: number;
  slashes: number;
  noShows: number;
  earnings: BigIntString;
  verifications: number;
  verifierEarnings: BigIntString;
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
  faults: number;
  timestamp: BigIntString;
}

export interface ProviderAssignment {
  job: { id: string };
  pricePerMfuel: BigIntString;
  claimedAt: BigIntString;
  fuelBilled: BigIntString;
  outcome: AssignmentOutcome;
  fault: Fault;
  payment: BigIntString;
  bonus: BigIntString;
  slashed: BigIntString;
}

/** One verifier seat the provider held: an audit (round 0) or a panel. */
export interface ProviderSeat {
  verification: { id: string; verdictOutcome: VerdictOutcome | null; reason: string | null };
  roundIndex: number;
  drawnAt: BigIntString;
  revealedAt: BigIntString | null;
  outputHash: Hex | null;
  outcome: SeatOutcome;
  payment: BigIntString;
  slashed: BigIntString;
}

export interface ProviderDetail {
  id: Hex;
  metadataURI: string | null;
  classList: number[];
  pricePerMfuel: BigIntString;
  minMfuel: BigIntString;
  capacity: number;
  status: ProviderStatus;
  stake: BigIntString;
  locked: BigIntString;
  freeStake: BigIntString;
  unbonding: BigIntString;
  totalEarnings: BigIntString;
  earnings: BigIntString;
  paymentEarnings: BigIntString;
  bonusEarnings: BigIntString;
  fuelBilled: BigIntString;
  slashedAmount: BigIntString;
  reputation: number;
  completed: number;
  slashes: number;
  withheld: number;
  noShows: number;
  faultsAtJail: number;
  jobsClaimed: number;
  activeJobs: number;
  jailCount: number;
  jailedUntil: BigIntString;
  registeredAt: BigIntString | null;
  verifications: number;
  audits: number;
  verificationsUpheld: number;
  verificationsPaid: number;
  verificationsDissent: number;
  verificationsMissed: number;
  verifierEarnings: BigIntString;
  verifierSlashedAmount: BigIntString;
  /** Newest first. */
  seats: ProviderSeat[];
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
      pricePerMfuel
      minMfuel
      capacity
      status
      stake
      locked
      freeStake
      unbonding
      totalEarnings
      earnings
      paymentEarnings
      bonusEarnings
      fuelBilled
      slashedAmount
      reputation
      completed
      slashes
      withheld
      noShows
      faultsAtJail
      jobsClaimed
      activeJobs
      jailCount
      jailedUntil
      registeredAt
      verifications
      audits
      verificationsUpheld
      verificationsPaid
      verificationsDissent
      verificationsMissed
      verifierEarnings
      verifierSlashedAmount
      seats(first: $recent, orderBy: drawnAt, orderDirection: desc) {
        verification {
          id
          verdictOutcome
          reason
        }
        roundIndex
        drawnAt
        revealedAt
        outputHash
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
        verifications
        verifierEarnings
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
        faults
        timestamp
      }
      assignments(first: $recent, orderBy: claimedAt, orderDirection: desc) {
        job {
          id
        }
        pricePerMfuel
        claimedAt
        fuelBilled
        outcome
        fault
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
