/** Where the dashboard reads from, decided at runtime so one build serves any deployment. */
export interface DashboardConfig {
  /** The subgraph's GraphQL endpoint. */
  subgraphUrl: string;
  /** A chain JSON-RPC endpoint for the chain head (indexing lag in blocks); optional. */
  rpcUrl?: string;
}

export const DEFAULT_SUBGRAPH_URL = "http://127.0.0.1:8000/subgraphs/name/subgraph-0";

/**
 * Reads `config.json` next to index.html (written by whoever serves the build, e.g. the devnet), then lets
 * the page's query string override it: `?subgraph=<url>&rpc=<url>`. Falls back to the local graph-node.
 */
export async function loadConfig(location: Location = window.location): Promise<DashboardConfig> {
  const served = await fetchServedConfig();
  const params = new URLSearchParams(location.search);
  return {
    subgraphUrl: params.get("subgraph") ?? served.subgraphUrl ?? DEFAULT_SUBGRAPH_URL,
    rpcUrl: params.get("rpc") ?? served.rpcUrl,
  };
}

async function fetchServedConfig(): Promise<Partial<DashboardConfig>> {
  try {
    const response = await fetch("config.json", { cache: "no-store" });
    if (!response.ok) return {};
    const body: unknown = await response.json();
    if (typeof body !== "object" || body === null) return {};
    const { subgraphUrl, rpcUrl } = body as Record<string, unknown>;
    return {
      subgraphUrl: typeof subgraphUrl === "string" ? subgraphUrl : undefined,
      rpcUrl: typeof rpcUrl === "string" ? rpcUrl : undefined,
    };
  } catch {
    return {}; // no config.json (e.g. `vite dev`): the defaults apply
  }
}
