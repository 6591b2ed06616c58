import { expect } from "chai";
import {
  Fault,
  JobStatus,
  TOKEN,
  addProvider,
  deploySystem,
  ethers,
  expectConservation,
  networkHelpers,
  postJob,
  providerOf,
} from "../fixture.js";

/**
 * Claiming beyond capacity or collateral, unbonding while locked, settling twice. A lone staked provider is
 * drawn for every job at once (its stake is the total), so these tests need no lottery scheduling.
 */
async function loneProvider(stake: bigint, capacity: number) {
  const sys = await deploySystem();
  const p = sys.providers[0];
  await addProvider(sys, p, { stake, capacity });
  return { ...sys, p };
}
const capacityFixture = () => loneProvider(1_000n * TOKEN, 2);
const collateralFixture = () => loneProvider(8n * TOKEN, 10); // exactly two collaterals of 4 tokens

async function postDrawable(sys: Awaited<ReturnType<typeof loneProvider>>) {
  const jobId = await postJob(sys);
  await networkHelpers.mine(2); // the seed block
  return jobId;
}

describe("adversarial: Limits", () => {
  it("claiming beyond capacity: a provider with capacity 2 cannot hold a third assignment until one settles", async () => {
    const sys = await networkHelpers.loadFixture(capacityFixture);
    const jobs = [await postDrawable(sys), await postDrawable(sys), await postDrawable(sys)];
    await sys.market.connect(sys.p).claim(jobs[0]);
    await sys.market.connect(sys.p).claim(jobs[1]);
    await expect(sys.market.connect(sys.p).claim(jobs[2]))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryAtCapacity")
      .withArgs(sys.p.address, 2);
    let rec = await providerOf(sys.registry, sys.p);
    expect([rec.activeJobs, rec.locked]).to.deep.equal([2n, 8n * TOKEN]);

    await sys.market.connect(sys.p).submitResult(jobs[0], ethers.id("out"), "");
    await networkHelpers.time.increaseTo((await sys.market.getJob(jobs[0])).challengeEndsAt);
    await sys.market.settle(jobs[0]);
    // jobs[2]'s claim window has closed meanwhile; a fresh job takes the freed capacity.
    await sys.market.connect(sys.p).claim(await postDrawable(sys));
    rec = await providerOf(sys.registry, sys.p);
    expect([rec.activeJobs, rec.locked]).to.deep.equal([2n, 8n * TOKEN]);
    await expectConservation(sys);
  });

  it("claiming beyond collateral: free stake covers two collaterals, the third claim and any unbonding revert", async () => {
    const sys = await networkHelpers.loadFixture(collateralFixture);
    const jobs = [await postDrawable(sys), await postDrawable(sys), await postDrawable(sys)];
    await sys.market.connect(sys.p).claim(jobs[0]);
    await sys.market.connect(sys.p).claim(jobs[1]);
    await expect(sys.market.connect(sys.p).claim(jobs[2]))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryInsufficientFreeStake")
      .withArgs(4n * TOKEN, 0n);
    // Unbonding or withdrawing while everything is locked.
    await expect(sys.registry.connect(sys.p).requestUnstake(1n))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryInsufficientFreeStake")
      .withArgs(1n, 0n);
    await expect(sys.registry.connect(sys.p).withdraw())
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryNothingToWithdraw")
      .withArgs(sys.p.address);

    // One job times out as a no-show: a quarter of its collateral is slashed, the rest freed (3 tokens).
    await networkHelpers.time.increaseTo((await sys.market.getJob(jobs[0])).commitDeadline + 1n);
    await expect(sys.market.settle(jobs[0]))
      .to.emit(sys.market, "AssignmentSlashed")
      .withArgs(jobs[0], sys.p.address, Fault.NoShow, TOKEN);
    const rec = await providerOf(sys.registry, sys.p);
    expect([rec.stake, rec.locked]).to.deep.equal([7n * TOKEN, 4n * TOKEN]);
    // 3 free tokens do not cover a 4-token collateral.
    await expect(sys.market.connect(sys.p).claim(await postDrawable(sys)))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryInsufficientFreeStake")
      .withArgs(4n * TOKEN, 3n * TOKEN);
    await expect(sys.registry.connect(sys.p).requestUnstake(3n * TOKEN + 1n))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryInsufficientFreeStake")
      .withArgs(3n * TOKEN + 1n, 3n * TOKEN);
    await expectConservation(sys);
  });

  it("settling twice in one block, from two accounts, pays once", async () => {
    const sys = await networkHelpers.loadFixture(capacityFixture);
    const jobId = await postDrawable(sys);
    await sys.market.connect(sys.p).claim(jobId);
    await sys.market.connect(sys.p).submitResult(jobId, ethers.id("out"), "");
    await networkHelpers.time.increaseTo((await sys.market.getJob(jobId)).challengeEndsAt);
    await ethers.provider.send("evm_setAutomine", [false]);
    try {
      const gas = 500_000n;
      const first = await sys.market.connect(sys.requester).settle(jobId, { gasLimit: gas });
      const second = await sys.market.connect(sys.other).settle(jobId, { gasLimit: gas });
      await networkHelpers.mine();
      expect((await first.wait())!.status).to.equal(1);
      expect(
        await second.wait().then(
          () => "mined",
          () => "reverted",
        ),
      ).to.equal("reverted"); // JobMarketJobNotOpen
      expect((await ethers.provider.getTransactionReceipt(second.hash))!.blockNumber).to.equal(
        (await first.wait())!.blockNumber,
      );
    } finally {
      await ethers.provider.send("evm_setAutomine", [true]);
    }
    expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Completed);
    expect(await sys.market.claimable(sys.p.address)).to.equal(TOKEN - TOKEN / 40n);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(TOKEN);
    const rec = await providerOf(sys.registry, sys.p);
    expect([rec.activeJobs, rec.locked, rec.completed]).to.deep.equal([0n, 0n, 1n]);
    await expectConservation(sys);
  });
});
