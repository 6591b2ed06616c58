import { ZeroHash } from "ethers";
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

/**
 * Stake, lock collateral on a claim, unbond the rest, withdraw after the unbonding period. Unbonding never dips into
 * locked collateral, and a slash during unbonding comes out of the lock. Job: budget 10 (0.1 per Mfuel), so its
 * collateral is 150 (15x).
 */
describe("flow: Stake_Lock_Unbond_Withdraw", () => {
  it("unbonding never dips into locked collateral and pays out only after the unbonding period", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const unbonding = await sys.registry.unbondingPeriod();
    expect(unbonding).to.equal(7n * DAY);
    const jobId = await postJob(sys, { maxPricePerMfuel: TOKEN / 10n });
    const [p] = await claimSlots(sys, jobId, sys.providers, 1);
    expect((await providerOf(sys.registry, p!)).locked).to.equal(150n * TOKEN);

    // Everything but the locked collateral can be unbonded; not one wei more.
    await expect(sys.registry.connect(p!).requestUnstake(1_000n * TOKEN))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryInsufficientFreeStake")
      .withArgs(1_000n * TOKEN, 850n * TOKEN);
    await expect(sys.registry.connect(p!).requestUnstake(850n * TOKEN + 1n))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryInsufficientFreeStake")
      .withArgs(850n * TOKEN + 1n, 850n * TOKEN);
    const requestedAt = BigInt(await networkHelpers.time.latest()) + 1n;
    await atNextBlock(requestedAt);
    await sys.registry.connect(p!).requestUnstake(850n * TOKEN);
    let rec = await providerOf(sys.registry, p!);
    expect([rec.stake, rec.locked, rec.unbonding]).to.deep.equal([150n * TOKEN, 150n * TOKEN, 850n * TOKEN]);
    await expectConservation(sys);

    // Not before the unbonding period ends.
    await atNextBlock(requestedAt + unbonding - 1n);
    await expect(sys.registry.connect(p!).withdraw())
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryStillUnbonding")
      .withArgs(requestedAt + unbonding, requestedAt + unbonding - 1n);

    // The job meanwhile timed out as a no-show: the slash (a quarter, 37.5) comes out of the lock, not the unbonding.
    await sys.market.settle(jobId);
    rec = await providerOf(sys.registry, p!);
    expect([rec.stake, rec.locked, rec.unbonding]).to.deep.equal([(225n * TOKEN) / 2n, 0n, 850n * TOKEN]);
    await expectConservation(sys);

    await atNextBlock(requestedAt + unbonding);
    const tx = sys.registry.connect(p!).withdraw();
    await expect(tx)
      .to.emit(sys.registry, "StakeWithdrawn")
      .withArgs(p!.address, 850n * TOKEN);
    await expect(tx).to.changeTokenBalances(ethers, sys.token, [sys.registry, p!], [-850n * TOKEN, 850n * TOKEN]);
    await expectConservation(sys);

    // The freed remainder starts a fresh delay of its own.
    const secondAt = BigInt(await networkHelpers.time.latest()) + 1n;
    await atNextBlock(secondAt);
    const rest = (225n * TOKEN) / 2n;
    await expect(sys.registry.connect(p!).requestUnstake(rest))
      .to.emit(sys.registry, "UnstakeRequested")
      .withArgs(p!.address, rest, 0n, rest, secondAt + unbonding, (await sys.registry.totalStake()) - rest);
    await networkHelpers.time.increaseTo(secondAt + unbonding);
    await sys.registry.connect(p!).withdraw();
    rec = await providerOf(sys.registry, p!);
    expect([rec.stake, rec.locked, rec.unbonding]).to.deep.equal([0n, 0n, 0n]);
    expect(await sys.token.balanceOf(p!.address)).to.equal((1_925n * TOKEN) / 2n); // 1,000 staked, 37.5 slashed
    await expectConservation(sys);
  });

  it("stake unbonded after posting still counts for that job's draw, but cannot be locked", async () => {
    const sys = await networkHelpers.loadFixture(providersFixture);
    const jobId = await postJob(sys);
    const { postedBlock } = await sys.market.getJob(jobId);
    const p = sys.providers[0]!;
    await sys.registry.connect(p).requestUnstake(971n * TOKEN); // 29 tokens left, the collateral is 30
    expect(await sys.registry.stakeAt(p.address, postedBlock - 1n)).to.equal(1_000n * TOKEN);
    await networkHelpers.time.setNextBlockTimestamp((await sys.market.getJob(jobId)).claimDeadline); // drawn by then
    await expect(sys.market.connect(p).claim(jobId, ZeroHash))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryInsufficientFreeStake")
      .withArgs(30n * TOKEN, 29n * TOKEN);
    await networkHelpers.mine();
    expect(await sys.market.isDrawn(jobId, p.address)).to.equal(true);
    await expectConservation(sys);
  });
});
