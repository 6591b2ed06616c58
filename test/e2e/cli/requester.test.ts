import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { keccak256, parseEther, toUtf8Bytes, Wallet } from "ethers";
import { account } from "../../../provider-node/test/helpers/market.js";
import { waitFor } from "../../../provider-node/test/helpers/ports.js";
import { createWorld, type World } from "../../../provider-node/test/helpers/suite.js";
import { UPPERCASE, wat } from "../../../provider-node/test/helpers/wasm.js";
import { Cli, finish } from "./helpers/cli.js";
import { startTamperingStore } from "./helpers/tamper.js";

const JOB_COMPLETED = 2;
const JOB_REFUNDED = 3;
const JOB_CANCELLED = 4;

describe("hashwork CLI: requester flows end to end", { timeout: 240_000 }, () => {
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
    world = await createWorld("cli-requester");
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

  it("post → wait → verified result file (k = 2: claims, commits, reveals, settlement)", async () => {
    const r = await cli.run(
      [
        "job",
        "post",
        modulePath,
        "--input",
        inputPath,
        "--replicas",
        "2",
        "--price",
        "2",
        "--timeout",
        "5m",
        "--wait",
        "--out",
        "result.txt",
        "--json",
      ],
      asRequester,
    );
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.json.verified, true);
    assert.equal(r.json.resultHash, keccak256(toUtf8Bytes("HELLO HASHWORK")));
    assert.equal(readFileSync(join(world.dir, "result.txt"), "utf8"), "HELLO HASHWORK");
    // Progress arrives as JSON lines on stderr, one per event, in protocol order.
    const events = r.stderr
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l).type as string);
    for (const type of ["claimed", "committed", "revealed", "settled"])
      assert.ok(events.includes(type), `${type} in ${events}`);
    assert.ok(events.indexOf("revealed") < events.indexOf("settled"));

    const jobId = BigInt(r.json.jobId);
    assert.equal(await jobStatus(jobId), JOB_COMPLETED);
    completedJob = { jobId, cid: r.json.cid };

    const status = await cli.run(["job", "status", String(jobId), "--json"]);
    assert.equal(status.code, 0, status.stderr);
    assert.equal(status.json.status, "completed");
    assert.equal(status.json.outcome, "completed");

    const again = await cli.run(["job", "result", String(jobId), "--out", "again.txt", "--json"]);
    assert.equal(again.code, 0, again.stdout);
    assert.equal(readFileSync(join(world.dir, "again.txt"), "utf8"), "HELLO HASHWORK");

    const list = await cli.run(["job", "list", "--json"], asRequester);
    assert.equal(list.code, 0, list.stdout);
    assert.deepEqual(
      list.json.jobs.map((j: { jobId: string }) => j.jobId),
      [String(jobId)],
    );
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

  it("post --example runs a sample workload without building anything (k = 1: submit + challenge window)", async () => {
    const before = await world.sys.market.jobCount();
    const child = cli.start(
      ["job", "post", "--example", "sha256", "--wait", "--out", "digest.txt", "--json"],
      asRequester,
    );
    const done = finish(child);
    // The result becomes final after the 60 s challenge window: fast-forward the chain once it is submitted.
    await waitFor(
      "ResultSubmitted",
      async () => (await world.sys.market.queryFilter(world.sys.market.filters.ResultSubmitted(before + 1n)))[0],
      90_000,
    );
    await world.advance(61);
    const r = await done;
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.json.post.workload, 'example "sha256"');
    assert.equal(
      readFileSync(join(world.dir, "digest.txt"), "utf8"),
      "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592\n",
    );
  });

  it("cancel before any claim returns the whole escrow", async () => {
    const balance = await tokens(requester.address);
    // Left over from earlier jobs (escrow above the winners' prices); withdrawn together with this refund.
    const leftover = await world.sys.market.claimable(requester.address);
    // Class 5 is served by no provider, so nobody claims it.
    const posted = await cli.run(["job", "post", modulePath, "--class", "5", "--price", "3", "--json"], asRequester);
    assert.equal(posted.code, 0, posted.stdout);
    assert.equal(await tokens(requester.address), balance - parseEther("3"));

    const r = await cli.run(["job", "cancel", posted.json.jobId, "--json"], asRequester);
    assert.equal(r.code, 0, r.stdout);
    assert.equal(r.json.status, "cancelled");
    assert.equal(r.json.refund, parseEther("3").toString());
    assert.equal(r.json.withdrawn, (parseEther("3") + leftover).toString());
    assert.equal(await jobStatus(BigInt(posted.json.jobId)), JOB_CANCELLED);
    assert.equal(await tokens(requester.address), balance + leftover);
    assert.equal(await world.sys.market.claimable(requester.address), 0n);
  });

  it("refund after the timeout: settles the unclaimed job and withdraws the escrow", async () => {
    const balance = await tokens(requester.address);
    const posted = await cli.run(
      ["job", "post", modulePath, "--class", "5", "--price", "2", "--timeout", "2m", "--json"],
      asRequester,
    );
    assert.equal(posted.code, 0, posted.stdout);
    const jobId = posted.json.jobId as string;

    const early = await cli.run(["job", "refund", jobId, "--json"], asRequester);
    assert.equal(early.code, 8, early.stdout);
    assert.equal(early.json.error.code, "NOT_SETTLEABLE");

    await world.advance(180);
    const r = await cli.run(["job", "refund", jobId, "--json"], asRequester);
    assert.equal(r.code, 0, r.stdout);
    assert.equal(r.json.outcome, "no-claims");
    assert.equal(r.json.withdrawn, parseEther("2").toString());
    assert.equal(await jobStatus(BigInt(jobId)), JOB_REFUNDED);
    assert.equal(await tokens(requester.address), balance);

    const twice = await cli.run(["job", "refund", jobId, "--json"], asRequester);
    assert.equal(twice.code, 4);
    assert.equal(twice.json.error.code, "NOTHING_TO_REFUND");
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
        args: ["job", "post", modulePath, "--timeout", "30s"],
        env: asRequester,
        exit: 2,
        code: "USAGE",
        says: /too short/,
      },
      {
        args: ["job", "post", modulePath, "--price", "0.0001"],
        env: asRequester,
        exit: 2,
        code: "USAGE",
        says: /below the market minimum/,
      },
      {
        args: ["job", "post", modulePath, "--price", "lots"],
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
      { args: ["job", "post", modulePath], exit: 2, code: "USAGE", says: /needs a key/ },
      {
        args: ["job", "post", modulePath, "--price", "1000"],
        env: asRequester,
        exit: 4,
        code: "INSUFFICIENT_BALANCE",
        says: /needs 1000/,
      },
      { args: ["job", "post", modulePath], env: asStranger, exit: 4, code: "INSUFFICIENT_BALANCE", says: /holds 0/ },
      {
        args: ["job", "post", modulePath],
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
});
