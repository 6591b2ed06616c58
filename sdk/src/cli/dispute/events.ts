import { toBeHex, zeroPadValue, type JsonRpcProvider, type Log } from "ethers";
import type { DisputeCourt } from "../../typechain/index.js";
import { queryChunked } from "../logs.js";

/** `IDisputeCourt.Verdict`, as the CLI prints it. */
export const VERDICTS = ["none", "upheld", "overturned", "inconclusive"] as const;
export type VerdictName = (typeof VERDICTS)[number];

interface Base {
  block: number;
  tx: string;
}
/** A dispute's on-chain history, one entry per court event about it. */
export type DisputeEvent = Base &
  (
    | {
        type: "opened";
        challenger: string;
        provider: string;
        bond: bigint;
        verifiers: number;
        drawDeadline: number;
        commitDeadline: number;
        revealDeadline: number;
      }
    | { type: "drawn"; verifier: string; slot: number }
    | { type: "verdict-committed"; verifier: string }
    | { type: "verdict-revealed"; verifier: string; resultHash: string; resultURI: string }
    | {
        type: "resolved";
        verdict: VerdictName;
        majorityHash: string;
        providerSlashed: bigint;
        verifiersSlashed: bigint;
        compensation: bigint;
        challengerPaid: bigint;
        providerPaid: bigint;
        verifierPayment: bigint;
        treasuryPaid: bigint;
      }
  );

const EVENT_NAMES = [
  "DisputeOpened",
  "VerifierDrawn",
  "VerdictCommitted",
  "VerdictRevealed",
  "DisputeResolved",
] as const;

/** Every court event of one job's dispute in [fromBlock, toBlock], oldest first (one topic filter, chunked). */
export async function disputeEvents(
  provider: JsonRpcProvider,
  court: DisputeCourt,
  jobId: bigint,
  fromBlock: number,
  toBlock: number,
): Promise<DisputeEvent[]> {
  const topics = EVENT_NAMES.map((name) => court.interface.getEvent(name).topicHash);
  const address = court.target as string;
  const logs = await queryChunked(
    (from, to) =>
      provider.getLogs({ address, topics: [topics, zeroPadValue(toBeHex(jobId), 32)], fromBlock: from, toBlock: to }),
    fromBlock,
    toBlock,
  );
  return logs.map((log) => decode(court, log)).filter((e): e is DisputeEvent => e !== undefined);
}

function decode(court: DisputeCourt, log: Log): DisputeEvent | undefined {
  const parsed = court.interface.parseLog(log);
  if (!parsed) return undefined;
  const a = parsed.args;
  const base = { block: log.blockNumber, tx: log.transactionHash };
  switch (parsed.name) {
    case "DisputeOpened":
      return {
        ...base,
        type: "opened",
        challenger: a.challenger,
        provider: a.provider,
        bond: a.bond,
        verifiers: Number(a.verifiers),
        drawDeadline: Number(a.drawDeadline),
        commitDeadline: Number(a.commitDeadline),
        revealDeadline: Number(a.revealDeadline),
      };
    case "VerifierDrawn":
      return { ...base, type: "drawn", verifier: a.verifier, slot: Number(a.slot) };
    case "VerdictCommitted":
      return { ...base, type: "verdict-committed", verifier: a.verifier };
    case "VerdictRevealed":
      return {
        ...base,
        type: "verdict-revealed",
        verifier: a.verifier,
        resultHash: a.resultHash,
        resultURI: a.resultURI,
      };
    case "DisputeResolved":
      return {
        ...base,
        type: "resolved",
        verdict: VERDICTS[Number(a.verdict)] ?? "none",
        majorityHash: a.majorityHash,
        providerSlashed: a.providerSlashed,
        verifiersSlashed: a.verifiersSlashed,
        compensation: a.compensation,
        challengerPaid: a.challengerPaid,
        providerPaid: a.providerPaid,
        verifierPayment: a.verifierPayment,
        treasuryPaid: a.treasuryPaid,
      };
    default:
      return undefined;
  }
}
