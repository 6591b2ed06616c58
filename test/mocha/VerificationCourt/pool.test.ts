import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import {
  MFUEL,
  POOL_SEED,
  TOKEN,
  answer,
  claimAuditor,
  claimSlots,
  commitAll,
  commitVerdicts,
  currentCourtParameters,
  deploySystem,
  ethers,
  expectConservation,
  forceAudit,
  fund,
  networkHelpers,
  passChallengeWindow,
  postJob,
  revealAll,
  revealVerdicts,
  type System,
} from "../fixture.js";
import { deployMockSystem } from "../helpers/mockToken.js";
import { auditedJobFixture, nextDrawn, richFixture } from "../helpers/stages.js";

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
    expect(await mock.court.pool()).to.equal(POOL_SEED);
    await mock.token.approve(await mock.court.getAddress(), 100n * TOKEN);
    await mock.token.setFeeBps(50n);
    await expect(mock.court.fundPool(100n * TOKEN))
      .to.be.revertedWithCustomError(mock.court, "TransferShortfall")
      .withArgs(100n * TOKEN, (100n * TOKEN * 995n) / 1_000n);
  });
});

describe("VerificationCourt.maxVerifiableBudget", () => {
  it("test_maxVerifiableBudget_IsThePoolOverAnAuditorAndEveryPanelSeat", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    // Default court: panels of 3, at most 2 rounds, so an auditor and 6 seats, each paid at most one budget.
    expect(await sys.court.maxVerifiableBudget()).to.equal(POOL_SEED / 7n);
    await fund(sys, sys.other, 400n * TOKEN, await sys.court.getAddress());
    await sys.court.connect(sys.other).fundPool(400n * TOKEN);
    expect(await sys.court.maxVerifiableBudget()).to.equal(200n * TOKEN);
    // Larger panels and more rounds need more of the pool per budget: 1 + 5 x 3 = 16 seats.
    const params = await currentCourtParameters(sys.court);
    await sys.court.connect(sys.owner).setParameters({ ...params, panelSize: 5n, maxRounds: 3n, bondBps: 50_000n });
    expect(await sys.court.maxVerifiableBudget()).to.equal((1_400n * TOKEN) / 16n);
    // Funding and the parameter change reached the market, which checks postings against it.
    expect(await sys.market.maxVerifiableBudget()).to.equal((1_400n * TOKEN) / 16n);
  });

  it("test_maxVerifiableBudget_CountsOnlyTheFreePool", async () => {
    const sys = await networkHelpers.loadFixture(auditedJobFixture);
    const { budget } = await sys.market.getJob(sys.jobId);
    const auditor = await nextDrawn(sys, sys.jobId, sys.verifiers);
    await sys.court.connect(auditor).claimVerifier(sys.jobId);
    // The auditor's pay is reserved: what is left is what later jobs may count on.
    expect(await sys.court.reserved()).to.equal(budget);
    expect(await sys.court.maxVerifiableBudget()).to.equal((POOL_SEED - budget) / 7n);
    // The reservation lowered the market's bound in the same transaction: no job posted after it counts on that pay.
    expect(await sys.market.maxVerifiableBudget()).to.equal((POOL_SEED - budget) / 7n);
  });
});

/**
 * Two audited 520-token jobs whose results used the whole fuel limit, after a k = 7 job whose seven claimers all
 * abandoned it credited the court 2,695 tokens in the market (7 no-show slashes of 525 less the requester's 980,
 * capped at its seven budgets of 140). Both jobs are posted before either auditor reserves its pay, while the pool
 * (3,695) can verify a budget of 527: the court holds its 1,000-token seed itself and the rest as a market balance,
 * and owes each auditor 520 tokens (100 Mfuel at the job's 5.2 tokens per Mfuel), together more than it holds itself.
 */
async function owedFixture() {
  const sys = await richFixture();
  const abandoned = await postJob(sys, { replicas: 7, maxPricePerMfuel: (14n * TOKEN) / 10n }); // budget 140
  await claimSlots(sys, abandoned, sys.providers, 7);
  await networkHelpers.time.increaseTo((await sys.market.getJob(abandoned)).commitDeadline + 1n);
  await sys.market.settle(abandoned);
  expect(await sys.market.claimable(await sys.court.getAddress())).to.equal(2_695n * TOKEN);
  // Settlement's credit grew the pool; the market's bound follows once anyone asks the court to report it.
  await sys.court.syncVerifiableBudget();
  const price = (52n * TOKEN) / 10n; // 100 Mfuel at 5.2 tokens per Mfuel: a 520-token budget
  const jobs = [await postJob(sys, { maxPricePerMfuel: price }), await postJob(sys, { maxPricePerMfuel: price })];
  const full = answer("full", 100n * MFUEL);
  const claimers = [];
  for (const jobId of jobs) claimers.push(await claimSlots(sys, jobId, sys.providers, 1));
  const auditors: HardhatEthersSigner[] = [];
  for (const [i, jobId] of jobs.entries()) {
    await commitAll(sys, jobId, claimers[i]!, [full]);
    await forceAudit(sys, jobId, true);
    const auditor = await claimAuditor(
      sys,
      jobId,
      sys.verifiers.filter((v) => !auditors.includes(v)),
    );
    await commitVerdicts(sys, jobId, [auditor], [full]);
    await revealAll(sys, jobId, claimers[i]!, [full]);
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
    const pay = 520n * TOKEN;
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
    const pay = 520n * TOKEN;
    await sys.court.connect(a!).withdraw(); // 1,000 -> 480 tokens held by the court itself
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
