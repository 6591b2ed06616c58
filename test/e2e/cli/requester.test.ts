import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { JobStatus } from "@hashwork/sdk";
import { keccak256, parseEther, toUtf8Bytes, Wallet } from "ethers";
import {
  PRODUCTION_RECORD_RING,
  account,
  checkConservation,
  settlement,
} from "@hashwork/provider-node/test-helpers/market";
import { createWorld, type World } from "@hashwork/provider-node/test-helpers/suite";
import { setIntervalMining } from "@hashwork/harness/chain";
import { UPPERCASE, wat } from "@hashwork/provider-node/test-helpers/wasm";
import { Cli, finish, planAudits } from "./helpers/cli.js";
import { startTamperingStore } from "./helpers/tamper.js";

/** The test nodes' offer (helpers/market.ts): 0.00001 token per Mfuel, billed at least 50 Mfuel a job. */
const NODE_PRICE = 10n ** 13n;
const NODE_MIN_MFUEL = 50n;
/** 50 Mfuel: the smallest job the test nodes take (their minimum), 31 s of execution at the reference speed. */
const FUEL = "50000000";

describe("hashwork CLI: requester flows end to end", { timeout: 480_000 }, () => {
  let world: World;
  let cli: Cli;
  const requester = account(1);
  const stranger = account(9); // ETH for gas, no tokens
  const asRequester = { HASHWORK_PRIVATE_KEY: requester.privateKey };
  let modulePath: string;
  let inputPath: string;
  let completedJob: { jobId: bigint; cid: string };

  const tokens = (address: string) => world.sys.token.balanceOf(address);
  const jobStatus = async (jobId: bigint) => Number((await world.sys.market.getJob(jobId)).status);

  before(async () => {
    world = await createWorld("cli-requester", { recordRing: PRODUCTION_RECORD_RING });
    // One at a time: the helpers fund providers from one deployer account.
    await world.addNode("alice", 3);
    await world.addNode("bob", 4);
    await Promise.all(world.nodes.map((n) => n.start()));
    await (await world.sys.token.connect(world.sys.deployer).transfer(requester.address, parseEther("100"))).wait();
    modulePath = join(world.dir, "upper.wasm");
    inputPath = join(world.dir, "input.txt");
    await writeFile(modulePath, await wat(UPPERCASE));
    await writeFile(inputPath, "hello hashwork");
    cli = await Cli.forWorld(world, world.dir);
  });
  after(async () => world?.teardown());

  it("post → wait → verified result file (k = 2: claims, commits, audit decision, reveals, challenge window, settlement)", async () => {
    const jobId = (await world.sys.market.jobCount()) + 1n;
    await planAudits(world, false);
    const balance = await tokens(requester.address);
    const child = cli.start(
      [
        "job",
        "post",
        modulePath,
        "--input",
        inputPath,
        "--replicas",
        "2",
        "--fuel",
        FUEL,
        "--price-per-mfuel",
        "0.04", // a 2-token budget per replica
        "--timeout",
        "5m",
        "--wait",
        "--out",
        "result.txt",
        "--json",
      ],
      asRequester,
    );
    const done = finish(child);
    // An agreed result is paid only after its challenge window: fast-forward once both replicas revealed.
    await world.passChallengeWindow(jobId, 2);
    const r = await done;
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(BigInt(r.json.jobId), jobId);
    assert.equal(r.json.verified, true);
    assert.equal(r.json.outputHash, keccak256(toUtf8Bytes("HELLO HASHWORK")));
    assert.equal(readFileSync(join(world.dir, "result.txt"), "utf8"), "HELLO HASHWORK");

    // The escrow breakdown printed before sending: 2 × 2-token budget, fee 2.5% of 4 tokens, audit fee 10% of 2.
    const post = r.json.post;
    assert.equal(post.budget, parseEther("2").toString());
    assert.equal(post.fee, parseEther("0.1").toString());
    assert.equal(post.auditFee, parseEther("0.2").toString());
    assert.equal(post.escrow, parseEther("4.3").toString());

    // Progress arrives as JSON lines on stderr, one per event, in protocol order.
    const events = r.stderr
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l).type as string);
    for (const type of ["claimed", "committed", "audit-decided", "revealed", "settled"])
      assert.ok(events.includes(type), `${type} in ${events}`);
    assert.ok(events.indexOf("audit-decided") < events.indexOf("revealed"));
    assert.ok(events.indexOf("revealed") < events.indexOf("settled"));

    // Money: each replica is paid its minimum (50 Mfuel at its price); the requester gets back the rest but the fee
    // and the audit fee on the fuel used.
    const s = (await settlement(world.sys, jobId))!;
    assert.equal(s.outcome, 0);
    assert.equal(s.paid, 2n * NODE_MIN_MFUEL * NODE_PRICE);
    assert.equal(s.fee, parseEther("0.1"));
    assert.equal(s.auditFee, (((s.fuelUsed * parseEther("0.04")) / 1_000_000n) * 1_000n) / 10_000n);
    assert.equal(s.refund, parseEther("4.3") - s.paid - s.fee - s.auditFee);
    assert.equal(r.json.refund, s.refund.toString());
    assert.equal(await jobStatus(jobId), JobStatus.Completed);
    completedJob = { jobId, cid: r.json.cid };

    const status = await cli.run(["job", "status", String(jobId), "--json"]);
    assert.equal(status.code, 0, status.stderr);
    assert.equal(status.json.status, "completed");
    assert.equal(status.json.outcome, "completed");
    assert.equal(status.json.audit, "not audited");
    assert.equal(status.json.outputHash, keccak256(toUtf8Bytes("HELLO HASHWORK")));
    assert.equal(status.json.fuelUsed, s.fuelUsed.toString());
    assert.equal(status.json.paid, s.paid.toString());
    assert.equal(status.json.assignments.length, 2);
    for (const a of status.json.assignments) {
      assert.equal(a.revealed, true);
      assert.equal(a.outputHash, keccak256(toUtf8Bytes("HELLO HASHWORK")));
    }

    // What a requester does before challenging: re-run the bundle here and compare with the reveals.
    const verify = await cli.run(["job", "verify", String(jobId), "--json"]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    assert.equal(verify.json.verified, true);
    assert.equal(verify.json.local.fuelUsed, s.fuelUsed.toString());
    assert.equal(verify.json.revealed.length, 2);

    const again = await cli.run(["job", "result", String(jobId), "--out", "again.txt", "--json"]);
    assert.equal(again.code, 0, again.stdout);
    assert.equal(readFileSync(join(world.dir, "again.txt"), "utf8"), "HELLO HASHWORK");

    const list = await cli.run(["job", "list", "--json"], asRequester);
    assert.equal(list.code, 0, list.stdout);
    assert.deepEqual(
      list.json.jobs.map((j: { jobId: string }) => j.jobId),
      [String(jobId)],
    );

    // Withdraw the refund: the requester paid exactly the replicas' fuel, the fee and the audit fee.
    const refund = await cli.run(["job", "refund", String(jobId), "--json"], asRequester);
    assert.equal(refund.code, 0, refund.stdout);
    assert.equal(refund.json.withdrawn, s.refund.toString());
    assert.equal(await tokens(requester.address), balance - s.paid - s.fee - s.auditFee);
    await checkConservation(world.sys);
  });

  it("a tampered output (the store returns other bytes) is refused with exit 5 and nothing is written", async () => {
    const proxy = await startTamperingStore(world.store.url, completedJob.cid, toUtf8Bytes("HELLO HASHWORX"));
    try {
      const r = await cli.run([
        "job",
        "result",
        String(completedJob.jobId),
        "--out",
        "tampered.txt",
        "--store",
        proxy.url,
        "--json",
      ]);
      assert.equal(r.code, 5, r.stdout);
      assert.equal(r.json.error.code, "CONTENT_MISMATCH");
      assert.match(r.json.error.message, /do not match/);
      assert.ok(r.json.error.hint);
      assert.equal(existsSync(join(world.dir, "tampered.txt")), false);

      const human = await cli.run([
        "job",
        "result",
        String(completedJob.jobId),
        "--out",
        "tampered.txt",
        "--store",
        proxy.url,
      ]);
      assert.equal(human.code, 5);
      assert.match(human.stderr, /^error: The content store returned bytes that do not match/m);
      assert.match(human.stderr, /nothing was written/);
    } finally {
      await proxy.close();
    }
  });

  it("post --example runs a sample workload without building anything (k = 1, default price from the offers)", async () => {
    const jobId = (await world.sys.market.jobCount()) + 1n;
    await planAudits(world, false);
    const child = cli.start(
      ["job", "post", "--example", "sha256", "--fuel", FUEL, "--wait", "--out", "digest.txt", "--json"],
      asRequester,
    );
    const done = finish(child);
    await world.passChallengeWindow(jobId, 1);
    const r = await done;
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.json.post.workload, 'example "sha256"');
    // The offers' median (0.00001) gives a budget below the market's minimum (0.001 token): the floor wins.
    assert.equal(r.json.post.maxPricePerMfuel, parseEther("0.00002").toString());
    assert.match(r.json.post.priceRule, /minimum budget per replica/);
    assert.equal(
      readFileSync(join(world.dir, "digest.txt"), "utf8"),
      "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592\n",
    );
  });

  it("cancel before the lottery seed exists returns the whole escrow; one block later it is refused", async () => {
    // Posting block or the next: with 1-second interval mining two CLI runs rarely fit, so blocks are mined on
    // transactions only while this test runs (the idle nodes send none for class 5).
    await setIntervalMining(world.chain, 0);
    try {
      const balance = await tokens(requester.address);
      // Left over from earlier jobs (escrow above the fuel used); withdrawn together with this refund.
      const leftover = await world.sys.market.claimable(requester.address);
      // Class 5 is served by no provider, so nobody claims it; 3-token budget.
      const args = ["job", "post", modulePath, "--class", "5", "--fuel", FUEL, "--price-per-mfuel", "0.06", "--json"];
      const posted = await cli.run(args, asRequester);
      assert.equal(posted.code, 0, posted.stdout + posted.stderr);
      const escrow = parseEther("3") + parseEther("0.075") + parseEther("0.3");
      assert.equal(posted.json.escrow, escrow.toString());
      assert.equal(await tokens(requester.address), balance - escrow);

      const r = await cli.run(["job", "cancel", posted.json.jobId, "--json"], asRequester);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.equal(r.json.status, "cancelled");
      assert.equal(r.json.refund, escrow.toString());
      assert.equal(r.json.withdrawn, (escrow + leftover).toString());
      assert.equal(await jobStatus(BigInt(posted.json.jobId)), JobStatus.Cancelled);
      assert.equal(await tokens(requester.address), balance + leftover);
      assert.equal(await world.sys.market.claimable(requester.address), 0n);

      const late = await cli.run(args, asRequester);
      assert.equal(late.code, 0, late.stdout);
      await world.advance(1); // the seed of the posting block exists from here on
      const refused = await cli.run(["job", "cancel", late.json.jobId, "--json"], asRequester);
      assert.equal(refused.code, 8, refused.stdout);
      assert.equal(refused.json.error.code, "SEED_KNOWN");
      assert.match(refused.json.error.hint, /job refund/);
    } finally {
      await setIntervalMining(world.chain, 1000);
    }
  });

  it("refund after the claim deadline: settles the unclaimed job and withdraws the whole escrow", async () => {
    // The job refused a cancel above is still open: it is refunded in full the same way.
    const balance = await tokens(requester.address);
    const posted = await cli.run(
      [
        "job",
        "post",
        modulePath,
        "--class",
        "5",
        "--fuel",
        FUEL,
        "--price-per-mfuel",
        "0.04",
        "--timeout",
        "2m",
        "--json",
      ],
      asRequester,
    );
    assert.equal(posted.code, 0, posted.stdout);
    const jobId = posted.json.jobId as string;
    const escrow = BigInt(posted.json.escrow);

    const early = await cli.run(["job", "refund", jobId, "--json"], asRequester);
    assert.equal(early.code, 8, early.stdout);
    assert.equal(early.json.error.code, "NOT_SETTLEABLE");

    await world.advance(180);
    const r = await cli.run(["job", "refund", jobId, "--json"], asRequester);
    assert.equal(r.code, 0, r.stdout);
    assert.equal(r.json.outcome, "no-claims");
    assert.equal(r.json.credited, escrow.toString());
    assert.equal(await jobStatus(BigInt(jobId)), JobStatus.Refunded);
    // The earlier un-cancelled class-5 job (3.375 tokens) expired too; anyone may settle it, then this withdraws it.
    const earlier = BigInt(jobId) - 1n;
    const other = await cli.run(["job", "refund", String(earlier), "--json"], asRequester);
    assert.equal(other.code, 0, other.stdout);
    assert.equal(await tokens(requester.address), balance + parseEther("3.375"));

    const twice = await cli.run(["job", "refund", jobId, "--json"], asRequester);
    assert.equal(twice.code, 4);
    assert.equal(twice.json.error.code, "NOTHING_TO_REFUND");
    await checkConservation(world.sys);
  });

  it("bad arguments, missing funds and forbidden actions are explained and change nothing on-chain", async () => {
    const broke = Wallet.createRandom(); // no ETH, no tokens
    const junk = join(world.dir, "junk.wasm");
    await writeFile(junk, "not wasm at all");
    const snapshot = async () => ({
      jobs: await world.sys.market.jobCount(),
      requesterTokens: await tokens(requester.address),
      requesterNonce: await world.sys.provider.getTransactionCount(requester.address),
      strangerNonce: await world.sys.provider.getTransactionCount(stranger.address),
      marketTokens: await tokens(await world.sys.market.getAddress()),
    });
    const before = await snapshot();
    const asStranger = { HASHWORK_PRIVATE_KEY: stranger.privateKey };
    const cases: { args: string[]; env?: Record<string, string>; exit: number; code: string; says: RegExp }[] = [
      {
        args: ["job", "post", "missing.wasm"],
        env: asRequester,
        exit: 2,
        code: "USAGE",
        says: /Cannot read module file missing\.wasm/,
      },
      { args: ["job", "post", junk], env: asRequester, exit: 2, code: "USAGE", says: /cannot run in the sandbox/ },
      {
        args: ["job", "post", modulePath, "--replicas", "9"],
        env: asRequester,
        exit: 2,
        code: "USAGE",
        says: /--replicas must be a whole number from 1 to 7/,
      },
      {
        args: ["job", "post", modulePath, "--fuel", FUEL, "--timeout", "30s"],
        env: asRequester,
        exit: 2,
        code: "USAGE",
        says: /too short/,
      },
      {
        args: ["job", "post", modulePath, "--fuel", FUEL, "--timeout", "90s"],
        env: asRequester,
        exit: 2,
        code: "USAGE",
        says: /execution time \(31s at the reference speed\)/,
      },
      {
        args: ["job", "post", modulePath, "--fuel", FUEL, "--price-per-mfuel", "0.00001"],
        env: asRequester,
        exit: 2,
        code: "BUDGET_OUT_OF_BOUNDS",
        says: /budget .* is 0\.0005 HWK; the market accepts 0\.001 HWK/,
      },
      {
        args: ["job", "post", modulePath, "--fuel", FUEL, "--price-per-mfuel", "0.4"],
        env: asRequester,
        exit: 8,
        code: "UNVERIFIABLE",
        says: /budget of 20 HWK is more than the court can verify now/,
      },
      {
        args: ["job", "post", modulePath, "--fuel", "1000"],
        env: asRequester,
        exit: 2,
        code: "USAGE",
        says: /No registered provider offers class 0 for a job of 1000 fuel/,
      },
      {
        args: ["job", "post", modulePath, "--price-per-mfuel", "lots"],
        env: asRequester,
        exit: 2,
        code: "USAGE",
        says: /decimal token amount/,
      },
      {
        args: ["job", "post", "--example", "nope"],
        env: asRequester,
        exit: 3,
        code: "UNKNOWN_EXAMPLE",
        says: /no example named "nope"/,
      },
      { args: ["job", "post", modulePath, "--fuel", FUEL], exit: 2, code: "USAGE", says: /needs a key/ },
      {
        // 7 × 14 tokens + 2.45 fee + 1.4 audit fee: more than the requester holds, within what the court verifies.
        args: ["job", "post", modulePath, "--fuel", FUEL, "--price-per-mfuel", "0.28", "--replicas", "7"],
        env: asRequester,
        exit: 4,
        code: "INSUFFICIENT_BALANCE",
        says: /needs 101\.85/,
      },
      {
        args: ["job", "post", modulePath, "--fuel", FUEL],
        env: asStranger,
        exit: 4,
        code: "INSUFFICIENT_BALANCE",
        says: /holds 0/,
      },
      {
        args: ["job", "post", modulePath, "--fuel", FUEL],
        env: { HASHWORK_PRIVATE_KEY: broke.privateKey },
        exit: 4,
        code: "INSUFFICIENT_GAS",
        says: /no ETH/,
      },
      { args: ["job", "status", "999"], exit: 3, code: "JOB_NOT_FOUND", says: /Job 999 not found/ },
      { args: ["job", "status", "abc"], exit: 2, code: "USAGE", says: /positive whole number/ },
      {
        args: ["job", "cancel", String(completedJob.jobId)],
        env: asStranger,
        exit: 8,
        code: "NOT_REQUESTER",
        says: /Only the requester/,
      },
      {
        args: ["job", "cancel", String(completedJob.jobId)],
        env: asRequester,
        exit: 8,
        code: "JOB_NOT_OPEN",
        says: /is completed/,
      },
      {
        args: ["job", "challenge", String(completedJob.jobId)],
        env: asStranger,
        exit: 8,
        code: "JOB_NOT_OPEN",
        says: /is completed: there is nothing left to challenge/,
      },
      { args: ["job", "refund", "999"], env: asRequester, exit: 3, code: "JOB_NOT_FOUND", says: /not found/ },
      { args: ["job", "frobnicate"], exit: 2, code: "USAGE", says: /unknown command/ },
      {
        args: ["job", "status", "1", "--rpc", "http://127.0.0.1:1"],
        exit: 6,
        code: "RPC_UNREACHABLE",
        says: /Cannot reach the chain/,
      },
    ];
    for (const c of cases) {
      const r = await cli.run([...c.args, "--json"], c.env);
      const label = c.args.join(" ");
      assert.equal(r.code, c.exit, `${label}: ${r.stdout}${r.stderr}`);
      assert.equal(r.json.error?.code, c.code, label);
      assert.match(r.json.error.message, c.says, label);
    }
    assert.deepEqual(await snapshot(), before);
  });

  it("deposit, then a posting paid from the balance: no approval, the wallet untouched, the balance down by the escrow", async () => {
    const zero = await cli.run(["deposit", "0", "--json"], asRequester);
    assert.equal(zero.code, 2, zero.stdout + zero.stderr);

    const held = await world.sys.market.claimable(requester.address);
    const wallet = await tokens(requester.address);
    const d = await cli.run(["deposit", "5", "--json"], asRequester);
    assert.equal(d.code, 0, d.stdout + d.stderr);
    assert.equal(d.json.deposited, parseEther("5").toString());
    assert.equal(d.json.balance, (held + parseEther("5")).toString());
    assert.equal(await tokens(requester.address), wallet - parseEther("5"));

    // Class 5 is served by no provider: the job stays open, its escrow held.
    const args = ["job", "post", modulePath, "--class", "5", "--fuel", FUEL, "--price-per-mfuel", "0.04", "--json"];
    const posted = await cli.run(args, asRequester);
    assert.equal(posted.code, 0, posted.stdout + posted.stderr);
    const escrow = BigInt(posted.json.escrow);
    assert.equal(posted.json.authorization.kind, "balance");
    assert.equal(posted.json.authorization.remaining, (held + parseEther("5") - escrow).toString());
    assert.equal(await tokens(requester.address), wallet - parseEther("5"), "the wallet paid nothing more");
    assert.equal(await world.sys.market.claimable(requester.address), held + parseEther("5") - escrow);

    // `job refund --no-withdraw` on a settled job leaves the balance where it is.
    const kept = await cli.run(["job", "refund", String(completedJob.jobId), "--no-withdraw", "--json"], asRequester);
    assert.equal(kept.code, 0, kept.stdout + kept.stderr);
    assert.equal(kept.json.withdrawn, "0");
    assert.equal(kept.json.balance, (held + parseEther("5") - escrow).toString());
    assert.equal(await world.sys.market.claimable(requester.address), held + parseEther("5") - escrow);
    await checkConservation(world.sys);
  });
});
