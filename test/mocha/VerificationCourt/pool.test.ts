import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import {
  MFUEL,
  POOL_SEED,
  TOKEN,
  answer,
  claimAuditor,
  claimSlots,
  commitVerdicts,
  deploySystem,
  ethers,
  expectConservation,
  fund,
  networkHelpers,
  passChallengeWindow,
  postJob,
  revealAll,
  revealVerdicts,
  type System,
} from "../fixture.js";
import { deployMockSystem } from "../helpers/mockToken.js";
import { richFixture, toAudited } from "../helpers/stages.js";

describe("VerificationCourt.fundPool", () => {
  it("test_fundPool_AddsToThePoolAndEmitsPoolFunded", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    expect(await sys.court.pool()).to.equal(POOL_SEED); // seeded by the fixture
    await fund(sys, sys.other, 5n * TOKEN, await sys.court.getAddress());
    const tx = sys.court.connect(sys.other).fundPool(5n * TOKEN);
    await expect(tx)
      .to.emit(sys.court, "PoolFunded")
      .withArgs(sys.other.address, 5n * TOKEN);
    await expect(tx).to.changeTokenBalances(ethers, sys.token, [sys.other, sys.court], [-5n * TOKEN, 5n * TOKEN]);
    expect(await sys.court.pool()).to.equal(POOL_SEED + 5n * TOKEN);
    expect(await sys.court.reserved()).to.equal(0n);
    await expectConservation(sys);
  });

  it("test_fundPool_RevertWhen_ZeroAmount", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.court.fundPool(0n)).to.be.revertedWithCustomError(sys.court, "VerificationCourtZeroAmount");
  });

  it("test_fundPool_RevertWhen_TransferShortfall", async () => {
    const mock = await networkHelpers.loadFixture(deployMockSystem);
    expect(await mock.court.pool()).to.equal(0n);
    await mock.token.approve(await mock.court.getAddress(), 100n * TOKEN);
    await mock.token.setFeeBps(50n);
    await expect(mock.court.fundPool(100n * TOKEN))
      .to.be.revertedWithCustomError(mock.court, "VerificationCourtTransferShortfall")
      .withArgs(100n * TOKEN, (100n * TOKEN * 995n) / 1_000n);
  });
});

/**
 * Two audited 600-token jobs whose results used the whole fuel limit, after a no-show job credited the court 1,650
 * tokens in the market (its 2,250-token slash less the requester's 600, capped at the budget): the court holds its
 * 1,000-token seed itself and the rest as a market balance, and owes each auditor 600 tokens (100 Mfuel at the job's
 * 6 tokens per Mfuel).
 */
async function owedFixture() {
  const sys = await richFixture();
  const price = 6n * TOKEN; // 100 Mfuel at 6 tokens per Mfuel: a 600-token budget, 9,000 tokens of collateral
  const noShow = await postJob(sys, { maxPricePerMfuel: price });
  await claimSlots(sys, noShow, sys.providers, 1);
  await networkHelpers.time.increaseTo((await sys.market.getJob(noShow)).commitDeadline + 1n);
  await sys.market.settle(noShow);
  const auditors: HardhatEthersSigner[] = [];
  const full = answer("full", 100n * MFUEL);
  for (let i = 0; i < 2; i++) {
    const { jobId, claimers } = await toAudited(sys, [full], { maxPricePerMfuel: price });
    const auditor = await claimAuditor(
      sys,
      jobId,
      sys.verifiers.filter((v) => !auditors.includes(v)),
    );
    await commitVerdicts(sys, jobId, [auditor], [full]);
    await revealAll(sys, jobId, claimers, [full]);
    await revealVerdicts(sys, jobId, [auditor], [full]);
    await passChallengeWindow(sys, jobId);
    await sys.market.settle(jobId);
    auditors.push(auditor);
  }
  return { ...sys, auditors };
}

async function holdings(sys: System) {
  const court = await sys.court.getAddress();
  return { own: await sys.token.balanceOf(court), inMarket: await sys.market.claimable(court) };
}

describe("VerificationCourt.withdraw", () => {
  it("test_withdraw_PaysTheVerifierAndEmitsWithdrawn", async () => {
    const sys = await networkHelpers.loadFixture(owedFixture);
    const [a] = sys.auditors;
    const pay = 600n * TOKEN;
    expect(await sys.court.claimable(a!.address)).to.equal(pay);
    const pool = await sys.court.pool();
    const tx = sys.court.connect(a!).withdraw();
    await expect(tx).to.emit(sys.court, "Withdrawn").withArgs(a!.address, pay);
    await expect(tx).to.changeTokenBalances(ethers, sys.token, [sys.court, a!], [-pay, pay]);
    await expect(tx).to.not.emit(sys.market, "Withdrawn"); // its own balance sufficed
    expect(await sys.court.claimable(a!.address)).to.equal(0n);
    expect(await sys.court.pool()).to.equal(pool);
    await expectConservation(sys);
  });

  it("test_withdraw_CollectsTheCourtsMarketBalanceWhenItsOwnIsShort", async () => {
    const sys = await networkHelpers.loadFixture(owedFixture);
    const [a, b] = sys.auditors;
    const pay = 600n * TOKEN;
    await sys.court.connect(a!).withdraw(); // 1,000 -> 400 tokens held by the court itself
    const before = await holdings(sys);
    expect(before.own).to.equal(POOL_SEED - pay);
    expect(before.inMarket).to.be.greaterThan(pay);
    const tx = sys.court.connect(b!).withdraw();
    await expect(tx)
      .to.emit(sys.market, "Withdrawn")
      .withArgs(await sys.court.getAddress(), before.inMarket);
    await expect(tx).to.emit(sys.court, "Withdrawn").withArgs(b!.address, pay);
    await expect(tx).to.changeTokenBalances(ethers, sys.token, [sys.market, b!], [-before.inMarket, pay]);
    expect(await holdings(sys)).to.deep.equal({ own: before.own + before.inMarket - pay, inMarket: 0n });
    await expectConservation(sys);
  });

  it("test_withdraw_RevertWhen_NothingToWithdraw", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.court.connect(sys.other).withdraw())
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtNothingToWithdraw")
      .withArgs(sys.other.address);
  });

  it("test_withdraw_RevertWhen_CalledTwice", async () => {
    const sys = await networkHelpers.loadFixture(owedFixture);
    const [a] = sys.auditors;
    await sys.court.connect(a!).withdraw();
    await expect(sys.court.connect(a!).withdraw())
      .to.be.revertedWithCustomError(sys.court, "VerificationCourtNothingToWithdraw")
      .withArgs(a!.address);
  });
});
