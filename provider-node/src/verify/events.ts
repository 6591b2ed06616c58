import type { Log, LogDescription } from "ethers";
import { LogHandler, type AfterCommit } from "../chain/log-handler.js";
import { Fault } from "../sdk.js";

/**
 * The court's logs (see LogHandler). A panel round of a job of a class we serve becomes a verifier record (we may be drawn); seats, commitments,
 * reveals and verdicts wake the job's replica, verifier and watcher records; pay, slashes and challenge outcomes that
 * concern us are recorded. Idempotent on replay.
 */
export class CourtLogHandler extends LogHandler {
  protected apply(log: Log, parsed: LogDescription): AfterCommit | undefined {
    const { jobs, verifications, watches } = this.stores;
    const a = parsed.args;
    const jobId = a.jobId as bigint;
    const id = String(jobId);
    switch (parsed.name) {
      case "RoundOpened": {
        const round = Number(a.round);
        // Round 0 (the audit) is announced by the market's AuditDecided; panels by this log.
        if (round === 0 || !jobs.get(jobId)) return () => this.wakeAll(jobId);
        const inserted = verifications.insertSeen(
          {
            jobId,
            round,
            openedBlock: Number(a.openedBlock),
            openedBlockHash: log.blockHash,
            openedAt: 0, // the round's opening time, read from the court by the verifier's first step
            seats: Number(a.seats),
            drawEndsAt: Number(a.drawEndsAt),
            commitEndsAt: Number(a.commitEndsAt),
            revealEndsAt: Number(a.revealEndsAt),
          },
          Date.now(),
        );
        return () => {
          if (inserted) {
            this.common.metrics.panelsSeen.inc();
            this.common.logger.info({ jobId: id, block: log.blockNumber, round, role: "verifier" }, "panel seen");
          }
          this.wakeAll(jobId);
        };
      }
      case "VerifierPaid": {
        const key = { jobId, round: Number(a.round) };
        if (!this.isMe(a.verifier) || !verifications.get(key)) return undefined;
        const pay = a.pay as bigint;
        verifications.patch(key, { upheld: Boolean(a.upheld) });
        if (!verifications.setAmount(key, "earned", pay)) return undefined;
        return () => {
          this.common.metrics.verifierEarnings.inc(Number(pay));
          this.common.metrics.verdicts.inc({ role: key.round === 0 ? "auditor" : "panel", upheld: String(a.upheld) });
          this.common.logger.info(
            { jobId: id, block: log.blockNumber, round: key.round, amount: pay.toString(), upheld: Boolean(a.upheld) },
            "paid as a verifier",
          );
          this.wake.verification(key);
        };
      }
      case "VerifierSlashed": {
        const key = { jobId, round: Number(a.round) };
        if (!this.isMe(a.verifier) || !verifications.get(key)) return undefined;
        const amount = a.amount as bigint;
        const reason = (Fault[Number(a.reason)] ?? String(a.reason)).toLowerCase();
        if (reason === "dissent") verifications.patch(key, { upheld: false });
        if (!verifications.setAmount(key, "slashed", amount)) return undefined;
        return () => {
          this.common.metrics.verifierSlashes.inc({ reason });
          this.common.metrics.verifierSlashedAmount.inc(Number(amount));
          this.common.logger.warn(
            { jobId: id, block: log.blockNumber, round: key.round, amount: amount.toString(), reason },
            "slashed as a verifier",
          );
        };
      }
      case "ChallengeSettled": {
        const watch = watches.get(jobId);
        if (!this.isMe(a.challenger) || !watch) return undefined;
        const won = Boolean(a.won);
        const returned = a.bondReturned as bigint;
        const reward = a.reward as bigint;
        const result = won ? "won" : returned === 0n ? "lost" : "undecided";
        if (watch.challengeResult !== null) return undefined;
        watches.patch(jobId, { challengeResult: result });
        watches.setAmount(jobId, "earned", returned + reward);
        if (result === "lost") watches.setAmount(jobId, "slashed", watch.bond ?? 0n);
        return () => {
          this.common.metrics.watcherChallenges.inc({ result });
          this.common.logger.info(
            { jobId: id, block: log.blockNumber, result, returned: returned.toString(), reward: reward.toString() },
            "our challenge was decided",
          );
          this.wake.watch(jobId);
        };
      }
      case "ReplicaCompensated": {
        // A challenge of our agreed result ended without a verdict: the bond pays us what the result would have.
        if (!this.isMe(a.provider) || !jobs.get(jobId)) return undefined;
        const amount = a.amount as bigint;
        if (!jobs.setAmount(jobId, "earned", amount)) return undefined;
        return () => {
          this.common.metrics.earnings.inc(Number(amount));
          this.common.logger.info(
            { jobId: id, block: log.blockNumber, amount: amount.toString() },
            "paid out of an undecided challenger's bond",
          );
        };
      }
      case "Withdrawn": {
        if (!this.isMe(a.account)) return undefined;
        return () => this.common.metrics.courtWithdrawn.inc(Number(a.amount as bigint));
      }
      case "ChallengeOpened":
      case "VerifierDrawn":
      case "VerdictCommitted":
      case "VerdictRevealed":
      case "RoundClosed":
      case "VerificationFinalized":
        return () => this.wakeAll(jobId);
      default:
        return undefined;
    }
  }
}
