import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { formatEther, parseEther } from "ethers";
import { PRODUCTION_RECORD_RING, account, checkConservation } from "@hashwork/provider-node/test-helpers/market";
import { createWorld, type World } from "@hashwork/provider-node/test-helpers/suite";
import { Cli, finish, planAudits } from "./helpers/cli.js";

describe("hashwork CLI: provider flows end to end", { timeout: 300_000 }, () => {
  let world: World;
  let cli: Cli;
  const newcomer = account(6); // registers and stakes through the CLI
  const asNewcomer = { HASHWORK_PRIVATE_KEY: newcomer.privateKey };
  const alice = account(3); // runs a node
  const requester = account(1);

  const tokens = (address: string) => world.sys.token.balanceOf(address);

  before(async () => {
    world = await createWorld("cli-provider", { recordRing: PRODUCTION_RECORD_RING });
    // alice's node never withdraws on its own, so her earnings wait for `provider earnings --withdraw`.
    await world.addNode("alice", 3, { config: { earnings: { withdrawThreshold: parseEther("1000000").toString() } } });
    await world.nodes[0]!.start();
    const deployer = world.sys.token.connect(world.sys.deployer);
    await (await deployer.transfer(newcomer.address, parseEther("100"))).wait();
    await (await deployer.transfer(requester.address, parseEther("10"))).wait();
    cli = await Cli.forWorld(world, world.dir);
  });
  after(async () => world?.teardown());

  it("from nothing to a staked provider: register, update the offer, stake, status", async () => {
    const reg = await cli.run(
      [
        "provider",
        "register",
        "--classes",
        "0,2",
        "--price-per-mfuel",
        "0.00002",
        "--min-mfuel",
        "10",
        "--capacity",
        "3",
        "--metadata-uri",
        "ipfs://newcomer",
        "--json",
      ],
      asNewcomer,
    );
    assert.equal(reg.code, 0, reg.stdout);
    assert.deepEqual(reg.json.classes, [0, 2]);
    assert.equal(reg.json.pricePerMfuel, (2n * 10n ** 13n).toString());
    assert.equal(reg.json.minMfuel, 10);

    const twice = await cli.run(["provider", "register", "--json"], asNewcomer);
    assert.equal(twice.code, 8);
    assert.equal(twice.json.error.code, "ALREADY_REGISTERED");
    assert.match(twice.json.error.hint, /--update/);

    const update = await cli.run(
      ["provider", "register", "--update", "--classes", "0,2", "--price-per-mfuel", "0.00003", "--json"],
      asNewcomer,
    );
    assert.equal(update.code, 0, update.stdout);
    const offer = await world.sys.registry.getFunction("provider")(newcomer.address);
    assert.equal(offer.pricePerMfuel, 3n * 10n ** 13n);
    assert.equal(offer.minMfuel, 0n); // --min-mfuel defaults to 0 on an update too: the whole offer is replaced
    assert.equal(offer.classes, 0b101n);

    const zero = await cli.run(["provider", "register", "--update", "--price-per-mfuel", "0", "--json"], asNewcomer);
    assert.equal(zero.code, 2, zero.stdout);

    const tooMuch = await cli.run(["provider", "stake", "1000", "--json"], asNewcomer);
    assert.equal(tooMuch.code, 4);
    assert.equal(tooMuch.json.error.code, "INSUFFICIENT_BALANCE");

    const stake = await cli.run(["provider", "stake", "50", "--json"], asNewcomer);
    assert.equal(stake.code, 0, stake.stdout);
    assert.equal(stake.json.stake, parseEther("50").toString());
    assert.equal(await tokens(newcomer.address), parseEther("50"));

    const status = await cli.run(["provider", "status", "--address", newcomer.address, "--json"]);
    assert.equal(status.code, 0, status.stdout);
    assert.equal(status.json.registered, true);
    assert.equal(status.json.stake, parseEther("50").toString());
    assert.equal(status.json.jailed, false);
    assert.equal(status.json.pricePerMfuel, (3n * 10n ** 13n).toString());
    assert.equal(status.json.faultsSinceJail, 0);
    assert.deepEqual(status.json.jailPolicy, { threshold: 10, jailSeconds: 3_600, windowSeconds: 86_400 });
    assert.equal(status.json.claimable, "0");
    assert.equal(status.json.courtClaimable, "0");
  });

  it("unstake starts unbonding; withdraw is refused until the period ends, then pays out", async () => {
    const tooMuch = await cli.run(["provider", "unstake", "500", "--json"], asNewcomer);
    assert.equal(tooMuch.code, 4);
    assert.equal(tooMuch.json.error.code, "INSUFFICIENT_FREE_STAKE");

    const unstake = await cli.run(["provider", "unstake", "20", "--json"], asNewcomer);
    assert.equal(unstake.code, 0, unstake.stdout);
    assert.equal(unstake.json.unbonding, parseEther("20").toString());

    const early = await cli.run(["provider", "withdraw", "--json"], asNewcomer);
    assert.equal(early.code, 8);
    assert.equal(early.json.error.code, "STILL_UNBONDING");

    await world.advance(3601); // the test registry's unbonding period
    const withdraw = await cli.run(["provider", "withdraw", "--json"], asNewcomer);
    assert.equal(withdraw.code, 0, withdraw.stdout);
    assert.equal(withdraw.json.withdrawn, parseEther("20").toString());
    assert.equal(await tokens(newcomer.address), parseEther("70"));

    const nothing = await cli.run(["provider", "withdraw", "--json"], asNewcomer);
    assert.equal(nothing.code, 4);
    assert.equal(nothing.json.error.code, "NOTHING_UNBONDING");
  });

  it("earnings: a node's pay for a job shows up and is withdrawn", async () => {
    const next = (await world.sys.market.jobCount()) + 1n;
    await planAudits(world, false);
    // The default price (0.00002 per Mfuel: the market's minimum budget over 50 Mfuel) is below the newcomer's
    // 0.00003, so only alice's node can claim it.
    const post = cli.start(
      ["job", "post", "--example", "sha256", "--fuel", "50000000", "--wait", "--out", "digest.txt", "--json"],
      { HASHWORK_PRIVATE_KEY: requester.privateKey },
    );
    const done = finish(post);
    await world.passChallengeWindow(next, 1);
    const posted = await done;
    assert.equal(posted.code, 0, posted.stdout + posted.stderr);

    const asAlice = { HASHWORK_PRIVATE_KEY: alice.privateKey };
    const earnings = await cli.run(["provider", "earnings", "--json"], asAlice);
    assert.equal(earnings.code, 0, earnings.stdout);
    assert.equal(earnings.json.jobsPaid, 1);
    // Her minimum, 50 Mfuel at her 0.00001 per Mfuel: the job used less fuel than that.
    const pay = 50n * 10n ** 13n;
    assert.equal(earnings.json.earned, pay.toString());
    assert.equal(earnings.json.claimable, pay.toString());
    assert.equal(earnings.json.courtClaimable, "0");

    const balance = await tokens(alice.address);
    const withdraw = await cli.run(["provider", "earnings", "--withdraw", "--json"], asAlice);
    assert.equal(withdraw.code, 0, withdraw.stdout);
    assert.equal(withdraw.json.withdrawn, pay.toString());
    assert.equal(withdraw.json.claimable, "0");
    assert.equal(await tokens(alice.address), balance + pay);
    await checkConservation(world.sys);
  });

  it("market stats explains how to start the indexer when the subgraph is not running", async () => {
    const r = await cli.run([
      "market",
      "stats",
      "--subgraph",
      "http://127.0.0.1:9/subgraphs/name/subgraph-0",
      "--json",
    ]);
    assert.equal(r.code, 6);
    assert.equal(r.json.error.code, "SUBGRAPH_UNREACHABLE");
    assert.match(r.json.error.hint, /npm run indexer/);

    // The court's pool is read from the chain, so it shows even without an indexer: the seeded 100 tokens plus the
    // audit fee of the job above. Posting checks the court's last report of what it can verify (the market's
    // maxVerifiableBudget); the audit fee grew the pool since, so the larger bound the pool covers shows beside it.
    const pool = await world.sys.court.pool();
    assert.ok(pool > parseEther("100"));
    const [reported, covered] = await Promise.all([
      world.sys.market.maxVerifiableBudget(),
      world.sys.court.maxVerifiableBudget(),
    ]);
    assert.ok(covered > reported);
    const human = await cli.run(["market", "stats", "--subgraph", "http://127.0.0.1:9/subgraphs/name/subgraph-0"]);
    assert.equal(human.code, 6);
    assert.match(human.stderr, /Verification court \(from the chain\)/);
    assert.match(human.stderr, new RegExp(`max budget: +${formatEther(reported)} HWK per replica`));
    assert.match(human.stderr, new RegExp(`pool covers: +${formatEther(covered)} HWK per replica once reported`));
  });
});
