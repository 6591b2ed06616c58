import { querySubgraph } from "../graphql/querySubgraph";
import type { BigIntString } from "../graphql/scalars";

/**
 * Counters a period counts (MarketDayData.daily<Name>, MarketHourData.hourly<Name>), read under one neutral name each
 * (GraphQL aliases), so days and hours share one type.
 */
const INT_COUNTERS = [
  "JobsPosted",
  "JobsCompleted",
  "JobsRefunded",
  "JobsFailed",
  "JobsCancelled",
  "JobsInputUnavailable",
  "JobsNoConsensus",
  "JobsNoClaims",
  "JobsNoResult",
  "JobsOverturned",
  "JobsNoVerdict",
  "Claims",
  "AuditsDecided",
  "AuditsAudited",
  "AuditsUpheld",
  "AuditsOverturned",
  "AuditsNoVerdict",
  "ChallengesOpened",
  "ChallengesWon",
  "ChallengesLost",
  "ChallengesUndecided",
  "PanelsStarted",
  "PanelRoundsOpened",
  "PanelRoundsNoMajority",
  "VerifiersDrawn",
  "Slashes",
  "DissentSlashes",
  "NoShowSlashes",
  "WithheldSlashes",
] as const;
const AMOUNT_COUNTERS = [
  "Volume",
  "Fees",
  "AuditFees",
  "FuelBilled",
  "Slashed",
  "VerifierPay",
  "Bonds",
  "PoolFundedByAuditFees",
  "PoolFundedBySlashes",
  "PoolFundedByVerifierSlashes",
  "PoolFundedByBonds",
  "PoolFundedDirectly",
  "PoolPayouts",
  "AveragePricePerMfuel",
] as const;
const PERIOD_COUNTERS = [...INT_COUNTERS, ...AMOUNT_COUNTERS, "AuditRateRealised"] as const;

type Uncapitalize<S extends string> = S extends `${infer F}${infer R}` ? `${Lowercase<F>}${R}` : S;

/** One day's or hour's market statistics: the period's counts, then snapshots after its last event. */
export type MarketPeriod = { [K in (typeof INT_COUNTERS)[number] as Uncapitalize<K>]: number } & {
  [K in (typeof AMOUNT_COUNTERS)[number] as Uncapitalize<K>]: BigIntString;
} & {
  /** dayId or hourId, as a string id. */
  id: string;
  /** Unix time of the period's start. */
  date: number;
  /** audited / decided in the period, a decimal string. */
  auditRateRealised: string;
  meanPricePerMfuel: BigIntString;
  medianPricePerMfuel: BigIntString;
  medianPricePerMfuelUpper: BigIntString;
  activeProviders: number;
  totalStake: BigIntString;
  providerCount: number;
  pool: BigIntString;
  reserved: BigIntString;
};

/** The protocol's running totals and gauges. */
export interface ProtocolTotals {
  cumulativeJobsPosted: number;
  openJobs: number;
  verifyingJobs: number;
  cumulativeJobsCompleted: number;
  cumulativeJobsRefunded: number;
  cumulativeJobsFailed: number;
  cumulativeJobsCancelled: number;
  cumulativeVolume: BigIntString;
  cumulativeFees: BigIntString;
  cumulativeFuelBilled: BigIntString;
  averagePricePerMfuel: BigIntString;
  cumulativeSlashed: BigIntString;
  cumulativeSlashes: number;
  cumulativeAuditsDecided: number;
  cumulativeAuditsAudited: number;
  auditRateRealised: string;
  cumulativeAuditsUpheld: number;
  cumulativeAuditsOverturned: number;
  cumulativeAuditsNoVerdict: number;
  cumulativeChallengesOpened: number;
  cumulativeChallengesWon: number;
  cumulativeChallengesLost: number;
  cumulativeChallengesUndecided: number;
  openChallenges: number;
  cumulativePanelsStarted: number;
  cumulativePanelRoundsOpened: number;
  cumulativePanelRoundsNoMajority: number;
  cumulativeVerificationsUpheld: number;
  cumulativeVerificationsOverturned: number;
  cumulativeVerificationsNoVerdict: number;
  cumulativeVerifierPay: BigIntString;
  cumulativePoolPayouts: BigIntString;
  pool: BigIntString;
  reserved: BigIntString;
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

const uncapitalize = (s: string) => s[0]!.toLowerCase() + s.slice(1);

/** The period fields, each counter aliased from its daily or hourly name. */
export function periodFields(prefix: "daily" | "hourly"): string {
  return [
    "id",
    "date",
    ...PERIOD_COUNTERS.map((c) => `${uncapitalize(c)}: ${prefix}${c}`),
    "meanPricePerMfuel",
    "medianPricePerMfuel",
    "medianPricePerMfuelUpper",
    "activeProviders",
    "totalStake",
    "providerCount",
    "pool",
    "reserved",
  ].join("\n");
}

const PROTOCOL_FIELDS = [
  "cumulativeJobsPosted",
  "openJobs",
  "verifyingJobs",
  "cumulativeJobsCompleted",
  "cumulativeJobsRefunded",
  "cumulativeJobsFailed",
  "cumulativeJobsCancelled",
  "cumulativeVolume",
  "cumulativeFees",
  "cumulativeFuelBilled",
  "averagePricePerMfuel",
  "cumulativeSlashed",
  "cumulativeSlashes",
  "cumulativeAuditsDecided",
  "cumulativeAuditsAudited",
  "auditRateRealised",
  "cumulativeAuditsUpheld",
  "cumulativeAuditsOverturned",
  "cumulativeAuditsNoVerdict",
  "cumulativeChallengesOpened",
  "cumulativeChallengesWon",
  "cumulativeChallengesLost",
  "cumulativeChallengesUndecided",
  "openChallenges",
  "cumulativePanelsStarted",
  "cumulativePanelRoundsOpened",
  "cumulativePanelRoundsNoMajority",
  "cumulativeVerificationsUpheld",
  "cumulativeVerificationsOverturned",
  "cumulativeVerificationsNoVerdict",
  "cumulativeVerifierPay",
  "cumulativePoolPayouts",
  "pool",
  "reserved",
  "openBonds",
  "totalStake",
  "providerCount",
  "stakedProviderCount",
  "openEscrow",
] as const satisfies readonly (keyof ProtocolTotals)[];

const QUERY = /* GraphQL */ `
  query MarketOverview($days: Int!, $hours: Int!) {
    _meta {
      block {
        number
      }
    }
    protocol(id: "hashwork") { ${PROTOCOL_FIELDS.join("\n")} }
    days: marketDayDatas(first: $days, orderBy: dayId, orderDirection: desc) { ${periodFields("daily")} }
    hours: marketHourDatas(first: $hours, orderBy: hourId, orderDirection: desc) { ${periodFields("hourly")} }
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
