import { toBeHex, zeroPadValue, type JsonRpcProvider, type Log } from "ethers";
import type { JobMarket } from "../../typechain/index.js";
import { queryChunked } from "../logs.js";

/** `IJobMarket.Outcome`, as the CLI prints it. */
export const OUTCOMES = [
  "completed",
  "input-unavailable",
  "no-consensus",
  "no-claims",
  "no-result",
  "overturned",
] as const;
export type OutcomeName = (typeof OUTCOMES)[number];

interface Base {
  block: number;
  tx: string;
}
/** A job's on-chain history, one entry per market event about it. */
export type JobEvent = Base &
  (
    | { type: "posted"; requester: string; replicas: number; maxPrice: bigint; bundleURI: string }
    | { type: "claimed"; provider: string; slot: number; price: bigint }
    | { type: "submitted"; provider: string; resultHash: string; resultURI: string; challengeEndsAt: number }
    | { type: "committed"; provider: string }
    | { type: "revealed"; provider: string; resultHash: string; resultURI: string }
    | {
        type: "settled";
        outcome: OutcomeName;
        resultHash: string;
        paid: bigint;
        fees: bigint;
        refund: bigint;
        compensation: bigint;
        slashed: bigint;
      }
    | { type: "cancelled"; refund: bigint }
  );

const EVENT_NAMES = [
  "JobPosted",
  "JobClaimed",
  "ResultSubmitted",
  "ResultCommitted",
  "ResultRevealed",
  "JobSettled",
  "JobCancelled",
] as const;

/**
 * Every event of one job in [fromBlock, toBlock], oldest first. One `eth_getLogs` per chunk: all seven
 * events carry the job id as their first indexed topic, so a single topic filter selects them.
 */
export async function jobEvents(
  provider: JsonRpcProvider,
  market: JobMarket,
  jobId: bigint,
  fromBlock: number,
  toBlock: number,
): Promise<JobEvent[]> {
  const topics = EVENT_NAMES.map((name) => market.interface.getEvent(name).topicHash);
  const address = market.target as string;
  const logs = await queryChunked(
    (from, to) =>
      provider.getLogs({ address, topics: [topics, zeroPadValue(toBeHex(jobId), 32)], fromBlock: from, toBlock: to }),
    fromBlock,
    toBlock,
  );
  return logs.map((log) => decode(market, log)).filter((e): e is JobEvent => e !== undefined);
}

function decode(market: JobMarket, log: Log): JobEvent | undefined {
  const parsed = market.interface.parseLog(log);
  if (!parsed) return undefined;
  const a = parsed.args;
  const base = { block: log.blockNumber, tx: log.transactionHash };
  switch (parsed.name) {
    case "JobPosted":
      return {
        ...base,
        type: "posted",
        requester: a.requester,
        replicas: Number(a.replicas),
        maxPrice: a.maxPrice,
        bundleURI: a.bundleURI,
      };
    case "JobClaimed":
      return { ...base, type: "claimed", provider: a.provider, slot: Number(a.slot), price: a.price };
    case "ResultSubmitted":
      return {
        ...base,
        type: "submitted",
        provider: a.provider,
        resultHash: a.resultHash,
        resultURI: a.resultURI,
        challengeEndsAt: Number(a.challengeEndsAt),
      };
    case "ResultCommitted":
      return { ...base, type: "committed", provider: a.provider };
    case "ResultRevealed":
      return { ...base, type: "revealed", provider: a.provider, resultHash: a.resultHash, resultURI: a.resultURI };
    case "JobSettled":
      return {
        ...base,
        type: "settled",
        outcome: OUTCOMES[Number(a.outcome)] ?? "completed",
        resultHash: a.resultHash,
        paid: a.paid,
        fees: a.fees,
        refund: a.refund,
        compensation: a.compensation,
        slashed: a.slashed,
      };
    case "JobCancelled":
      return { ...base, type: "cancelled", refund: a.refund };
    default:
      return undefined;
  }
}

/** Where the winning output can be fetched: the URIs posted with the winning hash (k = 1 submit, k ≥ 2 reveals). */
export function resultUris(events: readonly JobEvent[], resultHash: string): string[] {
  const uris = events
    .filter(
      (e) =>
        (e.type === "submitted" || e.type === "revealed") && e.resultHash.toLowerCase() === resultHash.toLowerCase(),
    )
    .map((e) => (e as { resultURI: string }).resultURI);
  return [...new Set(uris)];
}
