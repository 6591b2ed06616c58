import { expect } from "chai";
import {
  DAY,
  TOKEN,
  currentCourtParameters,
  currentParameters,
  ethers,
  expectConservation,
  jobRequest,
  name32,
  networkHelpers,
  passChallengeWindow,
  providersFixture,
} from "../fixture.js";
import {
  ProposalState,
  Vote,
  execute,
  governedFixture,
  passAndQueue,
  proposal,
  propose,
  proposeAndVote,
  VOTER_TOKENS,
} from "../helpers/governance.js";
import { toRevealed } from "../helpers/stages.js";

/** Providers and a k = 1 job revealed and unaudited (in its challenge window), plus a voter holding 10%. */
async function governedJobFixture() {
  const sys = await providersFixture();
  const job = await toRevealed(sys);
  const voter = sys.other;
  await sys.token.connect(sys.deployer).transfer(voter.address, VOTER_TOKENS);
  await sys.token.connect(voter).delegate(voter.address);
  return { ...sys, ...job, voter };
}

describe("governance: proposal → vote → queue → execute", () => {
  it("test_proposal_ChangesAMarketParameterThroughTheTimelock", async () => {
    const sys = await networkHelpers.loadFixture(governedFixture);
    const params = await currentParameters(sys.market);
    const p = await proposal([[sys.market, "setParameters", [{ ...params, feeBps: 100n }]]], "Lower the fee to 1%");

    const id = await proposeAndVote(sys, sys.voter, p);
    expect(await sys.governor.state(id)).to.equal(ProposalState.Succeeded);
    const [against, forVotes, abstain] = await sys.governor.proposalVotes(id);
    expect([against, forVotes, abstain]).to.deep.equal([0n, 100_000_000n * TOKEN, 0n]);

    await sys.governor.queue(p.targets, p.values, p.calldatas, ethers.id(p.description));
    expect(await sys.governor.state(id)).to.equal(ProposalState.Queued);
    // Not before the timelock delay.
    await expect(execute(sys, p)).to.be.revertedWithCustomError(sys.timelock, "TimelockUnexpectedOperationState");
    await networkHelpers.time.increase(2n * DAY);

    // Anyone executes; the market sees the Timelock as the caller.
    await expect(execute(sys, p, sys.requester))
      .to.emit(sys.market, "ParameterUpdated")
      .withArgs(name32("feeBps"), 250n, 100n);
    expect(await sys.governor.state(id)).to.equal(ProposalState.Executed);
    expect((await sys.market.parameters()).feeBps).to.equal(100n);
  });

  it("test_proposal_ThatExceedsABoundFailsAtExecution", async () => {
    const sys = await networkHelpers.loadFixture(governedFixture);
    const params = await currentParameters(sys.market);
    // The vote passes: bounds are enforced in code, whatever the voters want.
    const p = await proposal([[sys.market, "setParameters", [{ ...params, feeBps: 1_001n }]]], "Fee to 10.01%");
    const id = await passAndQueue(sys, sys.voter, p);
    await expect(execute(sys, p))
      .to.be.revertedWithCustomError(sys.market, "ParameterOutOfBounds")
      .withArgs(name32("feeBps"), 1_001n, 0n, 1_000n);
    expect(await sys.governor.state(id)).to.equal(ProposalState.Queued);
    expect((await sys.market.parameters()).feeBps).to.equal(250n);
  });

  it("test_proposal_RegistryParameterOutOfBoundsFails", async () => {
    const sys = await networkHelpers.loadFixture(governedFixture);
    const p = await proposal([[sys.registry, "setUnbondingPeriod", [61n * DAY]]], "Unbond for 61 days");
    await passAndQueue(sys, sys.voter, p);
    await expect(execute(sys, p))
      .to.be.revertedWithCustomError(sys.registry, "ParameterOutOfBounds")
      .withArgs(name32("unbondingPeriod"), 61n * DAY, 3_600n, 60n * DAY);
  });

  it("test_proposal_DefeatedWithoutQuorumCannotBeQueued", async () => {
    const sys = await networkHelpers.loadFixture(governedFixture);
    // A holder of 1% (below the 4% quorum) proposes and votes alone.
    const small = sys.requester;
    await sys.token.connect(sys.voter).transfer(small.address, 10_000_000n * TOKEN);
    await sys.token.connect(small).delegate(small.address);
    const p = await proposal([[sys.market, "pause", []]], "Pause");
    const id = await proposeAndVote(sys, small, p);
    expect(await sys.governor.state(id)).to.equal(ProposalState.Defeated);
    await expect(
      sys.governor.queue(p.targets, p.values, p.calldatas, ethers.id(p.description)),
    ).to.be.revertedWithCustomError(sys.governor, "GovernorUnexpectedProposalState");
  });

  it("test_cancel_TheProposerWithdrawsAPendingProposal", async () => {
    const sys = await networkHelpers.loadFixture(governedFixture);
    const p = await proposal([[sys.market, "pause", []]], "Pause");
    const id = await propose(sys, sys.voter, p);
    expect(await sys.governor.state(id)).to.equal(ProposalState.Pending);
    await expect(sys.governor.connect(sys.voter).cancel(p.targets, p.values, p.calldatas, ethers.id(p.description)))
      .to.emit(sys.governor, "ProposalCanceled")
      .withArgs(id);
    expect(await sys.governor.state(id)).to.equal(ProposalState.Canceled);
  });

  it("test_proposal_VotedDownIsDefeated", async () => {
    const sys = await networkHelpers.loadFixture(governedFixture);
    const p = await proposal([[sys.market, "pause", []]], "Pause");
    const id = await proposeAndVote(sys, sys.voter, p, Vote.Against);
    expect(await sys.governor.state(id)).to.equal(ProposalState.Defeated);
  });

  it("test_propose_RevertWhen_BelowTheProposalThreshold", async () => {
    const sys = await networkHelpers.loadFixture(governedFixture);
    const p = await proposal([[sys.market, "pause", []]], "Pause");
    await expect(sys.governor.connect(sys.requester).propose(p.targets, p.values, p.calldatas, p.description))
      .to.be.revertedWithCustomError(sys.governor, "GovernorInsufficientProposerVotes")
      .withArgs(sys.requester.address, 0n, 100_000n * TOKEN);
  });
});

describe("governance: what a proposal can do", () => {
  it("test_proposal_PauseStopsNewJobsOnlyAndSettlementAndWithdrawalsKeepWorking", async () => {
    const sys = await networkHelpers.loadFixture(governedJobFixture);
    const p = await proposal([[sys.market, "pause", []]], "Pause new jobs");
    await passAndQueue(sys, sys.voter, p);
    await expect(execute(sys, p))
      .to.emit(sys.market, "MarketPaused")
      .withArgs(await sys.timelock.getAddress(), 2n ** 40n - 1n);

    await expect(sys.market.connect(sys.requester).postJob(await jobRequest())).to.be.revertedWithCustomError(
      sys.market,
      "JobMarketPaused",
    );
    // The challenge window is long over: anyone settles, and everyone withdraws.
    await expect(sys.market.connect(sys.requester).settle(sys.jobId)).to.emit(sys.market, "JobSettled");
    await expect(sys.market.connect(sys.claimers[0]!).withdraw()).to.emit(sys.market, "Withdrawn");
    await expect(sys.market.connect(sys.requester).withdraw()).to.emit(sys.market, "Withdrawn");
    await expectConservation(sys);
  });

  it("test_proposal_WithdrawsTheTreasuryAndMovesIt", async () => {
    const sys = await networkHelpers.loadFixture(governedJobFixture);
    await passChallengeWindow(sys, sys.jobId);
    await sys.market.settle(sys.jobId);
    const timelock = await sys.timelock.getAddress();
    const { fee } = await sys.market.getJob(sys.jobId);
    expect(await sys.market.claimable(timelock)).to.equal(fee);

    const treasury = (await ethers.getSigners())[18]!;
    const p = await proposal(
      [
        [sys.market, "withdraw", []],
        [sys.token, "transfer", [treasury.address, fee]],
        [sys.market, "setTreasury", [treasury.address]],
      ],
      "Pay out the fees and move the treasury",
    );
    await passAndQueue(sys, sys.voter, p);
    expect(await sys.token.balanceOf(treasury.address)).to.equal(0n);
    const tx = execute(sys, p);
    await expect(tx).to.emit(sys.market, "Withdrawn").withArgs(timelock, fee);
    await expect(tx).to.emit(sys.market, "TreasuryUpdated").withArgs(timelock, treasury.address);
    expect(await sys.token.balanceOf(treasury.address)).to.equal(fee);
    expect(await sys.token.balanceOf(timelock)).to.equal(0n);
    expect(await sys.market.claimable(timelock)).to.equal(0n);
    await expectConservation(sys, [treasury.address]);
  });

  it("test_proposal_ChangesMarketAndCourtParametersTogether", async () => {
    const sys = await networkHelpers.loadFixture(governedFixture);
    const market = await currentParameters(sys.market);
    const court = await currentCourtParameters(sys.court);
    const p = await proposal(
      [
        [sys.market, "setParameters", [{ ...market, auditRateBps: 2_000n, auditFeeBps: 2_000n }]],
        [sys.court, "setParameters", [{ ...court, panelSize: 5n, bondBps: 50_000n }]],
      ],
      "Audit a fifth of the jobs; five verifiers per panel",
    );
    await passAndQueue(sys, sys.voter, p);
    const tx = execute(sys, p);
    await expect(tx).to.emit(sys.market, "ParameterUpdated").withArgs(name32("auditRateBps"), 1_000n, 2_000n);
    await expect(tx).to.emit(sys.market, "ParameterUpdated").withArgs(name32("auditFeeBps"), 1_200n, 2_000n);
    await expect(tx).to.emit(sys.court, "ParameterUpdated").withArgs(name32("panelSize"), 3n, 5n);
    await expect(tx).to.emit(sys.court, "ParameterUpdated").withArgs(name32("bondBps"), 40_000n, 50_000n);
    expect((await sys.market.parameters()).auditRateBps).to.equal(2_000n);
    expect((await sys.court.parameters()).panelSize).to.equal(5n);
  });

  it("test_proposal_CourtParameterOutOfBoundsFails", async () => {
    const sys = await networkHelpers.loadFixture(governedFixture);
    const court = await currentCourtParameters(sys.court);
    const bad = await proposal(
      [[sys.court, "setParameters", [{ ...court, panelSize: 6n, bondBps: 60_000n }]]],
      "Six verifiers per panel",
    );
    await passAndQueue(sys, sys.voter, bad);
    await expect(execute(sys, bad))
      .to.be.revertedWithCustomError(sys.court, "ParameterOutOfBounds")
      .withArgs(name32("panelSize"), 6n, 3n, 7n);
    expect((await sys.court.parameters()).panelSize).to.equal(3n);
  });

  it("test_proposal_AppointsAGuardianWhoCanPauseButNotUnpause", async () => {
    const sys = await networkHelpers.loadFixture(governedFixture);
    const guardian = sys.requester;
    const p = await proposal([[sys.market, "setGuardian", [guardian.address]]], "Appoint a guardian");
    await passAndQueue(sys, sys.voter, p);
    await expect(execute(sys, p)).to.emit(sys.market, "GuardianUpdated").withArgs(ethers.ZeroAddress, guardian.address);
    await expect(sys.market.connect(guardian).guardianPause()).to.emit(sys.market, "MarketPaused");
    await expect(sys.market.connect(guardian).unpause())
      .to.be.revertedWithCustomError(sys.market, "OwnableUnauthorizedAccount")
      .withArgs(guardian.address);
    // Governance can end the pause early, by proposal.
    const end = await proposal([[sys.market, "unpause", []]], "End the guardian's pause");
    await passAndQueue(sys, sys.voter, end);
    await expect(execute(sys, end))
      .to.emit(sys.market, "MarketUnpaused")
      .withArgs(await sys.timelock.getAddress());
    expect(await sys.market.pausedUntil()).to.equal(0n);
  });

  it("test_proposal_HandsOwnershipOverInTwoSteps", async () => {
    const sys = await networkHelpers.loadFixture(governedFixture);
    const next = (await ethers.getSigners())[18]!;
    const p = await proposal([[sys.market, "transferOwnership", [next.address]]], "New owner");
    await passAndQueue(sys, sys.voter, p);
    await expect(execute(sys, p))
      .to.emit(sys.market, "OwnershipTransferStarted")
      .withArgs(await sys.timelock.getAddress(), next.address);
    expect(await sys.market.owner()).to.equal(await sys.timelock.getAddress()); // until accepted
    await expect(sys.market.connect(next).acceptOwnership())
      .to.emit(sys.market, "OwnershipTransferred")
      .withArgs(await sys.timelock.getAddress(), next.address);
  });
});
