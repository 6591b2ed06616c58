import { expect } from "chai";
import {
  Fault,
  Outcome,
  TOKEN,
  claimSlots,
  commitAll,
  ethers,
  expectConservation,
  networkHelpers,
  postJob,
  providersFixture,
  revealAll,
} from "../fixture.js";

const OUT = ethers.id("output");

describe("flow: Timeout_ThirdPartySettle", () => {
  it("a stranger settles an unclaimed job after the claim deadline", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys, { replicas: 2 });
    await networkHelpers.time.increaseTo((await sys.market.getJob(jobId)).claimDeadline + 1n);
    expect(await sys.market.isSettleable(jobId)).to.equal(true);
    await expect(sys.market.connect(sys.other).settle(jobId))
      .to.emit(sys.market, "JobSettled")
      .withArgs(jobId, sys.requester.address, Outcome.NoClaims, ethers.ZeroHash, 0n, 0n, 4n * TOKEN, 0n, 0n);
    expect(await sys.market.claimable(sys.other.address)).to.equal(0n); // the settler gains nothing
    await expectConservation(sys);
  });

  it("a stranger finalises a k = 1 result once the challenge window is over", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys);
    const [p] = await claimSlots(sys, jobId, sys.providers, 1);
    await sys.market.connect(p).submitResult(jobId, OUT, "ipfs://out");
    await networkHelpers.time.increaseTo((await sys.market.getJob(jobId)).challengeEndsAt);
    await expect(sys.market.connect(sys.other).settle(jobId))
      .to.emit(sys.market, "JobSettled")
      .withArgs(jobId, sys.requester.address, Outcome.Completed, OUT, TOKEN, TOKEN / 40n, TOKEN, 0n, 0n);
    await expectConservation(sys);
  });

  it("a stranger settles a k = 3 job with a missing reveal after the reveal deadline", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys, { replicas: 3 });
    const claimers = await claimSlots(sys, jobId, sys.providers, 3);
    await commitAll(sys, jobId, claimers, [OUT, OUT, OUT]);
    await revealAll(sys, jobId, claimers.slice(0, 2), [OUT, OUT]);
    const { revealDeadline } = await sys.market.getJob(jobId);
    await networkHelpers.time.increaseTo(revealDeadline);
    expect(await sys.market.isSettleable(jobId)).to.equal(false);
    await networkHelpers.time.increase(1);
    expect(await sys.market.isSettleable(jobId)).to.equal(true);
    const settle = sys.market.connect(sys.other).settle(jobId);
    await expect(settle)
      .to.emit(sys.market, "AssignmentSlashed")
      .withArgs(jobId, claimers[2].address, Fault.NoShow, TOKEN);
    await expect(settle).to.emit(sys.market, "JobSettled");
    await expectConservation(sys);
  });
});
