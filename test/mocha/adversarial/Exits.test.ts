import { ZeroHash } from "ethers";
import { expect } from "chai";
import { commitment } from "@hashwork/sdk/results";
import {
  DAY,
  JobStatus,
  TOKEN,
  addProvider,
  answer,
  claimSeats,
  claimSlots,
  commitAll,
  commitVerdicts,
  ethers,
  expectConservation,
  forceAudit,
  fund,
  jobRequest,
  networkFixture,
  networkHelpers,
  passChallengeWindow,
  postJob,
  providerOf,
  revealAll,
  revealVerdicts,
  type System,
} from "../fixture.js";
import { asAttacker, call, deployHookSystem } from "../helpers/attacker.js";
import { challengeAs, deliver, runPanel } from "../helpers/court.js";
import { expectedSettlement } from "../helpers/money.js";

/**
 * Everyone can always get out: a paused market (by the owner or the guardian) still settles, verifies, refunds and
 * pays out, and a recipient that reverts on transfer (a contract refusing tokens, a blacklisted treasury) blocks
 * nobody's settlement or withdrawal but its own. (PullPayments_BlockedRecipient covers a blocked provider and a
 * blocked requester.)
 */
const right = answer("right");
const wrong = answer("wrong");

/** Withdraws every claimable balance in the market and the court held by `accounts`. */
async function withdrawAll(sys: System, accounts: { address: string }[]) {
  for (const a of accounts) {
    const signer = await ethers.getSigner(a.address);
    if ((await sys.market.claimable(a.address)) > 0n) await sys.market.connect(signer).withdraw();
    if ((await sys.court.claimable(a.address)) > 0n) await sys.court.connect(signer).withdraw();
  }
}

describe("adversarial: Exits", () => {
  it("a paused market still lets everyone out: every job settles, verifies or cancels; only the court's pool stays", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const everyone = [...(await ethers.getSigners()), sys.owner]; // the owner (the Timelock) is also the treasury
    const k1 = await postJob(sys); // revealed, then settled while paused
    const k3 = await postJob(sys, { replicas: 3 }); // one replica never reveals
    const verified = await postJob(sys); // a wrong result, challenged and overturned while paused
    const unclaimed = await postJob(sys); // times out unclaimed
    const [p1] = await claimSlots(sys, k1, sys.providers, 1);
    const trio = await claimSlots(sys, k3, sys.providers, 3);
    const [p2] = await claimSlots(sys, verified, sys.providers, 1);
    await deliver(sys, k1, [p1!], [right]);
    await deliver(sys, verified, [p2!], [wrong]);
    await commitAll(sys, k3, trio, [right, right, right]);
    await forceAudit(sys, k3, false);
    const cancelled = await postJob(sys); // cancelled in the block that pauses the market

    await ethers.provider.send("evm_setAutomine", [false]);
    try {
      await sys.market.connect(sys.owner).pause({ gasLimit: 200_000n });
      await sys.market.connect(sys.requester).cancelJob(cancelled, { gasLimit: 200_000n });
      await networkHelpers.mine();
    } finally {
      await ethers.provider.send("evm_setAutomine", [true]);
    }
    expect((await sys.market.getJob(cancelled)).status).to.equal(JobStatus.Cancelled);
    expect(await sys.market.pausedUntil()).to.equal(2n ** 40n - 1n);
    await revealAll(sys, k3, trio.slice(0, 2), [right, right]);
    await challengeAs(sys, sys.other, verified);
    await runPanel(sys, verified, sys.verifiers, [right, right, right]);
    await networkHelpers.time.increaseTo((await sys.market.timeline(k3)).challengeEndsAt + 1n);
    await passChallengeWindow(sys, k1);
    for (const id of [k1, k3, unclaimed]) await sys.market.connect(sys.other).settle(id);
    await withdrawAll(sys, everyone);
    const staked = [...sys.providers, ...sys.verifiers];
    for (const p of staked) {
      const rec = await providerOf(sys.registry, p);
      expect(rec.locked).to.equal(0n);
      if (rec.stake > 0n) await sys.registry.connect(p).requestUnstake(rec.stake);
    }
    await networkHelpers.time.increase(await sys.registry.unbondingPeriod());
    for (const p of staked) {
      if ((await providerOf(sys.registry, p)).unbonding > 0n) await sys.registry.connect(p).withdraw();
    }

    expect(await sys.market.pausedUntil()).to.be.greaterThan(0n);
    const court = await sys.court.getAddress();
    // The market holds only the court's income, the registry nothing; the court nothing it owes anyone.
    expect(await sys.token.balanceOf(await sys.market.getAddress())).to.equal(await sys.market.claimable(court));
    expect(await sys.token.balanceOf(await sys.registry.getAddress())).to.equal(0n);
    expect(await sys.court.reserved()).to.equal(0n);
    for (const a of everyone) expect(await sys.court.claimable(a.address)).to.equal(0n);
    const courtHoldings = (await sys.token.balanceOf(court)) + (await sys.market.claimable(court));
    expect(courtHoldings).to.equal(await sys.court.pool());
    // Every other token is back in a wallet.
    let wallets = 0n;
    for (const a of everyone) wallets += await sys.token.balanceOf(a.address);
    expect(wallets + courtHoldings).to.equal(await sys.token.totalSupply());
    await expectConservation(sys);
  });

  it("a winner contract that refuses tokens and a blacklisted treasury block nobody else's settlement or withdrawal", async () => {
    const sys = await deployHookSystem();
    for (const p of sys.providers.slice(0, 2)) await addProvider(sys, p);
    const attacker = await sys.attacker.getAddress();
    await sys.token.transfer(attacker, 1_000n * TOKEN);
    const registry = await sys.registry.getAddress();
    await asAttacker(sys, sys.token, call(sys.token, "approve", [registry, 1_000n * TOKEN]));
    await asAttacker(sys, sys.registry, call(sys.registry, "register", ["ipfs://attacker", 1, TOKEN / 100n, 0, 4]));
    await asAttacker(sys, sys.registry, call(sys.registry, "stake", [1_000n * TOKEN]));
    const jobId = await postJob(sys, { replicas: 3 });
    await networkHelpers.mine(2); // a third of the stake each and k = 3: everyone is drawn at once
    const [h1, h2] = sys.providers as [typeof sys.other, typeof sys.other];
    await sys.market.connect(h1).claim(jobId, ZeroHash);
    await sys.market.connect(h2).claim(jobId, ZeroHash);
    await asAttacker(sys, sys.market, call(sys.market, "claim", [jobId, ZeroHash]));
    await commitAll(sys, jobId, [h1, h2], [right, right]);
    const salt = ethers.id("attacker salt");
    const c = commitment(jobId, attacker, right.output, right.fuel, salt);
    await asAttacker(sys, sys.market, call(sys.market, "commitResult", [jobId, 2, c]));
    await forceAudit(sys, jobId, false);
    await revealAll(sys, jobId, [h1, h2], [right, right]);
    await asAttacker(sys, sys.market, call(sys.market, "revealResult", [jobId, 2, right.output, right.fuel, salt, ""]));
    await passChallengeWindow(sys, jobId);

    await sys.attacker.connect(sys.attackerOwner).setRefuseTokens(true);
    await sys.token.setBlocked(sys.treasury.address, true);
    await expect(sys.market.connect(sys.other).settle(jobId)).to.emit(sys.market, "JobSettled");
    const settled = await sys.market.getJob(jobId);
    const price = TOKEN / 100n;
    const e = expectedSettlement({
      job: settled,
      params: await sys.market.parameters(),
      completed: true,
      fuel: right.fuel,
      winners: [{ pricePerMfuel: price }, { pricePerMfuel: price }, { pricePerMfuel: price }],
    });
    for (const who of [h1, h2]) {
      await expect(sys.market.connect(who).withdraw())
        .to.emit(sys.market, "Withdrawn")
        .withArgs(who.address, e.payments[0]);
    }
    await expect(sys.market.connect(sys.requester).withdraw())
      .to.emit(sys.market, "Withdrawn")
      .withArgs(sys.requester.address, e.refund);
    await expect(asAttacker(sys, sys.market, call(sys.market, "withdraw"))).to.be.revertedWith(
      "Attacker: refuses tokens",
    );
    await expect(sys.market.connect(sys.treasury).withdraw()).to.be.revertedWith("HookToken: blocked recipient");
    expect(await sys.market.claimable(attacker)).to.equal(e.payments[0]);
    expect(await sys.market.claimable(sys.treasury.address)).to.equal(settled.fee);
    await expectConservation(sys, [attacker]);
  });

  it("the guardian cannot freeze exits: while it pauses, reveals, verification, settlement, refunds and withdrawals go on", async () => {
    const sys = await networkHelpers.loadFixture(networkFixture);
    const guardian = sys.other;
    await sys.market.connect(sys.owner).setGuardian(guardian.address);
    const leaver = sys.providers[6]!;
    await sys.registry.connect(leaver).requestUnstake(100n * TOKEN);
    await networkHelpers.time.increase(await sys.registry.unbondingPeriod());
    const revealing = await postJob(sys);
    const [p1] = await claimSlots(sys, revealing, sys.providers, 1);
    await commitAll(sys, revealing, [p1!], [right]);
    await forceAudit(sys, revealing, false);
    const contested = await postJob(sys);
    const [p2] = await claimSlots(sys, contested, sys.providers, 1);
    await deliver(sys, contested, [p2!], [wrong]);
    // Nobody claims it before the pause; its claim deadline passes while the others are verified.
    const waiting = await postJob(sys, { claimWindow: 600n });

    await expect(sys.market.connect(sys.requester).guardianPause())
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotGuardian")
      .withArgs(sys.requester.address);
    const pause = await sys.market.connect(guardian).guardianPause();
    const { guardianPauseDuration } = await sys.market.parameters();
    const until = BigInt((await pause.getBlock())!.timestamp) + guardianPauseDuration;
    await expect(pause).to.emit(sys.market, "MarketPaused").withArgs(guardian.address, until);
    expect(guardianPauseDuration).to.equal(3n * DAY);

    // New work stops...
    const req = await jobRequest();
    await fund(sys, sys.requester, (await sys.market.escrowFor(req))[0], await sys.market.getAddress());
    await expect(sys.market.connect(sys.requester).postJob(req)).to.be.revertedWithCustomError(
      sys.market,
      "JobMarketPaused",
    );
    await networkHelpers.mine(2);
    await expect(sys.market.connect(sys.providers[0]!).claim(waiting, ZeroHash)).to.be.revertedWithCustomError(
      sys.market,
      "JobMarketPaused",
    );
    // ...and cannot be extended: no second pause during the cooldown, and only governance unpauses.
    await expect(sys.market.connect(guardian).guardianPause())
      .to.be.revertedWithCustomError(sys.market, "JobMarketGuardianCoolingDown")
      .withArgs(until + guardianPauseDuration);
    await expect(sys.market.connect(guardian).unpause())
      .to.be.revertedWithCustomError(sys.market, "OwnableUnauthorizedAccount")
      .withArgs(guardian.address);

    // Everything that gets money out goes on.
    const bond = await challengeAs(sys, sys.requester, contested);
    const panel = await claimSeats(sys, contested, sys.verifiers, 3);
    await commitVerdicts(sys, contested, panel, [right, right, right]);
    await revealVerdicts(sys, contested, panel, [right, right, right]);
    await expect(sys.court.resolve(contested)).to.emit(sys.market, "JobSettled");
    await revealAll(sys, revealing, [p1!], [right]);
    await passChallengeWindow(sys, revealing);
    await expect(sys.market.settle(revealing)).to.emit(sys.market, "JobSettled");
    expect(BigInt(await networkHelpers.time.latest())).to.be.greaterThan(
      (await sys.market.getJob(waiting)).claimDeadline,
    );
    await expect(sys.market.settle(waiting)).to.emit(sys.market, "JobSettled"); // unclaimed: refunded
    expect(await sys.market.pausedUntil()).to.equal(until);
    const job = await sys.market.getJob(contested);
    const e = expectedSettlement({
      job,
      params: await sys.market.parameters(),
      completed: false,
      dissenters: 1,
      verified: true,
    });
    await expect(sys.court.connect(sys.requester).withdraw())
      .to.emit(sys.court, "Withdrawn")
      .withArgs(sys.requester.address, bond + e.challengerReward);
    await expect(sys.market.connect(p1!).withdraw()).to.emit(sys.market, "Withdrawn");
    await expect(sys.market.connect(sys.requester).withdraw()).to.emit(sys.market, "Withdrawn");
    for (const v of panel) await expect(sys.court.connect(v).withdraw()).to.emit(sys.court, "Withdrawn");
    await expect(sys.registry.connect(leaver).withdraw())
      .to.emit(sys.registry, "StakeWithdrawn")
      .withArgs(leaver.address, 100n * TOKEN);
    await sys.registry.connect(p2!).requestUnstake(10n * TOKEN);

    // The pause ends by itself.
    await networkHelpers.time.increaseTo(until);
    expect(await sys.market.pausedUntil()).to.equal(0n);
    await expect(sys.market.connect(sys.requester).postJob(await jobRequest())).to.emit(sys.market, "JobPosted");
    await expectConservation(sys);
  });
});
