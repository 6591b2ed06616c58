/**
 * The indexing benchmark's chain side and measurements (driven by subgraph/scripts/bench.ts, which starts the
 * chain, deploys, and runs gnd dev). Against a deployment in $E2E_DIR/deployment.json and a subgraph at
 * $BENCH_GRAPHQL_URL it:
 *   1. registers and stakes providers and waits until the subgraph has caught up (not measured);
 *   2. fires a burst of BENCH_JOBS complete k = 1 jobs (post, claim and commit in one transaction, audit decision,
 *      reveal, settle: 7 events each; the jobs the protocol audits go to a panel, as nobody audits them), queued as raw
 *      transactions with automine off and mined in full blocks, so the chain outruns the indexer;
 *   3. measures indexing throughput (events/s), the lag behind head when the burst's last block is mined, and
 *      the time to catch up;
 *   4. runs every examples/queries/*.graphql BENCH_QUERY_RUNS times and reports p50/p95 latency.
 * Prints a report and writes it to $E2E_DIR/bench.json.
 */
import { readFileSync, readdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { network } from "hardhat";
import { commitment } from "@hashwork/sdk/results";
import type { HashworkToken, JobMarket, ProviderRegistry } from "@hashwork/sdk/typechain";

const TOKEN = 10n ** 18n;
const STAKE = 10_000n * TOKEN;
const dir = process.env.E2E_DIR ?? fail("E2E_DIR is not set");
const url = process.env.BENCH_GRAPHQL_URL ?? fail("BENCH_GRAPHQL_URL is not set");
const JOBS = Number(process.env.BENCH_JOBS ?? 500);
const QUERY_RUNS = Number(process.env.BENCH_QUERY_RUNS ?? 100);
const PROVIDERS = 8;

const conn = await network.getOrCreate();
const { ethers } = conn;
const rpc = (method: string, params: unknown[] = []) => conn.provider.request({ method, params });
const signers = await ethers.getSigners();
const requester = signers[1];
const providers = signers.slice(2, 2 + PROVIDERS);
const { contracts: c } = JSON.parse(readFileSync(join(dir, "deployment.json"), "utf8"));
const token = (await ethers.getContractAt("HashworkToken", c.HashworkToken.address)) as unknown as HashworkToken;
const registry = (await ethers.getContractAt(
  "ProviderRegistry",
  c.ProviderRegistry.address,
)) as unknown as ProviderRegistry;
const market = (await ethers.getContractAt("JobMarket", c.JobMarket.address)) as unknown as JobMarket;
const marketAddress = c.JobMarket.address as string;

// ------------------------------------------------------------------ 1. setup (not measured)
for (const [i, p] of providers.entries()) {
  await (await token.transfer(p.address, STAKE)).wait();
  await (await token.connect(p).approve(c.ProviderRegistry.address, STAKE)).wait();
  const pricePerMfuel = TOKEN / 100n + BigInt(i) * (TOKEN / 1_000n);
  await (await registry.connect(p).register(`ipfs://bench-${i}`, 1, pricePerMfuel, 0, 1_000)).wait();
  await (await registry.connect(p).stake(STAKE)).wait();
}
await (await token.transfer(requester.address, BigInt(JOBS) * 10n * TOKEN)).wait();
await (await token.connect(requester).approve(marketAddress, ethers.MaxUint256)).wait();
await waitForBlock(await ethers.provider.getBlockNumber(), 120_000);

// ------------------------------------------------------------------ 2. the burst
const hex = (n: bigint | number) => ethers.toQuantity(n);
const send = (from: string, to: string, data: string, gas: number, nonce: number) =>
  rpc("eth_sendTransaction", [{ from, to, data, gas: hex(gas), nonce: hex(nonce) }]);
const nonceOf = async (a: string) => ethers.provider.getTransactionCount(a, "pending");
const mineAll = async () => {
  for (;;) {
    await rpc("evm_mine");
    const block = (await rpc("eth_getBlockByNumber", ["latest", false])) as { transactions: string[] };
    if (block.transactions.length === 0) return;
  }
};
const { wideningPeriod, challengeWindow, revealPeriod, auditDrawPeriod } = await market.parameters();
const MAX_FUEL = 100_000_000n;
const executionTime = await market.executionTime(MAX_FUEL);
const firstJob = (await market.jobCount()) + 1n;
const jobIds = Array.from({ length: JOBS }, (_, i) => firstJob + BigInt(i));
const providerOf = (i: number) => providers[i % PROVIDERS]!;
const output = (id: bigint) => ethers.id(`out-${id}`);
const FUEL = 40_000_000n;
const salt = (id: bigint) => ethers.id(`salt-${id}`);
const startBlock = await ethers.provider.getBlockNumber();
const samples: { t: number; block: number }[] = [];
let polling = true;
const poller = (async () => {
  while (polling) {
    samples.push({ t: performance.now(), block: await subgraphBlock() });
    await sleep(50);
  }
})();

const t0 = performance.now();
await rpc("evm_setAutomine", [false]);
const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
let n = await nonceOf(requester.address);
await Promise.all(
  jobIds.map((id) =>
    send(
      requester.address,
      marketAddress,
      market.interface.encodeFunctionData("postJob", [
        {
          resourceClass: 0,
          replicas: 1,
          maxFuel: MAX_FUEL,
          maxPricePerMfuel: TOKEN / 50n,
          minReputation: 0,
          claimDeadline: now + 7_200n,
          commitDeadline: now + 10_800n,
          bundleHash: ethers.id(`bench-bundle-${id}`),
          bundleURI: `ipfs://bench-bundle-${id}`,
        },
      ]),
      400_000,
      n++,
    ),
  ),
);
await mineAll();
// Every provider wins the lottery once w(t) >= providers: (providers - 1) widening periods after posting. Each
// claims its jobs committing to its answer in the same transaction (claim(jobId, commitment), as the provider node
// does for a short job): JobClaimed carries the commitment, and no ResultCommitted is emitted.
await rpc("evm_increaseTime", [Number(BigInt(PROVIDERS) * wideningPeriod + 1n)]);
await rpc("evm_mine");
const nonces = await Promise.all(providers.map((p) => nonceOf(p.address)));
await Promise.all(
  jobIds.map((id, i) => {
    const k = i % PROVIDERS;
    const p = providerOf(i).address;
    const c = commitment(id, p, output(id), FUEL, salt(id));
    return send(p, marketAddress, market.interface.encodeFunctionData("claim", [id, c]), 600_000, nonces[k]++);
  }),
);
await mineAll();
// The audit decisions (the seed is the hash of the block after the last commitment), then the reveals: unaudited
// jobs at once, audited ones (nobody audits them here) once the auditor's commit window has passed.
n = await nonceOf(requester.address);
await Promise.all(
  jobIds.map((id) =>
    send(requester.address, marketAddress, market.interface.encodeFunctionData("decideAudit", [id]), 200_000, n++),
  ),
);
await mineAll();
const audited = new Set<bigint>();
for (const id of jobIds) if ((await market.getJob(id)).audit === 2n) audited.add(id);
const reveal = async (ids: bigint[]) => {
  const revealNonces = await Promise.all(providers.map((p) => nonceOf(p.address)));
  await Promise.all(
    ids.map((id) => {
      const i = Number(id - firstJob);
      const data = market.interface.encodeFunctionData("revealResult", [
        id,
        0, // every job here is k = 1: its provider holds slot 0
        output(id),
        FUEL,
        salt(id),
        `ipfs://out-${id}`,
      ]);
      return send(providerOf(i).address, marketAddress, data, 300_000, revealNonces[i % PROVIDERS]++);
    }),
  );
  await mineAll();
};
await reveal(jobIds.filter((id) => !audited.has(id)));
await rpc("evm_increaseTime", [Number(auditDrawPeriod + executionTime) + 1]);
await reveal([...audited]);
// Settle once every challenge window has passed (an unanswered audit goes to a panel).
await rpc("evm_increaseTime", [Number(revealPeriod + challengeWindow + executionTime) + 1]);
n = await nonceOf(requester.address);
await Promise.all(
  jobIds.map((id) =>
    send(requester.address, marketAddress, market.interface.encodeFunctionData("settle", [id]), 600_000, n++),
  ),
);
await mineAll();
const tEnd = performance.now();
const endBlock = await ethers.provider.getBlockNumber();
const blockAtEnd = await subgraphBlock();
await rpc("evm_setAutomine", [true]);

// Events per block of the burst, from the logs of both contracts.
const logs = (await rpc("eth_getLogs", [
  {
    fromBlock: hex(startBlock + 1),
    toBlock: hex(endBlock),
    address: [marketAddress, c.ProviderRegistry.address, c.VerificationCourt.address],
  },
])) as { blockNumber: string }[];
const eventsInBlock = new Map<number, number>();
for (const log of logs) {
  const b = Number(log.blockNumber);
  eventsInBlock.set(b, (eventsInBlock.get(b) ?? 0) + 1);
}
const eventsAfter = (block: number) =>
  [...eventsInBlock].filter(([b]) => b > block).reduce((sum, [, count]) => sum + count, 0);
// Per job: JobPosted, JobClaimed (with the commitment), CommitsClosed, AuditDecided, ResultRevealed, then ProviderPaid
// + JobSettled (unaudited) or VerificationStarted + RoundOpened (audited).
const EVENTS_PER_JOB = 7;
if (logs.length !== JOBS * EVENTS_PER_JOB)
  fail(`expected ${JOBS * EVENTS_PER_JOB} events in the burst, found ${logs.length}: a transaction reverted`);
const settled = await market.queryFilter(market.filters.JobSettled(), startBlock + 1, endBlock);
if (settled.length !== JOBS - audited.size) fail(`${settled.length} jobs settled, expected ${JOBS - audited.size}`);
if ((await market.jobCount()) !== firstJob + BigInt(JOBS) - 1n) fail("not every job was posted");

await waitForBlock(endBlock, 600_000);
const tCaught = performance.now();
polling = false;
await poller;
const firstIndexed = samples.find((s) => s.block > startBlock)?.t ?? tCaught;

// ------------------------------------------------------------------ 4. analyst query latency
const queriesDir = join(import.meta.dirname, "..", "..", "subgraph", "examples", "queries");
const { marketDayDatas } = await gql<{ marketDayDatas: { id: string }[] }>(
  "{ marketDayDatas(orderBy: dayId, first: 1) { id } }",
);
const firstDay = marketDayDatas[0].id;
const variables: Record<string, Record<string, unknown>> = {
  "market-overview-by-day.graphql": { days: 30 },
  "top-providers-by-earnings.graphql": { first: 10 },
  "provider-slash-history.graphql": { provider: providers[0].address.toLowerCase() },
  "jobs-by-status.graphql": { status: "COMPLETED" },
  "price-distribution.graphql": { day: firstDay },
  "audits-and-verdicts.graphql": { first: 20 },
  "challenges.graphql": { first: 20 },
  "verifier-earnings.graphql": { first: 10 },
};
const latencies: Record<string, { p50: number; p95: number; runs: number }> = {};
for (const file of readdirSync(queriesDir).filter((f) => f.endsWith(".graphql"))) {
  const query = readFileSync(join(queriesDir, file), "utf8");
  const times: number[] = [];
  for (let i = 0; i < QUERY_RUNS; i++) {
    const t = performance.now();
    await gql(query, variables[file] ?? {});
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  latencies[file] = { p50: pct(times, 50), p95: pct(times, 95), runs: QUERY_RUNS };
}

const report = {
  jobs: JOBS,
  audited: audited.size,
  events: logs.length,
  blocks: endBlock - startBlock,
  burstSeconds: round((tEnd - t0) / 1000),
  indexingSeconds: round((tCaught - firstIndexed) / 1000),
  throughputEventsPerSecond: round(logs.length / ((tCaught - t0) / 1000)),
  catchUpEventsPerSecond: round(eventsAfter(blockAtEnd) / Math.max((tCaught - tEnd) / 1000, 1e-3)),
  lagAtEndOfBurst: { blocks: endBlock - blockAtEnd, events: eventsAfter(blockAtEnd) },
  secondsToCatchUp: round((tCaught - tEnd) / 1000),
  queryLatencyMs: latencies,
};
await writeFile(join(dir, "bench.json"), JSON.stringify(report, null, 2) + "\n");
console.error(`
indexer benchmark: ${report.jobs} k = 1 jobs (${report.audited} audited), ${report.events} events in ${report.blocks} blocks, mined in ${report.burstSeconds} s
  throughput            ${report.throughputEventsPerSecond} events/s (burst start → subgraph at head)
  catch-up rate         ${report.catchUpEventsPerSecond} events/s (events still unindexed at the burst's end / time to catch up)
  lag at end of burst   ${report.lagAtEndOfBurst.blocks} blocks, ${report.lagAtEndOfBurst.events} events; caught up ${report.secondsToCatchUp} s later
  query latency (${QUERY_RUNS} runs each, ms):
${Object.entries(latencies)
  .map(([f, l]) => `    ${f.padEnd(36)} p50 ${l.p50.toFixed(1).padStart(7)}   p95 ${l.p95.toFixed(1).padStart(7)}`)
  .join("\n")}
`);

// ------------------------------------------------------------------ helpers
async function gql<T = Record<string, unknown>>(query: string, vars: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables: vars }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data!;
}

async function subgraphBlock(): Promise<number> {
  try {
    const { _meta: meta } = await gql<{ _meta: { block: { number: number }; hasIndexingErrors: boolean } }>(
      "{ _meta { block { number } hasIndexingErrors } }",
    );
    if (meta.hasIndexingErrors) fail("the subgraph has indexing errors");
    return meta.block.number;
  } catch (error) {
    if (String(error).includes("indexing errors")) throw error;
    return -1;
  }
}

/**
 * Waits until the subgraph has indexed `block`. gnd dev sometimes stops one block short of an idle chain's
 * head until another block arrives; after 3 s without progress an empty block is mined to nudge it (it
 * carries no events, so the measured numbers are unchanged).
 */
async function waitForBlock(block: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let lastProgress = Date.now();
  for (;;) {
    const current = await subgraphBlock();
    if (current >= block) return;
    if (current !== last) [last, lastProgress] = [current, Date.now()];
    else if (Date.now() - lastProgress > 3_000) {
      await rpc("evm_mine");
      lastProgress = Date.now();
    }
    if (Date.now() > deadline) fail(`the subgraph did not reach block ${block} in ${timeoutMs / 1000} s`);
    await sleep(20);
  }
}

function pct(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function round(x: number) {
  return Math.round(x * 10) / 10;
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function fail(message: string): never {
  throw new Error(`bench: ${message}`);
}
