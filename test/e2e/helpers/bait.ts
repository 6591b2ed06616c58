/**
 * Makes the watcher's challenge happen in every devnet run instead of by luck. The faulty node is the only provider
 * whose offer fits a job capped at its (undercutting) price, and a quarter of jobs are audited; a job of its that is
 * not audited stands agreed with its wrong result, and only the watcher's challenge can catch it. Without this the
 * faulty node winning an unaudited k = 1 job within the test's minutes was chance (a run with two such wins, both
 * audited, saw no challenge).
 */
import { join } from "node:path";
import { formatEther, JsonRpcProvider, Network } from "ethers";
import { AuditState, JobMarket__factory, JobStatus, ProviderRegistry__factory, readJob } from "@hashwork/sdk";
import { hardhatAccount, ROLES } from "@hashwork/devkit/accounts";
import { FAULTY_PRICE_PER_MFUEL } from "@hashwork/devkit/providers";
import { Cli } from "../cli/helpers/cli.js";
import { waitFor, type Endpoints } from "./devnet.js";

/**
 * Jobs posted at most. A bait fails when it is audited (1 in 4) or when the faulty node's slashes leave it no lottery
 * stake for it (about 1 in 3 on the devnet): about half of them fail, and twelve failures in a row have a chance of
 * about 1 in 4,000.
 */
const MAX_BAITS = 12;
/** The bait's fuel limit: the sample's ~0.1 Mfuel would make a budget below the market's minimum at this price. */
const BAIT_FUEL = "2000000";

/** A bait that found the watcher, and the refunds of the baits nobody could claim (awaited before the deadline checks). */
export interface Bait {
  jobId: bigint;
  refunds: Promise<void>;
}

/**
 * Posts k = 1 jobs with the `hashwork` CLI, capped at the faulty node's price, one at a time until one is decided not
 * audited. A bait the faulty node can no longer win is given up at once: a claim weighs the stake in force at the
 * posting, and none once the claimer's stake changed in two blocks since (`lotteryStakeAt`), which the faulty node's
 * own slashes do every few seconds on the devnet. Such baits are refunded with the CLI after their claim deadline, so
 * none outlives its deadlines. Posts from "Your provider", an account nothing else in the run sends from.
 */
export async function baitTheWatcher(e: Endpoints, log: (line: string) => void): Promise<Bait> {
  const cli = new Cli(
    {
      HASHWORK_RPC_URL: e.rpcUrl,
      HASHWORK_STORE_URL: e.contentStoreUrl,
      HASHWORK_DEPLOYMENT: join(e.stateDir, "deployment.json"),
      HASHWORK_PRIVATE_KEY: hardhatAccount(ROLES.yourProvider).privateKey,
    },
    e.stateDir,
  );
  const provider = new JsonRpcProvider(e.rpcUrl, Network.from(e.chainId), { staticNetwork: true });
  const market = JobMarket__factory.connect(e.contracts.JobMarket, provider);
  const registry = ProviderRegistry__factory.connect(e.contracts.ProviderRegistry, provider);
  const faulty = e.nodeMetrics.find((n) => n.faulty)!.address;
  const hashwork = async (args: string[]) => {
    const run = await cli.run([...args, "--json"]);
    if (run.code !== 0) throw new Error(`hashwork ${args.join(" ")} exited ${run.code}: ${run.stdout}${run.stderr}`);
    return run.json;
  };
  const chainNow = async () => (await provider.getBlock("latest"))!.timestamp;
  const refundAfter = async (jobId: bigint, claimDeadline: number) => {
    const passed = async () => (await chainNow()) > claimDeadline || undefined;
    await waitFor(`bait job ${jobId}'s claim deadline`, passed, 300_000, 2_000);
    await hashwork(["job", "refund", String(jobId)]);
  };
  const refunds: Promise<void>[] = [];
  try {
    for (let attempt = 1; attempt <= MAX_BAITS; attempt++) {
      const price = formatEther(FAULTY_PRICE_PER_MFUEL);
      // A 5-minute timeout gives a 142 s claim phase: the lottery draws a holder of 1/7 of the stake within ~60 s.
      const job = ["--example", "sha256", "--fuel", BAIT_FUEL, "--price-per-mfuel", price, "--timeout", "5m"];
      const jobId = BigInt((await hashwork(["job", "post", ...job])).jobId as string);
      const decided = await waitFor(
        `bait job ${jobId}'s audit decision`,
        async () => {
          const j = await readJob(market, { jobId });
          if (j.audit !== AuditState.Undecided) return j.audit === AuditState.Audited ? "audited" : "not audited";
          if (j.status !== JobStatus.Open) return `ended ${JobStatus[j.status]} undecided`;
          if (j.claimed > 0) return undefined;
          const stake = await registry.lotteryStakeAt(faulty, j.postedBlock - 1n);
          const unwinnable = stake === 0n || (await chainNow()) > j.claimDeadline;
          if (unwinnable) {
            const refund = refundAfter(jobId, j.claimDeadline);
            refund.catch(() => undefined); // reported where `refunds` is awaited
            refunds.push(refund);
          }
          return unwinnable ? "unclaimable: the faulty node can no longer win it" : undefined;
        },
        360_000,
        2_000,
      );
      log(`bait job ${jobId} (only the faulty node's offer fits it): ${decided}`);
      if (decided === "not audited") return { jobId, refunds: Promise.all(refunds).then(() => undefined) };
    }
    throw new Error(`none of ${MAX_BAITS} jobs for the faulty node alone went unaudited`);
  } finally {
    // The refunds still read the chain through `provider`: destroyed once they are done.
    void Promise.allSettled(refunds).then(() => provider.destroy());
  }
}
