import { createContext, useContext, useState, type ReactNode } from "react";
import { fetchChainHead } from "../chain/chainHead";
import type { DashboardConfig } from "../config";
import { fetchIndexingStatus, type IndexingStatus } from "../queries/indexingStatus";
import { usePolling } from "./usePolling";

/** Milliseconds between polls of the subgraph's `_meta` (and the chain head). */
export const POLL_INTERVAL_MS = 3000;

export interface LiveStatus {
  config: DashboardConfig;
  /** The subgraph's indexed block; undefined until the first answer. */
  indexing?: IndexingStatus;
  /** The chain's head, when an RPC URL is configured and answers. */
  chainHead?: number;
  /** The last polling failure, cleared by the next success. */
  error?: string;
}

const LiveStatusContext = createContext<LiveStatus | null>(null);

/** Polls the subgraph's indexing status for every page: pages refetch when the indexed block moves. */
export function LiveStatusProvider({ config, children }: { config: DashboardConfig; children: ReactNode }) {
  const [status, setStatus] = useState<LiveStatus>({ config });

  usePolling(() => {
    fetchIndexingStatus(config.subgraphUrl).then(
      (indexing) =>
        setStatus((previous) =>
          sameIndexing(previous, indexing) ? previous : { ...previous, indexing, error: undefined },
        ),
      (error: unknown) => setStatus((previous) => ({ ...previous, error: String(error) })),
    );
    if (config.rpcUrl) {
      fetchChainHead(config.rpcUrl).then(
        (chainHead) =>
          setStatus((previous) => (previous.chainHead === chainHead ? previous : { ...previous, chainHead })),
        () =>
          setStatus((previous) =>
            previous.chainHead === undefined ? previous : { ...previous, chainHead: undefined },
          ),
      );
    }
  }, POLL_INTERVAL_MS);

  return <LiveStatusContext.Provider value={status}>{children}</LiveStatusContext.Provider>;
}

/** Unchanged status keeps the same object, so pages re-render (and refetch) only when something moved. */
function sameIndexing(previous: LiveStatus, indexing: IndexingStatus): boolean {
  return (
    previous.error === undefined &&
    previous.indexing?.block.number === indexing.block.number &&
    previous.indexing.hasIndexingErrors === indexing.hasIndexingErrors
  );
}

export function useLiveStatus(): LiveStatus {
  const status = useContext(LiveStatusContext);
  if (!status) throw new Error("useLiveStatus outside LiveStatusProvider");
  return status;
}
