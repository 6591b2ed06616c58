import { formatTimestamp, formatTokens, shortHex } from "../format";
import { routeHref } from "../router";

/** Token amount in wei, formatted; the exact wei value on hover. */
export function Tokens({ wei, testId }: { wei: string; testId?: string }) {
  return (
    <span title={`${wei} wei`} data-testid={testId}>
      {formatTokens(wei)}
    </span>
  );
}

/** Unix seconds as UTC date and time. */
export function Time({ seconds, testId }: { seconds: string | number | null; testId?: string }) {
  return <span data-testid={testId}>{formatTimestamp(seconds)}</span>;
}

/** A hash or address, shortened; the full value on hover (and in full when `full`). */
export function Hex({ value, full = false, testId }: { value: string | null; full?: boolean; testId?: string }) {
  if (value === null) return <span data-testid={testId}>—</span>;
  return (
    <code title={value} data-testid={testId} className={full ? "hex-full" : undefined}>
      {full ? value : shortHex(value)}
    </code>
  );
}

export function ProviderLink({ address }: { address: string }) {
  return (
    <a href={routeHref({ page: "provider", id: address })} title={address}>
      <code>{shortHex(address)}</code>
    </a>
  );
}

export function JobLink({ id }: { id: string }) {
  return <a href={routeHref({ page: "job", id })}>#{id}</a>;
}

/** A status or outcome enum as a coloured label. */
export function Badge({ value, testId }: { value: string; testId?: string }) {
  return (
    <span className={`badge badge-${value.toLowerCase()}`} data-testid={testId}>
      {value.replace(/_/g, " ")}
    </span>
  );
}
