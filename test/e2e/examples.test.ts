/**
 * The examples as a user runs them — `node --import tsx examples/<name>.ts`, the SDK imported by package name —
 * against a devnet like the CLI suites' (provider-node/test/helpers): a hardhat node with the contracts, a content
 * store and a provider node. Only the chain's clock is moved on, past the job's challenge window, as those suites do.
 *
 *   npm run test:examples      (about a minute)
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { JobStatus } from "@hashwork/sdk";
import { parseEther } from "ethers";
import { track } from "@hashwork/provider-node/test-helpers/children";
import { REPO } from "@hashwork/provider-node/test-helpers/hardhat";
import { account } from "@hashwork/provider-node/test-helpers/market";
import { createWorld, type World } from "@hashwork/provider-node/test-helpers/suite";
import { finish, planAudits, writeDeployment } from "./cli/helpers/cli.js";

describe("examples/ against a devnet", { timeout: 300_000 }, () => {
  let world: World;
  let env: Record<string, string>;
  let posted: bigint;
  const provider = account(3);
  const requester = account(1);

  /** Starts `examples/<file>` with the devnet's endpoints and the requester's key in its environment. */
  const example = (file: string, args: string[] = []) =>
    track(
      spawn(
        process.execPath,
        ["--disable-warning=ExperimentalWarning", "--import", "tsx", join("examples", file), ...args],
        {
          cwd: REPO,
          stdio: ["ignore", "pipe", "pipe"],
          env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
        },
      ),
    );

  before(async () => {
    world = await createWorld("examples");
    await world.addNode("alice", 3);
    await Promise.all(world.nodes.map((n) => n.start()));
    await (await world.sys.token.connect(world.sys.deployer).transfer(requester.address, parseEther("100"))).wait();
    env = {
      HASHWORK_RPC_URL: world.chain.url,
      HASHWORK_DEPLOYMENT: await writeDeployment(world),
      HASHWORK_STORE_URL: world.store.url,
      HASHWORK_PRIVATE_KEY: requester.privateKey,
    };
  });
  after(async () => world?.teardown());

  it("market-overview reads the market, the court's pool, the provider's offer and a price", async () => {
    const r = await finish(example("market-overview.ts"));
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /court pool: 100\.0;/);
    assert.match(r.stdout, new RegExp(`${provider.address}: 0\\.00001 per Mfuel \\(min 50 Mfuel\\)`));
    // The offer's price gives a budget below the market's minimum (0.001 token over 50 Mfuel): the floor wins.
    assert.match(r.stdout, /suggested price: 0\.00002 per Mfuel \(the market's minimum budget/);
  });

  it("post-job posts a job, follows it to settlement, fetches its verified output and re-runs it", async () => {
    posted = (await world.sys.market.jobCount()) + 1n;
    await planAudits(world, false); // no auditor to wait for: the node suites cover audits
    const running = finish(example("post-job.ts", ["hello, examples"]));
    // An agreed result is paid only after its challenge window: move the clock once the replica revealed.
    await world.passChallengeWindow(posted, 1);
    const r = await running;
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`job ${posted} posted in 0x[0-9a-f]{64}`));
    assert.match(r.stdout, /^ {2}settled \(block \d+\)$/m);
    const digest = createHash("sha256").update("hello, examples").digest("hex");
    assert.match(r.stdout, new RegExp(`^${digest}$`, "m"));
    assert.match(r.stdout, /every revealed answer matches a run here/);
    assert.equal(Number((await world.sys.market.getJob(posted)).status), JobStatus.Completed);
  });

  it("follow-job prints a job's history to its settlement", async () => {
    const r = await finish(example("follow-job.ts", [String(posted)]));
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const types = r.stdout.match(/: ([a-z-]+)$/gm)?.map((l) => l.slice(2));
    assert.deepEqual(types?.slice(0, 2), ["posted", "claimed"]);
    assert.match(r.stdout, new RegExp(`job ${posted} settled: completed`));
  });
});
