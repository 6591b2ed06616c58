/**
 * What happened to each job, from the market's events (JobClaimed, AuditDecided, ResultRevealed, JobSettled,
 * VerificationStarted), stamped with the wall clock when this process saw them: a busy hardhat chain's block
 * timestamps run ahead of the wall clock (one second more per block), so they cannot time a job. Logs are read on every
 * new block.
 */
import type { JobMarket } from "@hashwork/sdk";
import type { JsonRpcProvider } from "ethers";

export interface JobEvents {
  claimedBy?: string;
  claimedAtMs?: number;
  revealedAtMs?: number;
  fuelUsed?: bigint;
  settledAtMs?: number;
  /** Drawn for an audit (the market's audit rate): an auditor re-runs it before the reveals, on the court's clock. */
  audited?: boolean;
  /** The job went to the court (audited or challenged): it settles on the court's clock, not the provider's. */
  verifying?: boolean;
}

export class MarketWatch {
  readonly jobs = new Map<bigint, JobEvents>();
  /** The latest block's timestamp (chain time), as of the latest read. */
  chainTime = 0;
  private fromBlock: number;
  private reading = Promise.resolve();
  private waiters = new Set<() => void>();
  private readonly onBlock = (block: number) => {
    // One read at a time, in block order: a slow read must not let a later one skip its blocks.
    this.reading = this.reading.then(() => this.read(block)).catch(() => undefined);
  };

  constructor(
    private readonly provider: JsonRpcProvider,
    private readonly market: JobMarket,
    fromBlock: number,
  ) {
    this.fromBlock = fromBlock;
  }

  async start(): Promise<void> {
    await this.provider.on("block", this.onBlock);
  }

  async stop(): Promise<void> {
    await this.provider.off("block", this.onBlock);
    await this.reading;
  }

  job(jobId: bigint): JobEvents {
    let e = this.jobs.get(jobId);
    if (!e) this.jobs.set(jobId, (e = {}));
    return e;
  }

  /** Resolves once `done()` holds after a block was read, or false after `timeoutMs`. */
  until(done: () => boolean, timeoutMs: number): Promise<boolean> {
    if (done()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (!done()) return;
        finish(true);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(ok);
      };
      this.waiters.add(check);
    });
  }

  private async read(toBlock: number): Promise<void> {
    if (toBlock < this.fromBlock) return;
    const logs = await this.provider.getLogs({
      address: await this.market.getAddress(),
      fromBlock: this.fromBlock,
      toBlock,
    });
    const seenAt = Date.now();
    for (const log of logs) {
      const event = this.market.interface.parseLog(log);
      if (!event) continue;
      const jobId = event.args.jobId as bigint;
      const e = () => this.job(jobId);
      if (event.name === "JobClaimed") Object.assign(e(), { claimedBy: event.args.provider, claimedAtMs: seenAt });
      else if (event.name === "ResultRevealed")
        Object.assign(e(), { revealedAtMs: seenAt, fuelUsed: event.args.fuelUsed });
      else if (event.name === "JobSettled") e().settledAtMs = seenAt;
      else if (event.name === "AuditDecided") e().audited = event.args.audited as boolean;
      else if (event.name === "VerificationStarted") e().verifying = true;
    }
    this.chainTime = (await this.provider.getBlock(toBlock))?.timestamp ?? this.chainTime;
    this.fromBlock = toBlock + 1;
    for (const check of [...this.waiters]) check();
  }
}
