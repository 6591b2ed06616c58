import type { Log, LogDescription } from "ethers";
import { LogHandler, type AfterCommit } from "../chain/log-handler.js";
import { Fault, Outcome } from "../sdk.js";
import { isSampled } from "../watch/sample.js";

/**
 * The market's logs (see LogHandler). Jobs of the classes we serve become replica records (and, sampled, watches);
 * an audited one of them becomes a verifier record for round 0 (we may be drawn as its auditor).
 */
export class MarketLogHandler extends LogHandler {
  protected apply(log: Log, parsed: LogDescription): AfterCommit | undefined {
    const { jobs, verifications, watches } = this.stores;
    const a = parsed.args;
    const jobId = a.jobId === undefined ? undefined : (a.jobId as bigint);
    const id = String(jobId);
    switch (parsed.name) {
      case "JobPosted":
        return this.posted(log, a);
      case "AuditDecided": {
        const job = jobs.get(jobId as bigint);
        if (!job) return undefined;
        const audited = Boolean(a.audited);
        if (job.audited !== audited) jobs.patch(job.jobId, { audited });
        const key = { jobId: job.jobId, round: 0 };
        if (audited) {
          verifications.insertSeen(
            {
              ...key,
              openedBlock: Number(a.seedBlock),
              openedBlockHash: log.blockHash,
              openedAt: 0, // the commits-closed time, read from the market by the verifier's first step
              seats: 1,
              drawEndsAt: Number(a.auditDrawEndsAt),
              commitEndsAt: Number(a.auditCommitEndsAt),
              revealEndsAt: Number(a.revealEndsAt),
            },
            Date.now(),
          );
        }
        return () => {
          this.common.metrics.auditsDecided.inc({ audited: String(audited) });
          this.common.logger.info({ jobId: id, block: log.blockNumber, audited }, "audit decided");
          this.wake.job(job.jobId);
          if (audited) this.wake.verification(key);
          if (watches.get(job.jobId)) this.wake.watch(job.jobId);
        };
      }
      case "ProviderPaid": {
        if (!this.isMe(a.provider) || !jobs.get(jobId as bigint)) return undefined;
        const amount = (a.payment as bigint) + (a.bonus as bigint);
        if (!jobs.setAmount(jobId as bigint, "earned", amount)) return undefined;
        return () => {
          this.common.metrics.earnings.inc(Number(amount));
          this.common.logger.info({ jobId: id, block: log.blockNumber, amount: amount.toString() }, "paid");
        };
      }
      case "AssignmentSlashed": {
        if (!this.isMe(a.provider) || !jobs.get(jobId as bigint)) return undefined;
        const amount = a.amount as bigint;
        const reason = (Fault[Number(a.reason)] ?? String(a.reason)).toLowerCase();
        if (!jobs.setAmount(jobId as bigint, "slashed", amount)) return undefined;
        return () => {
          this.common.metrics.slashes.inc({ reason });
          this.common.metrics.slashedAmount.inc(Number(amount));
          this.common.logger.warn({ jobId: id, block: log.blockNumber, amount: amount.toString(), reason }, "slashed");
        };
      }
      case "VerificationStarted": {
        const job = jobs.get(jobId as bigint);
        return () => {
          if (job?.slot !== null && job !== undefined) {
            this.common.logger.warn(
              { jobId: id, block: log.blockNumber, reason: Number(a.reason), challenger: String(a.challenger) },
              "a job of ours went to the court; its panel decides",
            );
          }
          this.wakeAll(jobId as bigint);
        };
      }
      case "JobSettled": {
        const job = jobs.get(jobId as bigint);
        if (job) jobs.patch(job.jobId, { outcome: Number(a.outcome) });
        return () => {
          if (job?.slot !== null && job !== undefined) {
            const outcome = (Outcome[Number(a.outcome)] ?? String(a.outcome)).toLowerCase();
            this.common.logger.info({ jobId: id, block: log.blockNumber, outcome }, "job settled");
          }
          this.wakeAll(jobId as bigint);
        };
      }
      case "Withdrawn": {
        if (!this.isMe(a.account)) return undefined;
        return () => this.common.metrics.withdrawn.inc(Number(a.amount as bigint));
      }
      case "JobClaimed":
      case "ResultCommitted":
      case "CommitsClosed":
      case "ResultRevealed":
      case "JobCancelled":
        return () => this.wakeAll(jobId as bigint);
      default:
        return undefined;
    }
  }

  private posted(log: Log, a: Record<string, unknown>): AfterCommit | undefined {
    const resourceClass = Number(a.resourceClass);
    if (!this.common.config.provider.classes.includes(resourceClass)) return undefined;
    const jobId = a.jobId as bigint;
    const posted = {
      jobId,
      postedBlock: log.blockNumber,
      postedBlockHash: log.blockHash,
      requester: a.requester as string,
      resourceClass,
      replicas: Number(a.replicas),
      maxFuel: a.maxFuel as bigint,
      maxPricePerMfuel: a.maxPricePerMfuel as bigint,
      budget: a.budget as bigint,
      collateral: a.collateral as bigint,
      minReputation: Number(a.minReputation),
      claimDeadline: Number(a.claimDeadline),
      commitDeadline: Number(a.commitDeadline),
      bundleHash: a.bundleHash as string,
      bundleUri: a.bundleURI as string,
    };
    const inserted = this.stores.jobs.insertSeen(posted, Date.now());
    const watched =
      isSampled(jobId, this.me, this.common.config.watcher.sampleRate) &&
      this.stores.watches.insertSeen(posted, Date.now());
    if (!inserted && !watched) return undefined;
    return () => {
      if (inserted)
        this.common.logger.info(
          { jobId: String(jobId), block: log.blockNumber, replicas: posted.replicas },
          "job seen",
        );
      if (inserted) this.wake.job(jobId);
      if (watched) this.wake.watch(jobId);
    };
  }
}
