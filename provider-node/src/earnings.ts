import type { Common } from "./common.js";
import type { Contracts } from "./chain/contracts.js";
import { ContractRevertError } from "./errors.js";
import type { TxKind } from "./db/txs.js";
import { prepareWithdrawCourt, prepareWithdrawEarnings, type PreparedCall } from "./sdk.js";
import type { TxManager } from "./tx/manager.js";
import { Periodic } from "./util/periodic.js";

/**
 * Withdraws the provider's claimable balances, from the market (replica pay, bonuses, refunds) and from the court
 * (verifier pay, a watcher's bond back and reward), each whenever it reaches the configured threshold
 * (`earnings.withdrawThreshold`, token units, default 10 whole tokens; 0 disables it). Pull payments pile up
 * otherwise.
 */
export class EarningsPolicy {
  private readonly schedule: Periodic;
  lastClaimable = 0n;
  lastCourtClaimable = 0n;

  constructor(
    private readonly common: Common,
    private readonly contracts: Contracts,
    private readonly tx: TxManager,
    private readonly threshold: bigint,
  ) {
    this.schedule = new Periodic(
      () => this.check(),
      common.config.earnings.checkIntervalMs,
      (error) => common.logger.warn({ err: error.message.slice(0, 200) }, "earnings check failed"),
    );
  }

  start(): void {
    if (this.threshold === 0n) return;
    this.schedule.start();
  }

  async stop(): Promise<void> {
    await this.schedule.stop();
  }

  /** One check of both balances: withdraw each at or above the threshold. Returns the amount withdrawn. */
  async check(): Promise<bigint> {
    const { market, court } = this.contracts;
    const [claimable, courtClaimable] = await Promise.all([
      market.claimable(this.tx.address),
      court.claimable(this.tx.address),
    ]);
    this.lastClaimable = claimable;
    this.lastCourtClaimable = courtClaimable;
    let withdrawn = await this.withdraw(claimable, "withdraw", prepareWithdrawEarnings(market), "market");
    withdrawn += await this.withdraw(courtClaimable, "withdraw-court", prepareWithdrawCourt(court), "court");
    return withdrawn;
  }

  private async withdraw(claimable: bigint, kind: TxKind, call: PreparedCall, from: string): Promise<bigint> {
    if (claimable < this.threshold || claimable === 0n) return 0n;
    const pending = this.tx.latest(null, kind);
    if (pending?.status === "pending") {
      await this.tx.wait(pending.id);
      return 0n;
    }
    try {
      await this.tx.send({ call, kind, jobId: null });
    } catch (error) {
      if (error instanceof ContractRevertError && /NothingToWithdraw$/.test(error.errorName)) return 0n;
      throw error;
    }
    this.common.logger.info({ amount: claimable.toString(), from }, "earnings withdrawn");
    return claimable;
  }
}
