/**
 * What the status line says: market activity counted from the chain's own logs (JobPosted, JobSettled,
 * AssignmentSlashed), the chain head, and how far graph-node's index is behind it.
 */
import type { JsonRpcProvider } from "ethers";
import type { JobMarket } from "./sdk.js";

export interface MarketCounts {
  head: number;
  posted: number;
  settled: number;
  completed: number;
  refunded: number;
  slashed: number;
  slashedDissent: number;
  slashedNoShow: number;
  firstSettledAtMs?: number;
  firstSlashedAtMs?: number;
}

/** Counts market events from `fromBlock` on, incrementally (one eth_getLogs per poll). */
export class MarketWatcher {
  readonly counts: MarketCounts = {
    head: 0,
    posted: 0,
    settled: 0,
    completed: 0,
    refunded: 0,
    slashed: 0,
    slashedDissent: 0,
    slashedNoShow: 0,
  };
  private next: number;
  private readonly topics: string[];

  constructor(
    private readonly provider: JsonRpcProvider,
    private readonly market: JobMarket,
    private readonly address: string,
    fromBlock: number,
  ) {
    this.next = fromBlock;
    const i = market.interface;
    this.topics = (["JobPosted", "JobSettled", "AssignmentSlashed"] as const).map((n) => i.getEvent(n).topicHash);
  }

  async poll(): Promise<MarketCounts> {
    const head = await this.provider.getBlockNumber();
    this.counts.head = head;
    if (head < this.next) return this.counts;
    const to = Math.min(head, this.next + 5_000);
    const logs = await this.provider.getLogs({
      address: this.address,
      fromBlock: this.next,
      toBlock: to,
      topics: [this.topics],
    });
    const c = this.counts;
    for (const log of logs) {
      const parsed = this.market.interface.parseLog(log);
      if (!parsed) continue;
      if (parsed.name === "JobPosted") c.posted++;
      else if (parsed.name === "JobSettled") {
        c.settled++;
        if (Number(parsed.args.outcome) === 0) c.completed++;
        else c.refunded++;
        c.firstSettledAtMs ??= Date.now();
      } else if (parsed.name === "AssignmentSlashed") {
        c.slashed++;
        if (Number(parsed.args.reason) === 1) c.slashedDissent++;
        else c.slashedNoShow++;
        c.firstSlashedAtMs ??= Date.now();
      }
    }
    this.next = to + 1;
    return c;
  }
}

/** The block graph-node has indexed up to, or undefined when it does not answer (yet). */
export async function indexedBlock(subgraphUrl: string): Promise<number | undefined> {
  try {
    const res = await fetch(subgraphUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ _meta { block { number } } }" }),
      signal: AbortSignal.timeout(3_000),
    });
    const body = (await res.json()) as { data?: { _meta?: { block?: { number?: number } } } };
    return body.data?._meta?.block?.number ?? undefined;
  } catch {
    return undefined;
  }
}

export function formatStatus(
  c: MarketCounts,
  o: { uptimeMs: number; indexed?: number | "off"; postFailures?: number },
): string {
  const secs = Math.floor(o.uptimeMs / 1000);
  const clock = `${String(Math.floor(secs / 3600)).padStart(2, "0")}:${String(Math.floor(secs / 60) % 60).padStart(2, "0")}:${String(secs % 60).padStart(2, "0")}`;
  const index =
    o.indexed === "off"
      ? "indexer off"
      : o.indexed === undefined
        ? "indexer starting"
        : `indexed ${o.indexed} (lag ${Math.max(0, c.head - o.indexed)})`;
  return (
    `[${clock}] jobs posted ${c.posted} · settled ${c.settled} (${c.completed} completed, ${c.refunded} refunded)` +
    ` · slashed ${c.slashed} · head ${c.head} · ${index}` +
    (o.postFailures ? ` · ${o.postFailures} posts failed` : "")
  );
}
