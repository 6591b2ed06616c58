import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import { expect } from "chai";
import {
  DAY,
  JobStatus,
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

/** A request whose deadlines are offsets from `postAt`, the timestamp the posting transaction will have. */
function requestAt(postAt: bigint, o: { replicas?: number; claim?: bigint; commit?: bigint; reveal?: bigint } = {}) {
  const replicas = o.replicas ?? 1;
  const claimDeadline = postAt + (o.claim ?? 600n);
  const commitDeadline = claimDeadline + (o.commit ?? 600n);
  const revealDeadline = replicas === 1 ? 0n : commitDeadline + (o.reveal ?? 600n);
  return {
    resourceClass: 0,
    replicas,
    maxPrice: 2n * TOKEN,
    minReputation: 0,
    claimDeadline,
    commitDeadline,
    revealDeadline,
    bundleHash: ethers.id("bundle"),
    bundleURI: "ipfs://bafybundle",
  };
}

async function fundRequester(sys: System, amount: bigint) {
  await fund(sys, sys.requester, amount, await sys.market.getAddress());
}

/** Funds the requester generously and returns the timestamp the next transaction will be mined at. */
async function prepare(sys: System) {
  await fundRequester(sys, 1_000n * TOKEN);
  const postAt = BigInt(await networkHelpers.time.latest()) + 100n;
  await atNextBlock(postAt);
  return postAt;
}

describe("JobMarket.postJob", () => {
  it("test_postJob_EscrowsPaymentAndEmitsJobPosted", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const req = { ...(await jobRequest({ replicas: 3, resourceClass: 5, minReputation: 2 })), maxPrice: 3n * TOKEN };
    await fundRequester(sys, 9n * TOKEN);
    const tx = sys.market.connect(sys.requester).postJob(req);
    await expect(tx)
      .to.emit(sys.market, "JobPosted")
      .withArgs(
        1n,
        sys.requester.address,
        5,
        3,
        3n * TOKEN,
        6n * TOKEN, // collateral = 20,000 bps of the max price
        2,
        250,
        req.claimDeadline,
        req.commitDeadline,
        req.revealDeadline,
        req.bundleHash,
        req.bundleURI,
      );
    await expect(tx).to.changeTokenBalances(ethers, sys.token, [sys.requester, sys.market], [-9n * TOKEN, 9n * TOKEN]);
    await expectConservation(sys);
  });

  it("test_postJob_RecordsTheJob", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const postAt = await prepare(sys);
    const req = { ...requestAt(postAt, { replicas: 2 }), resourceClass: 7, minReputation: 9 };
    const receipt = await (await sys.market.connect(sys.requester).postJob(req)).wait();
    expect(await sys.market.jobCount()).to.equal(1n);
    const job = await sys.market.getJob(1n);
    expect(job.requester).to.equal(sys.requester.address);
    expect(job.status).to.equal(JobStatus.Open);
    expect(job.replicas).to.equal(2n);
    expect(job.claimed).to.equal(0n);
    expect(job.committedMask).to.equal(0n);
    expect(job.revealedMask).to.equal(0n);
    expect(job.resourceClass).to.equal(7n);
    expect(job.feeBps).to.equal(250n);
    expect(job.minReputation).to.equal(9n);
    expect(job.maxPrice).to.equal(2n * TOKEN);
    expect(job.collateral).to.equal(4n * TOKEN);
    expect(job.postedBlock).to.equal(BigInt(receipt!.blockNumber));
    expect(job.postedAt).to.equal(postAt);
    expect(job.claimDeadline).to.equal(req.claimDeadline);
    expect(job.commitDeadline).to.equal(req.commitDeadline);
    expect(job.revealDeadline).to.equal(req.revealDeadline);
    expect(job.challengeEndsAt).to.equal(0n);
    expect(await sys.market.getAssignments(1n)).to.deep.equal([]);
    expect(await sys.market.isSettleable(1n)).to.equal(false);
  });

  it("test_postJob_NumbersJobsSequentially", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await fundRequester(sys, 100n * TOKEN);
    for (const expected of [1n, 2n, 3n]) {
      await expect(sys.market.connect(sys.requester).postJob(await jobRequest()))
        .to.emit(sys.market, "JobPosted")
        .withArgs(
          expected,
          sys.requester.address,
          anyValue,
          1,
          2n * TOKEN,
          4n * TOKEN,
          0,
          250,
          anyValue,
          anyValue,
          0,
          ethers.id("bundle"),
          "ipfs://bafybundle",
        );
    }
    expect(await sys.market.jobCount()).to.equal(3n);
  });

  it("test_postJob_FloorsCollateralAtMinCollateral", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await fundRequester(sys, TOKEN);
    const req = { ...(await jobRequest()), maxPrice: TOKEN / 10n }; // 20,000 bps of it = 0.2 < 1 token floor
    await sys.market.connect(sys.requester).postJob(req);
    const { minCollateral } = await sys.market.parameters();
    expect((await sys.market.getJob(1n)).collateral).to.equal(minCollateral);
  });

  it("test_postJob_AcceptsTheMinimumPriceAndEveryBoundary", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const postAt = await prepare(sys);
    const { minPrice } = await sys.market.parameters();
    // Shortest phases, the largest k, the last class, a 512-byte URI, the min price.
    const req = {
      ...requestAt(postAt, { replicas: 7, claim: MIN_PHASE, commit: MIN_PHASE, reveal: MIN_PHASE }),
      resourceClass: 31,
      maxPrice: minPrice,
      bundleURI: "x".repeat(512),
    };
    await expect(sys.market.connect(sys.requester).postJob(req)).to.emit(sys.market, "JobPosted");
    // The last deadline exactly MAX_JOB_DURATION after posting.
    const postAt2 = BigInt(await networkHelpers.time.latest()) + 10n;
    await atNextBlock(postAt2);
    const long = requestAt(postAt2, { claim: MAX_JOB_DURATION - 600n, commit: 600n });
    await expect(sys.market.connect(sys.requester).postJob(long)).to.emit(sys.market, "JobPosted");
  });

  it("test_postJob_RevertWhen_Paused", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await sys.market.connect(sys.owner).pause();
    await fundRequester(sys, 2n * TOKEN);
    await expect(sys.market.connect(sys.requester).postJob(await jobRequest())).to.be.revertedWithCustomError(
      sys.market,
      "JobMarketPaused",
    );
  });

  for (const replicas of [0, 8]) {
    it(`test_postJob_RevertWhen_ReplicasIs${replicas}`, async () => {
      const sys = await networkHelpers.loadFixture(deploySystem);
      const postAt = await prepare(sys);
      const req = { ...requestAt(postAt, { replicas: 3 }), replicas };
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

  it("test_postJob_RevertWhen_PriceBelowMinPrice", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const postAt = await prepare(sys);
    const { minPrice } = await sys.market.parameters();
    await expect(sys.market.connect(sys.requester).postJob({ ...requestAt(postAt), maxPrice: minPrice - 1n }))
      .to.be.revertedWithCustomError(sys.market, "JobMarketPriceOutOfBounds")
      .withArgs(minPrice - 1n, minPrice);
  });

  it("test_postJob_RevertWhen_PriceAboveMaxPrice", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const postAt = await prepare(sys);
    const { minPrice } = await sys.market.parameters();
    const maxPrice = await sys.market.MAX_PRICE();
    expect(maxPrice).to.equal((2n ** 96n - 1n) / 8n);
    await expect(sys.market.connect(sys.requester).postJob({ ...requestAt(postAt), maxPrice: maxPrice + 1n }))
      .to.be.revertedWithCustomError(sys.market, "JobMarketPriceOutOfBounds")
      .withArgs(maxPrice + 1n, minPrice);
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
    ["CommitPhaseShorterThanMinPhase", (t) => requestAt(t, { commit: MIN_PHASE - 1n })],
    ["RevealPhaseShorterThanMinPhase", (t) => requestAt(t, { replicas: 3, reveal: MIN_PHASE - 1n })],
    ["RevealDeadlineSetForK1", (t) => ({ ...requestAt(t), revealDeadline: requestAt(t).commitDeadline + 600n })],
    ["K1JobLongerThanMaxDuration", (t) => requestAt(t, { claim: MAX_JOB_DURATION - 600n, commit: 601n })],
    ["K3JobLongerThanMaxDuration", (t) => requestAt(t, { replicas: 3, claim: MAX_JOB_DURATION - 1200n, reveal: 601n })],
  ];
  for (const [cond, make] of badDeadlines) {
    it(`test_postJob_RevertWhen_${cond}`, async () => {
      const sys = await networkHelpers.loadFixture(deploySystem);
      const postAt = await prepare(sys);
      const req = make(postAt);
      await expect(sys.market.connect(sys.requester).postJob(req))
        .to.be.revertedWithCustomError(sys.market, "JobMarketInvalidDeadlines")
        .withArgs(req.claimDeadline, req.commitDeadline, req.revealDeadline);
    });
  }

  it("test_postJob_RevertWhen_AllowanceTooLow", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await fund(sys, sys.requester, 2n * TOKEN); // funded, not approved
    await expect(sys.market.connect(sys.requester).postJob(await jobRequest()))
      .to.be.revertedWithCustomError(sys.token, "ERC20InsufficientAllowance")
      .withArgs(await sys.market.getAddress(), 0n, 2n * TOKEN);
  });

  it("test_postJob_RevertWhen_TokenDeliversLessThanTheEscrow", async () => {
    const mock = await networkHelpers.loadFixture(deployMockSystem);
    await mock.token.transfer(mock.requester.address, 10n * TOKEN);
    await mock.token.connect(mock.requester).approve(await mock.market.getAddress(), 10n * TOKEN);
    await mock.token.setFeeBps(100n); // a 1% fee-on-transfer token
    await expect(mock.market.connect(mock.requester).postJob(await jobRequest()))
      .to.be.revertedWithCustomError(mock.market, "JobMarketTransferShortfall")
      .withArgs(2n * TOKEN, (2n * TOKEN * 99n) / 100n);
  });
});

describe("JobMarket.postJobWithPermit", () => {
  it("test_postJobWithPermit_PullsTheEscrowWithoutAPriorApproval", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await fund(sys, sys.requester, 6n * TOKEN);
    const req = await jobRequest({ replicas: 3 });
    const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
    const market = await sys.market.getAddress();
    const { v, r, s } = await signPermit(sys.token, sys.requester, market, 6n * TOKEN, deadline);
    const tx = sys.market.connect(sys.requester).postJobWithPermit(req, deadline, v, r, s);
    await expect(tx).to.emit(sys.market, "JobPosted");
    await expect(tx).to.changeTokenBalances(ethers, sys.token, [sys.requester, sys.market], [-6n * TOKEN, 6n * TOKEN]);
    expect(await sys.token.nonces(sys.requester.address)).to.equal(1n);
    expect(await sys.token.allowance(sys.requester.address, market)).to.equal(0n);
    expect((await sys.market.getJob(1n)).requester).to.equal(sys.requester.address);
  });

  it("test_postJobWithPermit_SucceedsWhenThePermitWasFrontRun", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await fund(sys, sys.requester, 2n * TOKEN);
    const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
    const market = await sys.market.getAddress();
    const { v, r, s } = await signPermit(sys.token, sys.requester, market, 2n * TOKEN, deadline);
    // Someone submits the permit first; the signature is now spent but the allowance is in place.
    await sys.token.connect(sys.other).permit(sys.requester.address, market, 2n * TOKEN, deadline, v, r, s);
    await expect(sys.market.connect(sys.requester).postJobWithPermit(await jobRequest(), deadline, v, r, s)).to.emit(
      sys.market,
      "JobPosted",
    );
    expect(await sys.token.balanceOf(market)).to.equal(2n * TOKEN);
  });

  it("test_postJobWithPermit_RevertWhen_PermitInvalidAndNoAllowance", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await fund(sys, sys.requester, 2n * TOKEN);
    const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
    const market = await sys.market.getAddress();
    // Signed by the wrong account: the permit fails silently and the pull then fails.
    const { v, r, s } = await signPermit(sys.token, sys.other, market, 2n * TOKEN, deadline);
    await expect(sys.market.connect(sys.requester).postJobWithPermit(await jobRequest(), deadline, v, r, s))
      .to.be.revertedWithCustomError(sys.token, "ERC20InsufficientAllowance")
      .withArgs(market, 0n, 2n * TOKEN);
  });

  it("test_postJobWithPermit_FallsBackToTheAllowanceForATokenWithoutPermit", async () => {
    const mock = await networkHelpers.loadFixture(deployMockSystem);
    await mock.token.transfer(mock.requester.address, 2n * TOKEN);
    await mock.token.connect(mock.requester).approve(await mock.market.getAddress(), 2n * TOKEN);
    // The mock token has no permit function: the call fails inside the try and the approval is used.
    await expect(
      mock.market
        .connect(mock.requester)
        .postJobWithPermit(await jobRequest(), 0n, 27, ethers.ZeroHash, ethers.ZeroHash),
    ).to.emit(mock.market, "JobPosted");
    expect(await mock.token.balanceOf(await mock.market.getAddress())).to.equal(2n * TOKEN);
  });

  it("test_postJobWithPermit_RevertWhen_Paused", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await sys.market.connect(sys.owner).pause();
    await fund(sys, sys.requester, 2n * TOKEN);
    const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
    const { v, r, s } = await signPermit(sys.token, sys.requester, await sys.market.getAddress(), 2n * TOKEN, deadline);
    await expect(
      sys.market.connect(sys.requester).postJobWithPermit(await jobRequest(), deadline, v, r, s),
    ).to.be.revertedWithCustomError(sys.market, "JobMarketPaused");
  });
});
