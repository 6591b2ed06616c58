// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {Fixture} from "../lib/Fixture.sol";

/// @notice postJob escrows exactly replicas * maxPrice and rejects requests outside its bounds.
contract PostJobFuzzTest is Fixture {
    address internal constant REQUESTER = address(0xBEEF);
    uint256 internal constant MIN_PHASE = 30 seconds;
    uint256 internal constant MAX_JOB_DURATION = 30 days;
    uint8 internal constant MAX_REPLICAS = 7;

    function setUp() public {
        _deploy();
        _fund(REQUESTER, SUPPLY / 2);
    }

    /// @dev Random valid deadlines: each phase at least MIN_PHASE, the last one within MAX_JOB_DURATION.
    function _deadlines(
        IJobMarket.JobRequest memory r,
        uint256 claimIn,
        uint256 commitPhase,
        uint256 revealPhase
    ) internal view {
        uint256 phases = r.replicas == 1 ? 1 : 2; // phases after the claim phase
        uint256 claimAt = block.timestamp + bound(claimIn, MIN_PHASE, MAX_JOB_DURATION - phases * MIN_PHASE);
        uint256 left = block.timestamp + MAX_JOB_DURATION - claimAt; // seconds still available
        uint256 commitAt = claimAt + bound(commitPhase, MIN_PHASE, left - (phases - 1) * MIN_PHASE);
        r.claimDeadline = uint40(claimAt);
        r.commitDeadline = uint40(commitAt);
        r.revealDeadline =
            r.replicas == 1
                ? 0
                : uint40(commitAt + bound(revealPhase, MIN_PHASE, block.timestamp + MAX_JOB_DURATION - commitAt));
    }

    function testFuzz_postJob_EscrowsReplicasTimesMaxPrice(
        uint256 replicas,
        uint256 maxPrice,
        uint256 collateralBps,
        uint256 minCollateral,
        uint256 claimIn,
        uint256 commitPhase,
        uint256 revealPhase
    ) public {
        IJobMarket.Parameters memory p = _defaultParameters();
        p.collateralBps = uint16(bound(collateralBps, 1_000, 50_000));
        p.minCollateral = uint96(bound(minCollateral, 0, 1e27));
        _setParameters(p);
        IJobMarket.JobRequest memory r = _request(
            uint8(bound(replicas, 1, MAX_REPLICAS)),
            uint96(bound(maxPrice, p.minPrice, market.MAX_PRICE()))
        );
        _deadlines(r, claimIn, commitPhase, revealPhase);
        uint256 escrow = uint256(r.replicas) * r.maxPrice;
        uint256 collateral = (uint256(r.maxPrice) * p.collateralBps) / 10_000;
        if (collateral < p.minCollateral) collateral = p.minCollateral;
        uint256 marketBefore = token.balanceOf(address(market));
        uint256 requesterBefore = token.balanceOf(REQUESTER);
        uint256 countBefore = market.jobCount();

        vm.expectEmit();
        emit IJobMarket.JobPosted(
            countBefore + 1,
            REQUESTER,
            0,
            r.replicas,
            r.maxPrice,
            uint96(collateral),
            0,
            p.feeBps,
            r.claimDeadline,
            r.commitDeadline,
            r.revealDeadline,
            r.bundleHash,
            r.bundleURI
        );
        uint256 jobId = _post(REQUESTER, r);

        assertEq(jobId, countBefore + 1, "job id");
        assertEq(market.jobCount(), jobId, "job count");
        assertEq(token.balanceOf(address(market)) - marketBefore, escrow, "market received != replicas * maxPrice");
        assertEq(requesterBefore - token.balanceOf(REQUESTER), escrow, "requester paid != replicas * maxPrice");
        assertEq(market.claimable(REQUESTER), 0, "escrow must not be claimable while open");
        _assertStored(jobId, r, collateral);
    }

    /// @dev The job record holds the request as posted, open and unclaimed, stamped with this block.
    function _assertStored(uint256 jobId, IJobMarket.JobRequest memory r, uint256 collateral) internal view {
        IJobMarket.Job memory job = market.getJob(jobId);
        assertTrue(job.status == IJobMarket.JobStatus.Open, "status");
        assertEq(job.requester, REQUESTER, "requester");
        assertEq(job.replicas, r.replicas, "replicas");
        assertEq(job.maxPrice, r.maxPrice, "maxPrice");
        assertEq(job.collateral, collateral, "collateral");
        assertEq(job.claimed, 0, "claimed");
        assertEq(job.postedBlock, block.number, "postedBlock");
        assertEq(job.postedAt, block.timestamp, "postedAt");
        assertEq(job.claimDeadline, r.claimDeadline, "claimDeadline");
        assertEq(job.commitDeadline, r.commitDeadline, "commitDeadline");
        assertEq(job.revealDeadline, r.revealDeadline, "revealDeadline");
    }

    function testFuzz_postJob_RevertWhen_ReplicasOutOfRange(uint8 replicas) public {
        if (replicas != 0) replicas = uint8(bound(replicas, MAX_REPLICAS + 1, type(uint8).max));
        IJobMarket.JobRequest memory r = _request(replicas, 1e18);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketInvalidReplicas.selector, replicas, MAX_REPLICAS));
        _post(REQUESTER, r);
    }

    function testFuzz_postJob_RevertWhen_PriceOutOfBounds(uint256 maxPrice, uint256 minPrice, bool tooHigh) public {
        IJobMarket.Parameters memory p = _defaultParameters();
        p.minPrice = uint96(bound(minPrice, 2, 1e24));
        _setParameters(p);
        maxPrice =
            tooHigh ? bound(maxPrice, market.MAX_PRICE() + 1, type(uint96).max) : bound(maxPrice, 0, p.minPrice - 1);
        IJobMarket.JobRequest memory r = _request(1, uint96(maxPrice));
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketPriceOutOfBounds.selector, maxPrice, p.minPrice));
        _post(REQUESTER, r);
    }

    /// @dev Starts from a valid request and breaks exactly one deadline rule, chosen by `rule`.
    function testFuzz_postJob_RevertWhen_DeadlinesInvalid(uint256 replicas, uint256 rule, uint256 x) public {
        rule = bound(rule, 0, 4);
        uint8 k =
            rule == 3
                ? 1
                : rule == 4
                    ? uint8(bound(replicas, 2, MAX_REPLICAS))
                    : uint8(bound(replicas, 1, 7));
        IJobMarket.JobRequest memory r = _request(k, 1e18);
        uint256 maxEnd = block.timestamp + MAX_JOB_DURATION;
        if (rule == 0) {
            // claim phase shorter than MIN_PHASE (or already over)
            r.claimDeadline = uint40(bound(x, 0, block.timestamp + MIN_PHASE - 1));
        } else if (rule == 1) {
            // commit phase shorter than MIN_PHASE (or before the claim deadline)
            r.commitDeadline = uint40(bound(x, 0, r.claimDeadline + MIN_PHASE - 1));
        } else if (rule == 2) {
            // the job outlives MAX_JOB_DURATION
            if (k == 1) r.commitDeadline = uint40(bound(x, maxEnd + 1, type(uint40).max));
            else r.revealDeadline = uint40(bound(x, maxEnd + 1, type(uint40).max));
        } else if (rule == 3) {
            // k = 1 has no reveal phase
            r.revealDeadline = uint40(bound(x, 1, type(uint40).max));
        } else {
            // reveal phase shorter than MIN_PHASE (or before the commit deadline)
            r.revealDeadline = uint40(bound(x, 0, r.commitDeadline + MIN_PHASE - 1));
        }
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.JobMarketInvalidDeadlines.selector,
                r.claimDeadline,
                r.commitDeadline,
                r.revealDeadline
            )
        );
        _post(REQUESTER, r);
    }
}
