import type { Block, Log } from "ethers";
import type { Common } from "../common.js";
import { WHOLE_BLOCK, type Cursor, type CursorStore } from "../db/cursor.js";
import type { SqlDatabase } from "../db/sql.js";
import { sleep } from "../sdk.js";
import type { ChainClock } from "./clock.js";
import type { FailoverProvider } from "./rpc.js";

export interface LogSink {
  /** Applies one log to the database (synchronously, inside the cursor's transaction). */
  handle(log: Log): (() => void) | undefined;
  /** Called inside the rewind's transaction when a reorg moved the cursor back to `ancestor`. */
  onRewind(ancestor: number): void;
}

/**
 * Follows the chain: a persisted cursor (block, logIndex) advanced in the same SQLite transaction as each
 * log's effects; logs only from blocks `confirmations` deep; chunked eth_getLogs backfill that halves the
 * range when the RPC refuses; reorg detection by parent hash against the recent block hashes it keeps,
 * rewinding to the common ancestor on a mismatch. Stops between chunks on shutdown.
 */
export class ChainWatcher {
  head = 0;
  lastPollOkMs = 0;
  private chunk: number;
  private stopped = false;
  private readonly wakeUp = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(
    private readonly common: Common,
    private readonly provider: FailoverProvider,
    private readonly db: SqlDatabase,
    private readonly cursors: CursorStore,
    private readonly clock: ChainClock,
    private readonly addresses: string[],
    private readonly sink: LogSink,
  ) {
    this.chunk = common.config.chain.logChunkSize;
  }

  get cursor(): Cursor {
    return this.cursors.get() ?? { block: this.common.config.startBlock - 1, logIndex: WHOLE_BLOCK };
  }

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        await this.poll();
        failures = 0;
        this.lastPollOkMs = Date.now();
      } catch (error) {
        failures++;
        this.common.logger.warn(
          { err: (error as Error).message.slice(0, 300), failures },
          "chain poll failed; backing off",
        );
      }
      const delay =
        failures === 0 ? this.common.config.chain.pollIntervalMs : Math.min(30_000, 500 * 2 ** Math.min(failures, 6));
      await sleep(delay, this.wakeUp.signal).catch(() => undefined);
    }
  }

  /** One pass: read the head, then handle every confirmed block after the cursor, chunk by chunk. */
  async poll(): Promise<void> {
    const latest = await this.provider.getBlock("latest");
    if (!latest) return;
    this.head = latest.number;
    this.clock.observe(latest.timestamp);
    const { metrics, config } = this.common;
    metrics.headBlock.set(this.head);
    const target = this.head - config.chain.confirmations;

    while (!this.stopped && this.cursor.block < target) {
      const cursor = this.cursor;
      const from = cursor.logIndex === WHOLE_BLOCK ? cursor.block + 1 : cursor.block;
      const first = await this.header(from);
      const parent = this.cursors.block(from - 1);
      if (parent && first.parentHash !== parent.hash) {
        await this.rewind(from - 1);
        continue;
      }
      const { logs, to } = await this.logs(from, Math.min(target, from + this.chunk - 1));
      const last = to === from ? first : await this.header(to);
      // The chain may have moved between the calls: every log must sit on the blocks we checked.
      const inconsistent = logs.some(
        (l) =>
          (l.blockNumber === from && l.blockHash !== first.hash) ||
          (l.blockNumber === to && l.blockHash !== last.hash) ||
          l.removed,
      );
      if (inconsistent) {
        this.common.logger.info({ block: from }, "chain changed during the poll; retrying");
        continue;
      }
      this.apply(cursor, logs);
      this.db.transaction(() => {
        this.cursors.putBlock({ number: first.number, hash: first.hash as string, parentHash: first.parentHash });
        this.cursors.putBlock({ number: last.number, hash: last.hash as string, parentHash: last.parentHash });
        this.cursors.set({ block: to, logIndex: WHOLE_BLOCK });
        this.cursors.pruneBlocks(to, to - config.chain.reorgDepth);
      });
      metrics.cursorBlock.set(to);
    }
    metrics.headLag.set(Math.max(0, this.head - this.cursor.block));
  }

  /** Handles logs in order, each in one transaction with the cursor that covers it. */
  private apply(cursor: Cursor, logs: Log[]): void {
    const ordered = [...logs].sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
    for (const log of ordered) {
      if (log.blockNumber === cursor.block && log.index <= cursor.logIndex) continue; // handled before a crash
      const after = this.db.transaction(() => {
        const effect = this.sink.handle(log);
        this.cursors.set({ block: log.blockNumber, logIndex: log.index });
        return effect;
      });
      after?.();
    }
  }

  /** eth_getLogs over [from, to], halving the range while the RPC refuses it as too large. */
  private async logs(from: number, to: number): Promise<{ logs: Log[]; to: number }> {
    for (;;) {
      try {
        const logs = await this.provider.getLogs({ address: this.addresses, fromBlock: from, toBlock: to });
        if (to - from + 1 === this.chunk && this.chunk < this.common.config.chain.logChunkSize) this.chunk *= 2;
        return { logs, to };
      } catch (error) {
        const message = (error as Error).message;
        if (to > from && /too many|limit|range|exceed|size/i.test(message)) {
          to = from + Math.floor((to - from) / 2);
          this.chunk = Math.max(1, to - from + 1);
          continue;
        }
        throw error;
      }
    }
  }

  private async header(number: number): Promise<Block> {
    const block = await this.provider.getBlock(number);
    if (!block || !block.hash) throw new Error(`block ${number} not available from the RPC`);
    return block;
  }

  /** Walks the stored hashes back to the newest block the chain still has, and resumes after it. */
  private async rewind(from: number): Promise<void> {
    let ancestor: number | undefined;
    for (const stored of this.cursors.blocksDescending(from)) {
      const onChain = await this.provider.getBlock(stored.number);
      if (onChain?.hash === stored.hash) {
        ancestor = stored.number;
        break;
      }
    }
    const depth = this.common.config.chain.reorgDepth;
    if (ancestor === undefined) {
      ancestor = Math.max(this.common.config.startBlock - 1, from - depth);
      this.common.logger.error({ block: from, rewindTo: ancestor }, "reorg deeper than the kept block hashes");
    }
    const target = ancestor;
    this.db.transaction(() => {
      this.cursors.pruneBlocks(target, 0);
      this.cursors.set({ block: target, logIndex: WHOLE_BLOCK });
      this.sink.onRewind(target);
    });
    this.common.metrics.reorgs.inc();
    this.common.logger.warn({ block: from, ancestor: target }, "reorg detected; rewound the cursor");
  }
}
