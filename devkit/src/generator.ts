/**
 * The workload generator: posts the sample jobs continuously at a configurable rate, k = 1 and k = 3 mixed, from a
 * few requester accounts, and settles every job it posted once it can be settled (anyone may), so none stays open.
 *
 * Each job is priced the way a careful requester would: it runs its input once locally with the SDK's metered
 * executor, asks for 1.5x the fuel that took (`maxFuel`, which is also the bundle's `limits.fuel`) and bids
 * `maxPricePerMfuel` above the providers' asking prices, and posts it with the SDK's `submitJob` (module, input and
 * bundle to the content store, then the posting, simulated first). A job whose budget the court's pool could not
 * verify (`maxVerifiableBudget`) is not posted. The market pulls the escrow with an allowance each requester grants
 * once (so `submitJob` finds it and sends no approval of its own).
 */
import { MaxUint256, NonceManager, parseEther, type JsonRpcProvider } from "ethers";
import type { Logger } from "pino";
import { hardhatAccount, REQUESTER_ACCOUNTS, ROLES } from "./accounts.js";
import { sleep } from "@hashwork/harness/processes";
import {
  AuditState,
  ContractRevertError,
  createBundle,
  decideAudit,
  execute,
  fuelLimitFor,
  JobStatus,
  KuboStore,
  resolve,
  settle,
  submitJob,
  type HashworkToken,
  type JobMarket,
  type VerificationCourt,
} from "@hashwork/sdk";
import type { Workload } from "./workloads.js";

export interface GeneratorOptions {
  provider: JsonRpcProvider;
  deployer: NonceManager;
  token: HashworkToken;
  market: JobMarket;
  court: VerificationCourt;
  contentUrl: string;
  workloads: Workload[];
  /** Jobs per minute. */
  rate: number;
  /** Share of jobs with k = 3. */
  k3Share: number;
  /** Token units per million fuel the jobs bid. */
  maxPricePerMfuel: bigint;
  logger: Logger;
  /**
   * Posting loops run concurrently (default 1), each from its own requester account(s) with its own nonces, each at
   * rate / posters: one loop posts one job at a time (a probe execution, the upload, a mined transaction, ~2-3 s), so
   * past ~20 jobs/min a single loop measures itself rather than the market. At most `REQUESTER_ACCOUNTS.length`.
   */
  posters?: number;
}

/**
 * How many posting loops `posters` asks for (default 1): a whole number from 1 to one per requester account. NaN or 0
 * would start no loop, and the market would look idle without a word.
 */
export function postingLoops(posters = 1): number {
  if (!Number.isInteger(posters) || posters < 1 || posters > REQUESTER_ACCOUNTS.length)
    throw new Error(
      `posters must be a whole number from 1 to ${REQUESTER_ACCOUNTS.length} (one requester account each), not ${posters}`,
    );
  return posters;
}

/** Seconds to claim every slot, then to commit (at least the job's execution time: 30 s + maxFuel / fuelPerSecond). */
const WINDOWS = { claim: 60, commit: 60 };
/** The smallest maxFuel a job asks for: above every devnet offer's minMfuel, so every provider may claim it. */
const MIN_MAX_FUEL = 2_000_000n;
/** How often the generator looks for jobs to settle, and how long a settleable job is left to its replicas first. */
const SWEEP_EVERY_MS = 5_000;
const SETTLE_GRACE_SEC = 10;
/** Tokens each requester gets. */
const REQUESTER_TOKENS = parseEther("1000000");

export interface GeneratorStats {
  posted: number;
  failed: number;
  /** Jobs not posted: their budget exceeded the market's maxVerifiableBudget (the court's last report). */
  unverifiable: number;
  /** settle / resolve / decideAudit transactions the generator's sweeper sent. */
  swept: number;
  lastError?: string;
}

/** Whether job number `n` (0-based) gets k = 3: spreads `share` evenly, the first job is k = 3 when share > 0. */
export function isK3(n: number, share: number): boolean {
  return Math.ceil((n + 1) * share - 1e-9) > Math.ceil(n * share - 1e-9);
}

/**
 * Which workload job number `n` runs: round robin, shifted by one every round so that each workload comes with k = 1
 * and k = 3 alike (a plain `n mod count` with an even count pairs each workload with one k forever).
 */
export function workloadIndex(n: number, count: number): number {
  return (n + Math.floor(n / count)) % count;
}

/** The fuel limit a job whose input measured `fuelUsed` asks for. */
export function maxFuelFor(fuelUsed: bigint): bigint {
  return fuelLimitFor(fuelUsed, MIN_MAX_FUEL);
}

export class WorkloadGenerator {
  readonly stats: GeneratorStats = { posted: 0, failed: 0, unverifiable: 0, swept: 0 };
  private readonly abort = new AbortController();
  /** Stops posting only: the sweeper goes on settling what was posted (see stopPosting). */
  private readonly posting = new AbortController();
  private loops: Promise<void>[] = [];
  private readonly store: KuboStore;
  private readonly requesters: NonceManager[];
  private readonly settler: NonceManager;
  /** Jobs posted and not yet final, with when they were first seen settleable or resolvable (unix seconds). */
  private readonly open = new Map<bigint, { dueSince?: number }>();

  private readonly posters: number;

  constructor(private readonly o: GeneratorOptions) {
    this.store = new KuboStore(o.contentUrl, { timeoutMs: 30_000 });
    this.posters = postingLoops(o.posters);
    this.requesters = REQUESTER_ACCOUNTS.slice(0, Math.max(ROLES.requesters, this.posters)).map(
      (account) => new NonceManager(hardhatAccount(account).connect(o.provider)),
    );
    this.settler = new NonceManager(hardhatAccount(ROLES.settler).connect(o.provider));
  }

  /** Funds the requesters with tokens and grants the market an allowance (one approval each). */
  async prepare(): Promise<void> {
    const marketAddress = await this.o.market.getAddress();
    const transfers = [];
    for (const r of this.requesters)
      transfers.push(await this.o.token.connect(this.o.deployer).transfer(await r.getAddress(), REQUESTER_TOKENS));
    await Promise.all(transfers.map((t) => t.wait()));
    await Promise.all(
      this.requesters.map(async (r) => {
        const token = this.o.token.connect(r);
        if ((await token.allowance(await r.getAddress(), marketAddress)) < REQUESTER_TOKENS)
          await (await token.approve(marketAddress, MaxUint256)).wait();
      }),
    );
  }

  start(): void {
    if (this.o.rate <= 0 || this.loops.length > 0) return;
    const posting = Array.from({ length: this.posters }, (_, i) => this.run(i));
    this.loops = [Promise.all(posting).then(() => undefined), this.sweep()];
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.posting.abort();
    await Promise.all(this.loops);
  }

  /** Posts no more jobs; the sweeper still settles the ones posted (a job nobody claimed has no one else to). */
  async stopPosting(): Promise<void> {
    this.posting.abort();
    await this.loops[0];
  }

  /**
   * Posting loop `loop` of `posters`: posts jobs number loop, loop + posters, ... (so the k and workload mix is the
   * same as one loop's), one every posters / rate minutes, staggered from the other loops, from the requesters whose
   * index is `loop` modulo posters (only its own: their nonces are its alone).
   */
  private async run(loop: number): Promise<void> {
    const p = this.posters;
    const intervalMs = (60_000 * p) / this.o.rate;
    const own = this.requesters.filter((_, i) => i % p === loop);
    const stopped = AbortSignal.any([this.abort.signal, this.posting.signal]);
    let next = Date.now() + (loop * intervalMs) / p;
    await sleep(Math.max(0, next - Date.now()), stopped);
    for (let n = loop, k = 0; !stopped.aborted; n += p, k++) {
      const replicas = isK3(n, this.o.k3Share) ? 3 : 1;
      const workload = this.o.workloads[workloadIndex(n, this.o.workloads.length)];
      const requester = own[k % own.length];
      try {
        const posted = await this.post(requester, workload, replicas);
        if (posted) {
          this.stats.posted++;
          this.open.set(posted.jobId, {});
          this.o.logger.info(
            { jobId: posted.jobId.toString(), replicas, workload: workload.name, maxFuel: posted.maxFuel.toString() },
            "job posted",
          );
        }
      } catch (error) {
        this.stats.failed++;
        this.stats.lastError = (error as Error).message.split("\n")[0].slice(0, 200);
        this.o.logger.warn({ err: error, replicas, workload: workload.name }, "posting a job failed");
        requester.reset(); // a failed send may have consumed a nonce or not: ask the chain again
      }
      next += intervalMs;
      await sleep(Math.max(0, next - Date.now()), stopped);
    }
  }

  /** Posts one job (the SDK's `submitJob`); undefined when its budget is more than the court can verify. */
  private async post(
    requester: NonceManager,
    w: Workload,
    replicas: number,
  ): Promise<{ jobId: bigint; maxFuel: bigint } | undefined> {
    const module = await w.module();
    const input = w.input();
    // Measure: the fuel this input takes under the workload's own (generous) limits, then ask for 1.5x that.
    const probe = await execute(createBundle({ module, input, args: w.args, limits: w.limits }), { module, input });
    const maxFuel = maxFuelFor(probe.fuelUsed);
    const bundle = createBundle({ module, input, args: w.args, limits: { ...w.limits, fuel: Number(maxFuel) } });
    // Deadlines from the chain clock (interval mining keeps it near the wall clock), plus slack for inclusion.
    const claimDeadline = (await this.chainNow()) + 3 + WINDOWS.claim;
    const client = {
      market: this.o.market.connect(requester),
      token: this.o.token.connect(requester),
      court: this.o.court,
      provider: this.o.provider,
      store: this.store,
    };
    try {
      const posted = await submitJob(client, {
        bundle,
        module,
        input,
        replicas,
        maxPricePerMfuel: this.o.maxPricePerMfuel,
        deadlines: { claimDeadline, commitDeadline: claimDeadline + WINDOWS.commit },
      });
      return { jobId: posted.jobId, maxFuel };
    } catch (error) {
      // Refused from the court's pool before anything was uploaded: not a failure of the generator.
      if (!(error instanceof ContractRevertError && error.errorName === "JobMarketUnverifiable")) throw error;
      const [budget, maxVerifiableBudget] = error.errorArgs as bigint[];
      this.stats.unverifiable++;
      this.o.logger.warn(
        { workload: w.name, budget: budget.toString(), maxVerifiableBudget: maxVerifiableBudget.toString() },
        "job not posted: its budget exceeds what the court's pool can verify",
      );
      return undefined;
    }
  }

  /**
   * Settles (or resolves, when the court has it) every job it posted as soon as it can, after a grace the replicas
   * usually use to do it themselves; takes a stuck audit decision too. Errors (mostly a replica winning the race) are
   * logged and the job is looked at again on the next sweep.
   */
  private async sweep(): Promise<void> {
    const market = this.o.market.connect(this.settler);
    const court = this.o.court.connect(this.settler);
    while (!this.abort.signal.aborted) {
      await sleep(SWEEP_EVERY_MS, this.abort.signal);
      let now: number;
      try {
        now = await this.chainNow();
      } catch {
        continue; // the chain is busy or going away
      }
      for (const [jobId, seen] of this.open) {
        if (this.abort.signal.aborted) return;
        try {
          const job = await this.o.market.getJob(jobId);
          const status = Number(job.status) as JobStatus;
          if (status === JobStatus.Completed || status === JobStatus.Refunded || status === JobStatus.Cancelled) {
            this.open.delete(jobId);
            continue;
          }
          const verifying = status === JobStatus.Verifying;
          if (verifying ? await this.o.court.isResolvable(jobId) : await this.o.market.isSettleable(jobId)) {
            seen.dueSince ??= now;
            if (now - seen.dueSince < SETTLE_GRACE_SEC) continue;
            if (verifying) await this.send("resolve", jobId, resolve(court, { jobId }));
            else await this.send("settle", jobId, settle(market, { jobId }));
            continue;
          }
          if (verifying) continue;
          const closedAt = Number(job.commitsClosedAt) || Number(job.commitDeadline);
          const undecided = Number(job.audit) === AuditState.Undecided && Number(job.committedMask) !== 0;
          if (undecided && now > closedAt + SETTLE_GRACE_SEC)
            await this.send("decideAudit", jobId, decideAudit(market, { jobId }));
        } catch (error) {
          this.settler.reset();
          this.o.logger.debug({ err: error, jobId: jobId.toString() }, "sweep: a call failed (retried next sweep)");
        }
      }
    }
  }

  private async send(what: string, jobId: bigint, sending: Promise<{ wait(): Promise<unknown> }>): Promise<void> {
    await (await sending).wait();
    this.stats.swept++;
    this.o.logger.info({ jobId: jobId.toString() }, `sweep: ${what}`);
  }

  private async chainNow(): Promise<number> {
    const latest = await this.o.provider.getBlock("latest");
    return Math.max(latest?.timestamp ?? 0, Math.floor(Date.now() / 1000));
  }
}
