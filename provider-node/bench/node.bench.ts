/**
 * Provider node benchmark (a real hardhat node, content store and node process on 127.0.0.1):
 *   - node overhead: from a job being claimable for the node to its claim transaction being broadcast,
 *     excluding bundle/module fetch and execution (p50 / p95 over the run)
 *   - sustained throughput: k = 1 jobs with a trivial module that one node carries to a committed result (a job this
 *     short is run before its claim, which then commits to the answer: no commit transaction follows)
 *   - peak RSS of the node process (VmHWM, worker threads included)
 *
 *   npm run bench:node            BENCH_JOBS=60 npm run bench:node
 */
import { readFileSync } from "node:fs";
import { parseEther, toUtf8Bytes } from "ethers";
import { postJob } from "../test/helpers/market.js";
import { waitFor } from "../test/helpers/ports.js";
import { createWorld } from "../test/helpers/suite.js";
import { UPPERCASE, wat } from "../test/helpers/wasm.js";

const JOBS = Number(process.env.BENCH_JOBS ?? 40); // backlog for the throughput run
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 20); // one-at-a-time jobs for the overhead
const out = (line: string) => process.stdout.write(`${line}\n`);

const world = await createWorld("bench");
try {
  const node = await world.addNode("bench", 3, {
    stake: parseEther("100000"),
    capacity: 10_000, // k = 1 results wait out the challenge window: assignments stay open meanwhile
    config: {
      provider: { maxConcurrent: 2 },
      log: { level: process.env.BENCH_LOG_LEVEL ?? "info" },
      jobs: { settle: false },
      chain: { confirmations: 1, pollIntervalMs: 100 },
      tx: { pollIntervalMs: 100 },
    },
  });
  await node.start();
  const module = await wat(UPPERCASE);
  // A backlog must not expire; the audit decision is the chain's (steering it per job would dominate the posting time).
  const windows = { claimWindow: 1_800, commitWindow: 1_800, audit: "random" as const };
  /** The node's commitment is on-chain: state `committed` or later (either path gets there). */
  const committed = (id: bigint) =>
    ["committed", "revealed", "verifying", "settled"].includes(String(node.job(id)?.state));
  /** The job was run before its claim, whose transaction carried the commitment: no commit transaction exists. */
  const ranFirst = (id: bigint) => !node.txs(id).some((t) => t.kind === "commit");
  /** When the committing transaction was created: the commit, or the claim of a job run first. */
  const commitSentMs = (id: bigint) =>
    Number(node.txs(id).find((t) => t.kind === (ranFirst(id) ? "claim" : "commit"))?.created_ms);

  // Warm-up: compile caches, first worker start.
  const warm = await postJob(world.sys, world.store.store, {
    module,
    input: toUtf8Bytes("warm up"),
    replicas: 1,
    ...windows,
  });
  await waitFor("warm-up job", () => (committed(warm) ? true : undefined), 120_000);

  // 1. Overhead on an idle node: one job at a time.
  const idle: bigint[] = [];
  for (let i = 0; i < SEQUENTIAL; i++) {
    const id = await postJob(world.sys, world.store.store, {
      module,
      input: toUtf8Bytes(`idle ${i}`),
      replicas: 1,
      ...windows,
    });
    await waitFor("job committed", () => (committed(id) ? true : undefined), 120_000, 50);
    idle.push(id);
  }

  // 2. Throughput: the node is stopped while a backlog is posted, then started; it backfills the backlog
  //    and carries every job to a committed result. Timed from the first job it sees to the last commit,
  //    so the requester's posting rate does not limit the figure.
  await node.stop();
  const ids: bigint[] = [];
  for (let i = 0; i < JOBS; i++) {
    ids.push(
      await postJob(world.sys, world.store.store, { module, input: toUtf8Bytes(`job ${i}`), replicas: 1, ...windows }),
    );
  }
  await node.start();
  await waitFor("all jobs committed", () => (ids.every(committed) ? true : undefined), 30 * 60_000, 200);
  const commitMs = ids.map(commitSentMs);
  const ranFirstCount = ids.filter(ranFirst).length;
  const elapsedMs = Math.max(...commitMs) - Math.min(...ids.map((id) => Number(node.job(id)!.seen_ms)));

  const overhead = (jobs: bigint[]) => {
    const v = jobs
      .map((id) => Number(node.job(id)?.claim_overhead_ms))
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    const pct = (p: number) => v[Math.min(v.length - 1, Math.floor((p / 100) * v.length))];
    return `p50 ${pct(50)} ms   p95 ${pct(95)} ms   (n=${v.length})`;
  };
  const status = readFileSync(`/proc/${node.process?.pid}/status`, "utf8");
  const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const steadyKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);

  out(`provider node benchmark — trivial module (${module.length} B), k = 1, one node, maxConcurrent 2`);
  out(`  jobs run before their claim (the claim commits)    ${ranFirstCount} of ${JOBS} in the backlog`);
  out(`  overhead claimable -> claim tx sent, idle node      ${overhead(idle)}   target p50 <= 50 ms`);
  out(
    `  overhead claimable -> claim tx sent, backlog       ${overhead(ids)}   (includes queueing behind maxConcurrent)`,
  );
  out(
    `  throughput (backlog of ${JOBS})                       ${((JOBS / elapsedMs) * 60_000).toFixed(1)} jobs/min   (${JOBS} jobs in ${(elapsedMs / 1000).toFixed(1)} s, first seen to last committed)`,
  );
  out(`  peak RSS of the node process                       ${(peakKb / 1024).toFixed(1)} MiB`);
  out(`  RSS after the backlog (steady)                     ${(steadyKb / 1024).toFixed(1)} MiB   target <= 100 MiB`);
} finally {
  await world.teardown();
}
