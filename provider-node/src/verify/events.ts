import type { Log } from "ethers";
import type { Common } from "../common.js";
import type { JobStore } from "../db/jobs.js";
import type { VerificationStore } from "../db/verifications.js";
import type { AfterCommit } from "../jobs/events.js";
import { Verdict, type DisputeCourt, type ProviderRegistry } from "../sdk.js";

const NO_SHOW = 0; // IProviderRegistry.Fault

/**
 * Turns the court's logs (and the registry's ProviderSlashed for our disputed jobs) into database changes,
 * inside the transaction that advances the cursor, like the market's handler. Idempotent on replay.
 */
export class CourtLogHandler {
  constructor(
    private readonly common: Common,
    private readonly verifications: VerificationStore,
    private readonly jobs: JobStore,
    private readonly court: DisputeCourt,
    private readonly registry: ProviderRegistry,
    private readonly me: string,
    private readonly wake: { verification: (jobId: bigint) => void; job: (jobId: bigint) => void },
  ) {}

  handle(log: Log): AfterCommit | undefined {
    const address = log.address.toLowerCase();
    if (address === String(this.registry.target).toLowerCase()) return this.registryLog(log);
    if (address !== String(this.court.target).toLowerCase()) return undefined;
    let parsed;
    try {
      parsed = this.court.interface.parseLog(log);
    } catch {
      return undefined;
    }
    if (!parsed) return undefined;
    const a = parsed.args;
    const jobId = a.jobId === undefined ? undefined : (a.jobId as bigint);
    const id = String(jobId);
    switch (parsed.name) {
      case "DisputeOpened": {
        const inserted = this.verifications.insertSeen(
          {
            jobId: jobId as bigint,
            openedBlock: Number(a.openedBlock),
            openedBlockHash: log.blockHash,
            challenger: a.challenger as string,
            provider: a.provider as string,
            requester: a.requester as string,
            disputedHash: a.resultHash as string,
            bond: a.bond as bigint,
            collateral: a.collateral as bigint,
            verifiers: Number(a.verifiers),
            drawDeadline: Number(a.drawDeadline),
            commitDeadline: Number(a.commitDeadline),
            revealDeadline: Number(a.revealDeadline),
          },
          Date.now(),
        );
        return () => {
          if (inserted)
            this.common.logger.info({ jobId: id, block: log.blockNumber, role: "verifier" }, "dispute seen");
          this.wake.verification(jobId as bigint);
          if (this.jobs.get(jobId as bigint)) this.wake.job(jobId as bigint);
        };
      }
      case "VerifierSlashed": {
        if (!this.isMe(a.verifier) || !this.verifications.get(jobId as bigint)) return undefined;
        const amount = a.amount as bigint;
        const reason = Number(a.reason) === NO_SHOW ? "no-show" : "dissent";
        if (!this.verifications.setAmount(jobId as bigint, "slashed", amount)) return undefined;
        this.verifications.patch(jobId as bigint, { majority: false });
        return () => {
          this.common.metrics.verifierSlashes.inc({ reason });
          this.common.metrics.verifierSlashedAmount.inc(Number(amount));
          this.common.logger.warn(
            { jobId: id, block: log.blockNumber, amount: amount.toString(), reason, role: "verifier" },
            "slashed as a verifier",
          );
        };
      }
      case "VerifierReleased": {
        if (!this.isMe(a.verifier) || !this.verifications.get(jobId as bigint)) return undefined;
        const payment = a.payment as bigint;
        this.verifications.patch(jobId as bigint, { majority: Boolean(a.majority) });
        if (!this.verifications.setAmount(jobId as bigint, "earned", payment)) return undefined;
        return () => {
          this.common.metrics.verifierEarnings.inc(Number(payment));
          this.common.logger.info(
            { jobId: id, block: log.blockNumber, amount: payment.toString(), role: "verifier" },
            "paid as a verifier",
          );
        };
      }
      case "DisputeResolved": {
        const verdict = Number(a.verdict);
        const v = this.verifications.get(jobId as bigint);
        const ours = this.jobs.get(jobId as bigint);
        const asVerifier = v !== undefined && v.slot !== null && v.verdict === null;
        if (v) this.verifications.patch(jobId as bigint, { verdict });
        return () => {
          const label = (Verdict[verdict] ?? String(verdict)).toLowerCase();
          if (asVerifier) this.common.metrics.disputesVerified.inc({ verdict: label });
          if (v) this.wake.verification(jobId as bigint);
          if (ours?.disputed || this.isMe(a.provider)) {
            this.common.logger.info(
              { jobId: id, block: log.blockNumber, verdict: label, slashed: String(a.providerSlashed) },
              "dispute of our result resolved",
            );
          }
          if (ours) this.wake.job(jobId as bigint);
        };
      }
      case "Withdrawn": {
        if (!this.isMe(a.account)) return undefined;
        return () => this.common.metrics.courtWithdrawn.inc(Number(a.amount as bigint));
      }
      case "VerifierDrawn":
      case "VerdictCommitted":
      case "VerdictRevealed":
        return () => {
          if (this.verifications.get(jobId as bigint)) this.wake.verification(jobId as bigint);
          if (this.jobs.get(jobId as bigint)?.disputed) this.wake.job(jobId as bigint);
        };
      default:
        return undefined;
    }
  }

  /** ProviderSlashed for one of our disputed jobs: the court overturned our result (k = 1 has no other slash). */
  private registryLog(log: Log): AfterCommit | undefined {
    let parsed;
    try {
      parsed = this.registry.interface.parseLog(log);
    } catch {
      return undefined;
    }
    if (parsed?.name !== "ProviderSlashed" || !this.isMe(parsed.args.provider)) return undefined;
    const jobId = parsed.args.jobId as bigint;
    const job = this.jobs.get(jobId);
    if (!job?.disputed || job.slot === null) return undefined;
    const amount = parsed.args.amount as bigint;
    if (!this.jobs.setAmount(jobId, "slashed", amount)) return undefined;
    return () => {
      this.common.metrics.slashes.inc({ reason: "overturned" });
      this.common.metrics.slashedAmount.inc(Number(amount));
      this.common.logger.warn(
        { jobId: jobId.toString(), block: log.blockNumber, amount: amount.toString() },
        "slashed: the court overturned our result",
      );
    };
  }

  private isMe(address: unknown): boolean {
    return String(address).toLowerCase() === this.me.toLowerCase();
  }
}
