// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {IProviderRegistry} from "../../../contracts/interfaces/IProviderRegistry.sol";
import {Draws} from "../lib/Draws.sol";
import {Fixture} from "../lib/Fixture.sol";

/// @notice stake → requestUnstake → withdraw: the locked collateral never exceeds the stake, unbonding can never take
/// stake below what is locked, nothing leaves before the unbonding delay, the registry always holds exactly stake +
/// unbonding, and the lottery weighs stake as of the block before a job's posting, whatever moves afterwards.
contract StakingFuzzTest is Fixture {
    address internal constant PROVIDER = address(0xA1);
    address internal constant OTHER = address(0xA2);
    address internal constant REQUESTER = address(0xBEEF);
    uint256 internal constant MAX_STAKE = type(uint96).max;
    uint256 internal constant UNBONDING = 7 days; // the Ignition default

    function setUp() public {
        _deploy();
        _fund(REQUESTER, SUPPLY / 4);
        // The market refuses jobs the pool could not verify in full (7 budgets by default): room for 1e12 fuel at 1e16.
        token.approve(address(court), 7 * 1e22);
        court.fundPool(7 * 1e22);
    }

    function _assertSolvent() internal view {
        IProviderRegistry.Provider memory p = registry.provider(PROVIDER);
        IProviderRegistry.Provider memory o = registry.provider(OTHER);
        assertLe(p.locked, p.stake, "locked > stake");
        assertEq(
            token.balanceOf(address(registry)),
            uint256(p.stake) + p.unbonding + o.stake + o.unbonding,
            "registry != stake + unbonding"
        );
        assertEq(registry.totalStake(), uint256(p.stake) + o.stake, "total stake != sum of stakes");
    }

    function testFuzz_requestUnstake_MovesFreeStakeToUnbonding(uint256 amount, uint256 out, uint256 wait) public {
        amount = bound(amount, 1, MAX_STAKE);
        out = bound(out, 1, amount);
        _addProvider(PROVIDER, 1e16, 0, amount);
        uint256 balance = token.balanceOf(PROVIDER);

        vm.prank(PROVIDER);
        registry.requestUnstake(out);
        IProviderRegistry.Provider memory p = registry.provider(PROVIDER);
        assertEq(p.stake, amount - out, "stake");
        assertEq(p.unbonding, out, "unbonding");
        uint256 readyAt = _now() + UNBONDING;
        assertEq(p.unbondingReadyAt, readyAt, "readyAt");
        _assertSolvent();

        // Nothing leaves early...
        uint256 early = bound(wait, _now(), readyAt - 1);
        _warpTo(early);
        vm.expectRevert(
            abi.encodeWithSelector(IProviderRegistry.ProviderRegistryStillUnbonding.selector, readyAt, _now())
        );
        vm.prank(PROVIDER);
        registry.withdraw();

        // ...and exactly the unbonded amount leaves once the delay is over.
        _warpTo(readyAt);
        vm.prank(PROVIDER);
        registry.withdraw();
        assertEq(token.balanceOf(PROVIDER) - balance, out, "withdrawn amount");
        assertEq(registry.provider(PROVIDER).unbonding, 0, "unbonding left");
        _assertSolvent();
    }

    /// @dev A second request restarts the delay for everything unbonding, the earlier amount included.
    function testFuzz_requestUnstake_RestartsTheDelay(uint256 amount, uint256 first, uint256 gap, uint256 wait) public {
        amount = bound(amount, 2, MAX_STAKE);
        first = bound(first, 1, amount - 1);
        _addProvider(PROVIDER, 1e16, 0, amount);
        vm.prank(PROVIDER);
        registry.requestUnstake(first);
        uint256 second = _now() + bound(gap, 1, UNBONDING - 1);
        _warpTo(second);
        vm.prank(PROVIDER);
        registry.requestUnstake(amount - first);
        uint256 readyAt = second + UNBONDING;
        assertEq(registry.provider(PROVIDER).unbondingReadyAt, readyAt, "readyAt");

        // Waiting out the first request's delay is not enough any more.
        _warpTo(bound(wait, second, readyAt - 1));
        vm.expectRevert(
            abi.encodeWithSelector(IProviderRegistry.ProviderRegistryStillUnbonding.selector, readyAt, _now())
        );
        vm.prank(PROVIDER);
        registry.withdraw();
        _assertSolvent();
    }

    /// @dev With collateral locked by a claimed job, unbonding more than stake - locked reverts; exactly the free stake
    /// can leave; a no-show slash comes out of the locked collateral and releases the rest.
    function testFuzz_requestUnstake_RevertWhen_AboveTheFreeStake(uint256 amount, uint256 maxFuel, uint256 out) public {
        IJobMarket.JobRequest memory r = _request(1, uint64(bound(maxFuel, 1e6, 1e12)), 1e16);
        (, uint256 budget) = market.escrowFor(r);
        uint256 collateral = (budget * market.parameters().collateralBps) / BPS;
        if (collateral < market.parameters().minCollateral) collateral = market.parameters().minCollateral;
        amount = bound(amount, collateral, MAX_STAKE / 2);
        _addProvider(PROVIDER, 1e16, 0, amount);
        _roll(1);
        uint256 jobId = _post(REQUESTER, _request(1, r.maxFuel, 1e16));
        _claim(jobId, PROVIDER);
        assertEq(registry.provider(PROVIDER).locked, collateral, "locked != max(collateralBps * budget, floor)");
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

        // The provider never commits: settled at the deadline, a no-show slash takes noShowSlashBps of the collateral.
        _warpTo(uint256(market.getJob(jobId).commitDeadline) + 1);
        market.settle(jobId);
        IProviderRegistry.Provider memory p = registry.provider(PROVIDER);
        assertEq(p.locked, 0, "lock not released");
        assertEq(p.stake, collateral - (collateral * market.parameters().noShowSlashBps) / BPS, "no-show slash");
        assertEq(p.noShows, 1, "no-show not counted");
        _assertSolvent();
    }

    function testFuzz_withdraw_RevertWhen_NothingUnbonding(uint256 amount) public {
        _addProvider(PROVIDER, 1e16, 0, bound(amount, 1, MAX_STAKE));
        vm.expectRevert(abi.encodeWithSelector(IProviderRegistry.ProviderRegistryNothingToWithdraw.selector, PROVIDER));
        vm.prank(PROVIDER);
        registry.withdraw();
    }

    /// @dev Stake moved in the posting block or later does not change who is drawn: the lottery reads stake as of the
    /// block before the posting. A provider that staked in the posting block is never drawn for that job.
    function testFuzz_stakeAt_TheLotteryWeighsStakeAsOfTheBlockBeforePosting(
        uint256 stakeA,
        uint256 stakeB,
        uint256 added,
        uint256 unbonded,
        bool sameBlock
    ) public {
        stakeA = bound(stakeA, 1e18, 1e24);
        stakeB = bound(stakeB, 1e18, 1e24);
        _addProvider(PROVIDER, 1e16, 0, stakeA);
        _roll(1);
        uint256 jobId = _post(REQUESTER, _request(1, 100e6, 2e16));
        uint256 postedBlock = market.getJob(jobId).postedBlock;
        _addProvider(OTHER, 1e16, 0, stakeB); // joins in the posting block
        vm.roll(postedBlock + 2);
        uint256 drawnAt = Draws.replicaDrawTime(market, jobId, PROVIDER);
        assertEq(drawnAt, market.getJob(jobId).postedAt, "sole staker before posting is drawn at once");

        if (!sameBlock) _roll(1);
        added = bound(added, 1, 1e24);
        _fund(PROVIDER, added);
        vm.prank(PROVIDER);
        registry.stake(added);
        vm.prank(PROVIDER);
        registry.requestUnstake(bound(unbonded, 1, stakeA + added));

        assertEq(registry.stakeAt(PROVIDER, postedBlock - 1), stakeA, "stake as of the block before posting");
        assertEq(registry.totalStakeAt(postedBlock - 1), stakeA, "total stake as of the block before posting");
        assertEq(registry.stakeAt(OTHER, postedBlock - 1), 0, "newcomer's stake counted");
        assertEq(Draws.replicaDrawTime(market, jobId, PROVIDER), drawnAt, "a later stake move changed the draw");
        assertEq(Draws.replicaDrawTime(market, jobId, OTHER), Draws.NEVER, "a newcomer was drawn");
        assertTrue(!market.isDrawn(jobId, OTHER), "isDrawn: newcomer");
        _assertSolvent();
    }

    /// @dev A provider's stake changes in random blocks (several may share one). For every block since the first change,
    /// the exact view gives the model's stake or refuses a block older than the two values the registry keeps; the
    /// lottery's view gives the same where the exact one answers and zero otherwise, so it never counts more.
    function testFuzz_stakeAt_KeepsTheLatestStakeAndTheOneItReplaced(
        uint8 count,
        uint8[8] memory gaps,
        uint96[8] memory tops
    ) public {
        count = uint8(bound(count, 1, 8)); // changes after the first stake
        _addProvider(PROVIDER, 1e16, 0, 1e18);
        uint256 first = _blockNumber();
        uint256[] memory setAt = new uint256[](count + 1); // block of each change
        uint256[] memory value = new uint256[](count + 1); // stake after each change
        setAt[0] = first;
        value[0] = 1e18;
        for (uint256 i; i < count; ++i) {
            _roll(gaps[i] % 3); // 0: the same block as the change before
            uint256 top = bound(tops[i], 1, 1e21);
            _fund(PROVIDER, top);
            vm.prank(PROVIDER);
            registry.stake(top);
            setAt[i + 1] = _blockNumber();
            value[i + 1] = value[i] + top;
        }
        _roll(1);
        // The model: the last value set in or before each block; the two latest distinct blocks are kept.
        uint256 latestBlock = setAt[count];
        uint256 replacedBlock;
        for (uint256 i = count; i > 0; --i) {
            if (setAt[i - 1] != latestBlock) {
                replacedBlock = setAt[i - 1];
                break;
            }
        }
        for (uint256 b = first - 1; b <= _blockNumber(); ++b) {
            uint256 expected;
            for (uint256 i; i <= count && setAt[i] <= b; ++i) expected = value[i];
            // Before the first stake is known to be zero while the first stake is one of the two kept.
            bool beforeFirst = b < first && (replacedBlock == first || replacedBlock == 0);
            bool kept = beforeFirst || b >= latestBlock || (replacedBlock != 0 && b >= replacedBlock);
            if (kept) {
                assertEq(registry.stakeAt(PROVIDER, b), expected, "exact stake");
                assertEq(registry.lotteryStakeAt(PROVIDER, b), expected, "lottery stake where kept");
            } else {
                vm.expectRevert(
                    abi.encodeWithSelector(
                        IProviderRegistry.ProviderRegistryStakeNotKept.selector,
                        PROVIDER,
                        b,
                        replacedBlock
                    )
                );
                registry.stakeAt(PROVIDER, b);
                assertEq(registry.lotteryStakeAt(PROVIDER, b), 0, "lottery stake where not kept");
            }
        }
        _assertSolvent();
    }
}
