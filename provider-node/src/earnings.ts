import type { Common } from "./common.js";
import type { Contracts } from "./chain/contracts.js";
import { ContractRevertError } from "./errors.js";
import { prepareWithdrawEarnings, sleep } from "./sdk.js";
import type { TxManager } from "./tx/manager.js";

/**
 * Withdraws the provider's claimable balance from the market whenever it reaches the configured threshold
 * (`earnings.withdrawThreshold`, token units; 0 disables it). Pull payments pile up otherwise.
 */
export class EarningsPolicy {
  private stopped = false;
  private readonly wakeUp = new AbortController();
  private loop: Promise<void> | undefined;
  lastClaimable = 0n;

  constructor(
    private readonly common: Common,
    private readonly contracts: Contracts,
    private readonly tx: TxManager,
  ) {}

  start(): void {
    if (this.common.config.earnings.withdrawThreshold === 0n) return;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp.abort();
    await this.loop;
  }

  /** One check: withdraw if the claimable balance is at or above the threshold. Returns the amount withdrawn. */
  async check(): Promise<bigint> {
    const claimable = await this.contracts.market.claimable(this.tx.address);
    this.lastClaimable = claimable;
    if (claimable < this.common.config.earnings.withdrawThreshold || claimable === 0n) return 0n;
    const pending = this.tx.latest(null, "withdraw");
    if (pending?.status === "pending") {
      await this.tx.wait(pending.id);
      return 0n;
    }
    try {
      await this.tx.send({ call: prepareWithdrawEarnings(this.contracts.market), kind: "withdraw", jobId: null });
    } catch (error) {
      if (error instanceof ContractRevertError && error.errorName === "JobMarketNothingToWithdraw") return 0n;
      throw error;
    }
    this.common.logger.info({ amount: claimable.toString() }, "earnings withdrawn");
    return claimable;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.check();
      } catch (error) {
        this.common.logger.warn({ err: (error as Error).message.slice(0, 200) }, "earnings check failed");
      }
      await sleep(this.common.config.earnings.checkIntervalMs, this.wakeUp.signal).catch(() => undefined);
    }
  }
}
