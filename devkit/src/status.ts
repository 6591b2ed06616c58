/**
 * What the status line says: market and court activity counted from the chain's own logs (jobs posted and settled by
 * outcome, audits, panels, challenges, slashes, what the faulty nodes were paid), the court's pool, the chain head,
 * and how far graph-node's index is behind it.
 */
import { formatEther, type JsonRpcProvider, type Log } from "ethers";
import {
  Outcome,
  VerificationReason,
  type JobMarket,
  type ProviderRegistry,
  type VerificationCourt,
} from "@hashwork/sdk";

export interface MarketCounts {
  head: number;
  posted: number;
  settled: number;
  /** Settled jobs by outcome (Outcome enum names). */
  outcomes: Record<keyof typeof Outcome, number>;
  /** Audit decisions taken, and how many audited the job. */
  auditsDecided: number;
  audited: number;
  /** Jobs sent to a panel, by reason. */
  panels: number;
  disagreements: number;
  auditsUnanswered: number;
  challenges: number;
  challengesWon: number;
  /** Replica slots slashed (any fault), of which for dissent. */
  slashed: number;
  slashedDissent: number;
  verifiersSlashed: number;
  /** Slashes (replica or verifier) of a faulty node. */
  faultySlashed: number;
  /** Payments to a faulty node as a replica: a wrong result that stood (should stay 0). */
  faultyPaid: number;
  /** Providers jailed (too many faults within the fault window). */
  jailed: number;
  /** The court's free pool, token units. */
  pool: bigint;
  firstSettledAtMs?: number;
  firstSlashedAtMs?: number;
  firstAuditSettledAtMs?: number;
}

const MARKET_EVENTS = [
  "JobPosted",
  "JobSettled",
  "AuditDecided",
  "VerificationStarted",
  "AssignmentSlashed",
  "ProviderPaid",
] as const;
const COURT_EVENTS = ["ChallengeOpened", "ChallengeSettled", "VerifierSlashed"] as const;
const REGISTRY_EVENTS = ["ProviderJailed"] as const;

const zeroOutcomes = () =>
  Object.fromEntries(
    Object.keys(Outcome)
      .filter((k) => Number.isNaN(Number(k)))
      .map((k) => [k, 0]),
  ) as Record<keyof typeof Outcome, number>;

/** Counts market and court events from `fromBlock` on, incrementally (one eth_getLogs per poll). */
export class MarketWatcher {
  readonly counts: MarketCounts = {
    head: 0,
    posted: 0,
    settled: 0,
    outcomes: zeroOutcomes(),
    auditsDecided: 0,
    audited: 0,
    panels: 0,
    disagreements: 0,
    auditsUnanswered: 0,
    challenges: 0,
    challengesWon: 0,
    slashed: 0,
    slashedDissent: 0,
    verifiersSlashed: 0,
    faultySlashed: 0,
    faultyPaid: 0,
    jailed: 0,
    pool: 0n,
  };
  private next: number;
  private readonly topics: string[];
  private readonly faulty: Set<string>;
  /** Audited jobs not settled yet. */
  private readonly auditedOpen = new Set<bigint>();

  constructor(
    private readonly provider: JsonRpcProvider,
    private readonly market: JobMarket,
    private readonly court: VerificationCourt,
    private readonly registry: ProviderRegistry,
    private readonly addresses: { market: string; court: string; registry: string },
    fromBlock: number,
    faulty: string[],
  ) {
    this.next = fromBlock;
    this.faulty = new Set(faulty.map((a) => a.toLowerCase()));
    this.topics = [
      ...MARKET_EVENTS.map((n) => market.interface.getEvent(n).topicHash),
      ...COURT_EVENTS.map((n) => court.interface.getEvent(n).topicHash),
      ...REGISTRY_EVENTS.map((n) => registry.interface.getEvent(n).topicHash),
    ];
  }

  async poll(): Promise<MarketCounts> {
    const head = await this.provider.getBlockNumber();
    this.counts.head = head;
    this.counts.pool = await this.court.pool();
    if (head < this.next) return this.counts;
    const to = Math.min(head, this.next + 5_000);
    const logs = await this.provider.getLogs({
      address: [this.addresses.market, this.addresses.court, this.addresses.registry],
      fromBlock: this.next,
      toBlock: to,
      topics: [this.topics],
    });
    for (const log of logs) this.count(log);
    this.next = to + 1;
    return this.counts;
  }

  private count(log: Log): void {
    const c = this.counts;
    const from = log.address.toLowerCase();
    const contract =
      from === this.addresses.market.toLowerCase()
        ? this.market
        : from === this.addresses.court.toLowerCase()
          ? this.court
          : this.registry;
    const parsed = contract.interface.parseLog(log);
    if (!parsed) return;
    const a = parsed.args;
    const isFaulty = (account: string) => this.faulty.has(account.toLowerCase());
    switch (parsed.name) {
      case "JobPosted":
        c.posted++;
        break;
      case "JobSettled": {
        c.settled++;
        const name = Outcome[Number(a.outcome)] as keyof typeof Outcome | undefined;
        if (name) c.outcomes[name]++;
        c.firstSettledAtMs ??= Date.now();
        if (this.auditedOpen.delete(a.jobId as bigint)) c.firstAuditSettledAtMs ??= Date.now();
        break;
      }
      case "AuditDecided":
        c.auditsDecided++;
        if (a.audited) {
          c.audited++;
          this.auditedOpen.add(a.jobId as bigint);
        }
        break;
      case "VerificationStarted":
        c.panels++;
        if (Number(a.reason) === VerificationReason.Disagreement) c.disagreements++;
        else if (Number(a.reason) === VerificationReason.AuditUnanswered) c.auditsUnanswered++;
        break;
      case "AssignmentSlashed":
        c.slashed++;
        if (Number(a.reason) === 1) c.slashedDissent++;
        if (isFaulty(a.provider as string)) c.faultySlashed++;
        c.firstSlashedAtMs ??= Date.now();
        break;
      case "ProviderPaid":
        if (isFaulty(a.provider as string)) c.faultyPaid++;
        break;
      case "ChallengeOpened":
        c.challenges++;
        break;
      case "ChallengeSettled":
        if (a.won) c.challengesWon++;
        break;
      case "ProviderJailed":
        c.jailed++;
        break;
      case "VerifierSlashed":
        c.verifiersSlashed++;
        if (isFaulty(a.verifier as string)) c.faultySlashed++;
        c.firstSlashedAtMs ??= Date.now();
        break;
    }
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

/** Settled jobs by outcome, the non-zero ones: "12 completed, 2 overturned, 1 no claims". */
export function describeOutcomes(o: MarketCounts["outcomes"]): string {
  const words: Record<keyof typeof Outcome, string> = {
    Completed: "completed",
    InputUnavailable: "input unavailable",
    NoConsensus: "no consensus",
    NoClaims: "no claims",
    NoResult: "no result",
    Overturned: "overturned",
    NoVerdict: "no verdict",
  };
  const parts = (Object.keys(words) as (keyof typeof Outcome)[])
    .filter((k) => o[k] > 0)
    .map((k) => `${o[k]} ${words[k]}`);
  return parts.length > 0 ? parts.join(", ") : "none yet";
}

/** The supervised provider nodes: how many run, how often they were restarted, how many kills were --chaos's. */
export interface NodeCounts {
  up: number;
  total: number;
  restarts: number;
  kills: number;
  chaos: boolean;
}

export function formatStatus(
  c: MarketCounts,
  o: { uptimeMs: number; indexed?: number | "off"; postFailures?: number; unverifiable?: number; nodes?: NodeCounts },
): string {
  const secs = Math.floor(o.uptimeMs / 1000);
  const clock = `${String(Math.floor(secs / 3600)).padStart(2, "0")}:${String(Math.floor(secs / 60) % 60).padStart(2, "0")}:${String(secs % 60).padStart(2, "0")}`;
  const index =
    o.indexed === "off"
      ? "indexer off"
      : o.indexed === undefined
        ? "indexer starting"
        : `indexed ${o.indexed} (lag ${Math.max(0, c.head - o.indexed)})`;
  const pool = Number(formatEther(c.pool)).toFixed(1);
  const n = o.nodes;
  // Only once something happened to a node (or --chaos is on): a calm devnet's line stays as it was.
  const nodes =
    n && (n.chaos || n.restarts > 0 || n.up < n.total)
      ? ` · nodes ${n.up}/${n.total} up, restarts ${n.restarts}${n.chaos ? `, chaos kills ${n.kills}` : ""}`
      : "";
  return (
    `[${clock}] jobs ${c.posted} posted, ${c.settled} settled (${describeOutcomes(c.outcomes)})` +
    ` · audits ${c.audited}/${c.auditsDecided} · panels ${c.panels} (${c.disagreements} disagreements,` +
    ` ${c.auditsUnanswered} unanswered) · challenges ${c.challenges} (${c.challengesWon} won)` +
    ` · slashed ${c.slashed} replicas, ${c.verifiersSlashed} verifiers (faulty ${c.faultySlashed})` +
    ` · faulty paid ${c.faultyPaid}${c.jailed > 0 ? ` · jailed ${c.jailed}` : ""} · pool ${pool} HWK` +
    ` · head ${c.head} · ${index}${nodes}` +
    (o.postFailures ? ` · ${o.postFailures} posts failed` : "") +
    (o.unverifiable ? ` · ${o.unverifiable} jobs not posted (budget over maxVerifiableBudget)` : "")
  );
}
