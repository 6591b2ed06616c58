import { expect } from "chai";
import {
  AuditState,
  DAY,
  JobStatus,
  MFUEL,
  POOL_SEED,
  TOKEN,
  atNextBlock,
  deploySystem,
  ethers,
  expectConservation,
  fund,
  jobRequest,
  networkHelpers,
  type System,
} from "../fixture.js";
import { deployMockSystem } from "../helpers/mockToken.js";
import { signPermit } from "../helpers/permit.js";

const MIN_PHASE = 30n;
const MAX_JOB_DURATION = 30n * DAY;
const MAX_BUDGET = (2n ** 96n - 1n) / 32n;
/** The default job: 100 Mfuel at most 0.02 token per Mfuel, so one replica's budget is 2 tokens. */
const BUDGET = 2n * TOKEN;
/** 30 s to fetch and instantiate plus 100 Mfuel at the reference 50 Mfuel per second. */
const EXECUTION = 32n;

/** A request whose deadlines are offsets from `postAt`, the timestamp the posting transaction will have. */
function requestAt(postAt: bigint, o: { replicas?: number; claim?: bigint; commit?: bigint } = {}) {
  const claimDeadline = postAt + (o.claim ?? 600n);
  return {
    resourceClass: 0,
    replicas: o.replicas ?? 1,
    maxFuel: 100n * MFUEL,
    maxPricePerMfuel: TOKEN / 50n,
    minReputation: 0,
    claimDeadline,
    commitDeadline: claimDeadline + (o.commit ?? 600n),
    bundleHash: ethers.id("bundle"),
    bundleURI: "ipfs://bafybundle",
  };
}

/** Funds the requester generously and returns the timestamp the next transaction will be mined at. */
async function prepare(sys: System) {
  await fund(sys, sys.requester, 1_000n * TOKEN, await sys.market.getAddress());
  const postAt = BigInt(await networkHelpers.time.latest()) + 100n;
  await atNextBlock(postAt);
  return postAt;
}

describe("JobMarket.postJob", () => {
  it("test_postJob_EscrowsBudgetsFeeAndAuditFeeAndEmitsJobPosted", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const req = await jobRequest({ replicas: 3, resourceClass: 5, minReputation: 2 });
    const fee = (3n * BUDGET * 250n) / 10_000n; // 2.5% of the job's total budget
    const auditFee = (BUDGET * 1_200n) / 10_000n; // 12% of one replica's budget
    const escrow = 3n * BUDGET + fee + auditFee;
    expect(await sys.market.escrowFor(req)).to.deep.equal([escrow, BUDGET]);
    await fund(sys, sys.requester, escrow, await sys.market.getAddress());
    const tx = sys.market.connect(sys.requester).postJob(req);
    await expect(tx)
      .to.emit(sys.market, "JobPosted")
      .withArgs(
        1n,
        sys.requester.address,
        5,
        3,
        100n * MFUEL,
        TOKEN / 50n,
        BUDGET,
        15n * BUDGET, // collateral: 150,000 bps of one budget
        2,
        fee,
        auditFee,
        1_000,
        req.claimDeadline,
        req.commitDeadline,
        req.bundleHash,
        req.bundleURI,
        false, // pulled from the wallet: no balance in the market
      );
    await expect(tx).to.changeTokenBalances(ethers, sys.token, [sys.requester, sys.market], [-escrow, escrow]);
    await expectConservation(sys);
  });

  it("test_postJob_RecordsTheJob", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const postAt = await prepare(sys);
    const req = { ...requestAt(postAt, { replicas: 2 }), resourceClass: 7, minReputation: 9 };
    const receipt = await (await sys.market.connect(sys.requester).postJob(req)).wait();
    expect(await sys.market.jobCount()).to.equal(1n);
    const job = await sys.market.getJob(1n);
    expect([job.requester, job.status, job.audit]).to.deep.equal([
      sys.requester.address,
      JobStatus.Open,
      AuditState.Undecided,
    ]);
    expect([job.replicas, job.claimed, job.committedMask, job.revealedMask]).to.deep.equal([2n, 0n, 0n, 0n]);
    expect([job.resourceClass, job.minReputation, job.maxFuel, job.maxPricePerMfuel]).to.deep.equal([
      7n,
      9n,
      100n * MFUEL,
      TOKEN / 50n,
    ]);
    expect([job.budget, job.collateral, job.fee, job.auditFee, job.auditRateBps]).to.deep.equal([
      BUDGET,
      30n * TOKEN,
      (2n * BUDGET * 250n) / 10_000n,
      (BUDGET * 1_200n) / 10_000n,
      1_000n,
    ]);
    expect([job.postedBlock, job.postedAt, job.claimDeadline, job.commitDeadline]).to.deep.equal([
      BigInt(receipt!.blockNumber),
      postAt,
      req.claimDeadline,
      req.commitDeadline,
    ]);
    expect([job.fuel, job.commitsClosedBlock, job.commitsClosedAt, job.revealsClosedAt]).to.deep.equal([
      0n,
      0n,
      0n,
      0n,
    ]);
    // The lottery's total as of the block before posting is recorded once (nothing staked in this fixture; claim
    // tests draw against it): no claim reads the total's history.
    expect(job.totalStake).to.equal(await sys.registry.totalStakeAt(job.postedBlock - 1n));
    expect(await sys.market.timeline(1n)).to.deep.equal([0n, 0n, 0n, 0n]); // nothing known before the audit decision
    expect(await sys.market.getAssignments(1n)).to.deep.equal([]);
    expect(await sys.market.isSettleable(1n)).to.equal(false);
    expect(await sys.market.isParty(1n, sys.requester.address)).to.equal(true);
    expect(await sys.market.isParty(1n, sys.other.address)).to.equal(false);
  });

  it("test_postJob_NumbersJobsSequentially", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await fund(sys, sys.requester, 100n * TOKEN, await sys.market.getAddress());
    for (const expected of [1n, 2n, 3n]) {
      const tx = sys.market.connect(sys.requester).postJob(await jobRequest());
      await expect(tx).to.emit(sys.market, "JobPosted");
      expect(await sys.market.jobCount()).to.equal(expected);
    }
  });

  it("test_postJob_FloorsCollateralAndFeeAtTheirMinimums", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const postAt = await prepare(sys);
    const { minCollateral, minFee, minBudget } = await sys.market.parameters();
    // The smallest budget: 1 Mfuel at minBudget per Mfuel. 15x of it and 2.5% of it are below the floors.
    const req = { ...requestAt(postAt), maxFuel: MFUEL, maxPricePerMfuel: minBudget };
    const auditFee = (minBudget * 1_200n) / 10_000n;
    await expect(sys.market.connect(sys.requester).postJob(req)).to.emit(sys.market, "JobPosted").withArgs(
      1n,
      sys.requester.address,
      0,
      1,
      MFUEL,
      minBudget,
      minBudget,
      minCollateral,
      0,
      minFee,
      auditFee,
      1_000,
      req.claimDeadline,
      req.commitDeadline,
      req.bundleHash,
      req.bundleURI,
      false, // pulled from the wallet: no balance in the market
    );
    expect(await sys.token.balanceOf(await sys.market.getAddress())).to.equal(minBudget + minFee + auditFee);
  });

  it("test_postJob_AcceptsEveryBoundary", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const postAt = await prepare(sys);
    // Shortest claim phase, a commit deadline exactly the execution time after the minimum phase, the largest k,
    // the last class, a 512-byte URI.
    const req = {
      ...requestAt(postAt, { replicas: 7, claim: MIN_PHASE }),
      commitDeadline: postAt + MIN_PHASE + EXECUTION,
      resourceClass: 31,
      bundleURI: "x".repeat(512),
    };
    await expect(sys.market.connect(sys.requester).postJob(req)).to.emit(sys.market, "JobPosted");
    // The commit deadline exactly MAX_JOB_DURATION after posting.
    const postAt2 = BigInt(await networkHelpers.time.latest()) + 10n;
    await atNextBlock(postAt2);
    const long = requestAt(postAt2, { claim: MAX_JOB_DURATION - 600n, commit: 600n });
    await expect(sys.market.connect(sys.requester).postJob(long)).to.emit(sys.market, "JobPosted");
  });

  it("test_postJob_RevertWhen_Paused", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await sys.market.connect(sys.owner).pause();
    await fund(sys, sys.requester, 10n * TOKEN, await sys.market.getAddress());
    await expect(sys.market.connect(sys.requester).postJob(await jobRequest())).to.be.revertedWithCustomError(
      sys.market,
      "JobMarketPaused",
    );
  });

  for (const replicas of [0, 8]) {
    it(`test_postJob_RevertWhen_ReplicasIs${replicas}`, async () => {
      const sys = await networkHelpers.loadFixture(deploySystem);
      const postAt = await prepare(sys);
      const req = { ...requestAt(postAt), replicas };
      await expect(sys.market.connect(sys.requester).postJob(req))
        .to.be.revertedWithCustomError(sys.market, "JobMarketInvalidReplicas")
        .withArgs(replicas, 7);
    });
  }

  it("test_postJob_RevertWhen_ResourceClassAbove31", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const postAt = await prepare(sys);
    await expect(sys.market.connect(sys.requester).postJob({ ...requestAt(postAt), resourceClass: 32 }))
      .to.be.revertedWithCustomError(sys.market, "JobMarketInvalidResourceClass")
      .withArgs(32);
  });

  it("test_postJob_RevertWhen_BudgetBelowMinBudget", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const postAt = await prepare(sys);
    const { minBudget } = await sys.market.parameters();
    const req = { ...requestAt(postAt), maxFuel: MFUEL, maxPricePerMfuel: minBudget - 1n };
    await expect(sys.market.connect(sys.requester).postJob(req))
      .to.be.revertedWithCustomError(sys.market, "JobMarketBudgetOutOfBounds")
      .withArgs(minBudget - 1n, minBudget, MAX_BUDGET);
  });

  it("test_postJob_RevertWhen_BudgetAboveMaxBudget", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const postAt = await prepare(sys);
    const { minBudget } = await sys.market.parameters();
    expect(await sys.market.MAX_BUDGET()).to.equal(MAX_BUDGET);
    const maxFuel = 2n ** 64n - 1n;
    const maxPricePerMfuel = 2n ** 64n - 1n;
    const budget = (maxFuel * maxPricePerMfuel) / MFUEL;
    await expect(sys.market.connect(sys.requester).postJob({ ...requestAt(postAt), maxFuel, maxPricePerMfuel }))
      .to.be.revertedWithCustomError(sys.market, "JobMarketBudgetOutOfBounds")
      .withArgs(budget, minBudget, MAX_BUDGET);
  });

  it("test_postJob_RevertWhen_TheCourtCouldNotVerifyTheBudget", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const postAt = await prepare(sys);
    // The 1,000-token pool pays an auditor and two panels of three at most a budget each: 1,000 / 7 per budget.
    const max = POOL_SEED / 7n;
    expect(await sys.court.maxVerifiableBudget()).to.equal(max);
    const req = { ...requestAt(postAt), maxPricePerMfuel: (15n * TOKEN) / 10n }; // 100 Mfuel at 1.5: budget 150
    const balance = await sys.token.balanceOf(sys.requester.address);
    await expect(sys.market.connect(sys.requester).postJob(req))
      .to.be.revertedWithCustomError(sys.market, "JobMarketUnverifiable")
      .withArgs(150n * TOKEN, max);
    expect(await sys.token.balanceOf(sys.requester.address)).to.equal(balance);
    expect(await sys.market.jobCount()).to.equal(0n);
  });

  it("test_postJob_AcceptsABudgetOfExactlyMaxVerifiableBudget_AndFundingThePoolMovesTheBound", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const budget = 200n * TOKEN; // 100 Mfuel at 2 per Mfuel
    // A pool one wei short of seven budgets verifies at most budget - 1: the job is one wei too large.
    await fund(sys, sys.other, 7n * budget, await sys.court.getAddress());
    await sys.court.connect(sys.other).fundPool(7n * budget - 1n - POOL_SEED);
    expect(await sys.court.maxVerifiableBudget()).to.equal(budget - 1n);
    let postAt = await prepare(sys);
    await expect(sys.market.connect(sys.requester).postJob({ ...requestAt(postAt), maxPricePerMfuel: 2n * TOKEN }))
      .to.be.revertedWithCustomError(sys.market, "JobMarketUnverifiable")
      .withArgs(budget, budget - 1n);
    // One more wei in the pool: the same budget is exactly what the court can verify, and the job is posted.
    await sys.court.connect(sys.other).fundPool(1n);
    expect(await sys.court.maxVerifiableBudget()).to.equal(budget);
    postAt = BigInt(await networkHelpers.time.latest()) + 10n;
    await atNextBlock(postAt);
    await expect(
      sys.market.connect(sys.requester).postJob({ ...requestAt(postAt), maxPricePerMfuel: 2n * TOKEN }),
    ).to.emit(sys.market, "JobPosted");
    expect((await sys.market.getJob(1n)).budget).to.equal(budget);
    await expectConservation(sys);
  });

  it("test_postJob_ChecksTheCourtsLastReport_AGrowthCountsOnceSynced_AndOnlyTheCourtReports", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const budget = 200n * TOKEN; // 100 Mfuel at 2 per Mfuel; the seeded pool verifies 1,000 / 7
    expect(await sys.market.maxVerifiableBudget()).to.equal(POOL_SEED / 7n);
    // Tokens sent to the court (as settlement's audit fees and slashes reach it) grow its pool at once...
    await sys.token.connect(sys.deployer).transfer(await sys.court.getAddress(), 7n * budget - POOL_SEED);
    expect(await sys.court.maxVerifiableBudget()).to.equal(budget);
    // ...but the market checks the court's last report: never more than the court can verify, possibly less.
    expect(await sys.market.maxVerifiableBudget()).to.equal(POOL_SEED / 7n);
    const postAt = await prepare(sys);
    const req = { ...requestAt(postAt), maxPricePerMfuel: 2n * TOKEN };
    await expect(sys.market.connect(sys.requester).postJob(req))
      .to.be.revertedWithCustomError(sys.market, "JobMarketUnverifiable")
      .withArgs(budget, POOL_SEED / 7n);
    // Anyone may make the growth count.
    await expect(sys.court.connect(sys.other).syncVerifiableBudget())
      .to.emit(sys.market, "VerifiableBudgetUpdated")
      .withArgs(budget);
    await expect(sys.court.connect(sys.other).syncVerifiableBudget()).not.to.emit(
      sys.market,
      "VerifiableBudgetUpdated",
    );
    await atNextBlock(postAt + 5n);
    await expect(sys.market.connect(sys.requester).postJob({ ...req })).to.emit(sys.market, "JobPosted");
    // Nobody but the court reports.
    await expect(sys.market.connect(sys.other).setVerifiableBudget(MAX_BUDGET))
      .to.be.revertedWithCustomError(sys.market, "JobMarketNotCourt")
      .withArgs(sys.other.address);
  });

  it("test_setVerifiableBudget_KeepsAReportAboveEveryBudgetAsTheUint96Cap", async () => {
    // The report shares posting's hot slot as a uint96: a larger report (a huge pool) is stored as 2^96 - 1, which is
    // still above MAX_BUDGET, so the cap never refuses a job the court could verify.
    const sys = await networkHelpers.loadFixture(deploySystem);
    const court = await ethers.getImpersonatedSigner(await sys.court.getAddress());
    await networkHelpers.setBalance(court.address, 10n ** 18n);
    const cap = 2n ** 96n - 1n;
    await expect(sys.market.connect(court).setVerifiableBudget(2n ** 200n))
      .to.emit(sys.market, "VerifiableBudgetUpdated")
      .withArgs(cap);
    expect(await sys.market.maxVerifiableBudget()).to.equal(cap);
    expect(cap).to.be.greaterThan(await sys.market.MAX_BUDGET());
    await expect(sys.market.connect(court).setVerifiableBudget(2n ** 97n)).not.to.emit(
      sys.market,
      "VerifiableBudgetUpdated",
    );
  });

  it("test_postJob_RevertWhen_BundleHashIsZero", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const postAt = await prepare(sys);
    await expect(
      sys.market.connect(sys.requester).postJob({ ...requestAt(postAt), bundleHash: ethers.ZeroHash }),
    ).to.be.revertedWithCustomError(sys.market, "JobMarketInvalidBundle");
  });

  it("test_postJob_RevertWhen_BundleURIIsEmpty", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const postAt = await prepare(sys);
    await expect(
      sys.market.connect(sys.requester).postJob({ ...requestAt(postAt), bundleURI: "" }),
    ).to.be.revertedWithCustomError(sys.market, "JobMarketInvalidBundle");
  });

  it("test_postJob_RevertWhen_BundleURITooLong", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const postAt = await prepare(sys);
    await expect(sys.market.connect(sys.requester).postJob({ ...requestAt(postAt), bundleURI: "x".repeat(513) }))
      .to.be.revertedWithCustomError(sys.market, "JobMarketURITooLong")
      .withArgs(513, 512);
  });

  const badDeadlines: [string, (postAt: bigint) => ReturnType<typeof requestAt>][] = [
    ["ClaimPhaseShorterThanMinPhase", (t) => requestAt(t, { claim: MIN_PHASE - 1n })],
    ["ClaimDeadlineInThePast", (t) => ({ ...requestAt(t), claimDeadline: t - 1n })],
    ["CommitPhaseShorterThanMinPhase", (t) => requestAt(t, { claim: 600n, commit: MIN_PHASE - 1n })],
    // Claim and commit phases each long enough, but no room for the job's execution time after the minimum phase.
    [
      "CommitDeadlineLeavesNoExecutionTime",
      (t) => ({ ...requestAt(t, { claim: MIN_PHASE }), commitDeadline: t + MIN_PHASE + EXECUTION - 1n }),
    ],
    ["JobLongerThanMaxDuration", (t) => requestAt(t, { claim: MAX_JOB_DURATION - 600n, commit: 601n })],
  ];
  for (const [cond, make] of badDeadlines) {
    it(`test_postJob_RevertWhen_${cond}`, async () => {
      const sys = await networkHelpers.loadFixture(deploySystem);
      const postAt = await prepare(sys);
      const req = make(postAt);
      await expect(sys.market.connect(sys.requester).postJob(req))
        .to.be.revertedWithCustomError(sys.market, "JobMarketInvalidDeadlines")
        .withArgs(req.claimDeadline, req.commitDeadline);
    });
  }

  it("test_postJob_RevertWhen_AllowanceTooLow", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const req = await jobRequest();
    const [escrow] = await sys.market.escrowFor(req);
    await fund(sys, sys.requester, escrow); // funded, not approved
    await expect(sys.market.connect(sys.requester).postJob(req))
      .to.be.revertedWithCustomError(sys.token, "ERC20InsufficientAllowance")
      .withArgs(await sys.market.getAddress(), 0n, escrow);
  });

  it("test_postJob_RevertWhen_TransferShortfall", async () => {
    const mock = await networkHelpers.loadFixture(deployMockSystem);
    const req = await jobRequest();
    const [escrow] = await mock.market.escrowFor(req);
    await mock.token.transfer(mock.requester.address, 10n * TOKEN);
    await mock.token.connect(mock.requester).approve(await mock.market.getAddress(), 10n * TOKEN);
    await mock.token.setFeeBps(100n); // a 1% fee-on-transfer token
    await expect(mock.market.connect(mock.requester).postJob(req))
      .to.be.revertedWithCustomError(mock.market, "TransferShortfall")
      .withArgs(escrow, (escrow * 99n) / 100n);
  });
});

describe("JobMarket.postJobWithPermit", () => {
  it("test_postJobWithPermit_PullsTheEscrowWithoutAPriorApproval", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const req = await jobRequest({ replicas: 3 });
    const [escrow] = await sys.market.escrowFor(req);
    await fund(sys, sys.requester, escrow);
    const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
    const market = await sys.market.getAddress();
    const { v, r, s } = await signPermit(sys.token, sys.requester, market, escrow, deadline);
    const tx = sys.market.connect(sys.requester).postJobWithPermit(req, deadline, v, r, s);
    await expect(tx).to.emit(sys.market, "JobPosted");
    await expect(tx).to.changeTokenBalances(ethers, sys.token, [sys.requester, sys.market], [-escrow, escrow]);
    expect(await sys.token.nonces(sys.requester.address)).to.equal(1n);
    expect(await sys.token.allowance(sys.requester.address, market)).to.equal(0n);
    expect((await sys.market.getJob(1n)).requester).to.equal(sys.requester.address);
  });

  it("test_postJobWithPermit_SucceedsWhenThePermitWasFrontRun", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const req = await jobRequest();
    const [escrow] = await sys.market.escrowFor(req);
    await fund(sys, sys.requester, escrow);
    const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
    const market = await sys.market.getAddress();
    const { v, r, s } = await signPermit(sys.token, sys.requester, market, escrow, deadline);
    // Someone submits the permit first; the signature is now spent but the allowance is in place.
    await sys.token.connect(sys.other).permit(sys.requester.address, market, escrow, deadline, v, r, s);
    await expect(sys.market.connect(sys.requester).postJobWithPermit(req, deadline, v, r, s)).to.emit(
      sys.market,
      "JobPosted",
    );
    expect(await sys.token.balanceOf(market)).to.equal(escrow);
  });

  it("test_postJobWithPermit_RevertWhen_PermitInvalidAndNoAllowance", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const req = await jobRequest();
    const [escrow] = await sys.market.escrowFor(req);
    await fund(sys, sys.requester, escrow);
    const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
    const market = await sys.market.getAddress();
    // Signed by the wrong account: the permit fails silently and the pull then fails.
    const { v, r, s } = await signPermit(sys.token, sys.other, market, escrow, deadline);
    await expect(sys.market.connect(sys.requester).postJobWithPermit(req, deadline, v, r, s))
      .to.be.revertedWithCustomError(sys.token, "ERC20InsufficientAllowance")
      .withArgs(market, 0n, escrow);
  });

  it("test_postJobWithPermit_FallsBackToTheAllowanceForATokenWithoutPermit", async () => {
    const mock = await networkHelpers.loadFixture(deployMockSystem);
    const req = await jobRequest();
    const [escrow] = await mock.market.escrowFor(req);
    await mock.token.transfer(mock.requester.address, escrow);
    await mock.token.connect(mock.requester).approve(await mock.market.getAddress(), escrow);
    // The mock token has no permit function: the call fails inside the try and the approval is used.
    await expect(
      mock.market.connect(mock.requester).postJobWithPermit(req, 0n, 27, ethers.ZeroHash, ethers.ZeroHash),
    ).to.emit(mock.market, "JobPosted");
    expect(await mock.token.balanceOf(await mock.market.getAddress())).to.equal(escrow);
  });

  it("test_postJobWithPermit_RevertWhen_Paused", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await sys.market.connect(sys.owner).pause();
    const req = await jobRequest();
    const [escrow] = await sys.market.escrowFor(req);
    await fund(sys, sys.requester, escrow);
    const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
    const { v, r, s } = await signPermit(sys.token, sys.requester, await sys.market.getAddress(), escrow, deadline);
    await expect(
      sys.market.connect(sys.requester).postJobWithPermit(req, deadline, v, r, s),
    ).to.be.revertedWithCustomError(sys.market, "JobMarketPaused");
  });
});

describe("JobMarket.escrowFor", () => {
  it("test_escrowFor_AcceptsTheMaximumBudget", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    // 143,384,464,310,000 fuel at 17,267,422,174,956,553,700 per Mfuel is exactly MAX_BUDGET = 2^91 - 1.
    const req = {
      ...(await jobRequest()),
      maxFuel: 143_384_464_310_000n,
      maxPricePerMfuel: 17_267_422_174_956_553_700n,
    };
    const fee = (MAX_BUDGET * 250n) / 10_000n;
    const auditFee = (MAX_BUDGET * 1_200n) / 10_000n;
    expect(await sys.market.escrowFor(req)).to.deep.equal([MAX_BUDGET + fee + auditFee, MAX_BUDGET]);
    await expect(
      sys.market.escrowFor({ ...req, maxPricePerMfuel: req.maxPricePerMfuel + 1n }),
    ).to.be.revertedWithCustomError(sys.market, "JobMarketBudgetOutOfBounds");
  });

  it("test_escrowFor_RevertWhen_ReplicasInvalid", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.market.escrowFor({ ...(await jobRequest()), replicas: 0 }))
      .to.be.revertedWithCustomError(sys.market, "JobMarketInvalidReplicas")
      .withArgs(0, 7);
  });
});

describe("JobMarket.executionTime", () => {
  it("test_executionTime_IsThirtySecondsPlusTheFuelAtTheReferenceSpeedRoundedUp", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const fps = 50n * MFUEL;
    expect(await sys.market.executionTime(0n)).to.equal(30n);
    expect(await sys.market.executionTime(1n)).to.equal(31n);
    expect(await sys.market.executionTime(fps)).to.equal(31n);
    expect(await sys.market.executionTime(fps + 1n)).to.equal(32n);
    expect(await sys.market.executionTime(100n * MFUEL)).to.equal(EXECUTION);
  });
});
