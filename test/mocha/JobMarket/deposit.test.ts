import { expect } from "chai";
import type { Log } from "ethers";
import {
  TOKEN,
  deploySystem,
  ethers,
  expectConservation,
  fund,
  jobRequest,
  networkHelpers,
  postJob,
  type System,
} from "../fixture.js";
import { deployMockSystem } from "../helpers/mockToken.js";
import { signPermit } from "../helpers/permit.js";

/** Deposits `amount` for the requester (funded and approved for exactly that). */
async function deposit(sys: System, amount: bigint) {
  await fund(sys, sys.requester, amount, await sys.market.getAddress());
  return sys.market.connect(sys.requester).deposit(amount);
}

async function escrowOf(sys: System, replicas = 1) {
  return (await sys.market.escrowFor(await jobRequest({ replicas })))[0];
}

describe("JobMarket.deposit", () => {
  it("test_deposit_CreditsTheCallersBalanceAndEmitsDeposited", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const tx = deposit(sys, 25n * TOKEN);
    await expect(tx)
      .to.emit(sys.market, "Deposited")
      .withArgs(sys.requester.address, 25n * TOKEN);
    await expect(tx).to.changeTokenBalances(
      ethers,
      sys.token,
      [sys.market, sys.requester],
      [25n * TOKEN, -25n * TOKEN],
    );
    expect(await sys.market.claimable(sys.requester.address)).to.equal(25n * TOKEN);
    await expectConservation(sys);
  });

  it("test_deposit_IsWithdrawableInFull", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await deposit(sys, 7n * TOKEN);
    const tx = sys.market.connect(sys.requester).withdraw();
    await expect(tx)
      .to.emit(sys.market, "Withdrawn")
      .withArgs(sys.requester.address, 7n * TOKEN);
    await expect(tx).to.changeTokenBalances(ethers, sys.token, [sys.market, sys.requester], [-7n * TOKEN, 7n * TOKEN]);
    await expectConservation(sys);
  });

  it("test_deposit_RevertWhen_Zero", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.market.connect(sys.requester).deposit(0n)).to.be.revertedWithCustomError(
      sys.market,
      "JobMarketZeroDeposit",
    );
  });

  it("test_deposit_RevertWhen_AllowanceTooLow", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await fund(sys, sys.requester, 5n * TOKEN); // funded, not approved
    await expect(sys.market.connect(sys.requester).deposit(5n * TOKEN))
      .to.be.revertedWithCustomError(sys.token, "ERC20InsufficientAllowance")
      .withArgs(await sys.market.getAddress(), 0n, 5n * TOKEN);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(0n);
  });

  it("test_deposit_RevertWhen_TransferShortfall", async () => {
    const mock = await networkHelpers.loadFixture(deployMockSystem);
    await mock.token.transfer(mock.requester.address, 10n * TOKEN);
    await mock.token.connect(mock.requester).approve(await mock.market.getAddress(), 10n * TOKEN);
    await mock.token.setFeeBps(100n); // a 1% fee-on-transfer token would credit more than arrived
    await expect(mock.market.connect(mock.requester).deposit(10n * TOKEN))
      .to.be.revertedWithCustomError(mock.market, "TransferShortfall")
      .withArgs(10n * TOKEN, (10n * TOKEN * 99n) / 100n);
  });
});

/** JobPosted's `escrowFromBalance` in a posting's receipt: whether the escrow came from the requester's balance. */
async function postedFromBalance(
  sys: System,
  tx: Promise<{ wait: () => Promise<{ logs: readonly Log[] } | null> }>,
): Promise<boolean> {
  const receipt = (await (await tx).wait())!;
  const posted = receipt.logs.map((l) => sys.market.interface.parseLog(l)).find((l) => l?.name === "JobPosted");
  return posted!.args.escrowFromBalance as boolean;
}

describe("JobMarket.postJob from the requester's balance", () => {
  it("test_postJob_TakesTheEscrowFromACoveringBalanceWithoutAnAllowance", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const escrow = await escrowOf(sys, 3);
    await deposit(sys, escrow + 3n * TOKEN);
    expect(await sys.token.allowance(sys.requester.address, await sys.market.getAddress())).to.equal(0n);
    const tx = sys.market.connect(sys.requester).postJob(await jobRequest({ replicas: 3 }));
    expect(await postedFromBalance(sys, tx)).to.equal(true);
    await expect(tx).to.changeTokenBalances(ethers, sys.token, [sys.market, sys.requester], [0n, 0n]);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(3n * TOKEN);
    await expectConservation(sys);
  });

  it("test_postJob_SpendsABalanceEqualToTheEscrowToZero", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const escrow = await escrowOf(sys);
    await deposit(sys, escrow);
    expect(await postedFromBalance(sys, sys.market.connect(sys.requester).postJob(await jobRequest()))).to.equal(true);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(0n);
    await expect(sys.market.connect(sys.requester).withdraw()).to.be.revertedWithCustomError(
      sys.market,
      "JobMarketNothingToWithdraw",
    );
    // The slot stays non-zero: a later credit (the job's refund) lands exactly.
    await sys.market.connect(sys.requester).cancelJob(1n);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(escrow);
    await expectConservation(sys);
  });

  it("test_postJob_PullsTheWholeEscrowWhenTheBalanceIsShortAndLeavesTheBalance", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const escrow = await escrowOf(sys);
    await deposit(sys, escrow - 1n);
    await fund(sys, sys.requester, escrow, await sys.market.getAddress());
    const tx = sys.market.connect(sys.requester).postJob(await jobRequest());
    expect(await postedFromBalance(sys, tx)).to.equal(false);
    await expect(tx).to.changeTokenBalances(ethers, sys.token, [sys.market, sys.requester], [escrow, -escrow]);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(escrow - 1n);
    await expectConservation(sys);
  });

  it("test_postJob_RevertWhen_BalanceShortAndNoAllowance", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const escrow = await escrowOf(sys);
    await deposit(sys, escrow - 1n);
    await fund(sys, sys.requester, escrow); // funded, not approved
    await expect(sys.market.connect(sys.requester).postJob(await jobRequest()))
      .to.be.revertedWithCustomError(sys.token, "ERC20InsufficientAllowance")
      .withArgs(await sys.market.getAddress(), 0n, escrow);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(escrow - 1n);
  });

  it("test_postJob_ARefundPaysTheNextPosting", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const first = await postJob(sys); // pulled from the wallet
    await sys.market.connect(sys.requester).cancelJob(first);
    expect(await postedFromBalance(sys, sys.market.connect(sys.requester).postJob(await jobRequest()))).to.equal(true);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(0n);
    await expectConservation(sys);
  });

  it("test_postJob_OnlyTheCallersOwnBalancePays", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const [, , , , , , other] = await ethers.getSigners();
    const escrow = await escrowOf(sys);
    await deposit(sys, 10n * escrow); // the requester's balance, not `other`'s
    await fund(sys, other, escrow); // not approved
    await expect(sys.market.connect(other).postJob(await jobRequest())).to.be.revertedWithCustomError(
      sys.token,
      "ERC20InsufficientAllowance",
    );
    expect(await sys.market.claimable(sys.requester.address)).to.equal(10n * escrow);
  });

  it("test_postJobWithPermit_UsesTheBalanceAndLeavesThePermitUnspent", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const req = await jobRequest();
    const [escrow] = await sys.market.escrowFor(req);
    await deposit(sys, escrow);
    const deadline = BigInt(await networkHelpers.time.latest()) + 3_600n;
    const { v, r, s } = await signPermit(sys.token, sys.requester, await sys.market.getAddress(), escrow, deadline);
    const tx = sys.market.connect(sys.requester).postJobWithPermit(req, deadline, v, r, s);
    expect(await postedFromBalance(sys, tx)).to.equal(true);
    expect(await sys.market.claimable(sys.requester.address)).to.equal(0n);
    await expectConservation(sys);
  });

  it("test_postJob_FromTheBalanceCostsOver10kGasLessThanAPull", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const escrow = await escrowOf(sys);
    const gasOf = async (tx: Promise<{ wait: () => Promise<{ gasUsed: bigint } | null> }>) =>
      (await (await tx).wait())!.gasUsed;
    // Both postings find a requester whose balance slot already exists, so they differ only in how the escrow comes.
    // The pull spends an exact allowance (as the SDK approves), whose zeroing refund narrows the gap to about 13k; with a
    // standing allowance the gap is about 18k.
    await deposit(sys, escrow - 1n);
    await fund(sys, sys.requester, 2n * escrow, await sys.market.getAddress());
    await gasOf(sys.market.connect(sys.requester).postJob(await jobRequest({ bundleHash: ethers.id("warm") })));
    const pulled = await gasOf(sys.market.connect(sys.requester).postJob(await jobRequest()));
    await deposit(sys, 2n);
    const fromBalance = await gasOf(sys.market.connect(sys.requester).postJob(await jobRequest()));
    expect(pulled - fromBalance).to.be.greaterThan(10_000n);
  });
});
