import { querySubgraph } from "../graphql/querySubgraph";
import type { BigIntString, Hex } from "../graphql/scalars";

export type ProviderStatus = "ACTIVE" | "INACTIVE" | "JAILED";

/** Columns the leaderboard can rank by (all descending). */
export const LEADERBOARD_ORDERS = {
  totalEarnings: "Earnings",
  verifierEarnings: "Verifier earnings",
  stake: "Stake",
  reputation: "Reputation",
  completed: "Completed",
  slashedAmount: "Slashed",
} as const;
export type LeaderboardOrder = keyof typeof LEADERBOARD_ORDERS;

export interface LeaderboardProvider {
  id: Hex;
  status: ProviderStatus;
  stake: BigIntString;
  totalEarnings: BigIntString;
  earnings: BigIntString;
  verifierEarnings: BigIntString;
  verifications: number;
  reputation: number;
  completed: number;
  slashes: number;
  noShows: number;
  slashedAmount: BigIntString;
  pricePerMfuel: BigIntString;
  activeJobs: number;
}

const QUERY = /* GraphQL */ `
  query ProviderLeaderboard($orderBy: Provider_orderBy!, $first: Int!) {
    providers(first: $first, orderBy: $orderBy, orderDirection: desc, where: { registered: true }) {
      id
      status
      stake
      totalEarnings
      earnings
      verifierEarnings
      verifications
      reputation
      completed
      slashes
      noShows
      slashedAmount
      pricePerMfuel
      activeJobs
    }
  }
`;

export async function fetchProviderLeaderboard(
  url: string,
  orderBy: LeaderboardOrder,
  first = 100,
): Promise<LeaderboardProvider[]> {
  const data = await querySubgraph<{ providers: LeaderboardProvider[] }>(url, QUERY, { orderBy, first });
  return data.providers;
}
