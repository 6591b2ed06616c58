import { ZeroHash } from "ethers";
import { expect } from "chai";
import {
  Fault,
  JobStatus,
  TOKEN,
  addProvider,
  answer,
  deploySystem,
  ethers,
  expectConservation,
  networkHelpers,
  passChallengeWindow,
  postJob,
  providerOf,
} from "../fixture.js";
import { deliver } from "../helpers/court.js";
import { expectedSettlement } from "../helpers/money.js";

/**
 * Claiming beyond capacity or collateral, unbonding while locked, settling twice. A lone staked provider is drawn for
 * every job at once (its stake is the total), so these tests need no lottery scheduling. Default job: budget 2,
 * collateral 30.
 */
async function loneProvider(stake: bigint, capacity: number) {
  const sys = await deploySystem();
  const p = sys.providers[0]!;
  await addProvider(sys, p, { stake, capacity });
  return { ...sys, p };
}
type Lone = Awaited<ReturnType<typeof loneProvider>>;
const capacityFixture = () => loneProvider(1_000n * TOKEN, 2);
const collateralFixture = () => loneProvider(60n * TOKEN, 10); // exactly two collaterals of 30 tokens

async function postDrawable(sys: Lone) {
  const jobId = await postJob(sys);
  await networkHelpers.mine(2); // the seed block
  return jobId;
}

/** `p` delivers the right answer unaudited and the job settles after its challenge window. */
async function completeJob(sys: Lone, jobId: bigint) {
  await deliver(sys, jobId, [sys.p], [answer("right")]);
  await passChallengeWindow(sys, jobId);
  return sys.market.settle(jobId);
}

describe("adversarial: Limits", () => {
  it("claiming beyond capacity: a provider with capacity 2 cannot hold a third assignment until one settles", async () => {
    const sys = await networkHelpers.loadFixture(capacityFixture);
    const jobs = [await postDrawable(sys), await postDrawable(sys), await postDrawable(sys)];
    await sys.market.connect(sys.p).claim(jobs[0]!, ZeroHash);
    await sys.market.connect(sys.p).claim(jobs[1]!, ZeroHash);
    await expect(sys.market.connect(sys.p).claim(jobs[2]!, ZeroHash))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryAtCapacity")
      .withArgs(sys.p.address, 2);
    let rec = await providerOf(sys.registry, sys.p);
    expect([rec.activeJobs, rec.locked]).to.deep.equal([2n, 60n * TOKEN]);

    await completeJob(sys, jobs[0]!);
    // jobs[2]'s claim window has closed meanwhile; a fresh job takes the freed capacity.
    await sys.market.connect(sys.p).claim(await postDrawable(sys), ZeroHash);
    rec = await providerOf(sys.registry, sys.p);
    expect([rec.activeJobs, rec.locked]).to.deep.equal([2n, 60n * TOKEN]);
    await expectConservation(sys);
  });

  it("claiming beyond collateral: free stake covers two collaterals, the third claim and any unbonding revert", async () => {
    const sys = await networkHelpers.loadFixture(collateralFixture);
    const jobs = [await postDrawable(sys), await postDrawable(sys), await postDrawable(sys)];
    await sys.market.connect(sys.p).claim(jobs[0]!, ZeroHash);
    await sys.market.connect(sys.p).claim(jobs[1]!, ZeroHash);
    await expect(sys.market.connect(sys.p).claim(jobs[2]!, ZeroHash))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryInsufficientFreeStake")
      .withArgs(30n * TOKEN, 0n);
    // Unbonding or withdrawing while everything is locked.
    await expect(sys.registry.connect(sys.p).requestUnstake(1n))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryInsufficientFreeStake")
      .withArgs(1n, 0n);
    await expect(sys.registry.connect(sys.p).withdraw())
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryNothingToWithdraw")
      .withArgs(sys.p.address);

    // One job times out as a no-show: a quarter of its collateral is slashed (7.5), the rest freed (22.5).
    await networkHelpers.time.increaseTo((await sys.market.getJob(jobs[0]!)).commitDeadline + 1n);
    await expect(sys.market.settle(jobs[0]!))
      .to.emit(sys.market, "AssignmentSlashed")
      .withArgs(jobs[0]!, sys.p.address, Fault.NoShow, (30n * TOKEN) / 4n);
    const rec = await providerOf(sys.registry, sys.p);
    expect([rec.stake, rec.locked]).to.deep.equal([(105n * TOKEN) / 2n, 30n * TOKEN]);
    // 22.5 free tokens do not cover a 30-token collateral.
    await expect(sys.market.connect(sys.p).claim(await postDrawable(sys), ZeroHash))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryInsufficientFreeStake")
      .withArgs(30n * TOKEN, (45n * TOKEN) / 2n);
    await expect(sys.registry.connect(sys.p).requestUnstake((45n * TOKEN) / 2n + 1n))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryInsufficientFreeStake")
      .withArgs((45n * TOKEN) / 2n + 1n, (45n * TOKEN) / 2n);
    await expectConservation(sys);
  });

  it("settling twice in one block, from two accounts, pays once", async () => {
    const sys = await networkHelpers.loadFixture(capacityFixture);
    const jobId = await postDrawable(sys);
    await sys.market.connect(sys.p).claim(jobId, ZeroHash);
    await deliver(sys, jobId, [sys.p], [answer("right")]);
    await passChallengeWindow(sys, jobId);
    await ethers.provider.send("evm_setAutomine", [false]);
    try {
      const gasLimit = 1_000_000n;
      const first = await sys.market.connect(sys.requester).settle(jobId, { gasLimit });
      const second = await sys.market.connect(sys.other).settle(jobId, { gasLimit });
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
    const job = await sys.market.getJob(jobId);
    expect(job.status).to.equal(JobStatus.Completed);
    const e = expectedSettlement({
      job,
      params: await sys.market.parameters(),
      completed: true,
      fuel: answer("right").fuel,
      winners: [{ pricePerMfuel: TOKEN / 100n }],
    });
    expect(await sys.market.claimable(sys.p.address)).to.equal(e.payments[0]); // 0.4
    expect(await sys.market.claimable(sys.requester.address)).to.equal(e.refund); // 1.6
    const rec = await providerOf(sys.registry, sys.p);
    expect([rec.activeJobs, rec.locked, rec.completed]).to.deep.equal([0n, 0n, 1n]);
    await expectConservation(sys);
  });
});
