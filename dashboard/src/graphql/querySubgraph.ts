/** A failed subgraph request: HTTP error, GraphQL errors, or no data. */
export class SubgraphError extends Error {
  override name = "SubgraphError";
}

/** POSTs one GraphQL query to the subgraph and returns its typed `data`. */
export async function querySubgraph<TData>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<TData> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  if (!response.ok) throw new SubgraphError(`subgraph answered HTTP ${response.status}`);
  const body = (await response.json()) as { data?: TData; errors?: { message: string }[] };
  if (body.errors?.length) throw new SubgraphError(body.errors.map((e) => e.message).join("; "));
  if (body.data === undefined) throw new SubgraphError("subgraph answered without data");
  return body.data;
}
