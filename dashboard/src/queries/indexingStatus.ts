import { querySubgraph } from "../graphql/querySubgraph";

/** How far the subgraph has indexed; polled to drive refreshes and the lag indicator. */
export interface IndexingStatus {
  block: { number: number; timestamp: number | null };
  hasIndexingErrors: boolean;
}

const QUERY = /* GraphQL */ `
  query IndexingStatus {
    _meta {
      block {
        number
        timestamp
      }
      hasIndexingErrors
    }
  }
`;

export async function fetchIndexingStatus(url: string): Promise<IndexingStatus> {
  const data = await querySubgraph<{ _meta: IndexingStatus }>(url, QUERY);
  return data._meta;
}
