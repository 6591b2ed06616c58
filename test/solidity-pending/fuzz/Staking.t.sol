// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IProviderRegistry} from "../../../contracts/interfaces/IProviderRegistry.sol";
import {Fixture} from "../lib/Fixture.sol";

/// @notice stake → requestUnstake → withdraw: free stake never goes negative (locked <= stake), nothing
/// leaves before the unbonding delay, and the registry always holds exactly stake + unbonding.
contract StakingFuzzTest is Fixture {
    address internal constant PROVIDER = address(0xA1);
    address internal constant REQUESTER = address(0xBEEF);
    uint256 internal constant MAX_STAKE = type(uint96).max;

    function setUp() public {
        _deploy();
    }

    function _assertSolvent() internal view {
        IProviderRegistry.Provider memory p = registry.provider(PROVIDER);
        assertLe(p.locked, p.stake, "locked > stake");
        assertEq(token.balanceOf(address(registry)), uint256(p.stake) + p.unbonding, "registry != stake + unbonding");
        assertEq(registry.totalStake(), p.stake, "total stake");
    }

    function testFuzz_requestUnstake_MovesFreeStakeToUnbonding(uint256 amount, uint256 out, uint256 wait) public {
        amount = bound(amount, 1, MAX_STAKE);
        out = bound(out, 1, amount);
        _addProvider(PROVIDER, 1e18, amount);
        uint256 balance = token.balanceOf(PROVIDER);

        vm.prank(PROVIDER);
        registry.requestUnstake(out);
        IProviderRegistry.Provider memory p = registry.provider(PROVIDER);
        assertEq(p.stake, amount - out, "stake");
        assertEq(p.unbonding, out, "unbonding");
        assertEq(p.unbondingReadyAt, block.timestamp + UNBONDING, "readyAt");
        _assertSolvent();

        // Nothing leaves early...
        uint256 readyAt = p.unbondingReadyAt;
        uint256 early = bound(wait, block.timestamp, readyAt - 1); // not re-read after the warp: via-IR may cache it
        vm.warp(early);
        vm.expectRevert(
            abi.encodeWithSelector(IProviderRegistry.ProviderRegistryStillUnbonding.selector, readyAt, early)
        );
        vm.prank(PROVIDER);
        registry.withdraw();

        // ...and exactly the unbonded amount leaves once the delay is over.
        vm.warp(readyAt);
        vm.prank(PROVIDER);
        registry.withdraw();
        assertEq(token.balanceOf(PROVIDER) - balance, out, "withdrawn amount");
        assertEq(registry.provider(PROVIDER).unbonding, 0, "unbonding left");
        _assertSolvent();
    }

    /// @dev A second request restarts the delay for everything unbonding, the earlier amount included.
    function testFuzz_requestUnstake_RestartsDelay(uint256 amount, uint256 first, uint256 gap, uint256 wait) public {
        amount = bound(amount, 2, MAX_STAKE);
        first = bound(first, 1, amount - 1);
        _addProvider(PROVIDER, 1e18, amount);
        vm.prank(PROVIDER);
        registry.requestUnstake(first);
        uint256 second = block.timestamp + bound(gap, 1, UNBONDING - 1);
        vm.warp(second);
        vm.prank(PROVIDER);
        registry.requestUnstake(amount - first);
        uint256 readyAt = second + UNBONDING;
        assertEq(registry.provider(PROVIDER).unbondingReadyAt, readyAt, "readyAt");

        // Waiting out the first request's delay (second - gap + UNBONDING) is not enough any more.
        uint256 early = bound(wait, second, readyAt - 1);
        vm.warp(early);
        vm.expectRevert(
            abi.encodeWithSelector(IProviderRegistry.ProviderRegistryStillUnbonding.selector, readyAt, early)
        );
        vm.prank(PROVIDER);
        registry.withdraw();
        _assertSolvent();
    }

    /// @dev With collateral locked by a claimed job, unstaking more than stake - locked reverts; exactly the
    /// free stake can leave, and the lock is released at settlement.
    function testFuzz_requestUnstake_RevertWhen_AboveFreeStake(uint256 amount, uint256 maxPrice, uint256 out) public {
        maxPrice = bound(maxPrice, 1e15, 1e27);
        uint256 collateral = maxPrice * 2; // default collateralBps = 200%, above the 1-token floor here
        if (collateral < 1e18) collateral = 1e18;
        amount = bound(amount, collateral, MAX_STAKE);
        _addProvider(PROVIDER, uint96(maxPrice), amount);
        _fund(REQUESTER, maxPrice);
        uint256 jobId = _post(REQUESTER, _request(1, uint96(maxPrice)));
        vm.roll(block.number + 2);
        vm.prank(PROVIDER);
        market.claim(jobId);
        assertEq(registry.provider(PROVIDER).locked, collateral, "locked");
        _assertSolvent();

        uint256 free = amount - collateral;
        out = bound(out, free + 1, MAX_STAKE);
        vm.expectRevert(
            abi.encodeWithSelector(IProviderRegistry.ProviderRegistryInsufficientFreeStake.selector, out, free)
        );
        vm.prank(PROVIDER);
        registry.requestUnstake(out);

        if (free != 0) {
            vm.prank(PROVIDER);
            registry.requestUnstake(free);
        }
        assertEq(registry.provider(PROVIDER).stake, collateral, "only the free stake left");
        _assertSolvent();

        // The provider never submits: a no-show slash takes part of the collateral and releases the rest.
        vm.warp(market.getJob(jobId).commitDeadline + 1);
        market.settle(jobId);
        IProviderRegistry.Provider memory p = registry.provider(PROVIDER);
        assertEq(p.locked, 0, "lock not released");
        assertEq(p.stake, collateral - (collateral * 2_500) / 10_000, "no-show slash");
        _assertSolvent();
    }

    function testFuzz_withdraw_RevertWhen_NothingUnbonding(uint256 amount) public {
        _addProvider(PROVIDER, 1e18, bound(amount, 1, MAX_STAKE));
        vm.expectRevert(abi.encodeWithSelector(IProviderRegistry.ProviderRegistryNothingToWithdraw.selector, PROVIDER));
        vm.prank(PROVIDER);
        registry.withdraw();
    }
}
