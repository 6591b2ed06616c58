import { querySubgraph } from "../graphql/querySubgraph";
import type { BigIntString, Hex } from "../graphql/scalars";

export const JOB_STATUSES = ["OPEN", "VERIFYING", "COMPLETED", "REFUNDED", "CANCELLED"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const JOB_OUTCOMES = [
  "COMPLETED",
  "INPUT_UNAVAILABLE",
  "NO_CONSENSUS",
  "NO_CLAIMS",
  "NO_RESULT",
  "OVERTURNED",
  "NO_VERDICT",
] as const;
export const AUDIT_STATES = ["UNDECIDED", "AUDITED", "NOT_AUDITED"] as const;
export type AuditState = (typeof AUDIT_STATES)[number];
export type JobOutcome = (typeof JOB_OUTCOMES)[number];

/** The job explorer's filters; an unset field does not filter. */
export interface JobFilters {
  status?: JobStatus;
  /** How it settled (e.g. OVERTURNED: a verifier panel found a result no replica revealed). */
  outcome?: JobOutcome;
  resourceClass?: number;
  /** Requester address, any case. */
  requester?: string;
  /** Address of a provider that claimed a slot, any case. */
  provider?: string;
}

export interface JobListItem {
  id: string;
  requester: Hex;
  resourceClass: number;
  replicas: number;
  claimed: number;
  maxFuel: BigIntString;
  maxPricePerMfuel: BigIntString;
  escrow: BigIntString;
  status: JobStatus;
  audit: AuditState;
  outcome: JobOutcome | null;
  postedAt: BigIntString;
  settledAt: BigIntString | null;
  slashed: BigIntString;
}

export const JOB_PAGE_SIZE = 25;

const QUERY = /* GraphQL */ `
  query JobList($where: Job_filter!, $first: Int!, $skip: Int!) {
    jobs(where: $where, first: $first, skip: $skip, orderBy: jobId, orderDirection: desc) {
      id
      requester
      resourceClass
      replicas
      claimed
      maxFuel
      maxPricePerMfuel
      escrow
      status
      audit
      outcome
      postedAt
      settledAt
      slashed
    }
  }
`;

/** One page of jobs, newest first. Asks for one extra row to tell whether a next page exists. */
export async function fetchJobList(
  url: string,
  filters: JobFilters,
  page: number,
): Promise<{ jobs: JobListItem[]; hasNextPage: boolean }> {
  const data = await querySubgraph<{ jobs: JobListItem[] }>(url, QUERY, {
    where: toJobFilter(filters),
    first: JOB_PAGE_SIZE + 1,
    skip: page * JOB_PAGE_SIZE,
  });
  return { jobs: data.jobs.slice(0, JOB_PAGE_SIZE), hasNextPage: data.jobs.length > JOB_PAGE_SIZE };
}

function toJobFilter(filters: JobFilters): Record<string, unknown> {
  const where: Record<string, unknown> = {};
  if (filters.status) where.status = filters.status;
  if (filters.outcome) where.outcome = filters.outcome;
  if (filters.resourceClass !== undefined) where.resourceClass = filters.resourceClass;
  if (filters.requester) where.requester = filters.requester.toLowerCase();
  if (filters.provider) where.assignments_ = { provider: filters.provider.toLowerCase() };
  return where;
}
