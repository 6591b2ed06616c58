// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {IRandomnessSource} from "../../../contracts/interfaces/IRandomnessSource.sol";
import {Results} from "../../../contracts/libraries/Results.sol";
import {Draws} from "../lib/Draws.sol";
import {Fixture} from "../lib/Fixture.sol";

/// @notice The audit decision: a full job is audited exactly when keccak256(seed, jobId, "hashwork.audit") mod 10,000
/// falls under the audit rate fixed at posting, so over many seeds the audited share is the rate; a job whose commits
/// closed with slots missing, or whose audit seed expired, is always audited (fail closed); an audited job's replicas
/// reveal only once the auditor committed or its commit window ended.
contract AuditFuzzTest is Fixture {
    address internal constant REQUESTER = address(0xBEEF);
    address internal constant AUDITOR = address(0xA0D1);
    uint256 internal constant STAKE = 1_000e18;
    uint64 internal constant FUEL = 40e6;

    address[3] internal providers = [address(0xA1), address(0xA2), address(0xA3)];

    function setUp() public {
        _deploy();
        _fund(REQUESTER, SUPPLY / 4);
        for (uint256 i; i < 3; ++i) _addProvider(providers[i], 1e16, 0, STAKE);
        _addProvider(AUDITOR, 1e16, 0, STAKE);
        _roll(1); // the stakes count for jobs posted from the next block on
    }

    // ------------------------------------------------------------------ steps

    /// @dev Sets the audit rate (and an audit fee that covers it), posts a k-replica job, has every slot claimed and
    /// committed, and returns with the seed block of the decision mined.
    function _committedJob(uint256 k, uint256 rateBps) internal returns (uint256 jobId) {
        IJobMarket.Parameters memory p = market.parameters();
        p.auditRateBps = uint16(rateBps);
        if (p.auditFeeBps < rateBps) p.auditFeeBps = uint16(rateBps);
        _setParameters(p);
        jobId = _post(REQUESTER, _request(uint8(k), 100e6, 2e16));
        for (uint256 i; i < k; ++i) _claim(jobId, providers[i]);
        for (uint256 i; i < k; ++i) _commit(jobId, providers[i], _truth(jobId));
        vm.roll(market.getJob(jobId).commitsClosedBlock + 2);
    }

    function _truth(uint256 jobId) internal pure returns (Answer memory) {
        return Answer(keccak256(abi.encode("output", jobId)), FUEL);
    }

    // ------------------------------------------------------------------ tests

    /// @dev The decision is the contract's rule applied to the seed of the block after the last commitment, and the
    /// windows it announces follow from the decision time and the job's execution time.
    function testFuzz_decideAudit_FollowsTheSeedOfTheBlockAfterTheLastCommitment(
        bytes32 seed,
        uint256 rateBps,
        uint256 k
    ) public {
        vm.assume(seed != bytes32(0));
        rateBps = bound(rateBps, 700, 2_500); // the floor, and the audit fee's cap (the fee must cover the rate)
        uint256 jobId = _committedJob(bound(k, 1, 3), rateBps);
        IJobMarket.Job memory job = market.getJob(jobId);
        vm.setBlockhash(job.commitsClosedBlock + 1, seed);
        bool expected = Draws.audits(seed, jobId, rateBps);
        uint256 closedAt = job.commitsClosedAt;
        uint256 execution = market.executionTime(job.maxFuel);
        IJobMarket.Timeline memory t;
        if (expected) {
            t.auditDrawEndsAt = uint40(closedAt + 600);
            t.auditCommitEndsAt = uint40(closedAt + 600 + execution);
            t.revealEndsAt = uint40(closedAt + 600 + execution + 600);
        } else {
            t.revealEndsAt = uint40(closedAt + 600);
        }
        vm.expectEmit();
        emit IJobMarket.AuditDecided(
            jobId,
            expected,
            job.commitsClosedBlock,
            t.auditDrawEndsAt,
            t.auditCommitEndsAt,
            t.revealEndsAt
        );
        market.decideAudit(jobId);
        job = market.getJob(jobId);
        assertTrue(
            job.audit == (expected ? IJobMarket.AuditState.Audited : IJobMarket.AuditState.NotAudited),
            "decision != keccak(seed, jobId, domain) % 10000 < rate"
        );
        assertEq(randomness.seedFor(job.commitsClosedBlock), seed, "the decision's seed was not fixed");
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketAuditAlreadyDecided.selector, jobId));
        market.decideAudit(jobId);
    }

    /// hardhat-config: fuzz.runs = 4
    /// @dev Over 1,000 seeds (from a fuzzed start) the share of jobs the contract audits is the rate, within five
    /// standard deviations (a false alarm once in millions of runs). Each seed is tried on the same committed job,
    /// restored from a snapshot.
    function testFuzz_decideAudit_AuditedShareMatchesTheRate(uint256 salt, uint256 rateBps) public {
        rateBps = bound(rateBps, 700, 2_500);
        uint256 jobId = _committedJob(1, rateBps);
        uint256 seedBlock = market.getJob(jobId).commitsClosedBlock + 1;
        uint256 n = 1_000;
        uint256 audited;
        for (uint256 i; i < n; ++i) {
            uint256 snapshot = vm.snapshotState();
            vm.setBlockhash(seedBlock, keccak256(abi.encode(salt, i)));
            market.decideAudit(jobId);
            if (market.getJob(jobId).audit == IJobMarket.AuditState.Audited) ++audited;
            vm.revertToState(snapshot);
        }
        // sigma of the count = sqrt(n p (1 - p)) <= sqrt(1000 * 0.25 * 0.75) < 14; 5 sigma < 70 of 1000.
        assertApproxEqAbs(audited * BPS, rateBps * n, 70 * BPS, "audited share far from the audit rate");
    }

    /// @dev Commits closed at the deadline with slots missing: audited whatever the seed (a seed known before the
    /// deadline could be re-rolled by whoever commits last), with the audit window opening at the decision. Nothing
    /// committed: nothing to audit.
    function testFuzz_decideAudit_FailsClosedWhenSlotsAreMissing(uint256 k, uint256 committed, uint256 late) public {
        k = bound(k, 2, 3);
        committed = bound(committed, 0, k - 1);
        uint256 jobId = _post(REQUESTER, _request(uint8(k), 100e6, 2e16));
        for (uint256 i; i < k; ++i) _claim(jobId, providers[i]);
        for (uint256 i; i < committed; ++i) _commit(jobId, providers[i], _truth(jobId));
        IJobMarket.Job memory job = market.getJob(jobId);
        assertEq(job.commitsClosedAt, 0, "commits closed with slots missing");
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketCommitsNotClosed.selector, jobId));
        market.decideAudit(jobId);

        uint256 decidedAt = uint256(job.commitDeadline) + bound(late, 1, 1 days);
        _warpTo(decidedAt);
        _roll(1);
        market.decideAudit(jobId); // no seed involved: whatever the chain's randomness, the job is audited

        job = market.getJob(jobId);
        if (committed == 0) {
            assertTrue(job.audit == IJobMarket.AuditState.NotAudited, "audited with nothing committed");
        } else {
            assertTrue(job.audit == IJobMarket.AuditState.Audited, "missing slots did not fail closed");
            assertEq(job.commitsClosedAt, decidedAt, "audit window does not open at the decision");
            assertEq(job.commitsClosedBlock, _blockNumber(), "auditor draw not seeded after the decision");
            assertEq(market.timeline(jobId).auditDrawEndsAt, decidedAt + 600, "audit draw window");
        }
    }

    /// @dev Nobody took the decision within 256 blocks of the last commitment: its seed expired, so the job is
    /// audited.
    function testFuzz_decideAudit_FailsClosedWhenTheSeedExpired(uint256 blocks) public {
        uint256 jobId = _committedJob(1, 1_000);
        uint256 closedBlock = market.getJob(jobId).commitsClosedBlock;
        vm.roll(closedBlock + 1 + 257 + bound(blocks, 0, 10_000));
        assertTrue(randomness.seedStatus(closedBlock) == IRandomnessSource.SeedStatus.Expired, "seed not expired");
        _warpTo(_now() + 60);
        market.decideAudit(jobId);
        IJobMarket.Job memory job = market.getJob(jobId);
        assertTrue(job.audit == IJobMarket.AuditState.Audited, "expired audit seed did not fail closed");
        assertEq(job.commitsClosedAt, _now(), "audit window does not open at the decision");
    }

    /// @dev An audited job's replica cannot reveal before the auditor committed or its commit window ended: the
    /// auditor never sees the answer it checks.
    function testFuzz_revealResult_RevertWhen_AuditorHasNotCommitted(uint256 wait, bool auditorCommits) public {
        uint256 jobId = _committedJob(1, 1_000);
        _forceAudit(jobId, true);
        IJobMarket.Timeline memory t = market.timeline(jobId);
        // An auditor that is to commit must still be drawable: with four equal stakes the lottery admits anyone 180 s
        // after the audit opened, well inside its 600-second draw window.
        uint256 latest = auditorCommits ? market.getJob(jobId).commitsClosedAt + 300 : t.auditCommitEndsAt;
        _warpTo(bound(wait, _now(), latest));
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketRevealNotOpen.selector, jobId));
        _reveal(jobId, providers[0], _truth(jobId));

        if (auditorCommits) {
            _claimVerifier(jobId, AUDITOR); // may warp, within the draw window
            _commitVerdict(jobId, AUDITOR, _truth(jobId));
            assertTrue(court.auditCommitted(jobId), "auditCommitted");
        } else {
            _warpTo(uint256(t.auditCommitEndsAt) + 1);
        }
        _reveal(jobId, providers[0], _truth(jobId));
        assertEq(market.getJob(jobId).revealedMask, 1, "reveal refused once allowed");
    }

    /// @dev An audited job whose replicas agree: paid when the auditor revealed the same result, sent to a panel when
    /// it revealed another (Disagreement) or nothing (AuditUnanswered).
    function testFuzz_settle_AuditedJobStandsOnlyWithTheAuditorsAgreement(uint256 auditorAct, uint256 k) public {
        k = bound(k, 1, 3);
        auditorAct = bound(auditorAct, 0, 2); // 0 agrees, 1 another output, 2 silent
        uint256 jobId = _committedJob(k, 1_000);
        _forceAudit(jobId, true);
        _claimVerifier(jobId, AUDITOR);
        Answer memory verdict = auditorAct == 1 ? Answer(keccak256("other"), FUEL) : _truth(jobId);
        if (auditorAct != 2) _commitVerdict(jobId, AUDITOR, verdict);
        else _warpTo(uint256(market.timeline(jobId).auditCommitEndsAt) + 1);
        for (uint256 i; i < k; ++i) _reveal(jobId, providers[i], _truth(jobId));
        if (auditorAct != 2) _revealVerdict(jobId, AUDITOR, verdict);
        if (market.getJob(jobId).revealsClosedAt == 0) _warpTo(uint256(market.timeline(jobId).revealEndsAt) + 1);
        if (auditorAct == 0) {
            assertTrue(!market.isSettleable(jobId), "settleable inside the challenge window");
            _warpTo(uint256(market.timeline(jobId).challengeEndsAt) + 1);
            market.settle(jobId);
            assertTrue(market.getJob(jobId).status == IJobMarket.JobStatus.Completed, "agreed audit not paid");
            // Paid the fuel it revealed at the job's price.
            assertEq(court.claimable(AUDITOR), (uint256(FUEL) * 2e16) / MFUEL, "auditor pay");
        } else {
            IJobMarket.VerificationReason reason =
                auditorAct == 1
                    ? IJobMarket.VerificationReason.Disagreement
                    : IJobMarket.VerificationReason.AuditUnanswered;
            vm.expectEmit();
            emit IJobMarket.VerificationStarted(jobId, reason, address(0), _word(_truth(jobId)));
            market.settle(jobId);
            assertTrue(market.getJob(jobId).status == IJobMarket.JobStatus.Verifying, "not verifying");
        }
    }

    /// @dev A lazy verifier must have negative expected profit (PROTOCOL.md): an auditor that never re-executes and
    /// reveals "input unavailable" (the replicas did fetch the input) leaves the audit unanswered, so the job goes to a
    /// panel, and once the panel upheld the replicas' result the auditor is paid nothing (nor slashed: whether an
    /// input was served cannot be proven).
    function test_settle_LazyAuditorAnsweringInputUnavailableEarnsNothing() public {
        uint256 jobId = _committedJob(1, 1_000);
        address[3] memory panel = [address(0xC1), address(0xC2), address(0xC3)];
        for (uint256 i; i < 3; ++i) _addProvider(panel[i], 1e16, 0, STAKE);
        _roll(1); // their stake counts for the panel, drawn by stake as of the block before it opens
        _forceAudit(jobId, true);
        _claimVerifier(jobId, AUDITOR);
        Answer memory lazy = Answer(Results.INPUT_UNAVAILABLE, 0);
        _commitVerdict(jobId, AUDITOR, lazy);
        _reveal(jobId, providers[0], _truth(jobId));
        _revealVerdict(jobId, AUDITOR, lazy);
        uint256 auditorStake = registry.provider(AUDITOR).stake;
        vm.expectEmit();
        emit IJobMarket.VerificationStarted(
            jobId,
            IJobMarket.VerificationReason.AuditUnanswered,
            address(0),
            _word(_truth(jobId))
        );
        market.settle(jobId);
        for (uint256 i; i < 3; ++i) _claimVerifier(jobId, panel[i]);
        for (uint256 i; i < 3; ++i) _commitVerdict(jobId, panel[i], _truth(jobId));
        for (uint256 i; i < 3; ++i) _revealVerdict(jobId, panel[i], _truth(jobId));
        court.resolve(jobId);
        assertTrue(market.getJob(jobId).status == IJobMarket.JobStatus.Completed, "the panel did not uphold");
        assertEq(court.claimable(AUDITOR), 0, "a lazy auditor was paid");
        assertEq(registry.provider(AUDITOR).stake, auditorStake, "input unavailable was slashed");
        assertEq(registry.provider(AUDITOR).locked, 0, "the auditor's collateral is still locked");
        assertEq(court.claimable(panel[0]), (uint256(FUEL) * 2e16) / MFUEL, "an honest panelist's pay");
    }
}
