import { expect } from "chai";
import {
  DAY,
  TOKEN,
  atNextBlock,
  claimSlots,
  ethers,
  expectConservation,
  networkHelpers,
  postJob,
  providerOf,
  providersFixture,
} from "../fixture.js";

describe("flow: Stake_Lock_Unbond_Withdraw", () => {
  it("unbonding never dips into locked collateral and pays out only after the unbonding period", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const unbonding = await sys.registry.unbondingPeriod();
    expect(unbonding).to.equal(7n * DAY);
    const jobId = await postJob(sys, { replicas: 1, maxPrice: 10n * TOKEN }); // collateral 20 tokens
    const [p] = await claimSlots(sys, jobId, sys.providers, 1);
    expect((await providerOf(sys.registry, p)).locked).to.equal(20n * TOKEN);

    // Everything but the locked collateral can be unbonded; not one wei more.
    await expect(sys.registry.connect(p).requestUnstake(1_000n * TOKEN))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryInsufficientFreeStake")
      .withArgs(1_000n * TOKEN, 980n * TOKEN);
    await expect(sys.registry.connect(p).requestUnstake(980n * TOKEN + 1n))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryInsufficientFreeStake")
      .withArgs(980n * TOKEN + 1n, 980n * TOKEN);
    const requestedAt = BigInt(await networkHelpers.time.latest()) + 1n;
    await atNextBlock(requestedAt);
    await sys.registry.connect(p).requestUnstake(980n * TOKEN);
    let rec = await providerOf(sys.registry, p);
    expect([rec.stake, rec.locked, rec.unbonding]).to.deep.equal([20n * TOKEN, 20n * TOKEN, 980n * TOKEN]);
    await expectConservation(sys);

    // Not before the unbonding period ends.
    await atNextBlock(requestedAt + unbonding - 1n);
    await expect(sys.registry.connect(p).withdraw())
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryStillUnbonding")
      .withArgs(requestedAt + unbonding, requestedAt + unbonding - 1n);

    // The job meanwhile timed out as a no-show: the slash comes out of the locked collateral, not the unbonding.
    await sys.market.settle(jobId);
    rec = await providerOf(sys.registry, p);
    expect([rec.stake, rec.locked, rec.unbonding]).to.deep.equal([15n * TOKEN, 0n, 980n * TOKEN]);
    await expectConservation(sys);

    await atNextBlock(requestedAt + unbonding);
    const tx = sys.registry.connect(p).withdraw();
    await expect(tx)
      .to.emit(sys.registry, "StakeWithdrawn")
      .withArgs(p.address, 980n * TOKEN);
    await expect(tx).to.changeTokenBalances(ethers, sys.token, [sys.registry, p], [-980n * TOKEN, 980n * TOKEN]);
    await expectConservation(sys);

    // The freed remainder starts a fresh delay of its own.
    const secondAt = BigInt(await networkHelpers.time.latest()) + 1n;
    await atNextBlock(secondAt);
    await expect(sys.registry.connect(p).requestUnstake(15n * TOKEN))
      .to.emit(sys.registry, "UnstakeRequested")
      .withArgs(
        p.address,
        15n * TOKEN,
        0n,
        15n * TOKEN,
        secondAt + unbonding,
        (await sys.registry.totalStake()) - 15n * TOKEN,
      );
    await networkHelpers.time.increaseTo(secondAt + unbonding);
    await sys.registry.connect(p).withdraw();
    rec = await providerOf(sys.registry, p);
    expect([rec.stake, rec.locked, rec.unbonding]).to.deep.equal([0n, 0n, 0n]);
    expect(await sys.token.balanceOf(p.address)).to.equal(995n * TOKEN); // 1,000 staked, 5 slashed
    await expectConservation(sys);
  });

  it("stake unbonded after posting still counts for that job's draw, but cannot be locked", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys);
    const { postedBlock } = await sys.market.getJob(jobId);
    const p = sys.providers[0];
    await sys.registry.connect(p).requestUnstake(997n * TOKEN); // 3 tokens left, collateral is 4
    expect(await sys.registry.stakeAt(p.address, postedBlock)).to.equal(1_000n * TOKEN);
    await expect(sys.market.connect(p).claim(jobId))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryInsufficientFreeStake")
      .withArgs(4n * TOKEN, 3n * TOKEN);
  });
});
