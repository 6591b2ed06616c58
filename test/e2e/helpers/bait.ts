/**
 * Makes the watcher's challenge happen in every devnet run instead of by luck. The faulty node is the only provider
 * whose offer fits a job capped at its (undercutting) price, and a quarter of jobs are audited; a job of its that is
 * not audited stands agreed with its wrong result, and only the watcher's challenge can catch it. Without this the
 * faulty node winning an unaudited k = 1 job within the test's minutes was chance (a run with two such wins, both
 * audited, saw no challenge).
 */
import { join } from "node:path";
import { formatEther, JsonRpcProvider, Network } from "ethers";
import { AuditState, JobMarket__factory, JobStatus, readJob } from "@hashwork/sdk";
import { hardhatAccount, ROLES } from "@hashwork/devkit/accounts";
import { FAULTY_PRICE_PER_MFUEL } from "@hashwork/devkit/providers";
import { Cli } from "../cli/helpers/cli.js";
import { waitFor, type Endpoints } from "./devnet.js";

/** Jobs posted at most: all of them audited has a chance of 0.25^8, about 1 in 65,000. */
const MAX_BAITS = 8;
/** The bait's fuel limit: the sample's ~0.1 Mfuel would make a budget below the market's minimum at this price. */
const BAIT_FUEL = "2000000";

/**
 * Posts k = 1 jobs with the `hashwork` CLI, capped at the faulty node's price, one at a time until one is decided not
 * audited, and returns that job's id. A bait nobody claimed (the node was down, or jailed) is refunded with the CLI, so
 * it does not stay open past its deadlines, and the next one is posted. Posts from "Your provider", an account nothing
 * else in the run sends from.
 */
export async function baitTheWatcher(e: Endpoints, log: (line: string) => void): Promise<bigint> {
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
  const hashwork = async (args: string[]) => {
    const run = await cli.run([...args, "--json"]);
    if (run.code !== 0) throw new Error(`hashwork ${args.join(" ")} exited ${run.code}: ${run.stdout}${run.stderr}`);
    return run.json;
  };
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
          const now = (await provider.getBlock("latest"))!.timestamp;
          if (j.claimed === 0 && now > j.claimDeadline) return "unclaimed";
          return j.status === JobStatus.Open ? undefined : `ended ${JobStatus[j.status]} undecided`;
        },
        360_000,
        2_000,
      );
      log(`bait job ${jobId} (only the faulty node's offer fits it): ${decided}`);
      if (decided === "not audited") return jobId;
      if (decided === "unclaimed") await hashwork(["job", "refund", String(jobId)]);
    }
    throw new Error(`none of ${MAX_BAITS} jobs for the faulty node alone went unaudited`);
  } finally {
    provider.destroy();
  }
}
