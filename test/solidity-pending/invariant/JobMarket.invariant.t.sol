// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {HashworkToken} from "../../../contracts/HashworkToken.sol";
import {ProviderRegistry} from "../../../contracts/ProviderRegistry.sol";
import {JobMarket} from "../../../contracts/JobMarket.sol";
import {DisputeCourt} from "../../../contracts/DisputeCourt.sol";
import {IDisputeCourt} from "../../../contracts/interfaces/IDisputeCourt.sol";
import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {IProviderRegistry} from "../../../contracts/interfaces/IProviderRegistry.sol";
import {StdInvariant} from "../lib/StdInvariant.sol";
import {Test} from "../lib/Test.sol";
import {JobMarketHandler} from "./JobMarketHandler.sol";

/// @notice Random sequences of posts, claims, results, disputes (verifier draws, commits, reveals, resolutions),
/// settlements, cancellations, withdrawals, stake moves and time, checked after every call against the protocol's
/// money and lifecycle rules.
/// @dev Hardhat writes artifacts only for the files it is given, and the runner needs the handler's (to
/// target it) and the deployer library's (to link it). To run this file alone:
/// `npx hardhat test solidity test/solidity/invariant/*.sol test/solidity/lib/SystemDeployer.sol`
contract JobMarketInvariantTest is Test, StdInvariant {
    JobMarketHandler internal handler;
    HashworkToken internal token;
    ProviderRegistry internal registry;
    JobMarket internal market;
    DisputeCourt internal court;

    function setUp() public {
        vm.warp(1_700_000_000);
        vm.roll(100);
        handler = new JobMarketHandler();
        token = handler.token();
        registry = handler.registry();
        market = handler.market();
        court = handler.court();

        bytes4[] memory selectors = new bytes4[](19);
        selectors[0] = JobMarketHandler.postJob.selector;
        selectors[1] = JobMarketHandler.cancel.selector;
        selectors[2] = JobMarketHandler.claim.selector;
        selectors[3] = JobMarketHandler.submit.selector;
        selectors[4] = JobMarketHandler.commit.selector;
        selectors[5] = JobMarketHandler.reveal.selector;
        selectors[6] = JobMarketHandler.stake.selector;
        selectors[7] = JobMarketHandler.requestUnstake.selector;
        selectors[8] = JobMarketHandler.withdrawStake.selector;
        selectors[9] = JobMarketHandler.settle.selector;
        selectors[10] = JobMarketHandler.withdraw.selector;
        selectors[11] = JobMarketHandler.warp.selector;
        selectors[12] = JobMarketHandler.roll.selector;
        selectors[13] = JobMarketHandler.dispute.selector;
        selectors[14] = JobMarketHandler.claimVerifier.selector;
        selectors[15] = JobMarketHandler.commitVerdict.selector;
        selectors[16] = JobMarketHandler.revealVerdict.selector;
        selectors[17] = JobMarketHandler.resolve.selector;
        selectors[18] = JobMarketHandler.withdrawCourt.selector;
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @dev (a) The market holds exactly the escrow of open (and disputed) jobs plus every claimable balance, and
    /// exactly what the ghost ledger says came in (escrow, slashes) minus what went out (withdrawals).
    function invariant_marketBalanceEqualsOpenEscrowPlusClaimable() public view {
        uint256 openEscrow;
        uint256 count = market.jobCount();
        for (uint256 id = 1; id <= count; ++id) {
            IJobMarket.Job memory job = market.getJob(id);
            if (job.status == IJobMarket.JobStatus.Open || job.status == IJobMarket.JobStatus.Disputed) {
                openEscrow += uint256(job.replicas) * job.maxPrice;
            }
        }
        uint256 balance = token.balanceOf(address(market));
        assertEq(balance, openEscrow + handler.claimableSum(), "market balance != open escrow + claimable");
        assertEq(
            balance,
            handler.ghostEscrowed() + handler.ghostSlashed() - handler.ghostWithdrawn(),
            "market balance != ghost escrowed + slashed - withdrawn"
        );
        assertEq(handler.unbalancedWithdrawals(), 0, "a withdrawal paid a different amount than was claimable");
    }

    /// @dev (b) The registry holds exactly the stakes and unbonding amounts, and its total stake is their sum.
    function invariant_registryBalanceEqualsStakePlusUnbonding() public view {
        address[5] memory actors = handler.actors();
        uint256 sum;
        uint256 staked;
        for (uint256 i; i < actors.length; ++i) {
            IProviderRegistry.Provider memory p = registry.provider(actors[i]);
            sum += uint256(p.stake) + p.unbonding;
            staked += p.stake;
        }
        assertEq(token.balanceOf(address(registry)), sum, "registry balance != stake + unbonding");
        assertEq(registry.totalStake(), staked, "totalStake != sum of stakes");
    }

    /// @dev (c) locked <= stake for every provider; locked and activeJobs match the open assignments (of open and
    /// disputed jobs, and the verifier slots of open disputes); no unstake above the free stake and no withdrawal
    /// before the unbonding delay ever succeeded.
    function invariant_lockedNeverExceedsStake() public view {
        address[5] memory actors = handler.actors();
        uint256[5] memory locked;
        uint256[5] memory active;
        uint256 count = market.jobCount();
        for (uint256 id = 1; id <= count; ++id) {
            IJobMarket.Job memory job = market.getJob(id);
            if (court.getDispute(id).status == IDisputeCourt.DisputeStatus.Open) {
                IDisputeCourt.Verifier[] memory verifiers = court.getVerifiers(id);
                for (uint256 v; v < verifiers.length; ++v) {
                    uint256 i = uint160(verifiers[v].account) - 0xA0;
                    locked[i] += job.collateral;
                    ++active[i];
                }
            }
            if (job.status != IJobMarket.JobStatus.Open && job.status != IJobMarket.JobStatus.Disputed) continue;
            IJobMarket.Assignment[] memory slots = market.getAssignments(id);
            for (uint256 s; s < slots.length; ++s) {
                uint256 i = uint160(slots[s].provider) - 0xA0; // actors are 0xA0..0xA4
                locked[i] += job.collateral;
                ++active[i];
            }
        }
        for (uint256 i; i < actors.length; ++i) {
            IProviderRegistry.Provider memory p = registry.provider(actors[i]);
            assertLe(p.locked, p.stake, "locked > stake");
            assertEq(p.locked, locked[i], "locked != collateral of open assignments");
            assertEq(p.activeJobs, active[i], "activeJobs != open assignments");
        }
        assertEq(handler.overdrawnUnstakes(), 0, "unstaked more than the free stake");
        assertEq(handler.earlyWithdrawals(), 0, "stake withdrawn before the unbonding delay");
    }

    /// @dev (d) Status only moves None -> Open -> Completed | Refunded | Cancelled; cancelled jobs were never
    /// claimed; no reveal of an uncommitted hash and no foreign cancel ever succeeded.
    function invariant_jobStatusOnlyMovesForward() public view {
        assertEq(handler.statusRegressions(), 0, "a job status moved backwards");
        uint256 count = market.jobCount();
        for (uint256 id = 1; id <= count; ++id) {
            IJobMarket.Job memory job = market.getJob(id);
            assertTrue(job.status == handler.lastStatus(id), "status changed outside a handler action");
            if (job.status == IJobMarket.JobStatus.Cancelled) assertEq(job.claimed, 0, "cancelled after a claim");
            if (job.status == IJobMarket.JobStatus.Completed) assertTrue(job.claimed != 0, "completed unclaimed");
        }
        assertEq(handler.foreignCancels(), 0, "a cancel by someone else, or after a claim, succeeded");
        assertEq(handler.forgedReveals(), 0, "a reveal that does not match its commitment succeeded");
    }

    /// @dev (e) A job pays out once: settling any job that is no longer open reverts, every successful
    /// settlement credited exactly its escrow plus the stake it slashed (recorded once per job), and the
    /// claimable balances are exactly those credits and cancellation refunds, less withdrawals.
    function invariant_settledJobNeverPaysTwice() public {
        assertEq(handler.doublePays(), 0, "a job settled twice or after it closed");
        assertEq(handler.unbalancedSettlements(), 0, "a settlement credited != escrow + slashed");
        assertEq(handler.prematureSettlements(), 0, "settle succeeded while isSettleable was false");
        uint256 credited; // by settlements (recorded once per job) and cancellations
        uint256 count = market.jobCount();
        for (uint256 id = 1; id <= count; ++id) {
            IJobMarket.Job memory job = market.getJob(id);
            if (job.status == IJobMarket.JobStatus.Open || job.status == IJobMarket.JobStatus.Disputed) continue;
            if (job.status == IJobMarket.JobStatus.Cancelled) credited += uint256(job.replicas) * job.maxPrice;
            else credited += handler.creditedBySettlement(id);
            assertTrue(handler.settled(id) || job.status == IJobMarket.JobStatus.Cancelled, "closed unsettled");
            assertTrue(!market.isSettleable(id), "closed job reported settleable");
            try market.settle(id) {
                assertTrue(false, "settle succeeded on a closed job");
            } catch {}
        }
        // Every claimable token was credited by exactly one closing of a job, and not yet withdrawn.
        assertEq(handler.claimableSum() + handler.ghostWithdrawn(), credited, "claimable != credits - withdrawals");
    }

    /// @dev (g) The stake the lottery weighs for a job, stakeAt and totalStakeAt as of its posting block, is
    /// what the providers held at the end of that block (and of the block before), whatever happened since.
    function invariant_stakeCheckpointsMatchHistory() public view {
        address[5] memory actors = handler.actors();
        uint256 count = market.jobCount();
        for (uint256 id; id <= count; ++id) {
            uint256 posted = id == 0 ? block.number : market.getJob(id).postedBlock; // 0: the current block
            for (uint256 b = posted - 1; b <= posted; ++b) {
                (uint256[5] memory stakes, uint256 total) = handler.loggedStakesAt(b);
                for (uint256 i; i < actors.length; ++i) {
                    assertEq(registry.stakeAt(actors[i], b), stakes[i], "stakeAt != stake at the end of that block");
                }
                assertEq(registry.totalStakeAt(b), total, "totalStakeAt != total at the end of that block");
            }
        }
    }

    /// @dev (f) Nothing mints or burns, and every token is held by an account the system knows.
    function invariant_totalSupplyUnchanged() public view {
        assertEq(token.totalSupply(), handler.SUPPLY(), "total supply changed");
        address[5] memory actors = handler.actors();
        uint256 held =
            token.balanceOf(address(handler)) +
                token.balanceOf(address(market)) +
                token.balanceOf(address(registry)) +
                token.balanceOf(address(court)) +
                token.balanceOf(handler.CHALLENGER()) +
                token.balanceOf(handler.TREASURY());
        for (uint256 i; i < actors.length; ++i) held += token.balanceOf(actors[i]);
        assertEq(held, handler.SUPPLY(), "tokens left the known accounts");
    }

    /// @dev (h) The court holds exactly the bonds of open disputes plus every claimable balance, and exactly what
    /// the ghost ledger says came in (bonds, slashes) minus what went out; each resolution credited the market
    /// exactly the job's escrow and the court exactly the bond plus the stake it slashed; a job is Disputed exactly
    /// while its dispute is open; nobody with a stake in a verdict verified it.
    function invariant_courtBalanceEqualsOpenBondsPlusClaimable() public view {
        uint256 openBonds;
        uint256 count = market.jobCount();
        for (uint256 id = 1; id <= count; ++id) {
            IDisputeCourt.Dispute memory d = court.getDispute(id);
            bool open = d.status == IDisputeCourt.DisputeStatus.Open;
            if (open) openBonds += d.bond;
            assertTrue(open == (market.getJob(id).status == IJobMarket.JobStatus.Disputed), "disputed != open dispute");
        }
        uint256 balance = token.balanceOf(address(court));
        assertEq(balance, openBonds + handler.courtClaimableSum(), "court balance != open bonds + claimable");
        assertEq(
            balance,
            handler.ghostBonds() + handler.ghostCourtSlashed() - handler.ghostCourtWithdrawn(),
            "court balance != ghost bonds + slashed - withdrawn"
        );
        assertEq(handler.unbalancedResolutions(), 0, "a resolution credited the wrong amounts");
        assertEq(handler.prematureResolutions(), 0, "resolve succeeded while isResolvable was false");
        assertEq(handler.unbalancedCourtWithdrawals(), 0, "a court withdrawal paid a different amount");
        assertEq(handler.conflictedVerifiers(), 0, "a party to the dispute verified it");
    }
}
