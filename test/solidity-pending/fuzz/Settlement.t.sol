// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {Results} from "../../../contracts/libraries/Results.sol";
import {Fixture} from "../lib/Fixture.sol";

/// @notice Settlement moves tokens between escrow, stake and claimable balances without creating or
/// destroying any, for every bounded combination of price, collateral, fee and slash parameters.
contract SettlementFuzzTest is Fixture {
    address internal constant REQUESTER = address(0xBEEF);
    bytes32 internal constant RESULT_A = keccak256("output A");
    bytes32 internal constant RESULT_B = keccak256("output B");
    uint256 internal constant MAX_STAKE = type(uint96).max;

    /// @dev Raw fuzz input for one parameter set, bounded by `_parameters`.
    struct Knobs {
        uint256 feeBps;
        uint256 collateralBps;
        uint256 minCollateral;
        uint256 minPrice;
        uint256 dissentSlashBps;
        uint256 noShowSlashBps;
        uint256 requesterShareBps;
        uint256 honestShareBps;
        uint256 challengeWindow;
    }

    /// @dev Balances of everyone settlement can touch.
    struct Books {
        uint256[5] claimable; // requester, three providers, treasury
        uint256 claimableSum;
        uint256 stakeSum;
        uint256 market;
        uint256 registry;
    }

    address[3] internal providers = [address(0xA1), address(0xA2), address(0xA3)];

    function setUp() public {
        _deploy();
        _fund(REQUESTER, SUPPLY / 4);
    }

    // ------------------------------------------------------------------ tests

    /// @dev k = 1: the provider submits A, submits "input unavailable", or never shows up.
    function testFuzz_settle_ConservesTokens_SubmitMode(
        Knobs memory knobs,
        uint256 maxPrice,
        uint256 price,
        uint256 stake,
        uint256 action,
        uint256 retune
    ) public {
        uint256[] memory prices = new uint256[](1);
        prices[0] = price;
        (uint256 jobId, IJobMarket.JobRequest memory r) = _postAndClaim(knobs, maxPrice, prices, stake);
        action = bound(action, 0, 2);
        bytes32 submitted =
            action == 1
                ? RESULT_A
                : action == 2
                    ? Results.INPUT_UNAVAILABLE
                    : bytes32(0);
        if (submitted != bytes32(0)) {
            vm.prank(providers[0]);
            market.submitResult(jobId, submitted, "ipfs://out");
        }
        _retune(retune); // settlement reads the slash policy current at settlement
        vm.warp(submitted != bytes32(0) ? market.getJob(jobId).challengeEndsAt : r.commitDeadline + 1);
        bytes32[] memory delivered = new bytes32[](1);
        delivered[0] = submitted;
        _settleAndCheck(jobId, delivered);
    }

    /// @dev k = 2 or 3: each replica never commits, commits without revealing, or reveals A, B or
    /// "input unavailable" — covering winners, dissenters, no-shows, ties and refunds.
    function testFuzz_settle_ConservesTokens_CommitReveal(
        Knobs memory knobs,
        uint256 maxPrice,
        uint256[3] memory rawPrices,
        uint256 stake,
        uint256 replicas,
        uint256 actions,
        uint256 retune
    ) public {
        uint256[] memory prices = new uint256[](bound(replicas, 2, 3));
        for (uint256 i; i < prices.length; ++i) prices[i] = rawPrices[i];
        (uint256 jobId, IJobMarket.JobRequest memory r) = _postAndClaim(knobs, maxPrice, prices, stake);

        bytes32[] memory delivered = new bytes32[](prices.length);
        bytes32[] memory answers = new bytes32[](prices.length);
        for (uint256 i; i < prices.length; ++i) {
            uint256 act = (actions >> (8 * i)) % 6; // 0 none, 1 commit only, 2/5 A, 3 B, 4 input unavailable
            if (act == 0) continue;
            answers[i] =
                act == 3
                    ? RESULT_B
                    : act == 4
                        ? Results.INPUT_UNAVAILABLE
                        : RESULT_A;
            vm.prank(providers[i]);
            market.commitResult(jobId, Results.commitment(jobId, providers[i], answers[i], bytes32(i)));
            if (act != 1) delivered[i] = answers[i];
        }
        vm.warp(r.commitDeadline + 1);
        for (uint256 i; i < prices.length; ++i) {
            if (delivered[i] == bytes32(0)) continue;
            vm.prank(providers[i]);
            market.revealResult(jobId, answers[i], bytes32(i), "ipfs://out");
        }
        _retune(retune);
        vm.warp(r.revealDeadline + 1);
        _settleAndCheck(jobId, delivered);
    }

    // ------------------------------------------------------------------ steps

    function _parameters(Knobs memory f) internal pure returns (IJobMarket.Parameters memory p) {
        p.feeBps = uint16(bound(f.feeBps, 0, 1_000));
        p.collateralBps = uint16(bound(f.collateralBps, 1_000, 50_000));
        p.minCollateral = uint96(bound(f.minCollateral, 0, 1e27));
        p.minPrice = uint96(bound(f.minPrice, 1, 1e24));
        p.dissentSlashBps = uint16(bound(f.dissentSlashBps, 2_000, 10_000));
        p.noShowSlashBps = uint16(bound(f.noShowSlashBps, 500, p.dissentSlashBps));
        p.requesterShareBps = uint16(bound(f.requesterShareBps, 0, 10_000));
        p.honestShareBps = uint16(bound(f.honestShareBps, 0, 10_000 - p.requesterShareBps));
        p.challengeWindow = uint32(bound(f.challengeWindow, 1 minutes, 7 days));
        p.wideningPeriod = 10 seconds;
    }

    /// @dev Optionally (half the time) replaces the parameters between posting and settlement.
    function _retune(uint256 seed) internal {
        if (seed % 2 == 0) return;
        Knobs memory f;
        f.feeBps = uint256(keccak256(abi.encode(seed, 0)));
        f.collateralBps = uint256(keccak256(abi.encode(seed, 1)));
        f.minCollateral = uint256(keccak256(abi.encode(seed, 2)));
        f.minPrice = uint256(keccak256(abi.encode(seed, 3)));
        f.dissentSlashBps = uint256(keccak256(abi.encode(seed, 4)));
        f.noShowSlashBps = uint256(keccak256(abi.encode(seed, 5)));
        f.requesterShareBps = uint256(keccak256(abi.encode(seed, 6)));
        f.honestShareBps = uint256(keccak256(abi.encode(seed, 7)));
        f.challengeWindow = uint256(keccak256(abi.encode(seed, 8)));
        _setParameters(_parameters(f));
    }

    /// @dev Sets fuzzed parameters, registers `prices.length` providers with equal stake (so each wins the
    /// lottery at once: stake * k >= total), posts a k = prices.length job and lets every provider claim.
    function _postAndClaim(
        Knobs memory knobs,
        uint256 maxPrice,
        uint256[] memory prices,
        uint256 stake
    ) internal returns (uint256 jobId, IJobMarket.JobRequest memory r) {
        IJobMarket.Parameters memory p = _parameters(knobs);
        _setParameters(p);
        r = _request(uint8(prices.length), uint96(bound(maxPrice, p.minPrice, market.MAX_PRICE())));
        uint256 collateral = (uint256(r.maxPrice) * p.collateralBps) / 10_000;
        if (collateral < p.minCollateral) collateral = p.minCollateral;
        stake = bound(stake, collateral, MAX_STAKE);
        for (uint256 i; i < prices.length; ++i) {
            _addProvider(providers[i], uint96(bound(prices[i], 1, r.maxPrice)), stake);
        }
        jobId = _post(REQUESTER, r);
        vm.roll(block.number + 2); // the seed is the hash of the block after posting
        for (uint256 i; i < prices.length; ++i) {
            vm.prank(providers[i]);
            market.claim(jobId);
        }
    }

    function _books() internal view returns (Books memory b) {
        for (uint256 i; i < 5; ++i) {
            address account =
                i == 0
                    ? REQUESTER
                    : i == 4
                        ? TREASURY
                        : providers[i - 1];
            b.claimable[i] = market.claimable(account);
            b.claimableSum += b.claimable[i];
        }
        for (uint256 i; i < 3; ++i) {
            b.stakeSum += registry.provider(providers[i]).stake;
        }
        b.market = token.balanceOf(address(market));
        b.registry = token.balanceOf(address(registry));
    }

    /// @dev The hash delivered by more than half of the slots, computed naively.
    function _winner(bytes32[] memory delivered) internal pure returns (bytes32 winner) {
        for (uint256 i; i < delivered.length; ++i) {
            uint256 votes;
            for (uint256 j; j < delivered.length; ++j) {
                if (delivered[j] == delivered[i]) ++votes;
            }
            if (delivered[i] != bytes32(0) && votes * 2 > delivered.length) winner = delivered[i];
        }
    }

    function _settleAndCheck(uint256 jobId, bytes32[] memory delivered) internal {
        IJobMarket.Job memory job = market.getJob(jobId);
        uint256 escrow = uint256(job.replicas) * job.maxPrice;
        Books memory before = _books();
        assertEq(before.market, escrow, "market holds more or less than the escrow before settling");

        market.settle(jobId);

        Books memory afterwards = _books();
        uint256 slashed = before.stakeSum - afterwards.stakeSum;
        // Conservation: every escrowed and slashed token is credited to someone, and nothing else is.
        assertEq(afterwards.claimableSum - before.claimableSum, escrow + slashed, "credits != escrow + slashed");
        assertEq(afterwards.market, before.market + slashed, "market balance");
        assertEq(before.registry - afterwards.registry, slashed, "registry balance");
        assertEq(afterwards.market, afterwards.claimableSum, "market balance != claimable balances");
        assertLe(slashed, uint256(job.collateral) * job.replicas, "slashed more than the collateral");

        bytes32 winner = _winner(delivered);
        bool completed = winner != bytes32(0) && winner != Results.INPUT_UNAVAILABLE;
        IJobMarket.Job memory settled = market.getJob(jobId);
        assertTrue(
            settled.status == (completed ? IJobMarket.JobStatus.Completed : IJobMarket.JobStatus.Refunded),
            "status"
        );
        if (!completed) {
            assertGe(afterwards.claimable[0] - before.claimable[0], escrow, "requester not fully refunded");
        }
        for (uint256 i; i < delivered.length; ++i) {
            assertEq(registry.provider(providers[i]).locked, 0, "collateral still locked");
            if (delivered[i] != winner || winner == bytes32(0)) {
                assertEq(afterwards.claimable[i + 1], before.claimable[i + 1], "a non-winner was paid");
            }
        }

        // Everyone withdraws: the market ends empty and the supply is intact.
        _withdrawAll();
        assertEq(token.balanceOf(address(market)), 0, "tokens stuck in the market");
        assertEq(token.balanceOf(address(registry)), _registryLiabilities(), "registry balance != stakes");
        assertEq(token.totalSupply(), SUPPLY, "supply changed");
    }

    function _withdrawAll() internal {
        address[5] memory accounts = [REQUESTER, providers[0], providers[1], providers[2], TREASURY];
        for (uint256 i; i < 5; ++i) {
            if (market.claimable(accounts[i]) == 0) continue;
            vm.prank(accounts[i]);
            market.withdraw();
        }
    }

    function _registryLiabilities() internal view returns (uint256 sum) {
        for (uint256 i; i < 3; ++i) {
            sum += registry.provider(providers[i]).stake + registry.provider(providers[i]).unbonding;
        }
    }
}
