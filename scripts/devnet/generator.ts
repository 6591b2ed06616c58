/**
 * The workload generator: posts the sample jobs continuously at a configurable rate, k = 1 and k = 3 mixed,
 * from a few requester accounts. Each job's module, input and bundle go to the content store first; the
 * market pulls the escrow with an allowance each requester grants once.
 */
import { MaxUint256, NonceManager, parseEther, type JsonRpcProvider } from "ethers";
import type { Logger } from "pino";
import { hardhatAccount, ROLES } from "./accounts.js";
import { sleep } from "./processes.js";
import {
  bundleHash,
  canonicalBundleBytes,
  createBundle,
  KuboStore,
  type HashworkToken,
  type JobMarket,
} from "./sdk.js";
import type { Workload } from "./workloads.js";

export interface GeneratorOptions {
  provider: JsonRpcProvider;
  deployer: NonceManager;
  token: HashworkToken;
  market: JobMarket;
  contentUrl: string;
  workloads: Workload[];
  /** Jobs per minute. */
  rate: number;
  /** Share of jobs with k = 3. */
  k3Share: number;
  logger: Logger;
}

/** Per replica; providers offer 0.5, so every provider is eligible on price. */
const MAX_PRICE = parseEther("1");
const WINDOWS = { claim: 60, commit: 60, reveal: 60 }; // seconds per phase

export interface GeneratorStats {
  posted: number;
  failed: number;
  lastError?: string;
}

/** Whether job number `n` (0-based) gets k = 3: spreads `share` evenly, the first job is k = 3 when share > 0. */
export function isK3(n: number, share: number): boolean {
  return Math.ceil((n + 1) * share - 1e-9) > Math.ceil(n * share - 1e-9);
}

export class WorkloadGenerator {
  readonly stats: GeneratorStats = { posted: 0, failed: 0 };
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private readonly store: KuboStore;
  private readonly requesters: NonceManager[];

  constructor(private readonly o: GeneratorOptions) {
    this.store = new KuboStore(o.contentUrl, { timeoutMs: 30_000 });
    this.requesters = Array.from(
      { length: ROLES.requesters },
      (_, i) => new NonceManager(hardhatAccount(ROLES.firstRequester + i).connect(o.provider)),
    );
  }

  /** Funds the requesters with tokens and grants the market an allowance (one approval each). */
  async prepare(): Promise<void> {
    const marketAddress = await this.o.market.getAddress();
    const transfers = [];
    for (const r of this.requesters)
      transfers.push(await this.o.token.connect(this.o.deployer).transfer(await r.getAddress(), parseEther("1000000")));
    await Promise.all(transfers.map((t) => t.wait()));
    await Promise.all(
      this.requesters.map(async (r) => {
        const token = this.o.token.connect(r);
        if ((await token.allowance(await r.getAddress(), marketAddress)) < parseEther("1000000"))
          await (await token.approve(marketAddress, MaxUint256)).wait();
      }),
    );
  }

  start(): void {
    if (this.o.rate <= 0 || this.loop) return;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const intervalMs = 60_000 / this.o.rate;
    let next = Date.now();
    for (let n = 0; !this.abort.signal.aborted; n++) {
      const replicas = isK3(n, this.o.k3Share) ? 3 : 1;
      const workload = this.o.workloads[n % this.o.workloads.length];
      const requester = this.requesters[n % this.requesters.length];
      try {
        const jobId = await this.post(requester, workload, replicas);
        this.stats.posted++;
        this.o.logger.info({ jobId: jobId.toString(), replicas, workload: workload.name }, "job posted");
      } catch (error) {
        this.stats.failed++;
        this.stats.lastError = (error as Error).message.split("\n")[0].slice(0, 200);
        this.o.logger.warn({ err: error, replicas, workload: workload.name }, "posting a job failed");
        requester.reset(); // a failed send may have consumed a nonce or not: ask the chain again
      }
      next += intervalMs;
      await sleep(Math.max(0, next - Date.now()), this.abort.signal);
    }
  }

  private async post(requester: NonceManager, w: Workload, replicas: number): Promise<bigint> {
    const module = await w.module();
    const input = w.input();
    const bundle = createBundle({ module, input, args: w.args, limits: w.limits });
    await this.store.put(module);
    await this.store.put(input);
    const { cid } = await this.store.put(canonicalBundleBytes(bundle));
    // Deadlines from the chain clock (interval mining keeps it near the wall clock), plus slack for inclusion.
    const latest = await this.o.provider.getBlock("latest");
    const now = BigInt(Math.max(latest?.timestamp ?? 0, Math.floor(Date.now() / 1000)) + 3);
    const claimDeadline = now + BigInt(WINDOWS.claim);
    const commitDeadline = claimDeadline + BigInt(WINDOWS.commit);
    const revealDeadline = replicas === 1 ? 0n : commitDeadline + BigInt(WINDOWS.reveal);
    const market = this.o.market.connect(requester);
    const receipt = await (
      await market.postJob({
        resourceClass: 0,
        replicas,
        maxPrice: MAX_PRICE,
        minReputation: 0,
        claimDeadline,
        commitDeadline,
        revealDeadline,
        bundleHash: bundleHash(bundle),
        bundleURI: `ipfs://${cid}`,
      })
    ).wait();
    for (const log of receipt?.logs ?? []) {
      const parsed = this.o.market.interface.parseLog(log);
      if (parsed?.name === "JobPosted") return parsed.args.jobId as bigint;
    }
    throw new Error("no JobPosted event in the receipt");
  }
}
