/** What a page shows before its data arrives, or when the subgraph failed to answer. */
export function QueryStatus({ loading, error }: { loading: boolean; error?: string }) {
  if (error) return <p className="error">Could not read the subgraph: {error}</p>;
  return <p className="empty">{loading ? "Loading…" : "No data."}</p>;
}
