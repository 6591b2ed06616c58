import type { Command } from "commander";
import { readJob } from "@hashwork/sdk/actions";
import type { Run } from "../command.js";
import { formatAmount } from "../format.js";
import { STATUS_NAMES } from "../job/lookup.js";
import { queryChunked } from "@hashwork/sdk/chain";
import { parseAddress, parseInteger } from "../parse.js";

export function addJobListCommand(job: Command, run: Run): void {
  job
    .command("list")
    .description("list the jobs a requester posted (newest first)")
    .option("--requester <address>", "whose jobs (default: the signer's address)")
    .option("--limit <n>", "at most this many jobs", "20")
    .option("--from-block <n>", "first block to search (default: the market's deployment block)")
    .action((o: { requester?: string; limit: string; fromBlock?: string }, command: Command) =>
      run(command, async (ctx) => {
        const limit = parseInteger(o.limit, "--limit", 1, 10_000);
        const fromOption =
          o.fromBlock === undefined ? undefined : parseInteger(o.fromBlock, "--from-block", 0, Number.MAX_SAFE_INTEGER);
        const requester = o.requester ? parseAddress(o.requester, "--requester") : undefined;
        const chain = await ctx.chain();
        const who = requester ?? (await ctx.signer()).address;
        const head = await chain.provider.getBlockNumber();
        // JobPosted indexes the requester, so the node filters; chunks keep each eth_getLogs within provider limits.
        const filter = chain.market.filters.JobPosted(undefined, who);
        const logs = await queryChunked(
          (from, to) => chain.market.queryFilter(filter, from, to),
          fromOption ?? chain.addresses.startBlock,
          head,
        );
        const newest = logs.slice(-limit).reverse();
        const jobs = await Promise.all(
          newest.map(async (log) => {
            const j = await readJob(chain.market, { jobId: log.args.jobId });
            return {
              jobId: log.args.jobId,
              status: STATUS_NAMES[j.status],
              replicas: j.replicas,
              claimed: j.claimed,
              maxFuel: j.maxFuel,
              budget: j.budget,
              postedBlock: log.blockNumber,
              bundleURI: log.args.bundleURI,
            };
          }),
        );
        ctx.output.result({ requester: who, total: logs.length, jobs }, (r) => {
          if (r.jobs.length === 0)
            return `No jobs posted by ${who}. Post one with \`hashwork job post --example <name>\`.`;
          const header = `${r.total} job${r.total === 1 ? "" : "s"} posted by ${who}${r.total > r.jobs.length ? ` (newest ${r.jobs.length})` : ""}:`;
          const rows = r.jobs.map(
            (j) =>
              `  ${String(j.jobId).padStart(5)}  ${j.status.padEnd(9)}  ${j.claimed}/${j.replicas} claimed  ${formatAmount(j.budget, chain.tokenInfo).padStart(10)}/replica  block ${j.postedBlock}`,
          );
          return [header, ...rows].join("\n");
        });
      }),
    );
}
