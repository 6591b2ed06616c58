import { expect } from "chai";
import {
  TOKEN,
  claimSlots,
  currentParameters,
  ethers,
  expectConservation,
  name32,
  networkHelpers,
  postJob,
  providersFixture,
} from "../fixture.js";

describe("flow: Governance_Parameters", () => {
  it("the timelock tunes within bounds, nobody else can, and open jobs keep their fee and collateral", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const timelock = sys.owner; // the deployment's Timelock, impersonated (governance/ drives real proposals)
    expect(await sys.market.owner()).to.equal(await sys.timelock.getAddress());
    expect(await sys.registry.owner()).to.equal(await sys.timelock.getAddress());

    const before = await postJob(sys);
    const params = await currentParameters(sys.market);

    // Outsiders, including the old owner, are rejected.
    for (const who of [sys.deployer, sys.other]) {
      await expect(sys.market.connect(who).setParameters({ ...params, feeBps: 1_000n }))
        .to.be.revertedWithCustomError(sys.market, "OwnableUnauthorizedAccount")
        .withArgs(who.address);
      await expect(sys.registry.connect(who).setJailPolicy(5n, 3_600n))
        .to.be.revertedWithCustomError(sys.registry, "OwnableUnauthorizedAccount")
        .withArgs(who.address);
    }
    // Out-of-bound values are rejected even for the timelock: the fee is capped at 10%.
    await expect(sys.market.connect(timelock).setParameters({ ...params, feeBps: 1_001n }))
      .to.be.revertedWithCustomError(sys.market, "JobMarketParameterOutOfBounds")
      .withArgs(name32("feeBps"), 1_001n, 0n, 1_000n);
    await expect(sys.registry.connect(timelock).setUnbondingPeriod(61n * 24n * 3600n))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryParameterOutOfBounds")
      .withArgs(name32("unbondingPeriod"), 61n * 24n * 3600n, 3_600n, 60n * 24n * 3600n);

    const tx = sys.market.connect(timelock).setParameters({ ...params, feeBps: 1_000n, collateralBps: 10_000n });
    await expect(tx).to.emit(sys.market, "ParameterUpdated").withArgs(name32("feeBps"), 250n, 1_000n);
    await expect(tx).to.emit(sys.market, "ParameterUpdated").withArgs(name32("collateralBps"), 20_000n, 10_000n);

    const after = await postJob(sys);
    expect((await sys.market.getJob(before)).feeBps).to.equal(250n);
    expect((await sys.market.getJob(before)).collateral).to.equal(4n * TOKEN);
    expect((await sys.market.getJob(after)).feeBps).to.equal(1_000n);
    expect((await sys.market.getJob(after)).collateral).to.equal(2n * TOKEN);

    // Both settle with their own fee.
    const claimers = [];
    for (const jobId of [before, after]) {
      const [p] = await claimSlots(sys, jobId, sys.providers, 1);
      await sys.market.connect(p).submitResult(jobId, ethers.id("out"), "");
      claimers.push(p);
    }
    await networkHelpers.time.increaseTo((await sys.market.getJob(after)).challengeEndsAt);
    for (const [i, [jobId, feeBps]] of (
      [
        [before, 250n],
        [after, 1_000n],
      ] as const
    ).entries()) {
      const fee = (TOKEN * feeBps) / 10_000n;
      await expect(sys.market.settle(jobId))
        .to.emit(sys.market, "ProviderPaid")
        .withArgs(jobId, claimers[i].address, TOKEN - fee, fee, 0n);
    }
    expect(await sys.market.claimable(sys.treasury.address)).to.equal((TOKEN * 1_250n) / 10_000n);
    await expectConservation(sys);
  });
});
