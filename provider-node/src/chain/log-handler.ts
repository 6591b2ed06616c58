import type { Interface, Log, LogDescription } from "ethers";
import type { Common } from "../common.js";
import type { JobStore } from "../db/jobs.js";
import type { RoundKey, VerificationStore } from "../db/verifications.js";
import type { WatchStore } from "../db/watches.js";

/** A log's effect once its transaction committed: wake records, count metrics. */
export type AfterCommit = () => void;

export interface Wakers {
  job: (jobId: bigint) => void;
  verification: (key: RoundKey) => void;
  watch: (jobId: bigint) => void;
}

/** The node's records of a job: its replica slot, its verifier seats, its watch. */
export interface RecordStores {
  jobs: JobStore;
  verifications: VerificationStore;
  watches: WatchStore;
}

/**
 * Turns one contract's logs into database changes — synchronous, inside the transaction that also advances the cursor,
 * so a crash can never record one without the other — and returns what to do after the commit. Handlers must be
 * idempotent: a log replayed after a rewind changes nothing twice. The market's and the court's handlers extend it.
 */
export abstract class LogHandler {
  constructor(
    protected readonly common: Common,
    protected readonly stores: RecordStores,
    private readonly contract: { interface: Interface },
    protected readonly me: string,
    protected readonly wake: Wakers,
  ) {}

  /** The log's changes, or undefined when it is not one of the contract's or changes nothing. */
  handle(log: Log): AfterCommit | undefined {
    let parsed: LogDescription | null;
    try {
      parsed = this.contract.interface.parseLog(log);
    } catch {
      return undefined;
    }
    return parsed ? this.apply(log, parsed) : undefined;
  }

  protected abstract apply(log: Log, parsed: LogDescription): AfterCommit | undefined;

  /** Wakes every record of the job we keep (its replica slot, verifier seats, watch). */
  protected wakeAll(jobId: bigint): void {
    const { jobs, verifications, watches } = this.stores;
    if (jobs.get(jobId)) this.wake.job(jobId);
    for (const v of verifications.ofJob(jobId)) this.wake.verification({ jobId, round: v.round });
    if (watches.get(jobId)) this.wake.watch(jobId);
  }

  protected isMe(address: unknown): boolean {
    return String(address).toLowerCase() === this.me.toLowerCase();
  }
}
