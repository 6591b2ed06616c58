import { expect } from "chai";
import { commitment } from "../../../sdk/src/results.js";
import {
  TOKEN,
  addProvider,
  claimSlots,
  commitAll,
  ethers,
  expectConservation,
  networkHelpers,
  postJob,
  providerOf,
  providersFixture,
  revealAll,
} from "../fixture.js";
import { asAttacker, call, deployHookSystem } from "../helpers/attacker.js";

/**
 * Everyone can always get out: a paused market drains to zero, and a recipient that reverts on transfer (a
 * contract refusing tokens, a blacklisted treasury) blocks nobody's settlement or withdrawal but its own.
 * (PullPayments_BlockedRecipient covers a blocked provider and a blocked requester.)
 */
const OUT = ethers.id("out");

describe("adversarial: Exits", () => {
  it("a paused market still lets everyone out: every job settles or cancels and both contracts drain to zero", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    // The owner (the Timelock) is also the treasury: its fees are part of what must come back out.
    const signers = [...(await ethers.getSigners()), sys.owner];
    const supplyHeld = async () => {
      let sum = 0n;
      for (const s of signers) sum += await sys.token.balanceOf(s.address);
      return sum;
    };
    const held = await supplyHeld();
    const k1 = await postJob(sys); // submitted, then finalised while paused
    const k3 = await postJob(sys, { replicas: 3 }); // one replica never reveals
    const unclaimed = await postJob(sys); // times out unclaimed
    const cancelled = await postJob(sys); // cancelled while paused
    const [p1] = await claimSlots(sys, k1, sys.providers, 1);
    const trio = await claimSlots(
      sys,
      k3,
      sys.providers.filter((p) => p !== p1),
      3,
    );
    await sys.market.connect(p1).submitResult(k1, OUT, "");
    await commitAll(sys, k3, trio, [OUT, OUT, OUT]);

    await sys.market.connect(sys.owner).pause();
    await revealAll(sys, k3, trio.slice(0, 2), [OUT, OUT]);
    await expect(sys.market.connect(sys.requester).cancelJob(cancelled)).to.emit(sys.market, "JobCancelled");
    const last = await sys.market.getJob(k3);
    await networkHelpers.time.increaseTo(last.revealDeadline + 1n);
    for (const id of [k1, k3, unclaimed]) await sys.market.connect(sys.other).settle(id);
    for (const s of signers) {
      if ((await sys.market.claimable(s.address)) > 0n) await sys.market.connect(s).withdraw();
    }
    for (const p of sys.providers) {
      const rec = await providerOf(sys.registry, p);
      expect(rec.locked).to.equal(0n);
      await sys.registry.connect(p).requestUnstake(rec.stake);
    }
    await networkHelpers.time.increase(await sys.registry.unbondingPeriod());
    for (const p of sys.providers) await sys.registry.connect(p).withdraw();

    expect(await sys.market.paused()).to.equal(true);
    expect(await sys.token.balanceOf(await sys.market.getAddress())).to.equal(0n);
    expect(await sys.token.balanceOf(await sys.registry.getAddress())).to.equal(0n);
    expect(await supplyHeld()).to.equal(held + 7_000n * TOKEN); // every staked and escrowed token came back out
    await expectConservation(sys);
  });

  it("a winner contract that refuses tokens and a blacklisted treasury block nobody else's settlement or withdrawal", async () => {
    const sys = await deployHookSystem();
    for (const p of sys.providers.slice(0, 2)) await addProvider(sys, p);
    const attacker = await sys.attacker.getAddress();
    await sys.token.transfer(attacker, 1_000n * TOKEN);
    const registry = await sys.registry.getAddress();
    await asAttacker(sys, sys.token, call(sys.token, "approve", [registry, 1_000n * TOKEN]));
    await asAttacker(sys, sys.registry, call(sys.registry, "register", ["ipfs://attacker", 1, TOKEN, 4]));
    await asAttacker(sys, sys.registry, call(sys.registry, "stake", [1_000n * TOKEN]));
    const jobId = await postJob(sys, { replicas: 3 });
    const job = await sys.market.getJob(jobId);
    await networkHelpers.time.increaseTo(job.claimDeadline - 10n); // a third of the stake, k = 3, widened 10x
    const [h1, h2] = sys.providers;
    await sys.market.connect(h1).claim(jobId);
    await sys.market.connect(h2).claim(jobId);
    await asAttacker(sys, sys.market, call(sys.market, "claim", [jobId]));
    await commitAll(sys, jobId, [h1, h2], [OUT, OUT]);
    const salt = ethers.id("attacker salt");
    await asAttacker(
      sys,
      sys.market,
      call(sys.market, "commitResult", [jobId, commitment(jobId, attacker, OUT, salt)]),
    );
    await revealAll(sys, jobId, [h1, h2], [OUT, OUT]);
    await asAttacker(sys, sys.market, call(sys.market, "revealResult", [jobId, OUT, salt, ""]));

    await sys.attacker.connect(sys.attackerOwner).setRefuseTokens(true);
    await sys.token.setBlocked(sys.treasury.address, true);
    await expect(sys.market.connect(sys.other).settle(jobId)).to.emit(sys.market, "JobSettled");
    const paid = TOKEN - TOKEN / 40n;
    for (const who of [h1, h2]) {
      await expect(sys.market.connect(who).withdraw()).to.emit(sys.market, "Withdrawn").withArgs(who.address, paid);
    }
    await expect(sys.market.connect(sys.requester).withdraw())
      .to.emit(sys.market, "Withdrawn")
      .withArgs(sys.requester.address, 3n * TOKEN);
    await expect(asAttacker(sys, sys.market, call(sys.market, "withdraw"))).to.be.revertedWith(
      "Attacker: refuses tokens",
    );
    await expect(sys.market.connect(sys.treasury).withdraw()).to.be.revertedWith("HookToken: blocked recipient");
    expect(await sys.market.claimable(attacker)).to.equal(paid);
    expect(await sys.market.claimable(sys.treasury.address)).to.equal((3n * TOKEN) / 40n);
    await expectConservation(sys, [attacker]);
  });
});
