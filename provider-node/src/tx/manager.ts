import { Transaction, type TransactionReceipt, type Wallet } from "ethers";
import type { Common } from "../common.js";
import type { SqlDatabase } from "../db/sql.js";
import type { TxAttempt, TxKind, TxRecord, TxStore } from "../db/txs.js";
import { ContractRevertError, TxDroppedError } from "../errors.js";
import { failpoint } from "../failpoints.js";
import type { FailoverProvider } from "../chain/rpc.js";
import type { PreparedCall } from "../sdk.js";
import { decodeRevert, isRevert, revertData } from "./decode.js";
import { bumpedFees, currentFees, type Fees } from "./fees.js";

const FEE_CACHE_MS = 1_000;

export interface SendRequest {
  call: PreparedCall;
  kind: TxKind;
  jobId: bigint | null;
}

export interface MinedTx {
  record: TxRecord;
  receipt: TransactionReceipt;
}

/**
 * Whether a transaction that a reorg removed should still go out as signed. Its purpose may have vanished
 * with the reorg (the job is gone, or a new job now has the same id); then its nonce is filled instead.
 */
export type StillWanted = (record: TxRecord) => Promise<boolean>;

interface Waiter {
  resolve: (tx: MinedTx) => void;
  reject: (error: unknown) => void;
}

/**
 * Sends the node's transactions: simulate (eth_call on the pending block, reverts decoded to custom error
 * names) → estimate gas → EIP-1559 fees → take the next nonce → sign → persist → broadcast. A pump then
 * watches every pending transaction: receipts settle it, a stuck one is re-signed with the same nonce and
 * bumped fees, a lost one is re-broadcast, and a nonce consumed by something else marks it dropped.
 * Signed bytes are in SQLite (durably) before they leave the process, so a restart resumes the same transactions
 * instead of sending new ones.
 */
export class TxManager {
  private nextNonce = 0;
  private nonceLock: Promise<void> = Promise.resolve();
  private readonly waiters = new Map<number, Waiter[]>();
  private pumpTimer: NodeJS.Timeout | undefined;
  private pumping = false;
  private stopped = false;
  private feeCache: { fees: Fees; at: number } | undefined;
  /** When a replacement was last refused by the fee cap, per tx id. */
  private readonly cappedAt = new Map<number, number>();
  private consumedTicks = new Map<number, number>();
  private tick = 0;
  /** Wall-clock ms of the first broadcast, per tx id, until taken (overhead measurement). */
  private readonly firstSentMs = new Map<number, number>();

  constructor(
    private readonly common: Common,
    private readonly provider: FailoverProvider,
    private readonly wallet: Wallet,
    private readonly db: SqlDatabase,
    private readonly txs: TxStore,
    private readonly stillWanted: StillWanted = async () => true,
  ) {}

  get address(): string {
    return this.wallet.address;
  }

  /** Picks up the nonce and every transaction left pending by a previous run. */
  async start(): Promise<void> {
    const onChain = await this.provider.getTransactionCount(this.wallet.address, "pending");
    const stored = this.txs.maxNonce();
    this.nextNonce = Math.max(onChain, stored === undefined ? 0 : stored + 1);
    const pending = this.txs.pending();
    if (pending.length > 0)
      this.common.logger.info({ pending: pending.length, nonce: this.nextNonce }, "resuming pending transactions");
    for (const t of pending) await this.broadcast(t.attempts.at(-1) as TxAttempt, t);
    this.schedulePump();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.pumpTimer);
    this.pumpTimer = undefined;
    for (const [, list] of this.waiters) for (const w of list) w.reject(new Error("transaction manager stopped"));
    this.waiters.clear();
  }

  /** When transaction `id` was first broadcast by this process (read once). */
  takeSentMs(id: number): number | undefined {
    const ms = this.firstSentMs.get(id);
    this.firstSentMs.delete(id);
    return ms;
  }

  /** The latest transaction of this kind for the job, if one was ever signed. */
  latest(jobId: bigint | null, kind: TxKind): TxRecord | undefined {
    return this.txs.latest(jobId, kind);
  }

  /** Waits for a transaction already recorded (e.g. pending from a previous run). */
  wait(id: number): Promise<MinedTx> {
    const record = this.txs.get(id);
    if (!record) return Promise.reject(new Error(`unknown transaction ${id}`));
    if (record.status !== "pending") return this.settled(record);
    return new Promise((resolve, reject) => {
      const list = this.waiters.get(id) ?? [];
      list.push({ resolve, reject });
      this.waiters.set(id, list);
    });
  }

  /** Simulates the call as this account on the pending block; throws ContractRevertError if it would revert. */
  async simulate(call: PreparedCall): Promise<void> {
    try {
      await this.provider.call({ from: this.wallet.address, to: call.to, data: call.data, blockTag: "pending" });
    } catch (error) {
      throw this.revertError(call.functionName, error, false);
    }
  }

  /**
   * Simulates, signs, persists and broadcasts `req`, then waits until it is mined. A pending transaction
   * of the same job and kind is awaited instead of sending a second one.
   */
  async send(req: SendRequest): Promise<MinedTx> {
    const existing = req.jobId === null ? undefined : this.txs.latest(req.jobId, req.kind);
    if (existing?.status === "pending") return this.wait(existing.id);

    // Simulation, gas estimate and fees in one round trip; a revert in the simulation wins.
    const from = this.wallet.address;
    const [simulated, estimated, fees] = await Promise.allSettled([
      this.simulate(req.call),
      this.provider.estimateGas({ from, to: req.call.to, data: req.call.data }),
      this.fees(),
    ]);
    if (simulated.status === "rejected") throw simulated.reason;
    if (estimated.status === "rejected") throw this.revertError(req.call.functionName, estimated.reason, false);
    if (fees.status === "rejected") throw fees.reason;
    const gasLimit = (estimated.value * BigInt(this.common.config.tx.gasLimitMultiplierPct)) / 100n;

    const release = await this.lockNonce();
    let record: TxRecord;
    let attempt: TxAttempt;
    try {
      const nonce = this.nextNonce;
      attempt = await this.sign(req.call, nonce, gasLimit, fees.value);
      record = this.db.transaction(() =>
        this.txs.insert({
          jobId: req.jobId,
          kind: req.kind,
          nonce,
          to: req.call.to,
          data: req.call.data,
          gasLimit,
          attempts: [attempt],
          createdMs: Date.now(),
        }),
      );
      this.nextNonce = nonce + 1;
    } finally {
      release();
    }
    failpoint(`${req.kind}:before-broadcast`);
    this.firstSentMs.set(record.id, Date.now());
    await this.broadcast(attempt, record);
    this.common.logger.info(
      { jobId: req.jobId?.toString(), tx: attempt.hash, nonce: record.nonce, fn: req.call.functionName },
      "transaction sent",
    );
    failpoint(`${req.kind}:after-broadcast`);
    const waiting = this.wait(record.id);
    this.schedulePump(0);
    return waiting;
  }

  /** Current EIP-1559 fees, cached for a second (one block on fast chains) to spare round trips. */
  private async fees(): Promise<Fees> {
    const now = Date.now();
    if (this.feeCache && now - this.feeCache.at < FEE_CACHE_MS) return this.feeCache.fees;
    const fees = await currentFees(this.provider, this.common.config.tx);
    this.feeCache = { fees, at: now };
    return fees;
  }

  private async sign(call: PreparedCall, nonce: number, gasLimit: bigint, fees: Fees): Promise<TxAttempt> {
    const raw = await this.wallet.signTransaction({
      type: 2,
      chainId: this.common.config.chainId,
      nonce,
      to: call.to,
      data: call.data,
      gasLimit,
      maxFeePerGas: fees.maxFeePerGas,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
      value: 0n,
    });
    return {
      hash: Transaction.from(raw).hash as string,
      raw,
      maxFeePerGas: fees.maxFeePerGas.toString(),
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas.toString(),
      sentMs: Date.now(),
    };
  }

  /**
   * Broadcasts signed bytes; "already known" and "nonce too low" are fine (the pump sorts them out). First waits until
   * everything committed so far is durable (the signed bytes, and the salt and output a commit depends on): at once on
   * the node, a save to IndexedDB in a tab.
   */
  private async broadcast(attempt: TxAttempt, record: Pick<TxRecord, "nonce">): Promise<void> {
    await this.db.durable();
    try {
      await this.provider.broadcastTransaction(attempt.raw);
    } catch (error) {
      const message = (error as Error).message;
      // Already in the pool or already mined: the pump finds the receipt. Anything else deserves a warning.
      const benign = /already (been used|known|imported)|known transaction|nonce too low/i.test(message);
      const log = { tx: attempt.hash, nonce: record.nonce, err: message.slice(0, 200) };
      if (benign) this.common.logger.debug(log, "broadcast not needed");
      else this.common.logger.warn(log, "broadcast failed; will retry");
    }
  }

  private lockNonce(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const previous = this.nonceLock;
    this.nonceLock = previous.then(() => next);
    return previous.then(() => release);
  }

  private schedulePump(delay = this.common.config.tx.pollIntervalMs): void {
    if (this.stopped) return;
    clearTimeout(this.pumpTimer);
    this.pumpTimer = setTimeout(() => void this.pump(), delay);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    this.tick++;
    try {
      const pending = this.txs.pending();
      if (pending.length > 0 || this.tick % 10 === 0) {
        const latestNonce = await this.provider.getTransactionCount(this.wallet.address, "latest");
        await this.reopenReorged(latestNonce);
        for (const t of this.txs.pending()) await this.check(t, latestNonce);
      }
    } catch (error) {
      this.common.logger.warn({ err: (error as Error).message.slice(0, 200) }, "transaction pump failed; retrying");
    } finally {
      this.pumping = false;
      this.schedulePump();
    }
  }

  /**
   * A transaction we saw mined whose nonce the chain no longer counts was reorged out (and a node may have
   * dropped it). Every later nonce waits behind the gap, so the nonce must be used again: by the same signed
   * bytes when what they do is still wanted, otherwise by a no-op (a zero-value transfer to ourselves at a
   * bumped fee, which also displaces the old bytes from mempools). Sending a stale claim or commit blindly
   * could land it on a different job that now has the same id.
   */
  private async reopenReorged(latestNonce: number): Promise<void> {
    for (const t of this.txs.finishedFrom(latestNonce)) {
      const last = t.attempts.at(-1) as TxAttempt;
      if (await this.provider.getTransactionReceipt(last.hash)) continue;
      const log = { jobId: t.jobId?.toString(), tx: last.hash, nonce: t.nonce };
      if (await this.stillWanted(t)) {
        this.txs.reopen(t.id);
        this.common.logger.warn(log, "mined transaction was reorged out; re-broadcasting");
        await this.broadcast(last, t);
      } else {
        this.txs.finish(t.id, "dropped", null, "reorged out and no longer wanted");
        this.common.logger.warn(log, "mined transaction was reorged out and is no longer wanted; filling its nonce");
        await this.fillNonce(t.nonce, last);
      }
    }
  }

  /** Uses `nonce` with a zero-value transfer to ourselves, priced to replace `previous` in a mempool. */
  private async fillNonce(nonce: number, previous: TxAttempt): Promise<void> {
    const current = await currentFees(this.provider, this.common.config.tx);
    const bumped = bumpedFees(
      { maxFeePerGas: BigInt(previous.maxFeePerGas), maxPriorityFeePerGas: BigInt(previous.maxPriorityFeePerGas) },
      current,
      this.common.config.tx,
    );
    const call = { to: this.wallet.address, data: "0x", functionName: "fill" };
    const attempt = await this.sign(call, nonce, 21_000n, bumped ?? current);
    this.db.transaction(() =>
      this.txs.insert({
        jobId: null,
        kind: "fill",
        nonce,
        to: call.to,
        data: call.data,
        gasLimit: 21_000n,
        attempts: [attempt],
        createdMs: Date.now(),
      }),
    );
    await this.broadcast(attempt, { nonce });
  }

  private async check(t: TxRecord, latestNonce: number): Promise<void> {
    for (const a of [...t.attempts].reverse()) {
      const receipt = await this.provider.getTransactionReceipt(a.hash);
      if (receipt) return this.complete(t, receipt);
    }
    if (latestNonce > t.nonce) {
      // The nonce is used but none of our hashes has a receipt: give the RPC a few ticks, then give up.
      const ticks = (this.consumedTicks.get(t.id) ?? 0) + 1;
      this.consumedTicks.set(t.id, ticks);
      if (ticks >= 3) {
        this.txs.finish(t.id, "dropped", null, "nonce consumed by another transaction");
        this.common.metrics.txs.inc({ function: t.kind, result: "dropped" });
        this.rejectWaiters(t.id, new TxDroppedError(t.nonce));
      }
      return;
    }
    const last = t.attempts.at(-1) as TxAttempt;
    const since = Math.max(last.sentMs, this.cappedAt.get(t.id) ?? 0);
    if (Date.now() - since >= this.common.config.tx.replaceAfterMs) return this.replace(t, last);
    if (this.tick % 4 === 0) await this.broadcast(last, t); // in case the RPC lost it (outage, restart)
  }

  private async replace(t: TxRecord, last: TxAttempt): Promise<void> {
    const previous = {
      maxFeePerGas: BigInt(last.maxFeePerGas),
      maxPriorityFeePerGas: BigInt(last.maxPriorityFeePerGas),
    };
    const fees = bumpedFees(previous, await currentFees(this.provider, this.common.config.tx), this.common.config.tx);
    if (!fees) {
      // At the fee cap: keep the transaction alive, and try again only after another full wait.
      this.cappedAt.set(t.id, Date.now());
      this.common.logger.warn(
        { tx: last.hash, nonce: t.nonce },
        "stuck transaction is at tx.maxFeePerGasGwei; re-broadcasting",
      );
      await this.broadcast(last, t);
      return;
    }
    const attempt = await this.sign({ to: t.to, data: t.data, functionName: t.kind }, t.nonce, t.gasLimit, fees);
    this.txs.addAttempt(t.id, attempt);
    this.common.metrics.txReplacements.inc();
    this.common.logger.info(
      { jobId: t.jobId?.toString(), tx: attempt.hash, replaces: last.hash, nonce: t.nonce },
      "replacing stuck transaction",
    );
    await this.broadcast(attempt, t);
  }

  private async complete(t: TxRecord, receipt: TransactionReceipt): Promise<void> {
    if (receipt.status === 1) {
      this.txs.finish(t.id, "mined", receipt.blockNumber, null);
      this.common.metrics.txs.inc({ function: t.kind, result: "mined" });
    } else {
      const error = await this.replayRevert(t, receipt);
      this.txs.finish(t.id, "reverted", receipt.blockNumber, error.errorName);
      this.common.metrics.txs.inc({ function: t.kind, result: "reverted" });
      this.common.logger.warn(
        { jobId: t.jobId?.toString(), tx: receipt.hash, block: receipt.blockNumber, error: error.errorName },
        "transaction reverted",
      );
    }
    const list = this.waiters.get(t.id) ?? [];
    this.waiters.delete(t.id);
    const record = this.txs.get(t.id) as TxRecord;
    for (const w of list) {
      if (receipt.status === 1) w.resolve({ record, receipt });
      else w.reject(new ContractRevertError(t.kind, record.error ?? "unknown", [], { onChain: true }));
    }
  }

  /** A final record: mined → its receipt; reverted → ContractRevertError; dropped → TxDroppedError. */
  private async settled(record: TxRecord): Promise<MinedTx> {
    if (record.status === "mined") {
      for (const a of [...record.attempts].reverse()) {
        const receipt = await this.provider.getTransactionReceipt(a.hash);
        if (receipt) return { record, receipt };
      }
      throw new TxDroppedError(record.nonce, { details: "receipt no longer found (reorg?)" });
    }
    if (record.status === "reverted")
      throw new ContractRevertError(record.kind, record.error ?? "unknown", [], { onChain: true });
    throw new TxDroppedError(record.nonce);
  }

  /**
   * Learns why a mined transaction reverted by re-running it as a call: first on the state after its block
   * (reproduces a revert caused by an earlier transaction in the same block), then on the parent state.
   */
  private async replayRevert(t: TxRecord, receipt: TransactionReceipt): Promise<ContractRevertError> {
    for (const blockTag of [receipt.blockNumber, receipt.blockNumber - 1]) {
      try {
        await this.provider.call({ from: this.wallet.address, to: t.to, data: t.data, blockTag });
      } catch (error) {
        const decoded = this.revertError(t.kind, error, true);
        if (decoded instanceof ContractRevertError) return decoded;
      }
    }
    return new ContractRevertError(t.kind, "unknown", [], {
      onChain: true,
      details: "the call does not revert when replayed",
    });
  }

  private revertError(functionName: string, error: unknown, onChain: boolean): Error {
    if (!isRevert(error)) return error as Error; // transport problems keep their (retryable) type
    const decoded = decodeRevert(revertData(error));
    return new ContractRevertError(functionName, decoded?.name ?? "unknown", decoded?.args ?? [], {
      onChain,
      cause: error,
    });
  }

  private rejectWaiters(id: number, error: unknown): void {
    const list = this.waiters.get(id) ?? [];
    this.waiters.delete(id);
    for (const w of list) w.reject(error);
  }
}
