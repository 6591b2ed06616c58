import { toBeHex, ZeroHash, zeroPadValue, type Interface, type Log, type Provider, type Result } from "ethers";
import { Fault, VerificationReason } from "../actions/enums.js";
import { queryChunked } from "../chain/logs.js";
import { resultOf } from "../results.js";
import type { JobMarket, VerificationCourt } from "../typechain/index.js";

/** `IJobMarket.Outcome` by index, as names (the CLI prints them, `JobEvent` carries them). */
export const OUTCOMES = [
  "completed",
  "input-unavailable",
  "no-consensus",
  "no-claims",
  "no-result",
  "overturned",
  "no-verdict",
] as const;
/** A settlement's outcome (`IJobMarket.Outcome`) as a lowercase name. */
export type OutcomeName = (typeof OUTCOMES)[number];

const REASONS: Record<VerificationReason, string> = {
  [VerificationReason.Disagreement]: "disagreement",
  [VerificationReason.AuditUnanswered]: "audit-unanswered",
  [VerificationReason.Challenge]: "challenge",
};
const FAULTS: Record<Fault, string> = {
  [Fault.None]: "none",
  [Fault.Dissent]: "dissent",
  [Fault.NoShow]: "no-show",
  [Fault.Withheld]: "withheld",
};

/** Where every job event happened: its block number and transaction hash. */
export interface JobEventBase {
  /** Block number. */
  block: number;
  /** Transaction hash. */
  tx: string;
}
/** A job's on-chain history, one entry per market or court event about it, decoded into plain types. */
export type JobEvent = JobEventBase &
  (
    | {
        type: "posted";
        requester: string;
        replicas: number;
        maxFuel: bigint;
        maxPricePerMfuel: bigint;
        budget: bigint;
        bundleHash: string;
        bundleURI: string;
      }
    | { type: "claimed"; provider: string; slot: number; pricePerMfuel: bigint; minMfuel: number }
    | {
        /**
         * A slot's commitment: its `ResultCommitted`, or a claim that committed too (`claim(jobId, commitment)`, whose
         * `JobClaimed` carries the commitment and which emits no `ResultCommitted`): then it follows that `claimed`,
         * with the same block and transaction.
         */
        type: "committed";
        provider: string;
      }
    | { type: "audit-decided"; audited: boolean; auditCommitEndsAt: number; revealEndsAt: number }
    | {
        type: "revealed";
        provider: string;
        outputHash: string;
        fuelUsed: bigint;
        /** `resultOf(outputHash, fuelUsed)`: the word settlement compares. */
        result: string;
        resultURI: string;
      }
    | { type: "verification-started"; reason: string; challenger: string }
    | { type: "challenged"; challenger: string; bond: bigint }
    | { type: "round-opened"; round: number; seats: number; revealEndsAt: number }
    | { type: "verifier-drawn"; verifier: string; round: number; seat: number }
    | { type: "verdict-committed"; verifier: string; round: number }
    | {
        type: "verdict-revealed";
        verifier: string;
        round: number;
        outputHash: string;
        fuelUsed: bigint;
        result: string;
        resultURI: string;
      }
    | { type: "round-closed"; round: number; majority: string }
    | { type: "verification-finalized"; verdict: string; rounds: number }
    | { type: "slashed"; provider: string; reason: string; amount: bigint }
    | { type: "provider-paid"; provider: string; payment: bigint; bonus: bigint }
    | { type: "challenge-settled"; challenger: string; won: boolean; bondReturned: bigint; reward: bigint }
    | {
        type: "settled";
        outcome: OutcomeName;
        /** The winning `resultOf(outputHash, fuel)` (zero if none). */
        result: string;
        fuelUsed: bigint;
        paid: bigint;
        fee: bigint;
        auditFee: bigint;
        refund: bigint;
        compensation: bigint;
        slashed: bigint;
        /** Credited to the court's pool: the audit fee kept and the slashed tokens paid to nobody else. */
        toCourt: bigint;
      }
    | { type: "cancelled"; refund: bigint }
  );

/** The event that ends a job. */
export type FinalJobEvent = Extract<JobEvent, { type: "settled" | "cancelled" }>;
/** Whether `e` ends the job (settled or cancelled). */
export const isFinalJobEvent = (e: JobEvent): e is FinalJobEvent => e.type === "settled" || e.type === "cancelled";

const MARKET_EVENTS = [
  "JobPosted",
  "JobClaimed",
  "ResultCommitted",
  "AuditDecided",
  "ResultRevealed",
  "VerificationStarted",
  "AssignmentSlashed",
  "ProviderPaid",
  "JobSettled",
  "JobCancelled",
] as const;
const COURT_EVENTS = [
  "ChallengeOpened",
  "RoundOpened",
  "VerifierDrawn",
  "VerdictCommitted",
  "VerdictRevealed",
  "RoundClosed",
  "ChallengeSettled",
  "VerificationFinalized",
] as const;

/**
 * Every market and court event of one job in [fromBlock, toBlock], oldest first. One `eth_getLogs` per chunk: all of
 * them carry the job id as their first indexed topic, so one topic filter over both addresses selects them.
 */
export async function jobEvents(
  provider: Pick<Provider, "getLogs">,
  contracts: { market: JobMarket; court: VerificationCourt },
  jobId: bigint,
  fromBlock: number,
  toBlock: number,
): Promise<JobEvent[]> {
  const { market, court } = contracts;
  const topics = [
    ...MARKET_EVENTS.map((name) => market.interface.getEvent(name).topicHash),
    ...COURT_EVENTS.map((name) => court.interface.getEvent(name).topicHash),
  ];
  const address = [market.target as string, court.target as string];
  const logs = await queryChunked(
    (from, to) =>
      provider.getLogs({ address, topics: [topics, zeroPadValue(toBeHex(jobId), 32)], fromBlock: from, toBlock: to }),
    fromBlock,
    toBlock,
  );
  // Two addresses in one query: the node returns them in chain order, which is the protocol's order.
  const marketAddress = (market.target as string).toLowerCase();
  return logs.flatMap((log) =>
    decode(log.address.toLowerCase() === marketAddress ? market.interface : court.interface, log),
  );
}

/** A log's job events: none if it is not one, two for a claim that committed (`claimed`, then `committed`). */
function decode(iface: Interface, log: Log): JobEvent[] {
  const parsed = iface.parseLog(log);
  if (!parsed) return [];
  const base = { block: log.blockNumber, tx: log.transactionHash };
  if (parsed.name === "JobClaimed") {
    const a = parsed.args;
    const claimed: JobEvent = {
      ...base,
      type: "claimed",
      provider: a.provider,
      slot: Number(a.slot),
      pricePerMfuel: a.pricePerMfuel,
      minMfuel: Number(a.minMfuel),
    };
    return a.commitment === ZeroHash ? [claimed] : [claimed, { ...base, type: "committed", provider: a.provider }];
  }
  const event = decodeOne(parsed.name, parsed.args, base);
  return event ? [event] : [];
}

function decodeOne(name: string, a: Result, base: JobEventBase): JobEvent | undefined {
  switch (name) {
    case "JobPosted":
      return {
        ...base,
        type: "posted",
        requester: a.requester,
        replicas: Number(a.replicas),
        maxFuel: a.maxFuel,
        maxPricePerMfuel: a.maxPricePerMfuel,
        budget: a.budget,
        bundleHash: a.bundleHash,
        bundleURI: a.bundleURI,
      };
    case "ResultCommitted":
      return { ...base, type: "committed", provider: a.provider };
    case "AuditDecided":
      return {
        ...base,
        type: "audit-decided",
        audited: a.audited,
        auditCommitEndsAt: Number(a.auditCommitEndsAt),
        revealEndsAt: Number(a.revealEndsAt),
      };
    case "ResultRevealed":
      return {
        ...base,
        type: "revealed",
        provider: a.provider,
        outputHash: a.outputHash,
        fuelUsed: a.fuelUsed,
        result: resultOf(a.outputHash, a.fuelUsed),
        resultURI: a.resultURI,
      };
    case "VerificationStarted":
      return {
        ...base,
        type: "verification-started",
        reason: REASONS[Number(a.reason) as VerificationReason] ?? "unknown",
        challenger: a.challenger,
      };
    case "AssignmentSlashed":
      return {
        ...base,
        type: "slashed",
        provider: a.provider,
        reason: FAULTS[Number(a.reason) as Fault] ?? "unknown",
        amount: a.amount,
      };
    case "ProviderPaid":
      return { ...base, type: "provider-paid", provider: a.provider, payment: a.payment, bonus: a.bonus };
    case "JobSettled":
      return {
        ...base,
        type: "settled",
        outcome: OUTCOMES[Number(a.outcome)] ?? "completed",
        result: a.result,
        fuelUsed: a.fuelUsed,
        paid: a.paid,
        fee: a.fee,
        auditFee: a.auditFee,
        refund: a.refund,
        compensation: a.compensation,
        slashed: a.slashed,
        toCourt: a.toCourt,
      };
    case "JobCancelled":
      return { ...base, type: "cancelled", refund: a.refund };
    case "ChallengeOpened":
      return { ...base, type: "challenged", challenger: a.challenger, bond: a.bond };
    case "RoundOpened":
      return {
        ...base,
        type: "round-opened",
        round: Number(a.round),
        seats: Number(a.seats),
        revealEndsAt: Number(a.revealEndsAt),
      };
    case "VerifierDrawn":
      return { ...base, type: "verifier-drawn", verifier: a.verifier, round: Number(a.round), seat: Number(a.seat) };
    case "VerdictCommitted":
      return { ...base, type: "verdict-committed", verifier: a.verifier, round: Number(a.round) };
    case "VerdictRevealed":
      return {
        ...base,
        type: "verdict-revealed",
        verifier: a.verifier,
        round: Number(a.round),
        outputHash: a.outputHash,
        fuelUsed: a.fuelUsed,
        result: resultOf(a.outputHash, a.fuelUsed),
        resultURI: a.resultURI,
      };
    case "RoundClosed":
      return { ...base, type: "round-closed", round: Number(a.round), majority: a.majority };
    case "VerificationFinalized":
      return { ...base, type: "verification-finalized", verdict: a.verdict, rounds: Number(a.rounds) };
    case "ChallengeSettled":
      return {
        ...base,
        type: "challenge-settled",
        challenger: a.challenger,
        won: a.won,
        bondReturned: a.bondReturned,
        reward: a.reward,
      };
    default:
      return undefined;
  }
}

/**
 * Where the winning output can be fetched, and its output hash: the URIs revealed (by replicas, or verifiers when a
 * panel decided) with the winning result word.
 */
export function winningOutput(
  events: readonly JobEvent[],
  result: string,
): { outputHash: string | undefined; uris: string[] } {
  const matching = events.filter(
    (e): e is Extract<JobEvent, { type: "revealed" | "verdict-revealed" }> =>
      (e.type === "revealed" || e.type === "verdict-revealed") && e.result.toLowerCase() === result.toLowerCase(),
  );
  return { outputHash: matching[0]?.outputHash, uris: [...new Set(matching.map((e) => e.resultURI))] };
}
