import type { Log } from "ethers";
import type { Common } from "../common.js";
import type { JobStore } from "../db/jobs.js";
import type { JobMarket } from "../sdk.js";

/** A log's effect once its transaction committed: wake jobs, count metrics. */
export type AfterCommit = () => void;

/**
 * Turns market logs into database changes (synchronous, inside the transaction that also advances the
 * cursor, so a crash can never record one without the other) and returns what to do after the commit.
 * Idempotent: a log replayed after a rewind changes nothing twice.
 */
export class MarketLogHandler {
  constructor(
    private readonly common: Common,
    private readonly jobs: JobStore,
    private readonly market: JobMarket,
    private readonly me: string,
    private readonly wake: (jobId: bigint) => void,
  ) {}

  handle(log: Log): AfterCommit | undefined {
    let parsed;
    try {
      parsed = this.market.interface.parseLog(log);
    } catch {
      return undefined;
    }
    if (!parsed) return undefined;
    const a = parsed.args;
    const jobId = a.jobId === undefined ? undefined : (a.jobId as bigint);
    switch (parsed.name) {
      case "JobPosted": {
        const resourceClass = Number(a.resourceClass);
        if (!this.common.config.provider.classes.includes(resourceClass)) return undefined;
        const inserted = this.jobs.insertSeen(
          {
            jobId: jobId as bigint,
            postedBlock: log.blockNumber,
            postedBlockHash: log.blockHash,
            requester: a.requester as string,
            resourceClass,
            replicas: Number(a.replicas),
            maxPrice: a.maxPrice as bigint,
            collateral: a.collateral as bigint,
            minReputation: Number(a.minReputation),
            claimDeadline: Number(a.claimDeadline),
            commitDeadline: Number(a.commitDeadline),
            revealDeadline: Number(a.revealDeadline),
            bundleHash: a.bundleHash as string,
            bundleUri: a.bundleURI as string,
          },
          Date.now(),
        );
        if (!inserted) return undefined;
        return () => {
          this.common.logger.info(
            { jobId: String(jobId), block: log.blockNumber, replicas: Number(a.replicas) },
            "job seen",
          );
          this.wake(jobId as bigint);
        };
      }
      case "ProviderPaid": {
        if (!this.isMe(a.provider) || !this.jobs.get(jobId as bigint)) return undefined;
        const amount = (a.payment as bigint) + (a.bonus as bigint);
        if (!this.jobs.setAmount(jobId as bigint, "earned", amount)) return undefined;
        return () => {
          this.common.metrics.earnings.inc(Number(amount));
          this.common.logger.info({ jobId: String(jobId), block: log.blockNumber, amount: amount.toString() }, "paid");
        };
      }
      case "AssignmentSlashed": {
        if (!this.isMe(a.provider) || !this.jobs.get(jobId as bigint)) return undefined;
        const amount = a.amount as bigint;
        const reason = Number(a.reason) === 1 ? "dissent" : "no-show";
        if (!this.jobs.setAmount(jobId as bigint, "slashed", amount)) return undefined;
        return () => {
          this.common.metrics.slashes.inc({ reason });
          this.common.metrics.slashedAmount.inc(Number(amount));
          this.common.logger.warn(
            { jobId: String(jobId), block: log.blockNumber, amount: amount.toString(), reason },
            "slashed",
          );
        };
      }
      case "JobDisputed": {
        const job = this.jobs.get(jobId as bigint);
        if (!job || !this.isMe(a.provider)) return undefined;
        if (!job.disputed) this.jobs.patch(jobId as bigint, { disputed: true });
        return () => {
          this.common.logger.warn(
            { jobId: String(jobId), block: log.blockNumber, challenger: String(a.challenger) },
            "our result is disputed; the court settles the job",
          );
          this.wake(jobId as bigint);
        };
      }
      case "JobSettled": {
        if (!this.jobs.get(jobId as bigint)) return undefined;
        this.jobs.patch(jobId as bigint, { outcome: Number(a.outcome) });
        return () => this.wake(jobId as bigint);
      }
      case "Withdrawn": {
        if (!this.isMe(a.account)) return undefined;
        return () => this.common.metrics.withdrawn.inc(Number(a.amount as bigint));
      }
      case "JobClaimed":
      case "ResultCommitted":
      case "ResultSubmitted":
      case "ResultRevealed":
      case "JobCancelled":
        if (!this.jobs.get(jobId as bigint)) return undefined;
        return () => this.wake(jobId as bigint);
      default:
        return undefined;
    }
  }

  private isMe(address: unknown): boolean {
    return String(address).toLowerCase() === this.me.toLowerCase();
  }
}
