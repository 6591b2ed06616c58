// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {IVerificationCourt} from "../../../contracts/interfaces/IVerificationCourt.sol";
import {Fixture} from "../lib/Fixture.sol";
import {Vm} from "../lib/Vm.sol";

/// @notice postJob escrows exactly `k × budget + fee + auditFee`, with budget = maxFuel × maxPricePerMfuel / 1e6, for
/// every valid request, and rejects budgets, replica counts and deadlines outside their bounds; the commit deadline
/// must leave the job's execution time; cancelling refunds everything only before the seed exists.
contract PostJobFuzzTest is Fixture {
    address internal constant REQUESTER = address(0xBEEF);
    uint256 internal constant MIN_PHASE = 30 seconds;
    uint256 internal constant MIN_EXECUTION_TIME = 30 seconds;
    uint256 internal constant MAX_JOB_DURATION = 30 days;
    uint8 internal constant MAX_REPLICAS = 7;
    uint256 internal constant MAX_BUDGET = type(uint96).max / 32;
    // The largest fuel limit whose execution time (at the default 50 Mfuel/s) still fits a job: claim and commit
    // phases of MIN_PHASE each, then the execution time, within MAX_JOB_DURATION.
    uint64 internal constant MAX_FUEL = uint64((MAX_JOB_DURATION - 3 * MIN_PHASE) * 50_000_000);

    function setUp() public {
        _deploy();
        _fund(REQUESTER, SUPPLY / 2);
        // The market refuses jobs the court's pool could not verify in full (an auditor plus panelSize x maxRounds
        // seats, one budget each): fund it for the largest budget under the default 3-seat, 2-round policy.
        token.approve(address(court), 7 * MAX_BUDGET);
        court.fundPool(7 * MAX_BUDGET);
    }

    /// @dev A job larger than the pool can verify in full is refused: a job the court could not verify would let a
    /// made-up result go unslashed.
    function testFuzz_postJob_RevertWhen_PoolCannotVerifyIt(uint256 maxFuel, uint256 price) public {
        IVerificationCourt.Parameters memory c = court.parameters();
        (c.panelSize, c.maxRounds) = (7, 3); // 22 budgets per job now
        if (c.bondBps < 7 * BPS) c.bondBps = uint32(7 * BPS); // a bond covers a full panel
        _setCourtParameters(c);
        uint256 verifiable = court.maxVerifiableBudget();
        assertEq(verifiable, court.pool() / 22, "maxVerifiableBudget != pool / (1 + panelSize * maxRounds)");
        assertEq(market.maxVerifiableBudget(), verifiable, "the parameter change did not reach the market");
        // Budgets in (verifiable, MAX_BUDGET]: fuel high enough that their price fits a uint64.
        IJobMarket.JobRequest memory r = _request(1, uint64(bound(maxFuel, 1e14, MAX_FUEL)), 1e16);
        uint256 lo = ((verifiable + 1) * MFUEL + r.maxFuel - 1) / r.maxFuel;
        uint256 hi = (MAX_BUDGET * MFUEL) / r.maxFuel;
        r.maxPricePerMfuel = uint64(bound(price, lo, hi < type(uint64).max ? hi : type(uint64).max));
        _deadlines(r, 600, 1200);
        uint256 budget = (uint256(r.maxFuel) * r.maxPricePerMfuel) / MFUEL;
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketUnverifiable.selector, budget, verifiable));
        vm.prank(REQUESTER);
        market.postJob(r);
    }

    /// @dev A price that keeps `maxFuel`'s budget within [minBudget, MAX_BUDGET] (maxFuel >= 1e3 makes that possible).
    function _price(uint64 maxFuel, uint256 x) internal view returns (uint64) {
        uint256 lo = (market.parameters().minBudget * MFUEL + maxFuel - 1) / maxFuel;
        uint256 hi = ((MAX_BUDGET + 1) * MFUEL - 1) / maxFuel;
        if (hi > type(uint64).max) hi = type(uint64).max;
        return uint64(bound(x, lo, hi));
    }

    /// @dev Valid deadlines: claim phase at least MIN_PHASE, commit phase at least MIN_PHASE after it and the execution
    /// time after posting, everything within MAX_JOB_DURATION.
    function _deadlines(IJobMarket.JobRequest memory r, uint256 claimIn, uint256 commitAt) internal view {
        uint256 t = _now();
        uint256 claimAt = t + bound(claimIn, MIN_PHASE, MAX_JOB_DURATION - MIN_PHASE);
        uint256 earliest = claimAt + MIN_PHASE;
        uint256 execution = market.executionTime(r.maxFuel);
        if (earliest < t + MIN_PHASE + execution) earliest = t + MIN_PHASE + execution;
        r.claimDeadline = uint40(claimAt);
        r.commitDeadline = uint40(bound(commitAt, earliest, t + MAX_JOB_DURATION));
    }

    function _expectedFee(
        uint256 replicas,
        uint256 budget,
        IJobMarket.Parameters memory p
    ) internal pure returns (uint256 fee) {
        fee = (replicas * budget * p.feeBps) / BPS;
        if (fee < p.minFee) fee = p.minFee;
    }

    function testFuzz_postJob_EscrowsReplicaBudgetsFeeAndAuditFee(
        uint256 replicas,
        uint256 maxFuel,
        uint256 price,
        uint256 claimIn,
        uint256 commitAt,
        uint256 feeBps,
        uint256 minFee,
        uint256 auditFeeBps
    ) public {
        IJobMarket.Parameters memory p = market.parameters();
        p.feeBps = uint16(bound(feeBps, 0, 1_000));
        p.minFee = uint96(bound(minFee, 0, 1e24));
        p.auditFeeBps = uint16(bound(auditFeeBps, p.auditRateBps, 2_500));
        _setParameters(p);
        IJobMarket.JobRequest memory r = _request(uint8(bound(replicas, 1, MAX_REPLICAS)), 1e6, 1e16);
        r.maxFuel = uint64(bound(maxFuel, 1e3, MAX_FUEL));
        r.maxPricePerMfuel = _price(r.maxFuel, price);
        _deadlines(r, claimIn, commitAt);

        uint256 budget = (uint256(r.maxFuel) * r.maxPricePerMfuel) / MFUEL;
        uint256 fee = _expectedFee(r.replicas, budget, p);
        uint256 auditFee = (budget * p.auditFeeBps) / BPS;
        uint256 escrow = r.replicas * budget + fee + auditFee;
        uint256 collateral = (budget * p.collateralBps) / BPS;
        if (collateral < p.minCollateral) collateral = p.minCollateral;
        (uint256 quoted, uint256 quotedBudget) = market.escrowFor(r);
        assertEq(quoted, escrow, "escrowFor != k * budget + fee + auditFee");
        assertEq(quotedBudget, budget, "escrowFor budget != maxFuel * price / 1e6");

        uint256 marketBefore = token.balanceOf(address(market));
        uint256 requesterBefore = token.balanceOf(REQUESTER);
        uint256 id = market.jobCount() + 1;
        vm.expectEmit();
        emit IJobMarket.JobPosted(
            id,
            REQUESTER,
            0,
            r.replicas,
            r.maxFuel,
            r.maxPricePerMfuel,
            uint96(budget),
            uint96(collateral),
            0,
            uint96(fee),
            uint96(auditFee),
            p.auditRateBps,
            r.claimDeadline,
            r.commitDeadline,
            r.bundleHash,
            r.bundleURI,
            false // pulled from the wallet: the requester holds no balance in the market
        );
        vm.prank(REQUESTER);
        uint256 jobId = market.postJob(r);

        assertEq(jobId, id, "job id");
        assertEq(token.balanceOf(address(market)) - marketBefore, escrow, "market received != escrow");
        assertEq(requesterBefore - token.balanceOf(REQUESTER), escrow, "requester paid != escrow");
        assertEq(market.claimable(REQUESTER), 0, "escrow claimable while open");
        IJobMarket.Job memory job = market.getJob(jobId);
        assertTrue(job.status == IJobMarket.JobStatus.Open, "status");
        assertTrue(job.audit == IJobMarket.AuditState.Undecided, "audit decided at posting");
        assertEq(job.budget, budget, "budget");
        assertEq(job.collateral, collateral, "collateral != max(collateralBps * budget, minCollateral)");
        assertEq(job.fee, fee, "fee");
        assertEq(job.auditFee, auditFee, "auditFee");
        assertEq(job.auditRateBps, p.auditRateBps, "audit rate fixed at posting");
        assertEq(job.postedBlock, _blockNumber(), "postedBlock");
        assertEq(job.postedAt, _now(), "postedAt");
        assertEq(job.claimDeadline, r.claimDeadline, "claimDeadline");
        assertEq(job.commitDeadline, r.commitDeadline, "commitDeadline");
        assertEq(job.claimed, 0, "claimed");
    }

    /// @dev A balance that covers the whole escrow pays it (no tokens move); a shorter one is left alone and the
    /// wallet pays. Either way the market's tokens equal open escrow plus the balance.
    function testFuzz_postJob_PaysFromACoveringBalanceElseFromTheWallet(
        uint256 replicas,
        uint256 maxFuel,
        uint256 price,
        uint256 deposited
    ) public {
        IJobMarket.JobRequest memory r = _request(uint8(bound(replicas, 1, MAX_REPLICAS)), 1e6, 1e16);
        r.maxFuel = uint64(bound(maxFuel, 1e3, 1e12));
        r.maxPricePerMfuel = _price(r.maxFuel, price);
        _deadlines(r, 600, 1200);
        (uint256 escrow, ) = market.escrowFor(r);
        deposited = bound(deposited, 1, 2 * escrow);
        vm.prank(REQUESTER);
        market.deposit(deposited);
        uint256 marketBefore = token.balanceOf(address(market));
        uint256 walletBefore = token.balanceOf(REQUESTER);

        bool fromBalance = deposited >= escrow;
        vm.recordLogs();
        vm.prank(REQUESTER);
        market.postJob(r);
        assertTrue(_postedFromBalance(vm.getRecordedLogs()) == fromBalance, "JobPosted.escrowFromBalance");

        uint256 paidByWallet = fromBalance ? 0 : escrow;
        assertEq(walletBefore - token.balanceOf(REQUESTER), paidByWallet, "wallet paid");
        assertEq(token.balanceOf(address(market)) - marketBefore, paidByWallet, "market received");
        assertEq(market.claimable(REQUESTER), fromBalance ? deposited - escrow : deposited, "balance left");
        assertEq(token.balanceOf(address(market)), escrow + market.claimable(REQUESTER), "market != escrow + balance");
    }

    function testFuzz_postJob_RevertWhen_BudgetOutOfBounds(uint256 maxFuel, uint256 price, bool tooHigh) public {
        IJobMarket.JobRequest memory r = _request(1, 1e6, 1e16);
        uint256 minBudget = market.parameters().minBudget;
        if (tooHigh) {
            // maxFuel * price / 1e6 > MAX_BUDGET needs maxFuel * price >= (MAX_BUDGET + 1) * 1e6.
            r.maxFuel = uint64(bound(maxFuel, ((MAX_BUDGET + 1) * MFUEL) / type(uint64).max + 1, type(uint64).max));
            uint256 lo = ((MAX_BUDGET + 1) * MFUEL + r.maxFuel - 1) / r.maxFuel;
            r.maxPricePerMfuel = uint64(bound(price, lo, type(uint64).max));
        } else {
            r.maxFuel = uint64(bound(maxFuel, 1, MAX_FUEL));
            // maxFuel * price / 1e6 < minBudget
            uint256 hi = (minBudget * MFUEL - 1) / r.maxFuel;
            r.maxPricePerMfuel = uint64(bound(price, 0, hi > type(uint64).max ? type(uint64).max : hi));
        }
        uint256 budget = (uint256(r.maxFuel) * r.maxPricePerMfuel) / MFUEL;
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.JobMarketBudgetOutOfBounds.selector, budget, minBudget, MAX_BUDGET)
        );
        vm.prank(REQUESTER);
        market.postJob(r);
    }

    function testFuzz_postJob_RevertWhen_ReplicasOutOfRange(uint8 replicas) public {
        if (replicas != 0) replicas = uint8(bound(replicas, MAX_REPLICAS + 1, type(uint8).max));
        IJobMarket.JobRequest memory r = _request(replicas, 100e6, 2e16);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketInvalidReplicas.selector, replicas, MAX_REPLICAS));
        vm.prank(REQUESTER);
        market.postJob(r);
    }

    /// @dev Starts from a valid request and breaks exactly one deadline rule, chosen by `rule`.
    function testFuzz_postJob_RevertWhen_DeadlinesInvalid(uint256 rule, uint256 x, uint256 maxFuel) public {
        rule = bound(rule, 0, 3);
        IJobMarket.JobRequest memory r = _request(1, uint64(bound(maxFuel, 1e3, MAX_FUEL)), 1e16);
        r.maxPricePerMfuel = _price(r.maxFuel, 1e16);
        uint256 t = _now();
        uint256 execution = market.executionTime(r.maxFuel);
        r.claimDeadline = uint40(t + MIN_PHASE);
        r.commitDeadline = uint40(t + MAX_JOB_DURATION);
        if (rule == 0) {
            // claim phase shorter than MIN_PHASE, or over already
            r.claimDeadline = uint40(bound(x, 0, t + MIN_PHASE - 1));
        } else if (rule == 1) {
            // commit phase shorter than MIN_PHASE after the claim deadline
            r.claimDeadline = uint40(t + MAX_JOB_DURATION - MIN_PHASE + 1);
            r.commitDeadline = uint40(bound(x, r.claimDeadline, t + MAX_JOB_DURATION));
        } else if (rule == 2) {
            // the commit deadline leaves less than the job's execution time after posting
            // (executionTime >= 31 s, so the range is never empty)
            r.commitDeadline = uint40(bound(x, r.claimDeadline + MIN_PHASE, t + MIN_PHASE + execution - 1));
        } else {
            // the job outlives MAX_JOB_DURATION
            r.commitDeadline = uint40(bound(x, t + MAX_JOB_DURATION + 1, type(uint40).max));
        }
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.JobMarketInvalidDeadlines.selector, r.claimDeadline, r.commitDeadline)
        );
        vm.prank(REQUESTER);
        market.postJob(r);
    }

    /// @dev The boundary: a commit deadline exactly the execution time (and MIN_PHASE) after posting is accepted, one
    /// second earlier is not.
    function testFuzz_postJob_CommitDeadlineLeavesExactlyTheExecutionTime(uint256 maxFuel) public {
        IJobMarket.JobRequest memory r = _request(1, uint64(bound(maxFuel, 1e3, MAX_FUEL)), 1e16);
        r.maxPricePerMfuel = _price(r.maxFuel, 1e16);
        uint256 t = _now();
        uint256 execution = market.executionTime(r.maxFuel);
        // The earliest claim deadline, so the claim rule (commit >= claim + MIN_PHASE) is not the binding one.
        r.claimDeadline = uint40(t + MIN_PHASE);
        r.commitDeadline = uint40(t + MIN_PHASE + execution - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.JobMarketInvalidDeadlines.selector, r.claimDeadline, r.commitDeadline)
        );
        vm.prank(REQUESTER);
        market.postJob(r);

        r.commitDeadline += 1;
        vm.prank(REQUESTER);
        market.postJob(r);
    }

    /// @dev executionTime = 30 s + ceil(maxFuel / fuelPerSecond), at any reference speed the bounds allow.
    function testFuzz_executionTime_IsFetchTimePlusFuelOverSpeedRoundedUp(
        uint64 maxFuel,
        uint256 fuelPerSecond
    ) public {
        IJobMarket.Parameters memory p = market.parameters();
        p.fuelPerSecond = uint64(bound(fuelPerSecond, 1e6, 1e12));
        _setParameters(p);
        uint256 execution = market.executionTime(maxFuel);
        uint256 compute = execution - MIN_EXECUTION_TIME;
        assertGe(compute * p.fuelPerSecond, maxFuel, "execution time shorter than maxFuel / fuelPerSecond");
        if (compute != 0)
            assertTrue((compute - 1) * p.fuelPerSecond < maxFuel, "execution time not rounded up exactly");
    }

    /// @dev In the posting block and the next (before the seed exists) the requester gets everything back.
    function testFuzz_cancelJob_RefundsTheWholeEscrowBeforeTheSeed(
        uint256 replicas,
        uint256 price,
        bool nextBlock
    ) public {
        IJobMarket.JobRequest memory r = _request(uint8(bound(replicas, 1, MAX_REPLICAS)), 100e6, 0);
        r.maxPricePerMfuel = _price(r.maxFuel, price);
        (uint256 escrow, ) = market.escrowFor(r);
        vm.prank(REQUESTER);
        uint256 jobId = market.postJob(r);
        if (nextBlock) _roll(1);
        vm.expectEmit();
        emit IJobMarket.JobCancelled(jobId, REQUESTER, escrow);
        vm.prank(REQUESTER);
        market.cancelJob(jobId);
        assertEq(market.claimable(REQUESTER), escrow, "refund != escrow");
        assertTrue(market.getJob(jobId).status == IJobMarket.JobStatus.Cancelled, "status");
        assertEq(token.balanceOf(address(market)), escrow, "market balance != claimable");
    }

    /// @dev Once the seed block is mined the requester could see who is drawn, so it can no longer cancel.
    function testFuzz_cancelJob_RevertWhen_SeedKnown(uint256 blocks) public {
        uint256 jobId = _post(REQUESTER, _request(1, 100e6, 2e16));
        _roll(bound(blocks, 2, 1_000));
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketSeedKnown.selector, jobId));
        vm.prank(REQUESTER);
        market.cancelJob(jobId);
    }

    /// @dev JobPosted's `escrowFromBalance` (its third topic), from the logs of one posting.
    function _postedFromBalance(Vm.Log[] memory logs) private pure returns (bool) {
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == IJobMarket.JobPosted.selector) return logs[i].topics[3] != bytes32(0);
        }
        revert("no JobPosted");
    }
}
