import { expect } from "chai";
import {
  TOKEN,
  addProvider,
  answer,
  claimSlots,
  expectConservation,
  networkHelpers,
  passChallengeWindow,
  postJob,
} from "../fixture.js";
import { deployBlockingSystem } from "../helpers/attacker.js";
import { deliver } from "../helpers/court.js";
import { expectedSettlement } from "../helpers/money.js";

/**
 * Pull payments: settlement only credits balances, so a recipient the token refuses to pay (a blacklisted address)
 * blocks nobody's settlement or withdrawal but its own, and keeps its balance until it can receive again. Runs on a
 * token that can refuse chosen recipients.
 */
async function blockingFixture() {
  const sys = await deployBlockingSystem();
  for (const p of sys.providers) await addProvider(sys, p);
  return sys;
}

describe("flow: PullPayments_BlockedRecipient", () => {
  it("a blocked provider's result still settles; everyone else withdraws; it withdraws once unblocked", async () => {
    const sys = await networkHelpers.loadFixture(blockingFixture);
    const jobId = await postJob(sys);
    const [p] = await claimSlots(sys, jobId, sys.providers, 1);
    const right = answer("right");
    await deliver(sys, jobId, [p!], [right]);
    await passChallengeWindow(sys, jobId);
    await sys.token.setBlocked(p!.address, true); // the provider's address gets blacklisted by the token
    await expect(sys.market.settle(jobId)).to.emit(sys.market, "JobSettled");
    const job = await sys.market.getJob(jobId);
    const e = expectedSettlement({
      job,
      params: await sys.market.parameters(),
      completed: true,
      fuel: right.fuel,
      winners: [{ pricePerMfuel: TOKEN / 100n }],
    });
    expect(await sys.market.claimable(p!.address)).to.equal(e.payments[0]);
    await expectConservation(sys);

    await expect(sys.market.connect(sys.requester).withdraw())
      .to.emit(sys.market, "Withdrawn")
      .withArgs(sys.requester.address, e.refund);
    await expect(sys.market.connect(sys.treasury).withdraw())
      .to.emit(sys.market, "Withdrawn")
      .withArgs(sys.treasury.address, job.fee);
    // The blocked provider's withdrawal fails and leaves its balance intact until it can receive again.
    await expect(sys.market.connect(p!).withdraw()).to.be.revertedWith("HookToken: blocked recipient");
    expect(await sys.market.claimable(p!.address)).to.equal(e.payments[0]);
    await expectConservation(sys);
    await sys.token.setBlocked(p!.address, false);
    await expect(sys.market.connect(p!).withdraw())
      .to.emit(sys.market, "Withdrawn")
      .withArgs(p!.address, e.payments[0]);
    expect(await sys.token.balanceOf(p!.address)).to.equal(e.payments[0]);
    await expectConservation(sys);
  });

  it("a blocked requester does not stop a no-show from being slashed, nor the court's share from being credited", async () => {
    const sys = await networkHelpers.loadFixture(blockingFixture);
    const jobId = await postJob(sys);
    await claimSlots(sys, jobId, sys.providers, 1);
    await sys.token.setBlocked(sys.requester.address, true);
    const job = await sys.market.getJob(jobId);
    await networkHelpers.time.increaseTo(job.commitDeadline + 1n);
    await expect(sys.market.connect(sys.other).settle(jobId)).to.emit(sys.market, "AssignmentSlashed");
    const e = expectedSettlement({ job, params: await sys.market.parameters(), completed: false, noShows: 1 });
    expect(await sys.market.claimable(sys.requester.address)).to.equal(e.requester); // escrow + half the slash
    expect(await sys.market.claimable(await sys.court.getAddress())).to.equal(e.toCourt);
    await expect(sys.market.connect(sys.requester).withdraw()).to.be.revertedWith("HookToken: blocked recipient");
    await expectConservation(sys);
  });
});
