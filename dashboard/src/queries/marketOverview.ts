import { querySubgraph } from "../graphql/querySubgraph";
import type { BigIntString } from "../graphql/scalars";

/** One day's or hour's market statistics (MarketDayData / MarketHourData share these fields). */
export interface MarketPeriod {
  /** dayId or hourId, as a string id. */
  id: string;
  /** Unix time of the period's start. */
  date: number;
  jobsPosted: number;
  jobsCompleted: number;
  jobsRefunded: number;
  jobsFailed: number;
  jobsCancelled: number;
  jobsInputUnavailable: number;
  jobsNoConsensus: number;
  jobsNoClaims: number;
  jobsNoResult: number;
  jobsOverturned: number;
  disputesOpened: number;
  disputesResolved: number;
  disputesUpheld: number;
  disputesOverturned: number;
  disputesInconclusive: number;
  bonds: BigIntString;
  disputeSlashedAmount: BigIntString;
  verifierSlashes: number;
  claims: number;
  volume: BigIntString;
  fees: BigIntString;
  slashedAmount: BigIntString;
  slashCount: number;
  dissentSlashes: number;
  noShowSlashes: number;
  meanPrice: BigIntString;
  medianPrice: BigIntString;
  medianPriceUpper: BigIntString;
  activeProviders: number;
  totalStake: BigIntString;
  providerCount: number;
}

/** The protocol's running totals. */
export interface ProtocolTotals {
  jobsPosted: number;
  jobsOpen: number;
  jobsCompleted: number;
  jobsRefunded: number;
  jobsFailed: number;
  jobsCancelled: number;
  cumulativeVolume: BigIntString;
  cumulativeFees: BigIntString;
  cumulativeSlashed: BigIntString;
  assignmentsSlashedDissent: number;
  assignmentsSlashedNoShow: number;
  verifierDissents: number;
  verifierNoShows: number;
  disputesOpened: number;
  disputesOpen: number;
  disputesUpheld: number;
  disputesOverturned: number;
  disputesInconclusive: number;
  openBonds: BigIntString;
  totalStake: BigIntString;
  providerCount: number;
  stakedProviderCount: number;
  openEscrow: BigIntString;
}

export interface MarketOverview {
  /** The block these numbers are as of (all read in one request, so they agree with each other). */
  block: number;
  /** Null before the first event is indexed. */
  protocol: ProtocolTotals | null;
  /** Newest first. */
  days: MarketPeriod[];
  /** Newest first. */
  hours: MarketPeriod[];
}

const PERIOD_FIELDS = /* GraphQL */ `
  id
  date
  jobsPosted
  jobsCompleted
  jobsRefunded
  jobsFailed
  jobsCancelled
  jobsInputUnavailable
  jobsNoConsensus
  jobsNoClaims
  jobsNoResult
  jobsOverturned
  disputesOpened
  disputesResolved
  disputesUpheld
  disputesOverturned
  disputesInconclusive
  bonds
  disputeSlashedAmount
  verifierSlashes
  claims
  volume
  fees
  slashedAmount
  slashCount
  dissentSlashes
  noShowSlashes
  meanPrice
  medianPrice
  medianPriceUpper
  activeProviders
  totalStake
  providerCount
`;

const QUERY = /* GraphQL */ `
  query MarketOverview($days: Int!, $hours: Int!) {
    _meta {
      block {
        number
      }
    }
    protocol(id: "hashwork") {
      jobsPosted
      jobsOpen
      jobsCompleted
      jobsRefunded
      jobsFailed
      jobsCancelled
      cumulativeVolume
      cumulativeFees
      cumulativeSlashed
      assignmentsSlashedDissent
      assignmentsSlashedNoShow
      verifierDissents
      verifierNoShows
      disputesOpened
      disputesOpen
      disputesUpheld
      disputesOverturned
      disputesInconclusive
      openBonds
      totalStake
      providerCount
      stakedProviderCount
      openEscrow
    }
    days: marketDayDatas(first: $days, orderBy: dayId, orderDirection: desc) { ${PERIOD_FIELDS} }
    hours: marketHourDatas(first: $hours, orderBy: hourId, orderDirection: desc) { ${PERIOD_FIELDS} }
  }
`;

export async function fetchMarketOverview(url: string, periods = { days: 30, hours: 48 }): Promise<MarketOverview> {
  const data = await querySubgraph<Omit<MarketOverview, "block"> & { _meta: { block: { number: number } } }>(
    url,
    QUERY,
    periods,
  );
  return { block: data._meta.block.number, protocol: data.protocol, days: data.days, hours: data.hours };
}
