/**
 * `npm start` end to end: first on Hardhat's node (the default chain) until a job completes; then the whole devnet
 * on free ports with its own state dir (on Foundry's anvil — every other
 * suite runs on Hardhat's node — then Ignition deploy, the
 * court's pool funded, content store, graph-node with the subgraph, 7 provider nodes of which 1 faulty and 1
 * watching, workload generator, dashboard), with --chaos SIGKILLing a provider node every 20–60 s. Waits, bounded,
 * until the subgraph shows completed jobs, an audited job settled and the faulty node slashed for dissent; checks that
 * no wrong result of the faulty node was ever paid (the panels, the audits and the watcher's challenges catch every
 * one); runs the dashboard's browser check against it; checks that a node killed with jobs in flight came back, that
 * every job it held ended, that no honest provider was ever slashed and that no job outlived its deadlines; stops it
 * as Ctrl-C does and checks nothing is left running.
 *
 *   node --disable-warning=ExperimentalWarning --import tsx --test test/e2e/devnet.test.ts
 *
 * Needs PostgreSQL as @hashwork/devkit/postgres describes. Takes ~3–4 minutes on 2 cores.
 */
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { JobMarket__factory, Outcome } from "@hashwork/sdk";
import { JsonRpcProvider, Network } from "ethers";
import { hardhatAccount, ROLES } from "@hashwork/devkit/accounts";
import {
  cast,
  processesMatching,
  querySubgraph,
  runDashboardCheck,
  startDevnet,
  waitFor,
  type DevnetHandle,
} from "./helpers/devnet.js";
import { baitTheWatcher } from "./helpers/bait.js";
import { jobCount, lateJobs, openJobsOf, slashes } from "./helpers/market-checks.js";

interface ProtocolCounts {
  protocol: {
    cumulativeJobsPosted: number;
    cumulativeJobsCompleted: number;
    cumulativeJobsRefunded: number;
    cumulativeJobsOverturned: number;
    cumulativeAuditsAudited: number;
    cumulativeAuditsUpheld: number;
    cumulativeAuditsOverturned: number;
    cumulativeAuditsNoVerdict: number;
    cumulativePanelsStarted: number;
    cumulativeChallengesOpened: number;
    cumulativeDissentSlashes: number;
  } | null;
  /** What the dashboard's check opens: a job that never met the court, an audit that went to a panel, a challenge. */
  plain: { id: string }[];
  auditedPanel: { id: string }[];
  challenged: { id: string }[];
  _meta: { block: { number: number } };
}

const PROTOCOL_QUERY = `{
  protocol(id: "hashwork") {
    cumulativeJobsPosted cumulativeJobsCompleted cumulativeJobsRefunded cumulativeJobsOverturned
    cumulativeAuditsAudited cumulativeAuditsUpheld cumulativeAuditsOverturned cumulativeAuditsNoVerdict
    cumulativePanelsStarted cumulativeChallengesOpened cumulativeDissentSlashes
  }
  plain: jobs(where: { status: COMPLETED, audit: NOT_AUDITED, verification: null }, first: 1) { id }
  auditedPanel: verifications(where: { status: FINAL, audited: true, panelRounds_gt: 0 }, first: 1) { id }
  challenged: verifications(where: { status: FINAL, challenger_not: null }, first: 1) { id }
  _meta { block { number } }
}`;

/** The verification of one job, as the subgraph holds it (null until the job met the court). */
const verificationOf = (jobId: bigint) => `{
  verification(id: "${jobId}") { status challenger job { outcome } }
}`;

describe("npm start (devnet)", { timeout: 900_000 }, () => {
  let devnet: DevnetHandle | undefined;
  after(async () => {
    // Only when a test failed midway (a passing run has stopped it): SIGINT first so it stops its children.
    if (devnet) {
      await devnet.stop("SIGINT", 60_000);
      console.error(`devnet output:\n${devnet.output().slice(-3000)}\nlogs kept in ${devnet.stateDir}/logs`);
    }
  });

  test("a port in use stops it before anything starts, with a clear message", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const d = await startDevnet({ args: ["--rpc-port", String(port)] });
      const code = await d.exited;
      assert.equal(code, 1, d.output());
      assert.match(
        d.output(),
        new RegExp(`port ${port} is in use \\(RPC\\); pass --rpc-port or stop the other process`),
      );
      assert.deepEqual(processesMatching([d.stateDir]), []);
      await d.cleanup();
    } finally {
      blocker.close();
    }
  });

  test("on Hardhat's node, the default chain: the market starts, a job completes, Ctrl-C stops it all", async (t) => {
    const t0 = Date.now();
    const d = await startDevnet({
      providers: 3,
      args: ["--faulty", "0", "--watchers", "0", "--k3-share", "0", "--rate", "12", "--no-indexer", "--no-dashboard"],
    });
    devnet = d;
    const endpoints = await d.ready(420_000);
    assert.match(d.output(), /✓ hardhat node http:\/\/127\.0\.0\.1:/);
    const provider = new JsonRpcProvider(endpoints.rpcUrl, Network.from(endpoints.chainId), { staticNetwork: true });
    const market = JobMarket__factory.connect(endpoints.contracts.JobMarket, provider);
    const completed = await waitFor(
      "a completed job",
      async () => {
        const settled = await market.queryFilter(market.filters.JobSettled());
        return settled.find((e) => Number(e.args.outcome) === Outcome.Completed);
      },
      300_000,
      2_000,
    );
    provider.destroy();
    t.diagnostic(`job ${completed.args.jobId} completed ${((Date.now() - t0) / 1000).toFixed(0)} s after the start`);
    assert.equal(await d.stop("SIGINT"), 0, d.output().slice(-3000));
    assert.deepEqual(processesMatching(d.markers()), []);
    await d.cleanup();
    devnet = undefined;
  });

  test("runs the market: jobs settle, audits resolve, the faulty node is slashed and never paid, the subgraph and dashboard show it; under --chaos killed nodes come back, no honest node is slashed, no job outlives its deadlines; Ctrl-C stops it all", async (t) => {
    const t0 = Date.now();
    devnet = await startDevnet({
      args: ["--chain", "anvil", "--rate", "10", "--duration", "900", "--status-every", "15", "--chaos"],
    });
    const endpoints = await devnet.ready(420_000);
    // Watched from now on, while the market runs: the first --chaos kill of a node with jobs in flight, and how many
    // jobs had been posted by then (every job that node held is among them).
    const firstKill = waitFor(
      "a --chaos kill of a node with jobs in flight",
      async () => {
        const m = /↻ provider node (p\d+) killed by --chaos with [1-9]\d* job\(s\) in flight[^\n]*/.exec(
          devnet!.output(),
        );
        return m ? { line: m[0], node: m[1], upTo: await jobCount(endpoints) } : undefined;
      },
      420_000,
      1_000,
    );
    firstKill.catch(() => undefined); // awaited below; a failure before then must not go unhandled
    // A wrong result of the faulty node that no audit checks, for the watcher to challenge (see helpers/bait.ts).
    const bait = baitTheWatcher(endpoints, (line) => t.diagnostic(line));
    bait.catch(() => undefined); // awaited below
    t.diagnostic(`ready after ${((Date.now() - t0) / 1000).toFixed(0)} s: ${endpoints.subgraphUrl}`);
    assert.ok(endpoints.subgraphUrl && endpoints.dashboardUrl);
    assert.equal(endpoints.nodeMetrics.length, 7);
    assert.equal(endpoints.nodeMetrics.filter((n) => n.faulty).length, 1);
    assert.equal(endpoints.nodeMetrics.filter((n) => n.watcher && !n.faulty).length, 1);

    // Every provider node serves Prometheus metrics (awaited: --chaos may have one down for its restart right now).
    for (const n of endpoints.nodeMetrics) {
      const text = await waitFor(`${n.name} /metrics`, async () => (await fetch(n.url)).text(), 60_000, 1_000);
      assert.match(text, /hashwork_node_/, `${n.name} metrics`);
    }
    // The dashboard's server answers with its config.
    const config = (await (await fetch(new URL("config.json", endpoints.dashboardUrl))).json()) as Record<
      string,
      string
    >;
    assert.equal(config.subgraphUrl, endpoints.subgraphUrl);
    assert.equal(config.rpcUrl, endpoints.rpcUrl);

    const { jobId: baitJob, refunds: baitRefunds } = await bait;
    // Completed jobs, an audited job settled and the faulty node slashed for dissent, as the subgraph (fed by
    // graph-node from the chain) reports them; and what the dashboard's check opens: a job that completed without the
    // court, an audit that went to a panel, a challenge (the watcher's, of the faulty node's result).
    const seen = await waitFor(
      "completed jobs, a settled audit, a dissent slash and a settled challenge in the subgraph",
      async () => {
        const found = await querySubgraph<ProtocolCounts>(endpoints.subgraphUrl!, PROTOCOL_QUERY);
        const p = found.protocol;
        if (!p) return undefined;
        const auditsSettled = p.cumulativeAuditsUpheld + p.cumulativeAuditsOverturned + p.cumulativeAuditsNoVerdict;
        const market = p.cumulativeJobsCompleted >= 1 && auditsSettled >= 1 && p.cumulativeDissentSlashes >= 1;
        const pages = [found.plain, found.auditedPanel, found.challenged].every((l) => l.length > 0);
        return market && pages ? p : undefined;
      },
      360_000,
      2_000,
    );
    t.diagnostic(`after ${((Date.now() - t0) / 1000).toFixed(0)} s the subgraph shows ${JSON.stringify(seen)}`);
    assert.ok(seen.cumulativeAuditsAudited >= 1, "a job was audited");
    // The bait job's wrong result went unaudited, and the watcher's challenge overturned it.
    const { verification: baited } = await waitFor(
      `the watcher's challenge of bait job ${baitJob} settled in the subgraph`,
      async () => {
        const found = await querySubgraph<{
          verification: { status: string; challenger: string | null; job: { outcome: string | null } } | null;
        }>(endpoints.subgraphUrl!, verificationOf(baitJob));
        const v = found.verification;
        return v?.status === "FINAL" && v.job.outcome ? found : undefined;
      },
      300_000,
      2_000,
    );
    const watcher = endpoints.nodeMetrics.find((n) => n.watcher)!.address.toLowerCase();
    assert.equal(baited!.challenger?.toLowerCase(), watcher, "the watcher challenged the bait job");
    assert.equal(baited!.job.outcome, "OVERTURNED", "the challenge overturned the faulty node's result");
    assert.ok(seen.cumulativePanelsStarted >= 1, "a disagreement went to a panel");

    // Every dissent slash is the faulty node's, and none of its (always wrong) results was ever paid: the panels, the
    // audits and the watcher's challenges caught every one.
    const faulty = endpoints.nodeMetrics.find((n) => n.faulty)!.address.toLowerCase();
    const { dissent, paid } = await querySubgraph<{
      dissent: { provider: { id: string } }[];
      paid: { id: string; job: { replicas: number; outcome: string } }[];
    }>(
      endpoints.subgraphUrl!,
      `{
        dissent: assignments(where: { fault: DISSENT }) { provider { id } }
        paid: assignments(where: { provider: "${faulty}", outcome: PAID }) { id job { replicas outcome } }
      }`,
    );
    assert.ok(dissent.length >= 1);
    for (const a of dissent) assert.equal(a.provider.id.toLowerCase(), faulty);
    assert.deepEqual(paid, [], "a wrong result of the faulty node was paid");

    // Foundry's cast reads and writes the market like any other client (Hardhat's node answers some of its calls
    // with a duplicate `data` field that cast rejects; anvil does not).
    const { JobMarket: market, HashworkToken: token } = endpoints.contracts;
    const jobsOnChain = BigInt((await cast(endpoints.rpcUrl, "call", market, "jobCount()(uint256)")).split(" ")[0]);
    assert.ok(jobsOnChain >= BigInt(seen.cumulativeJobsPosted), `cast call: ${jobsOnChain} jobs`);
    const you = hardhatAccount(ROLES.yourRequester);
    const approve = ["approve(address,uint256)", market, "123456789"];
    assert.ok(Number(await cast(endpoints.rpcUrl, "estimate", token, ...approve, "--from", you.address)) > 21_000);
    await cast(endpoints.rpcUrl, "send", token, ...approve, "--private-key", you.privateKey);
    const allowance = await cast(
      endpoints.rpcUrl,
      "call",
      token,
      "allowance(address,address)(uint256)",
      you.address,
      market,
    );
    assert.equal(allowance.split(" ")[0], "123456789", "cast send: the approval landed");

    // Hook: the dashboard's own browser check against this devnet (dashboard/test/checkDashboard.ts).
    const dashboard = await runDashboardCheck(endpoints, join(devnet.stateDir, "screenshots"));
    if ("skipped" in dashboard) t.diagnostic(`dashboard check skipped: ${dashboard.skipped}`);
    else for (const line of dashboard.checked) t.diagnostic(`dashboard: ${line}`);

    // --chaos: the node killed first with jobs in flight (the jobs then posted are the ones it can have held) came back
    // up, and the status line counts kills and restarts.
    const kill = await firstKill;
    const chaosT0 = Date.now();
    const restart = await waitFor(
      `${kill.node} back up after its kill, and the status line counting kills and restarts`,
      () => {
        const after = devnet!.output().slice(devnet!.output().indexOf(kill.line));
        const backUp = new RegExp(`✓ provider node ${kill.node} back up[^\\n]*`).exec(after);
        const counted = /nodes \d+\/7 up, restarts [1-9]\d*, chaos kills [1-9]\d*/.test(after);
        return backUp && counted ? after.slice(0, backUp.index + backUp[0].length) : undefined;
      },
      120_000,
      1_000,
    );
    for (const line of restart.split("\n")) t.diagnostic(line); // what a kill and a restart look like
    // It resumed its jobs: every job it held ends (one it abandoned would end with it slashed, checked below).
    const victim = endpoints.nodeMetrics.find((n) => n.name === kill.node)!;
    await waitFor(
      `every job ${kill.node} held when it was killed (up to job ${kill.upTo}) ended`,
      async () => ((await openJobsOf(endpoints, victim.address, kill.upTo)).length === 0 ? true : undefined),
      300_000,
      5_000,
    );
    // No honest provider was ever slashed (the faulty one is, for its wrong results), and every job ended by its
    // deadlines (within a minute of the last one: whoever settles it has had its chance).
    await baitRefunds; // the baits the faulty node could not win, settled (refunded) after their claim deadlines
    const honestSlashes = (await slashes(endpoints)).filter((s) => s.account !== faulty);
    assert.deepEqual(honestSlashes, [], "an honest provider was slashed");
    const { checked, late } = await lateJobs(endpoints, 60);
    assert.deepEqual(late, [], "jobs outlived their deadlines");
    const nodes = devnet
      .output()
      .match(/nodes \d+\/7 up, restarts \d+, chaos kills \d+/g)
      ?.at(-1);
    t.diagnostic(
      `chaos checks took ${((Date.now() - chaosT0) / 1000).toFixed(0)} s: ${kill.node}'s jobs up to #${kill.upTo} ` +
        `ended, no honest slash, ${checked} jobs within their deadlines; ${nodes}`,
    );

    // Ctrl-C: a clean stop, exit 0, and nothing left behind.
    const stopT0 = Date.now();
    const code = await devnet.stop("SIGINT");
    t.diagnostic(`stopped in ${((Date.now() - stopT0) / 1000).toFixed(1)} s`);
    assert.equal(code, 0, devnet.output().slice(-3000));
    assert.match(devnet.output(), /stopping \(SIGINT\)|stopping \(Ctrl-C\)/);
    assert.ok(!existsSync(join(devnet.stateDir, "devnet.json")), "devnet.json is removed on shutdown");
    const strays = processesMatching(devnet.markers());
    assert.deepEqual(strays, [], `processes left behind:\n${strays.map((p) => `${p.pid} ${p.cmdline}`).join("\n")}`);
    await devnet.cleanup();
    devnet = undefined;
  });
});
