// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Lottery} from "../../../contracts/libraries/Lottery.sol";
import {Test} from "../lib/Test.sol";

/// @notice Exposes the internal library to the fuzzer.
contract LotteryHarness {
    function wins(
        bytes32 seed,
        uint256 jobId,
        address provider,
        uint256 stake,
        uint256 totalStake,
        uint256 replicas,
        uint256 elapsed,
        uint256 wideningPeriod
    ) external pure returns (bool) {
        return Lottery.wins(seed, jobId, provider, stake, totalStake, replicas, elapsed, wideningPeriod);
    }
}

/// @notice The lottery only gets easier with time and with stake, and is certain once the eligible share
/// of stake (stake * k * w / total) reaches one.
contract LotteryWinsFuzzTest is Test {
    uint256 internal constant MAX_STAKE = type(uint96).max; // the registry's per-provider cap
    uint256 internal constant MAX_TOTAL = 1e6 * MAX_STAKE; // a million providers at the cap
    uint256 internal constant MAX_ELAPSED = 30 days; // the longest job
    LotteryHarness internal harness;

    struct Draw {
        bytes32 seed;
        uint256 jobId;
        address provider;
        uint256 stake;
        uint256 total;
        uint256 replicas;
        uint256 elapsed;
        uint256 period;
    }

    function setUp() public {
        harness = new LotteryHarness();
    }

    function _bounded(Draw memory d) internal pure returns (Draw memory) {
        d.stake = bound(d.stake, 1, MAX_STAKE);
        d.total = bound(d.total, d.stake, MAX_TOTAL);
        d.replicas = bound(d.replicas, 1, 7);
        d.elapsed = bound(d.elapsed, 0, MAX_ELAPSED);
        d.period = bound(d.period, 10 seconds, 1 days);
        return d;
    }

    function _wins(Draw memory d) internal view returns (bool) {
        return harness.wins(d.seed, d.jobId, d.provider, d.stake, d.total, d.replicas, d.elapsed, d.period);
    }

    function testFuzz_wins_MonotoneInElapsed(Draw memory d, uint256 later) public view {
        d = _bounded(d);
        bool before = _wins(d);
        d.elapsed = bound(later, d.elapsed, MAX_ELAPSED);
        assertTrue(!before || _wins(d), "a winner lost by waiting");
    }

    function testFuzz_wins_MonotoneInStake(Draw memory d, uint256 more) public view {
        d = _bounded(d);
        bool before = _wins(d);
        d.stake = bound(more, d.stake, d.total); // same total: a bigger share of it
        assertTrue(!before || _wins(d), "a winner lost by holding more stake");
    }

    /// @dev Once stake * k * w >= total, with w = 1 + elapsed / period, every ticket wins.
    function testFuzz_wins_CertainOnceShareCoversTotal(Draw memory d, uint256 w) public view {
        d = _bounded(d);
        // A whole widening factor w reachable within a job, a total that stake * k * w covers, and an
        // elapsed time at which the widening has reached w.
        w = bound(w, 1, 1 + MAX_ELAPSED / d.period);
        uint256 covered = d.stake * d.replicas * w;
        d.total = bound(d.total, d.stake, covered < MAX_TOTAL ? covered : MAX_TOTAL);
        d.elapsed = bound(d.elapsed, (w - 1) * d.period, MAX_ELAPSED);
        assertTrue(_wins(d), "the lottery refused a provider whose share covers the total");
    }

    /// @dev The exact threshold: the certainty condition of the library, recomputed in 1e18 fixed point.
    function testFuzz_wins_MatchesCertaintyCondition(Draw memory d) public view {
        d = _bounded(d);
        uint256 widening = 1e18 + (d.elapsed * 1e18) / d.period;
        if (d.stake * d.replicas * widening >= d.total * 1e18) {
            assertTrue(_wins(d), "covered share must win");
        }
    }

    function testFuzz_wins_FalseWithoutStake(Draw memory d) public view {
        d = _bounded(d);
        d.stake = 0;
        assertTrue(!_wins(d), "zero stake won");
    }
}
