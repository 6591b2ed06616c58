import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import {
  DAY,
  Fault,
  TOKEN,
  claimSlots,
  ethers,
  expectConservation,
  networkHelpers,
  postJob,
  providerOf,
  providersFixture,
  type System,
} from "../fixture.js";

/** Posts a k = 1 job, has `p` claim it and never deliver; returns the settlement transaction. */
async function noShow(sys: System, p: HardhatEthersSigner) {
  const jobId = await postJob(sys);
  await claimSlots(sys, jobId, [p], 1);
  await networkHelpers.time.increaseTo((await sys.market.getJob(jobId)).commitDeadline + 1n);
  return { jobId, settle: sys.market.connect(sys.other).settle(jobId) };
}

/** Posts a k = 1 job that `p` claims and completes. */
async function complete(sys: System, p: HardhatEthersSigner) {
  const jobId = await postJob(sys);
  await claimSlots(sys, jobId, [p], 1);
  await sys.market.connect(p).submitResult(jobId, ethers.id("out"), "");
  await networkHelpers.time.increaseTo((await sys.market.getJob(jobId)).challengeEndsAt);
  await sys.market.settle(jobId);
}

describe("flow: NoShow_Jail_Release", () => {
  it("jails after jailThreshold consecutive faults, rejects claims while jailed, and lets the provider back after", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const p = sys.providers[0];
    const threshold = await sys.registry.jailThreshold();
    const duration = await sys.registry.jailDuration();
    expect([threshold, duration]).to.deep.equal([3n, DAY]);

    for (let fault = 1n; fault < threshold; fault++) {
      const { settle } = await noShow(sys, p);
      await expect(settle).to.not.emit(sys.registry, "ProviderJailed");
      expect((await providerOf(sys.registry, p)).consecutiveFaults).to.equal(fault);
    }
    const { jobId, settle } = await noShow(sys, p);
    await expect(settle)
      .to.emit(sys.registry, "ProviderSlashed")
      .withArgs(p.address, jobId, Fault.NoShow, TOKEN, 997n * TOKEN, (await sys.registry.totalStake()) - TOKEN);
    const settledAt = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
    const until = settledAt + duration;
    await expect(settle).to.emit(sys.registry, "ProviderJailed").withArgs(p.address, until, threshold);
    const rec = await providerOf(sys.registry, p);
    expect([rec.jailedUntil, rec.consecutiveFaults, rec.noShows]).to.deep.equal([until, 0n, 3n]);
    expect(await sys.registry.reputation(p.address)).to.equal(0n);
    await expectConservation(sys);

    // While jailed: every claim is refused, whatever the draw.
    const blocked = await postJob(sys);
    await networkHelpers.mine(2);
    await expect(sys.market.connect(p).claim(blocked))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryJailed")
      .withArgs(p.address, until);
    const { claimDeadline } = await sys.market.getJob(blocked);
    await networkHelpers.time.setNextBlockTimestamp(claimDeadline); // fully widened: p would be drawn
    await expect(sys.market.connect(p).claim(blocked))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryJailed")
      .withArgs(p.address, until);
    // Other providers are unaffected.
    await expect(sys.market.connect(sys.providers[1]).claim(blocked)).to.emit(sys.market, "JobClaimed");

    // After the jail term the provider can claim again.
    await networkHelpers.time.increaseTo(until);
    const next = await postJob(sys);
    await claimSlots(sys, next, [p], 1);
    expect((await sys.market.getAssignments(next))[0].provider).to.equal(p.address);
    await expectConservation(sys);
  });

  it("a completed assignment resets the consecutive fault count", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const p = sys.providers[0];
    await (
      await noShow(sys, p)
    ).settle;
    await (
      await noShow(sys, p)
    ).settle;
    await complete(sys, p);
    expect((await providerOf(sys.registry, p)).consecutiveFaults).to.equal(0n);
    const { settle } = await noShow(sys, p);
    await expect(settle).to.not.emit(sys.registry, "ProviderJailed");
    const rec = await providerOf(sys.registry, p);
    expect([rec.consecutiveFaults, rec.noShows, rec.completed, rec.jailedUntil]).to.deep.equal([1n, 3n, 1n, 0n]);
  });
});
