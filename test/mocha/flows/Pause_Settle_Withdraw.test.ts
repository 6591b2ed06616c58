import { expect } from "chai";
import {
  JobStatus,
  TOKEN,
  claimSlots,
  ethers,
  expectConservation,
  fund,
  jobRequest,
  networkHelpers,
  postJob,
  providersFixture,
} from "../fixture.js";

describe("flow: Pause_Settle_Withdraw", () => {
  it("pausing stops new jobs only; claims, results, settlement, cancels and withdrawals keep working", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const running = await postJob(sys); // will be claimed before the pause
    const waiting = await postJob(sys); // will be claimed during the pause
    const cancelled = await postJob(sys);
    const [p] = await claimSlots(sys, running, sys.providers, 1);

    await expect(sys.market.connect(sys.owner).pause()).to.emit(sys.market, "MarketPaused").withArgs(sys.owner.address);

    // No new jobs.
    await fund(sys, sys.requester, 2n * TOKEN, await sys.market.getAddress());
    await expect(sys.market.connect(sys.requester).postJob(await jobRequest())).to.be.revertedWithCustomError(
      sys.market,
      "JobMarketPaused",
    );

    // Everything else.
    const [q] = await claimSlots(
      sys,
      waiting,
      sys.providers.filter((x) => x !== p),
      1,
    );
    await expect(sys.market.connect(sys.requester).cancelJob(cancelled)).to.emit(sys.market, "JobCancelled");
    await sys.market.connect(p).submitResult(running, ethers.id("a"), "");
    await sys.market.connect(q).submitResult(waiting, ethers.id("b"), "");
    await networkHelpers.time.increaseTo((await sys.market.getJob(waiting)).challengeEndsAt);
    await expect(sys.market.settle(running)).to.emit(sys.market, "JobSettled");
    await expect(sys.market.settle(waiting)).to.emit(sys.market, "JobSettled");
    expect((await sys.market.getJob(running)).status).to.equal(JobStatus.Completed);
    await expectConservation(sys);
    for (const who of [p, q, sys.requester, sys.treasury]) {
      await expect(sys.market.connect(who).withdraw()).to.emit(sys.market, "Withdrawn");
    }
    await sys.registry.connect(p).requestUnstake(TOKEN); // the registry is never paused
    await expectConservation(sys);

    await expect(sys.market.connect(sys.owner).unpause())
      .to.emit(sys.market, "MarketUnpaused")
      .withArgs(sys.owner.address);
    await expect(sys.market.connect(sys.requester).postJob(await jobRequest())).to.emit(sys.market, "JobPosted");
    await expectConservation(sys);
  });
});
