// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {HashworkToken} from "../../../contracts/HashworkToken.sol";
import {ProviderRegistry} from "../../../contracts/ProviderRegistry.sol";
import {JobMarket} from "../../../contracts/JobMarket.sol";
import {VerificationCourt} from "../../../contracts/VerificationCourt.sol";
import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {IProviderRegistry} from "../../../contracts/interfaces/IProviderRegistry.sol";
import {IVerificationCourt} from "../../../contracts/interfaces/IVerificationCourt.sol";
import {StdInvariant} from "../lib/StdInvariant.sol";
import {Test} from "../lib/Test.sol";
import {ProtocolHandler} from "./ProtocolHandler.sol";

/// @notice Random sequences of every protocol action (posts, claims, commits, audit decisions, auditor draws, commits
/// and reveals, reveals, settlements, challenges, panel draws, commits, reveals and resolutions, withdrawals on both
/// contracts, stake moves and time), checked after every call against the money and lifecycle rules, and at the end of
/// every run against the deep states it must have reached.
/// @dev Hardhat writes artifacts only for the files it is given, and the runner needs the handler's (to target it)
/// and the deployer library's (to link it). To run this file alone:
/// `npx hardhat test solidity test/solidity/invariant/*.sol test/solidity/lib/SystemDeployer.sol`
contract ProtocolInvariantTest is Test, StdInvariant {
    ProtocolHandler internal handler;
    HashworkToken internal token;
    ProviderRegistry internal registry;
    JobMarket internal market;
    VerificationCourt internal court;

    function setUp() public {
        vm.warp(1_700_000_000);
        vm.roll(100);
        handler = new ProtocolHandler();
        vm.roll(101); // the providers staked in block 100: their stake counts for jobs posted from here on
        (token, registry, market, court) = (handler.token(), handler.registry(), handler.market(), handler.court());

        bytes4[] memory selectors = new bytes4[](22);
        selectors[0] = ProtocolHandler.post.selector;
        selectors[1] = ProtocolHandler.cancel.selector;
        selectors[2] = ProtocolHandler.claim.selector;
        selectors[3] = ProtocolHandler.commit.selector;
        selectors[4] = ProtocolHandler.decideAudit.selector;
        selectors[5] = ProtocolHandler.reveal.selector;
        selectors[6] = ProtocolHandler.claimAuditor.selector;
        selectors[7] = ProtocolHandler.commitAudit.selector;
        selectors[8] = ProtocolHandler.revealAudit.selector;
        selectors[9] = ProtocolHandler.settle.selector;
        selectors[10] = ProtocolHandler.challenge.selector;
        selectors[11] = ProtocolHandler.claimPanel.selector;
        selectors[12] = ProtocolHandler.commitPanel.selector;
        selectors[13] = ProtocolHandler.revealPanel.selector;
        selectors[14] = ProtocolHandler.resolve.selector;
        selectors[15] = ProtocolHandler.withdraw.selector;
        selectors[16] = ProtocolHandler.withdrawCourt.selector;
        selectors[17] = ProtocolHandler.stake.selector;
        selectors[18] = ProtocolHandler.requestUnstake.selector;
        selectors[19] = ProtocolHandler.withdrawStake.selector;
        selectors[20] = ProtocolHandler.warp.selector;
        selectors[21] = ProtocolHandler.deposit.selector;
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    // ------------------------------------------------------------------ invariants

    /// @dev Money: the market holds exactly the escrow of its Open and Verifying jobs plus every claimable balance (the
    /// treasury's and the court's included); the court's holdings (its balance and its claimable in the market) are
    /// exactly its free pool, the pay reserved for drawn verifiers, the bonds of open challenges and every claimable
    /// balance, so the pool is never negative, and the reserved pay is one budget per seat not judged yet; each
    /// contract's balance is what the ghost ledger saw come in minus what it saw go out; nothing mints, burns or leaks.
    function invariant_moneyIsConserved() public view {
        uint256[] memory live = handler.liveJobs();
        uint256 escrow;
        uint256 reserved;
        uint256 bonds;
        for (uint256 i; i < live.length; ++i) {
            escrow += handler.escrowOf(live[i]);
            (uint256 seats, ) = _unjudgedSeats(live[i], address(0));
            reserved += seats * market.getJob(live[i]).budget;
            IVerificationCourt.Verification memory v = court.getVerification(live[i]);
            if (v.status == IVerificationCourt.VerificationStatus.Panel) bonds += v.bond;
        }
        uint256 marketClaimable = _sumClaimable(handler.marketAccounts(), true);
        assertEq(
            token.balanceOf(address(market)),
            escrow + marketClaimable,
            "market balance != open escrow + claimable"
        );

        assertEq(
            token.balanceOf(address(market)),
            handler.ghostEscrowed() +
                handler.ghostDeposited() +
                handler.ghostSlashedToMarket() -
                handler.ghostMarketPaidOut(),
            "market balance != ghost escrowed + deposited + slashes received - paid out"
        );
        assertEq(
            token.balanceOf(address(court)),
            handler.ghostCourtIn() - handler.ghostCourtPaidOut(),
            "court balance != ghost pool seed + bonds + slashes + collected - paid out"
        );

        uint256 holdings = token.balanceOf(address(court)) + market.claimable(address(court));
        uint256 owed = court.reserved() + bonds + _sumClaimable(handler.courtAccounts(), false);
        assertGe(holdings, owed, "court owes more than it holds: pool negative");
        assertEq(holdings, court.pool() + owed, "court holdings != pool + reserved + open bonds + claimable");
        assertEq(court.reserved(), reserved, "reserved != one budget per seat not judged yet");

        address[] memory holders = handler.holders();
        uint256 held;
        for (uint256 i; i < holders.length; ++i) held += token.balanceOf(holders[i]);
        assertEq(token.totalSupply(), handler.SUPPLY(), "supply changed");
        assertEq(held, handler.SUPPLY(), "tokens left the known accounts");
    }

    /// @dev The market never accepts a job the court could not verify: its copy of the bound is never above the court's.
    function invariant_marketNeverOverstatesWhatTheCourtCanVerify() public view {
        assertLe(market.maxVerifiableBudget(), court.maxVerifiableBudget(), "market's verifiable budget > court's");
    }

    /// @dev Stake: the registry's balance is the sum of stakes and unbonding amounts, its total stake the sum of
    /// stakes; for everyone locked <= stake, and locked and activeJobs are exactly the collateral and count of the
    /// provider's open replica slots and verifier seats not judged yet.
    function invariant_stakeCoversLockedCollateral() public view {
        address[10] memory providers = handler.providers();
        uint256[] memory live = handler.liveJobs();
        uint256 staked;
        uint256 unbonding;
        for (uint256 p; p < providers.length; ++p) {
            IProviderRegistry.Provider memory r = registry.provider(providers[p]);
            staked += r.stake;
            unbonding += r.unbonding;
            assertLe(r.locked, r.stake, "locked > stake");
            uint256 locked;
            uint256 active;
            for (uint256 i; i < live.length; ++i) {
                uint256 collateral = market.getJob(live[i]).collateral;
                IJobMarket.Assignment[] memory slots = market.getAssignments(live[i]);
                for (uint256 s; s < slots.length; ++s) {
                    if (slots[s].provider != providers[p]) continue;
                    locked += collateral;
                    ++active;
                }
                (, bool seated) = _unjudgedSeats(live[i], providers[p]);
                if (seated) (locked, active) = (locked + collateral, active + 1);
            }
            assertEq(r.locked, locked, "locked != collateral of open slots and unjudged seats");
            assertEq(r.activeJobs, active, "activeJobs != open slots and unjudged seats");
        }
        assertEq(token.balanceOf(address(registry)), staked + unbonding, "registry balance != stake + unbonding");
        assertEq(
            token.balanceOf(address(registry)),
            handler.ghostStaked() - handler.ghostUnbondedOut() - handler.ghostSlashedOut(),
            "registry balance != ghost staked - withdrawn - slashed"
        );
        assertEq(registry.totalStake(), staked, "total stake != sum of stakes");
    }

    /// @dev Lifecycle: every job's status is the one the handler saw it move to (statuses never regress; the handler
    /// checks each move and who made it); a job is paid out at most once, and exactly once if Completed or Refunded;
    /// a job is Verifying exactly while the court runs its panel; a closed job is never settleable again.
    function invariant_jobsOnlyMoveForward() public view {
        uint256 count = market.jobCount();
        uint256 live;
        for (uint256 id = 1; id <= count; ++id) {
            IJobMarket.JobStatus status = market.getJob(id).status;
            if (status == IJobMarket.JobStatus.Archived) {
                // A later job recycled its record (the deployer's ring is 4): only a finished job's may be.
                status = handler.ghostStatus(id);
                assertTrue(
                    status != IJobMarket.JobStatus.Open && status != IJobMarket.JobStatus.Verifying,
                    "a running job's record was recycled"
                );
            }
            assertTrue(status == handler.ghostStatus(id), "status changed outside a handler action");
            bool paidOut = status == IJobMarket.JobStatus.Completed || status == IJobMarket.JobStatus.Refunded;
            assertEq(handler.settlements(id), paidOut ? 1 : 0, "paid out other than once");
            IVerificationCourt.VerificationStatus v = court.getVerification(id).status;
            assertTrue(
                (status == IJobMarket.JobStatus.Verifying) == (v == IVerificationCourt.VerificationStatus.Panel),
                "Verifying != a panel running"
            );
            if (status == IJobMarket.JobStatus.Open || status == IJobMarket.JobStatus.Verifying) ++live;
            else assertTrue(!market.isSettleable(id), "a closed job is settleable");
            if (status == IJobMarket.JobStatus.Cancelled)
                assertEq(market.getJob(id).claimed, 0, "cancelled after a claim");
        }
        assertEq(handler.liveJobs().length, live, "live set != Open and Verifying jobs");
    }

    /// @dev After a run's last call, its live jobs are finished (honestly, by their next protocol steps: see
    /// `finishLiveJobs`), and none may stay live. Then the market reopens (jails over, stake topped up) and an honest
    /// k = 1 job posted now must complete: no history of the run can leave the market unable to serve. Every invariant
    /// is checked again on the quiet market. Last, the run proves it reached the deep states, so a shallow run cannot
    /// pass for a thorough one: jobs paid out by the market's settle (not only by the court), claims that committed in
    /// the same call, k = 1 answers kept sealed through their window and revealed and settled at once (a run whose
    /// sealed answers were all audited, or never reached their window's end, gets one more honest job whose answer is,
    /// unaudited: a CI run once had none), audits judged, panels resolved, challenges settled (a run that settled none
    /// gets one more honest job, challenged by choice once revealed: a CI run once had none). Over 272 runs with this
    /// finish (before the extra challenged job), finishing took at most 49 steps, and the fewest per run were 6 settled
    /// jobs, 8 committing claims, 3 judged audits, 10 resolved panels and 3 settled challenges. Completed jobs vary
    /// most (2 to 12 before the honest job: the run's warps leave many jobs unclaimed or unrevealed, which are
    /// refunded): the likeliest of the checks a CI run once failed when they came before any finish (its log kept only
    /// the shrunk sequence, not which check).
    function afterInvariant() public {
        assertEq(handler.finishLiveJobs(400), 0, "a job still live after 400 steps of finishing");
        (uint256 honestJob, uint256 stillLive) = handler.postAndFinishHonestJob(100);
        assertTrue(honestJob != 0, "after the run, the court's pool could not verify a 3 HWK job");
        _assertFinished(honestJob, stillLive, "the honest job");
        if (handler.reached(handler.SEALED_SETTLED()) == 0) {
            // No k = 1 answer of the run stayed sealed through its window unaudited (the run's warps and audits
            // decide that): one more honest job proves the path.
            (uint256 sealedJob, uint256 sealedLive) = handler.postAndFinishSealedJob(100);
            assertTrue(sealedJob != 0, "after the run, a sealed k = 1 job could not be posted");
            _assertFinished(sealedJob, sealedLive, "the sealed k = 1 job");
        }
        if (_challengesSettled() == 0) {
            // No agreed answer of the run was challenged and settled (the run's choices and warps decide that): one
            // more honest job, challenged, proves the path.
            (uint256 challengedJob, uint256 challengedLive) = handler.postAndFinishChallengedJob(200);
            assertTrue(challengedJob != 0, "after the run, a job to challenge could not be posted");
            _assertFinished(challengedJob, challengedLive, "the challenged job");
        }
        invariant_stakeCoversLockedCollateral();
        invariant_moneyIsConserved();
        invariant_marketNeverOverstatesWhatTheCourtCanVerify();
        invariant_jobsOnlyMoveForward();
        assertGe(handler.reached(handler.SETTLED()), 1, "no job paid out by settle in this run");
        assertGe(handler.reached(handler.DEPOSITS()), 1, "no deposit in this run");
        assertGe(handler.reached(handler.SETTLED_IN_BATCH()), 1, "no job paid out by settleMany in this run");
        assertGe(handler.reached(handler.CLAIM_COMMITS()), 1, "no claim committed in the same call in this run");
        assertGe(handler.reached(handler.SEALED_SETTLED()), 1, "no k = 1 job revealed and settled at once");
        assertGe(handler.reached(handler.AUDITS_JUDGED()), 1, "no audit judged in this run");
        assertGe(handler.reached(handler.VERDICTS()), 1, "no panel resolved in this run");
        assertGe(_challengesSettled(), 1, "no challenge settled in this run");
    }

    function _challengesSettled() internal view returns (uint256) {
        return
            handler.reached(handler.CHALLENGE_WON()) +
            handler.reached(handler.CHALLENGE_LOST()) +
            handler.reached(handler.CHALLENGE_UNDECIDED());
    }

    /// @dev A job posted after the run, driven by honest actors, ended Completed with nothing left live.
    function _assertFinished(uint256 jobId, uint256 stillLive, string memory what) internal view {
        assertEq(stillLive, 0, string.concat(what, " still live after its finishing steps"));
        assertEq(
            uint256(market.getJob(jobId).status),
            uint256(IJobMarket.JobStatus.Completed),
            string.concat(what, " posted after the run did not complete")
        );
    }

    // ------------------------------------------------------------------ helpers

    /// @dev Seats of a live job's verification that hold reserved pay and locked collateral: the auditor's until the
    /// job is final, and the current panel's. Also whether `account` holds one of them.
    function _unjudgedSeats(uint256 jobId, address account) internal view returns (uint256 seats, bool seated) {
        IVerificationCourt.Verification memory v = court.getVerification(jobId);
        if (
            v.status != IVerificationCourt.VerificationStatus.Audit &&
            v.status != IVerificationCourt.VerificationStatus.Panel
        ) {
            return (0, false);
        }
        IVerificationCourt.Seat[] memory audit = court.getSeats(jobId, 0);
        for (uint256 i; i < audit.length; ++i) if (audit[i].account == account) seated = true;
        seats = audit.length;
        if (v.status == IVerificationCourt.VerificationStatus.Panel) {
            IVerificationCourt.Seat[] memory panel = court.getSeats(jobId, v.round);
            for (uint256 i; i < panel.length; ++i) if (panel[i].account == account) seated = true;
            seats += panel.length;
        }
    }

    function _sumClaimable(address[] memory accounts, bool inMarket) internal view returns (uint256 sum) {
        for (uint256 i; i < accounts.length; ++i) {
            sum += inMarket ? market.claimable(accounts[i]) : court.claimable(accounts[i]);
        }
    }
}
