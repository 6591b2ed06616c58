/**
 * The bench's stream of k = 1 jobs: the SDK's sample workloads with fresh inputs, priced as the devnet's workload
 * generator prices them (1.5x the fuel a local run measured, at the devnet's job price) but never below the providers'
 * minimum, posted with the SDK's `submitJob` at a fixed rate from a few requester accounts at once.
 *
 * Unlike the generator, each job's local run (its probe) happens before the measured window, not while it is posted:
 * on a 2-core machine the probes would take CPU from the provider being measured.
 */
import { hardhatAccount, REQUESTER_ACCOUNTS } from "@hashwork/devkit/accounts";
import { JOB_PRICE_PER_MFUEL } from "@hashwork/devkit/devnet";
import type { Workload } from "@hashwork/devkit/workloads";
import { sleep } from "@hashwork/harness/processes";
import {
  createBundle,
  execute,
  fuelLimitFor,
  submitJob,
  type ContentStore,
  type HashworkToken,
  type JobBundle,
  type JobMarket,
  type VerificationCourt,
} from "@hashwork/sdk";
import { MaxUint256, NonceManager, parseEther, type JsonRpcProvider } from "ethers";

/** A job ready to post: its bundle asks for 1.5x the fuel its input measured. */
export interface PreparedJob {
  workload: string;
  module: Uint8Array;
  input: Uint8Array;
  bundle: JobBundle;
  fuelMeasured: bigint;
}

/** A job posted: when (wall clock, once its posting was mined) and until when it can be claimed (chain time). */
export interface PostedJob {
  jobId: bigint;
  workload: string;
  postedAtMs: number;
  claimDeadline: number;
}

/** The market's windows for the bench's jobs (seconds): MIN_PHASE is 30, a little slack for inclusion on top. */
const CLAIM_WINDOW = 40;
const COMMIT_WINDOW = 60;

/**
 * `count` jobs, the workloads in turn, each input run once locally to price it: 1.5x the fuel it took, at least
 * `minFuel` (the providers' minimum billable fuel: below it they cannot claim the job).
 */
export async function prepareJobs(workloads: Workload[], count: number, minFuel: bigint): Promise<PreparedJob[]> {
  const jobs: PreparedJob[] = [];
  for (let n = 0; n < count; n++) {
    const w = workloads[n % workloads.length]!;
    const module = await w.module();
    const input = w.input();
    const probe = await execute(createBundle({ module, input, args: w.args, limits: w.limits }), { module, input });
    const fuel = Number(fuelLimitFor(probe.fuelUsed, minFuel));
    const bundle = createBundle({ module, input, args: w.args, limits: { ...w.limits, fuel } });
    jobs.push({ workload: w.name, module, input, bundle, fuelMeasured: probe.fuelUsed });
  }
  return jobs;
}

export interface StreamContracts {
  provider: JsonRpcProvider;
  market: JobMarket;
  token: HashworkToken;
  court: VerificationCourt;
  /** Funds the requesters with tokens. */
  deployer: NonceManager;
  store: ContentStore;
}

/** Posts prepared jobs at a rate from `posters` requester accounts, each posting loop with its own nonces. */
export class JobStream {
  private readonly requesters: NonceManager[];

  constructor(
    private readonly c: StreamContracts,
    posters: number,
  ) {
    if (!(posters >= 1 && posters <= REQUESTER_ACCOUNTS.length))
      throw new Error(`posters must be 1 to ${REQUESTER_ACCOUNTS.length} (one requester account each)`);
    this.requesters = REQUESTER_ACCOUNTS.slice(0, posters).map(
      (i) => new NonceManager(hardhatAccount(i).connect(c.provider)),
    );
  }

  /** Tokens for every requester and the market's allowance (submitJob then sends no approval of its own). */
  async fund(): Promise<void> {
    const market = await this.c.market.getAddress();
    for (const r of this.requesters)
      await (await this.c.token.connect(this.c.deployer).transfer(await r.getAddress(), parseEther("1000000"))).wait();
    await Promise.all(
      this.requesters.map(async (r) => (await this.c.token.connect(r).approve(market, MaxUint256)).wait()),
    );
  }

  /**
   * Posts `jobs` in order at `perMinute` for `seconds` (or until they run out), loop i of n posting every n / rate
   * minutes, staggered. A posting that fails is counted, not retried: the stream keeps its rate.
   */
  async post(
    jobs: PreparedJob[],
    perMinute: number,
    seconds: number,
  ): Promise<{ posted: PostedJob[]; failed: string[] }> {
    const posted: PostedJob[] = [];
    const failed: string[] = [];
    const loops = this.requesters.length;
    const intervalMs = (60_000 * loops) / perMinute;
    const endsAt = Date.now() + seconds * 1000;
    let next = 0;
    const loop = async (i: number) => {
      const requester = this.requesters[i]!;
      let due = Date.now() + (i * intervalMs) / loops;
      for (;;) {
        await sleep(Math.max(0, due - Date.now()));
        if (Date.now() >= endsAt || next >= jobs.length) return;
        const job = jobs[next++]!;
        try {
          posted.push(await this.postOne(requester, job));
        } catch (error) {
          failed.push(`${job.workload}: ${(error as Error).message.split("\n")[0]!.slice(0, 160)}`);
          requester.reset(); // a failed send may or may not have used a nonce: ask the chain again
        }
        due += intervalMs;
      }
    };
    await Promise.all(Array.from({ length: loops }, (_, i) => loop(i)));
    return { posted, failed };
  }

  private async postOne(requester: NonceManager, job: PreparedJob): Promise<PostedJob> {
    // Deadlines from the chain's clock or the wall clock, the later: a busy hardhat chain runs ahead of the wall.
    const latest = await this.c.provider.getBlock("latest");
    const claimDeadline = Math.max(latest?.timestamp ?? 0, Math.floor(Date.now() / 1000)) + CLAIM_WINDOW;
    const { jobId } = await submitJob(
      {
        market: this.c.market.connect(requester),
        token: this.c.token.connect(requester),
        court: this.c.court,
        provider: this.c.provider,
        store: this.c.store,
      },
      {
        bundle: job.bundle,
        module: job.module,
        input: job.input,
        replicas: 1,
        maxPricePerMfuel: JOB_PRICE_PER_MFUEL,
        deadlines: { claimDeadline, commitDeadline: claimDeadline + COMMIT_WINDOW },
      },
    );
    return { jobId, workload: job.workload, postedAtMs: Date.now(), claimDeadline };
  }
}
