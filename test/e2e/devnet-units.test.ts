/**
 * The devnet's pure parts, without starting anything: the generator's job mix and fuel limits, the providers' offers,
 * the options' checks, the status line's wording, and the node supervisor's restarts (with a stand-in process).
 *
 *   node --disable-warning=ExperimentalWarning --import tsx --test test/e2e/devnet-units.test.ts
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { jobsInFlight } from "@hashwork/devkit/chaos";
import { isK3, maxFuelFor, postingLoops, workloadIndex } from "@hashwork/devkit/generator";
import { parseOptions, UsageError } from "@hashwork/devkit/options";
import { FAULTY_PRICE_PER_MFUEL, MARKET_PRICE_PER_MFUEL, priceOf } from "@hashwork/devkit/providers";
import { consecutiveFreePorts, freePort, waitFor } from "@hashwork/harness/ports";
import { Service, sleep } from "@hashwork/harness/processes";
import { Shutdown } from "@hashwork/harness/shutdown";
import { describeOutcomes, formatStatus, type MarketCounts } from "@hashwork/devkit/status";
import { backoffMs, NodeSupervisor } from "@hashwork/devkit/supervisor";

describe("devnet generator", () => {
  test("maxFuelFor asks 1.5x the measured fuel, rounded up, and at least 2 Mfuel", () => {
    assert.equal(maxFuelFor(10_000_000n), 15_000_000n);
    assert.equal(maxFuelFor(10_000_001n), 15_000_002n); // 15,000,001.5 rounded up
    assert.equal(maxFuelFor(1_000_000n), 2_000_000n);
    assert.equal(maxFuelFor(0n), 2_000_000n);
  });

  test("workloadIndex pairs every workload with both k over two rounds", () => {
    const count = 6;
    const pairs = new Set<string>();
    for (let n = 0; n < 2 * count; n++) pairs.add(`${workloadIndex(n, count)}:${isK3(n, 0.5) ? 3 : 1}`);
    assert.equal(pairs.size, 2 * count);
  });

  test("posting loops are a whole number from 1 to one per requester account", () => {
    assert.equal(postingLoops(), 1);
    assert.equal(postingLoops(6), 6);
    for (const bad of [Number.NaN, 0, 2.5, 7, -1])
      assert.throws(() => postingLoops(bad), /posters must be a whole number/);
  });

  test("isK3 spreads the share evenly", () => {
    const k3 = Array.from({ length: 10 }, (_, n) => isK3(n, 0.3)).filter(Boolean).length;
    assert.equal(k3, 3);
    assert.equal(isK3(0, 0), false);
    assert.equal(isK3(0, 1), true);
  });
});

describe("devnet providers", () => {
  test("asking prices stay at or below what the generator bids (1.25x the market price)", () => {
    for (let i = 0; i < 14; i++) {
      assert.ok(priceOf(i) > 0n);
      assert.ok(priceOf(i) <= (MARKET_PRICE_PER_MFUEL * 125n) / 100n, `provider ${i}`);
    }
    assert.notEqual(priceOf(0), priceOf(1), "offers vary");
    // A job capped at the faulty node's price is for it alone (the devnet test's bait for the watcher).
    for (let i = 0; i < 14; i++) assert.ok(FAULTY_PRICE_PER_MFUEL < priceOf(i), `provider ${i} undercut`);
  });
});

describe("devnet options", () => {
  test("7 providers, 1 faulty and 1 watcher by default", () => {
    const o = parseOptions([], {});
    assert.ok(o !== "help");
    assert.equal(o.providers, 7);
    assert.equal(o.faulty, 1);
    assert.equal(o.watchers, 1);
  });

  test("watchers are honest nodes: watchers + faulty may not exceed the providers", () => {
    assert.throws(() => parseOptions(["--providers", "4", "--faulty", "2", "--watchers", "3"], {}), UsageError);
    assert.doesNotThrow(() => parseOptions(["--providers", "4", "--faulty", "2", "--watchers", "2"], {}));
  });

  test("the chain node: hardhat by default, anvil by flag or HASHWORK_CHAIN, anything else refused", () => {
    const chainOf = (argv: string[], env: NodeJS.ProcessEnv) => (parseOptions(argv, env) as { chain: string }).chain;
    assert.equal(chainOf([], {}), "hardhat");
    assert.equal(chainOf([], { HASHWORK_CHAIN: "anvil" }), "anvil");
    assert.equal(chainOf(["--chain", "hardhat"], { HASHWORK_CHAIN: "anvil" }), "hardhat");
    assert.throws(
      () => parseOptions(["--chain", "geth"], {}),
      /--chain \(HASHWORK_CHAIN\) must be one of hardhat, anvil/,
    );
  });

  test("--chaos is off by default and needs a second node to keep up", () => {
    assert.equal((parseOptions([], {}) as { chaos: boolean }).chaos, false);
    assert.equal((parseOptions(["--chaos"], {}) as { chaos: boolean }).chaos, true);
    assert.throws(
      () => parseOptions(["--chaos", "--providers", "1", "--faulty", "0", "--watchers", "0"], {}),
      /--chaos/,
    );
  });
});

describe("devnet status line", () => {
  const counts: MarketCounts = {
    head: 120,
    posted: 10,
    settled: 7,
    outcomes: {
      Completed: 5,
      InputUnavailable: 0,
      NoConsensus: 0,
      NoClaims: 1,
      NoResult: 0,
      Overturned: 1,
      NoVerdict: 0,
    },
    auditsDecided: 8,
    audited: 2,
    panels: 3,
    disagreements: 2,
    auditsUnanswered: 0,
    challenges: 1,
    challengesWon: 1,
    slashed: 3,
    slashedDissent: 3,
    verifiersSlashed: 0,
    faultySlashed: 3,
    faultyPaid: 0,
    jailed: 0,
    pool: 10_001_500_000_000_000_000_000n,
  };

  test("mentions jailings once there are any", () => {
    assert.doesNotMatch(formatStatus(counts, { uptimeMs: 0, indexed: "off" }), /jailed/);
    assert.match(formatStatus({ ...counts, jailed: 1 }, { uptimeMs: 0, indexed: "off" }), / · jailed 1 · pool /);
  });

  test("shows the provider nodes once one was restarted or --chaos is on", () => {
    const calm = { up: 7, total: 7, restarts: 0, kills: 0, chaos: false };
    assert.doesNotMatch(formatStatus(counts, { uptimeMs: 0, indexed: "off", nodes: calm }), /nodes/);
    assert.match(
      formatStatus(counts, { uptimeMs: 0, indexed: "off", nodes: { ...calm, up: 6, restarts: 1 } }),
      / · indexer off · nodes 6\/7 up, restarts 1$/,
    );
    assert.match(
      formatStatus(counts, { uptimeMs: 0, indexed: "off", nodes: { ...calm, restarts: 2, kills: 3, chaos: true } }),
      / · nodes 7\/7 up, restarts 2, chaos kills 3$/,
    );
  });

  test("names only the outcomes that happened", () => {
    assert.equal(describeOutcomes(counts.outcomes), "5 completed, 1 no claims, 1 overturned");
  });

  test("says what settled, what the court did, what the faulty node got and the pool", () => {
    const line = formatStatus(counts, { uptimeMs: 75_000, indexed: 118 });
    assert.equal(
      line,
      "[00:01:15] jobs 10 posted, 7 settled (5 completed, 1 no claims, 1 overturned) · audits 2/8 · panels 3 " +
        "(2 disagreements, 0 unanswered) · challenges 1 (1 won) · slashed 3 replicas, 0 verifiers (faulty 3) · " +
        "faulty paid 0 · pool 10001.5 HWK · head 120 · indexed 118 (lag 2)",
    );
  });
});

describe("devnet supervisor and chaos", () => {
  test("back-off doubles from 1 s and is capped at 30 s", () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map(backoffMs), [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  test("counts the jobs a node has in flight from its /metrics", () => {
    const metrics = [
      "# TYPE hashwork_node_jobs gauge",
      'hashwork_node_jobs{state="seen"} 4',
      'hashwork_node_jobs{state="claimed"} 1',
      'hashwork_node_jobs{state="committed"} 2',
      'hashwork_node_jobs{state="settled"} 9',
      'hashwork_node_verifier_jobs{state="claimed"} 5',
    ].join("\n");
    assert.equal(jobsInFlight(metrics), 3);
  });

  test("a killed node is restarted after its back-off, reported, and stopped with the rest", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hashwork-supervisor-"));
    const spawned: Service[] = [];
    const lines: string[] = [];
    const spawn = () => {
      const s = new Service("stand-in", process.execPath, ["-e", "setInterval(() => {}, 1000)"], {
        logFile: join(dir, "stand-in.log"),
        graceMs: 2_000,
      });
      spawned.push(s);
      return s;
    };
    let answer = () => {};
    const supervisor = new NodeSupervisor({
      respawn: spawn,
      answers: () => new Promise<void>((resolve) => (answer = resolve)),
      report: (line) => lines.push(line),
      logFile: () => join(dir, "stand-in.log"),
    });
    try {
      supervisor.adopt("p1", spawn());
      assert.equal(supervisor.up, 1);
      supervisor.kill("p1", "the test");
      await waitFor("the restart", () => (spawned.length === 2 ? true : undefined), 10_000, 50);
      assert.equal(supervisor.up, 0, "restarted, not answering yet");
      answer();
      await waitFor("the node back up", () => (lines.some((l) => l.includes("back up")) ? true : undefined), 5_000, 50);
      assert.deepEqual(supervisor.stats, { restarts: 1, kills: 1 });
      assert.match(lines[0], /^↻ provider node p1 killed by the test after 0s up; restarting in 1s$/);
      assert.equal(spawned.length, 2);
      assert.equal(spawned[0].running, false);
      assert.equal(spawned[1].running, true);
      assert.equal(supervisor.up, 1);
      assert.equal(supervisor.allUpFor(60_000), false, "just restarted");
    } finally {
      await supervisor.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    assert.ok(
      spawned.every((s) => !s.running),
      "stop() ends every node and restarts none",
    );
    assert.equal(supervisor.stats.restarts, 1);
  });
});

describe("devnet ports", () => {
  test("a run of consecutive ports never includes a port already handed out to another service", async () => {
    const handed = new Set<number>();
    for (let i = 0; i < 200; i++) handed.add(await freePort());
    for (let run = 0; run < 20; run++) {
      const first = await consecutiveFreePorts(32);
      for (let port = first; port < first + 32; port++) {
        assert.ok(!handed.has(port), `port ${port} of the run from ${first} was handed out before`);
        handed.add(port);
      }
    }
  });
});

describe("the shutdown primitive (the devnet's and the provider node's)", () => {
  test("stops parts newest first, once, after aborting its signal; a failing part does not stop the rest", async () => {
    const errors: unknown[] = [];
    const stop = new Shutdown((e) => errors.push(e));
    const order: string[] = [];
    stop.onShutdown(() => void order.push(`store (aborted: ${stop.signal.aborted})`));
    stop.onShutdown(async () => {
      await sleep(20);
      order.push("chain");
    });
    stop.onShutdown(() => {
      throw new Error("graph-node would not stop");
    });
    stop.onShutdown(() => void order.push("nodes"));
    const first = stop.run("Ctrl-C");
    assert.equal(stop.run("again"), first, "every call gets the same promise");
    await first;
    assert.deepEqual(order, ["nodes", "chain", "store (aborted: true)"]);
    assert.equal((errors[0] as Error).message, "graph-node would not stop");
    assert.equal((stop.signal.reason as Error).message, "Ctrl-C");
  });

  test("a part that registers after shutdown began is stopped too, and shutdown waits for it", async () => {
    const stop = new Shutdown();
    const order: string[] = [];
    stop.onShutdown(async () => {
      // A part whose start raced the shutdown registers while another part is stopping.
      stop.onShutdown(async () => {
        await sleep(30);
        order.push("late part");
      });
      order.push("early part");
    });
    await stop.run("duration reached");
    assert.deepEqual(order, ["early part", "late part"]);
    stop.onShutdown(() => void order.push("after the end"));
    await sleep(0);
    assert.deepEqual(order, ["early part", "late part", "after the end"]);
  });
});

describe("a service that starts after its preparation (graph-node after its build)", () => {
  const stayUp = ["-e", "setInterval(() => {}, 1000)"];

  test("starts the prepared command; a failed preparation is an exit with its error, in the log too", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hashwork-after-"));
    try {
      const up = Service.after("prepared", async () => ({ command: process.execPath, args: stayUp }), {
        logFile: join(dir, "up.log"),
      });
      assert.ok(up.running, "running while it prepares");
      await waitFor("the command", () => up.pid, 5_000, 20);
      assert.ok(up.running);
      assert.equal((await up.stop(2_000)).signal, "SIGTERM");

      const broken = Service.after(
        "broken",
        async () => {
          throw new Error("graph build failed");
        },
        { logFile: join(dir, "broken.log") },
      );
      const exit = await broken.exited;
      assert.equal(exit.code, 1);
      assert.equal(exit.error?.message, "graph build failed");
      assert.ok(!broken.running);
      assert.match(readFileSync(join(dir, "broken.log"), "utf8"), /broken did not start: graph build failed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("stopped while it prepares: the preparation is aborted and the command never starts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hashwork-after-"));
    try {
      let aborted = false;
      const s = Service.after(
        "slow",
        (signal) =>
          new Promise((resolve) =>
            signal.addEventListener("abort", () => {
              aborted = true;
              resolve({ command: process.execPath, args: stayUp }); // too late: it must not run
            }),
          ),
        { logFile: join(dir, "slow.log") },
      );
      const exit = await s.stop();
      assert.ok(aborted);
      assert.deepEqual(exit, { code: null, signal: null });
      assert.equal(s.pid, undefined);
      assert.ok(!s.running && s.isStopping);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
