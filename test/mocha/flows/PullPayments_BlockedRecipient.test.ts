import { expect } from "chai";
import { TOKEN, addProvider, claimSlots, ethers, expectConservation, networkHelpers, postJob } from "../fixture.js";
import { deployMockSystem } from "../helpers/mockToken.js";

/** The mock-token market with seven providers registered and staked. */
async function mockProvidersFixture() {
  const sys = await deployMockSystem();
  for (const p of sys.providers) await addProvider(sys, p);
  return sys;
}

describe("flow: PullPayments_BlockedRecipient", () => {
  it("a recipient that cannot receive tokens blocks nobody's settlement or withdrawal but its own", async () => {
    const sys = await networkHelpers.loadFixture(mockProvidersFixture);
    const jobId = await postJob(sys);
    const [p] = await claimSlots(sys, jobId, sys.providers, 1);
    await sys.market.connect(p).submitResult(jobId, ethers.id("out"), "");
    await networkHelpers.time.increaseTo((await sys.market.getJob(jobId)).challengeEndsAt);

    // The provider's address gets blacklisted by the token; settlement does not transfer, so it succeeds.
    await sys.token.setBlocked(p.address, true);
    await expect(sys.market.settle(jobId)).to.emit(sys.market, "JobSettled");
    const fee = TOKEN / 40n;
    expect(await sys.market.claimable(p.address)).to.equal(TOKEN - fee);
    await expectConservation(sys);

    // Everyone else withdraws.
    await expect(sys.market.connect(sys.requester).withdraw())
      .to.emit(sys.market, "Withdrawn")
      .withArgs(sys.requester.address, TOKEN);
    await expect(sys.market.connect(sys.treasury).withdraw())
      .to.emit(sys.market, "Withdrawn")
      .withArgs(sys.treasury.address, fee);

    // The blocked provider's withdrawal fails and leaves its balance intact until it can receive again.
    await expect(sys.market.connect(p).withdraw()).to.be.revertedWith("MockToken: blocked recipient");
    expect(await sys.market.claimable(p.address)).to.equal(TOKEN - fee);
    await expectConservation(sys);
    await sys.token.setBlocked(p.address, false);
    await expect(sys.market.connect(p).withdraw())
      .to.emit(sys.market, "Withdrawn")
      .withArgs(p.address, TOKEN - fee);
    expect(await sys.token.balanceOf(p.address)).to.equal(TOKEN - fee);
    await expectConservation(sys);
  });

  it("a blocked requester does not stop a no-show from being slashed and the treasury from being paid", async () => {
    const sys = await networkHelpers.loadFixture(mockProvidersFixture);
    const jobId = await postJob(sys);
    await claimSlots(sys, jobId, sys.providers, 1);
    await sys.token.setBlocked(sys.requester.address, true);
    await networkHelpers.time.increaseTo((await sys.market.getJob(jobId)).commitDeadline + 1n);
    await expect(sys.market.connect(sys.other).settle(jobId)).to.emit(sys.market, "AssignmentSlashed");
    await expect(sys.market.connect(sys.treasury).withdraw())
      .to.emit(sys.market, "Withdrawn")
      .withArgs(sys.treasury.address, TOKEN / 2n);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(2n * TOKEN + TOKEN / 2n);
    await expectConservation(sys);
  });
});
