/**
 * `npm run bench:indexer`: indexing benchmark in a real graph-node against a live local chain. The end-to-end test's
 * stack (@hashwork/devkit/subgraph-stack: hardhat node, content store, Ignition deploy, gnd dev), then scripts/subgraph/bench-indexer.ts fires a
 * burst of BENCH_JOBS (default 500) complete k = 1 jobs — 5 events each, ≥ 2,000 events — and reports throughput
 * (events/s), lag behind head at the end of the burst, and the p50/p95 latency of every examples/queries/*.graphql.
 * Not a test: it fails only if something breaks. Database HASHWORK_BENCH_DB; the work dir is kept.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findGnd, requireAbis } from "@hashwork/devkit/graph-node";
import { main } from "@hashwork/devkit/script";
import { startStack } from "@hashwork/devkit/subgraph-stack";

main("bench", async (stop) => {
  findGnd();
  requireAbis();
  const work = mkdtempSync(join(process.env.TMPDIR ?? tmpdir(), "hashwork-subgraph-bench."));
  console.log(`bench: work dir ${work} (logs: hardhat.log, gnd.log; report: bench.json)`);
  const stack = await startStack(stop, work, process.env.HASHWORK_BENCH_DB ?? "hashwork_subgraph_bench");
  await stack.hardhatRun("scripts/subgraph/bench-indexer.ts", { BENCH_GRAPHQL_URL: stack.subgraphUrl });
});
