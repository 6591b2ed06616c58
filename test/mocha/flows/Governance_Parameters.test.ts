import { expect } from "chai";
import {
  TOKEN,
  answer,
  auditFeeKept,
  claimSlots,
  currentParameters,
  expectConservation,
  name32,
  networkHelpers,
  passChallengeWindow,
  postJob,
  providersFixture,
} from "../fixture.js";
import { deliver } from "../helpers/court.js";

/**
 * Governance tunes bounded parameters through the Timelock (impersonated here; test/mocha/governance drives real
 * proposals); nobody else can, and the parameters that decide a job's money are fixed when the job is posted.
 */
describe("flow: Governance_Parameters", () => {
  it("the Timelock tunes within bounds, nobody else can, and open jobs keep their fee, collateral and audit terms", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const timelock = sys.owner;
    expect(await sys.market.owner()).to.equal(await sys.timelock.getAddress());
    expect(await sys.registry.owner()).to.equal(await sys.timelock.getAddress());
    expect(await sys.court.owner()).to.equal(await sys.timelock.getAddress());

    const before = await postJob(sys);
    const params = await currentParameters(sys.market);
    // Outsiders, including the deployer, are rejected.
    for (const who of [sys.deployer, sys.other]) {
      await expect(sys.market.connect(who).setParameters({ ...params, feeBps: 1_000n }))
        .to.be.revertedWithCustomError(sys.market, "OwnableUnauthorizedAccount")
        .withArgs(who.address);
      await expect(sys.registry.connect(who).setJailPolicy(5n, 3_600n, 3_600n))
        .to.be.revertedWithCustomError(sys.registry, "OwnableUnauthorizedAccount")
        .withArgs(who.address);
    }
    // Out-of-bound values are rejected even for the Timelock: the fee is capped at 10%, collateral is at least 3x
    // the budget, the audit rate at most what the capped audit fee (25%) pays for, and at least the break-even rate
    // of the collateral in force.
    await expect(sys.market.connect(timelock).setParameters({ ...params, feeBps: 1_001n }))
      .to.be.revertedWithCustomError(sys.market, "ParameterOutOfBounds")
      .withArgs(name32("feeBps"), 1_001n, 0n, 1_000n);
    await expect(sys.market.connect(timelock).setParameters({ ...params, collateralBps: 29_999n }))
      .to.be.revertedWithCustomError(sys.market, "ParameterOutOfBounds")
      .withArgs(name32("collateralBps"), 29_999n, 30_000n, 300_000n);
    await expect(sys.market.connect(timelock).setParameters({ ...params, auditRateBps: 2_501n, auditFeeBps: 2_501n }))
      .to.be.revertedWithCustomError(sys.market, "ParameterOutOfBounds")
      .withArgs(name32("auditRateBps"), 2_501n, 700n, 2_500n);
    await expect(sys.market.connect(timelock).setParameters({ ...params, collateralBps: 30_000n }))
      .to.be.revertedWithCustomError(sys.market, "ParameterOutOfBounds")
      .withArgs(name32("auditRateBps"), 1_000n, 2_500n, 2_500n); // 1 / (1 + 3x collateral x 100%) = 25%

    const next = { ...params, feeBps: 1_000n, collateralBps: 100_000n, auditFeeBps: 1_500n };
    const tx = sys.market.connect(timelock).setParameters(next);
    await expect(tx).to.emit(sys.market, "ParameterUpdated").withArgs(name32("feeBps"), 250n, 1_000n);
    await expect(tx).to.emit(sys.market, "ParameterUpdated").withArgs(name32("collateralBps"), 150_000n, 100_000n);
    await expect(tx).to.emit(sys.market, "ParameterUpdated").withArgs(name32("auditFeeBps"), 1_200n, 1_500n);

    const after = await postJob(sys);
    const [a, b] = [await sys.market.getJob(before), await sys.market.getJob(after)];
    expect([a.fee, a.collateral, a.auditFee]).to.deep.equal([TOKEN / 20n, 30n * TOKEN, (24n * TOKEN) / 100n]);
    expect([b.fee, b.collateral, b.auditFee]).to.deep.equal([TOKEN / 5n, 20n * TOKEN, (3n * TOKEN) / 10n]);

    // Both settle with their own terms.
    for (const jobId of [before, after]) {
      const [p] = await claimSlots(sys, jobId, sys.providers, 1);
      await deliver(sys, jobId, [p!], [answer("right")]);
    }
    await passChallengeWindow(sys, before);
    await passChallengeWindow(sys, after);
    for (const jobId of [before, after]) await sys.market.settle(jobId);
    expect(await sys.market.claimable(sys.treasury.address)).to.equal(a.fee + b.fee); // 0.05 + 0.2
    // Each keeps its own audit fee rate on the 40 Mfuel used: 12% and 15% of 0.8.
    const fuel = answer("right").fuel;
    const kept = auditFeeKept(fuel, a.maxPricePerMfuel, 1_200n) + auditFeeKept(fuel, b.maxPricePerMfuel, 1_500n);
    expect(kept).to.equal((216n * TOKEN) / 1_000n);
    expect(await sys.market.claimable(await sys.court.getAddress())).to.equal(kept);
    await expectConservation(sys);
  });
});
