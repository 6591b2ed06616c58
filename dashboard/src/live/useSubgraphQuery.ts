import { useEffect, useState } from "react";
import { useLiveStatus } from "./LiveStatus";

export interface QueryState<T> {
  /** The latest answer; kept while a refresh is in flight so the page does not flicker. */
  data?: T;
  error?: string;
  loading: boolean;
}

/**
 * Runs `load(subgraphUrl)` when `key` changes and again whenever the subgraph indexes a new block.
 * `key` must identify everything `load` depends on (its arguments), e.g. `job:42`.
 */
export function useSubgraphQuery<T>(key: string, load: (subgraphUrl: string) => Promise<T>): QueryState<T> {
  const { config, indexing } = useLiveStatus();
  const indexedBlock = indexing?.block.number;
  const [state, setState] = useState<QueryState<T> & { key?: string }>({ loading: true });

  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...(previous.key === key ? previous : {}), key, loading: true }));
    load(config.subgraphUrl).then(
      (data) => current && setState({ key, data, loading: false }),
      (error: unknown) => current && setState((previous) => ({ ...previous, error: String(error), loading: false })),
    );
    return () => {
      current = false;
    };
    // `load` is a fresh closure each render on purpose: `key` stands for what it depends on.
  }, [key, indexedBlock, config.subgraphUrl]);

  return state;
}
