import { formatDuration, formatInteger } from "../format";
import { useLiveStatus } from "../live/LiveStatus";

/** The header's indexing status: indexed block, chain head and lag, errors. */
export function LiveIndicator() {
  const { indexing, chainHead, error } = useLiveStatus();
  if (!indexing)
    return <div className="live live-waiting">{error ? `Subgraph unreachable: ${error}` : "Connecting…"}</div>;

  const healthy = !error && !indexing.hasIndexingErrors;
  return (
    <div className={`live ${healthy ? "live-ok" : "live-warn"}`} data-testid="live-status">
      <span className="live-dot" />
      Indexed block <strong data-testid="indexed-block">{formatInteger(indexing.block.number)}</strong>
      <span className="live-lag" data-testid="indexing-lag">
        {lagText(indexing.block.number, indexing.block.timestamp, chainHead)}
      </span>
      {indexing.hasIndexingErrors && <span className="live-error">indexing errors</span>}
      {error && <span className="live-error">polling failed</span>}
    </div>
  );
}

/** Lag in blocks behind the chain head when known, else the age of the indexed block. */
function lagText(indexed: number, timestamp: number | null, chainHead: number | undefined): string {
  if (chainHead !== undefined) {
    const behind = Math.max(0, chainHead - indexed);
    return `head ${formatInteger(chainHead)} · ${behind === 0 ? "in sync" : `${formatInteger(behind)} behind`}`;
  }
  if (timestamp === null) return "";
  const age = Date.now() / 1000 - timestamp;
  return age < 0 ? "block time ahead of this clock" : `block is ${formatDuration(age)} old`;
}
