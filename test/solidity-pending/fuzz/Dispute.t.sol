// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IDisputeCourt} from "../../../contracts/interfaces/IDisputeCourt.sol";
import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {IProviderRegistry} from "../../../contracts/interfaces/IProviderRegistry.sol";
import {Results} from "../../../contracts/libraries/Results.sol";
import {Fixture} from "../lib/Fixture.sol";

/// @notice The dispute money path: for every bounded court parameter set, job price and pattern of verifier
/// answers (silent, committed only, the submitted hash, another hash, "input unavailable"), resolution follows the
/// verifiers' strict majority and moves tokens between the bond, stake and claimable balances without creating or
/// destroying any.
/// @dev To run alone: `npx hardhat test solidity test/solidity/fuzz/Dispute.t.sol test/solidity/lib/SystemDeployer.sol`
contract DisputeFuzzTest is Fixture {
    address internal constant REQUESTER = address(0xBEEF);
    address internal constant CHALLENGER = address(0xC0FFEE);
    bytes32 internal constant SUBMITTED = keccak256("submitted output");
    bytes32 internal constant OTHER = keccak256("other output");
    uint256 internal constant STAKE = 1_000e18; // token units per provider
    uint256 internal constant BPS = 10_000;

    /// @dev Raw fuzz input for one court parameter set, bounded by `_courtParameters`.
    struct Knobs {
        uint256 bondBps;
        uint256 minBond;
        uint256 verifiers;
        uint256 providerSlashBps;
        uint256 verifierSlashBps;
        uint256 requesterShareBps;
        uint256 challengerShareBps;
        uint256 verifierShareBps;
    }

    /// @dev Balances of everyone a resolution can touch, and the stake of every provider.
    struct Books {
        uint256 courtClaimable; // requester, challenger, providers, treasury
        uint256 marketClaimable;
        uint256 stakeSum;
        uint256 court;
        uint256 market;
        uint256 registry;
        uint256[6] stakes;
    }

    // providers[0] does the job; the other five are the verifier candidates.
    address[6] internal providers = [
        address(0xA1),
        address(0xA2),
        address(0xA3),
        address(0xA4),
        address(0xA5),
        address(0xA6)
    ];

    // The chain's clock, kept here: via-IR may treat block.timestamp and block.number as constant within a test.
    uint256 internal _now;
    uint256 internal _blockNumber;

    function setUp() public {
        _deploy();
        (_now, _blockNumber) = (1_700_000_000, 100); // as _deploy set them
        _fund(REQUESTER, SUPPLY / 8);
        _fund(CHALLENGER, SUPPLY / 8);
        for (uint256 i; i < providers.length; ++i) _addProvider(providers[i], 1e18, STAKE);
    }

    // ------------------------------------------------------------------ tests

    function testFuzz_resolve_ConservesTokensAndFollowsTheMajority(
        Knobs memory knobs,
        uint256 maxPrice,
        uint256 answers
    ) public {
        IDisputeCourt.Parameters memory p = _courtParameters(knobs);
        if (keccak256(abi.encode(p)) != keccak256(abi.encode(court.parameters()))) court.setParameters(p);
        maxPrice = bound(maxPrice, 1e18, 100e18); // the providers ask 1 token
        uint256 jobId = _submitAndDispute(uint96(maxPrice));
        IDisputeCourt.Dispute memory d = court.getDispute(jobId);
        assertEq(d.bond, _max((maxPrice * p.bondBps) / BPS, p.minBond), "bond != max(price share, floor)");

        (address[] memory verifiers, bytes32[] memory revealed) = _verify(jobId, d, answers);
        (bytes32 majority, IDisputeCourt.Verdict expected) = _expectedVerdict(revealed, p.verifiers);

        Books memory before = _books();
        court.resolve(jobId);
        Books memory afterwards = _books();
        d = court.getDispute(jobId);
        assertTrue(d.verdict == expected, "verdict != the verifiers' strict majority");
        assertTrue(d.status == IDisputeCourt.DisputeStatus.Resolved, "dispute not resolved");

        // Conservation: the court now holds exactly the bond and the slashed stake, all of it claimable; the
        // market and the registry hold exactly what they owe.
        uint256 slashed = before.stakeSum - afterwards.stakeSum;
        assertEq(afterwards.court, before.court + slashed, "court balance != bond + slashed stake");
        assertEq(afterwards.court, afterwards.courtClaimable, "court balance != claimable");
        assertEq(afterwards.courtClaimable - before.courtClaimable, d.bond + slashed, "credits != bond + slashes");
        assertEq(afterwards.market, afterwards.marketClaimable, "market balance != claimable");
        assertEq(afterwards.registry, afterwards.stakeSum, "registry balance != stake");
        assertEq(registry.totalStake(), afterwards.stakeSum, "totalStake != sum of stakes");

        // Who paid: the provider only when overturned, verifiers only when silent or outside a deciding majority.
        uint256 collateral = d.collateral;
        uint256 providerLoss =
            expected == IDisputeCourt.Verdict.Overturned ? (collateral * p.providerSlashBps) / BPS : 0;
        assertEq(before.stakes[0] - afterwards.stakes[0], providerLoss, "provider slash");
        bool deciding = expected != IDisputeCourt.Verdict.Inconclusive;
        for (uint256 i; i < verifiers.length; ++i) {
            uint256 index = uint160(verifiers[i]) - 0xA1;
            bool faulty = revealed[i] == bytes32(0) || (deciding && revealed[i] != majority);
            uint256 loss = faulty ? (collateral * p.verifierSlashBps) / BPS : 0;
            assertEq(before.stakes[index] - afterwards.stakes[index], loss, "verifier slash");
        }
        for (uint256 i; i < providers.length; ++i) {
            IProviderRegistry.Provider memory rec = registry.provider(providers[i]);
            assertEq(rec.locked, 0, "collateral still locked");
            assertEq(rec.activeJobs, 0, "assignment still active");
        }

        // The job: refunded in full when overturned, settled as usual otherwise.
        IJobMarket.Job memory job = market.getJob(jobId);
        if (expected == IDisputeCourt.Verdict.Overturned) {
            assertTrue(job.status == IJobMarket.JobStatus.Refunded, "overturned job not refunded");
            assertEq(market.claimable(REQUESTER), maxPrice, "requester refund");
            assertEq(market.claimable(providers[0]), 0, "overturned provider paid");
        } else {
            assertTrue(job.status == IJobMarket.JobStatus.Completed, "standing result not completed");
            assertEq(market.claimable(providers[0]), 1e18 - (1e18 * 250) / BPS, "provider payment");
        }
    }

    function testFuzz_bondFor_IsAtLeastHalfThePriceAndTheFloor(Knobs memory knobs, uint256 maxPrice) public {
        IDisputeCourt.Parameters memory p = _courtParameters(knobs);
        if (keccak256(abi.encode(p)) != keccak256(abi.encode(court.parameters()))) court.setParameters(p);
        maxPrice = bound(maxPrice, 0, market.MAX_PRICE());
        uint256 bond = court.bondFor(uint96(maxPrice));
        assertGe(bond, p.minBond, "bond below the floor");
        assertGe(bond, maxPrice / 2, "bond below half the price");
        assertLe(bond, _max(maxPrice * 5, p.minBond), "bond above its cap");
    }

    // ------------------------------------------------------------------ helpers

    function _courtParameters(Knobs memory k) internal pure returns (IDisputeCourt.Parameters memory p) {
        p = _defaultCourtParameters();
        p.bondBps = uint16(bound(k.bondBps, 5_000, 50_000));
        p.minBond = uint96(bound(k.minBond, 1, 10e18));
        p.verifiers = uint8(1 + 2 * bound(k.verifiers, 1, 3)); // 3, 5 or 7
        p.providerSlashBps = uint16(bound(k.providerSlashBps, 2_000, BPS));
        p.verifierSlashBps = uint16(bound(k.verifierSlashBps, 500, BPS));
        p.requesterShareBps = uint16(bound(k.requesterShareBps, 0, BPS));
        p.challengerShareBps = uint16(bound(k.challengerShareBps, 0, BPS - p.requesterShareBps));
        p.verifierShareBps = uint16(bound(k.verifierShareBps, 0, BPS - p.requesterShareBps - p.challengerShareBps));
    }

    /// @dev Posts a k = 1 job, lets providers[0] claim it and submit SUBMITTED, and has CHALLENGER dispute it.
    function _submitAndDispute(uint96 maxPrice) internal returns (uint256 jobId) {
        jobId = _post(REQUESTER, _request(1, maxPrice));
        // 55 s after posting (widening 10 s) every provider's share of the lottery covers the whole hash space.
        _advance(55, 2);
        vm.prank(providers[0]);
        market.claim(jobId);
        vm.prank(providers[0]);
        market.submitResult(jobId, SUBMITTED, "ipfs://out");
        vm.prank(CHALLENGER);
        court.dispute(jobId);
    }

    /// @dev Draws every candidate it can (up to the verifier count), then each commits and reveals according to
    /// three bits of `answers`: 0 silent, 1 commits only, 2 the submitted hash, 3 another hash, 4 "input
    /// unavailable". Returns the verifiers in slot order and what each revealed (zero: nothing).
    function _verify(
        uint256 jobId,
        IDisputeCourt.Dispute memory d,
        uint256 answers
    ) internal returns (address[] memory verifiers, bytes32[] memory revealed) {
        _advance(30, 2); // 3 of 6 equal stakes, widening 10 s: everyone wins after 10 s
        uint256 count = d.verifiers < 5 ? d.verifiers : 5;
        verifiers = new address[](count);
        revealed = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            verifiers[i] = providers[1 + i];
            vm.prank(verifiers[i]);
            court.claimVerifier(jobId);
        }
        bytes32[] memory answered = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            uint256 choice = (answers >> (3 * i)) % 5;
            if (choice == 0) continue;
            answered[i] =
                choice == 3
                    ? OTHER
                    : choice == 4
                        ? Results.INPUT_UNAVAILABLE
                        : SUBMITTED;
            bytes32 commitment = Results.commitment(jobId, verifiers[i], answered[i], bytes32(i));
            vm.prank(verifiers[i]);
            court.commitVerdict(jobId, commitment);
            if (choice >= 2) revealed[i] = answered[i];
        }
        _advance(uint256(d.commitDeadline) + 1 - _now, 1); // reveals open for certain
        for (uint256 i; i < count; ++i) {
            if (revealed[i] == bytes32(0)) continue;
            vm.prank(verifiers[i]);
            court.revealVerdict(jobId, revealed[i], bytes32(i), "");
        }
        _advance(uint256(d.revealDeadline) + 1 - _now, 1);
    }

    function _advance(uint256 seconds_, uint256 blocks) internal {
        _now += seconds_;
        _blockNumber += blocks;
        vm.warp(_now);
        vm.roll(_blockNumber);
    }

    /// @dev The verdict computed from first principles: a hash revealed by more than half the verifier slots.
    function _expectedVerdict(
        bytes32[] memory revealed,
        uint256 slots
    ) internal pure returns (bytes32 majority, IDisputeCourt.Verdict verdict) {
        bytes32[3] memory candidates = [SUBMITTED, OTHER, Results.INPUT_UNAVAILABLE];
        for (uint256 c; c < candidates.length; ++c) {
            uint256 votes;
            for (uint256 i; i < revealed.length; ++i) if (revealed[i] == candidates[c]) ++votes;
            if (votes * 2 > slots) majority = candidates[c];
        }
        if (majority == SUBMITTED) return (majority, IDisputeCourt.Verdict.Upheld);
        if (majority == OTHER) return (majority, IDisputeCourt.Verdict.Overturned);
        return (majority, IDisputeCourt.Verdict.Inconclusive);
    }

    function _books() internal view returns (Books memory k) {
        address[3] memory others = [REQUESTER, CHALLENGER, TREASURY];
        for (uint256 i; i < others.length; ++i) {
            k.courtClaimable += court.claimable(others[i]);
            k.marketClaimable += market.claimable(others[i]);
        }
        for (uint256 i; i < providers.length; ++i) {
            k.courtClaimable += court.claimable(providers[i]);
            k.marketClaimable += market.claimable(providers[i]);
            k.stakes[i] = registry.provider(providers[i]).stake;
            k.stakeSum += k.stakes[i];
        }
        k.court = token.balanceOf(address(court));
        k.market = token.balanceOf(address(market));
        k.registry = token.balanceOf(address(registry));
    }

    function _max(uint256 a, uint256 b) internal pure returns (uint256) {
        return a > b ? a : b;
    }
}
