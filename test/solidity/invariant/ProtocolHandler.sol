// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IProviderRegistry} from "../../../contracts/interfaces/IProviderRegistry.sol";
import {Steps} from "./Steps.sol";

/// @notice The invariant runner's target: one entry point per protocol action, each a transaction in a new block (12
/// seconds later). An action bounds its inputs, picks a live job it can make progress on and makes only valid calls,
/// checking its postconditions (Steps); when it has nothing to do, it advances some live job by its next protocol
/// step instead, or lets time run to the next deadline: every call does real work, so runs reach settlements, audits,
/// panels and challenges (which the test asserts at the end of each run). Configured with `failOnRevert`, so any
/// revert is a contract bug or a wrong model here.
/// @dev Randomness: the lottery seeds are the chain's; half of the audit decisions get a seed block hash chosen to
/// audit (as a proposer could), so every run has audits to drive. One job in eight is a cartel whose replicas agree on
/// a wrong fuel, so audits and challenges have something to catch.
contract ProtocolHandler is Steps {
    uint256 internal constant BLOCK_TIME = 12; // seconds

    /// @dev Each call is a transaction in the next block; afterwards every live job's status is checked to have moved
    /// only forward, by the action allowed to move it.
    modifier step() {
        vm.roll(_blockNumber() + 1);
        vm.warp(_now() + BLOCK_TIME);
        _;
        _observe();
        _action = Action.None;
    }

    // ------------------------------------------------------------------ requesters

    function post(uint256 who, uint256 k, uint256 fuel, uint256 price, uint256 knobs) external step {
        if (!_postJob(who, k, fuel, price, knobs)) _progress(knobs, k);
    }

    /// @dev A requester deposits up to a few jobs' escrow; its later postings draw on it while it covers them.
    function deposit(uint256 who, uint256 amount) external step {
        _action = Action.Deposit;
        address requester = _requesters[who % REQUESTERS];
        amount = bound(amount, 1e16, 3e19);
        _topUp(requester, amount);
        uint256 held = market.claimable(requester);
        vm.prank(requester);
        market.deposit(amount);
        assertEq(market.claimable(requester) - held, amount, "deposit: credited != amount");
        ghostDeposited += amount;
        ++reached[DEPOSITS];
    }

    function cancel(uint256 jobSeed) external step {
        uint256 jobId = _pick(jobSeed, Need.Cancel);
        if (jobId == 0 || !_cancelJob(jobId)) _progress(jobSeed, jobSeed >> 8);
    }

    // ------------------------------------------------------------------ replicas and the auditor

    function claim(uint256 jobSeed, uint256 count) external step {
        uint256 jobId = _pick(jobSeed, Need.Claim);
        if (jobId == 0 || !_claimJob(jobId, jobSeed, count)) _progress(jobSeed, count);
    }

    function commit(uint256 jobSeed, uint256 choices) external step {
        uint256 jobId = _pick(jobSeed, Need.Commit);
        if (jobId == 0 || !_commitJob(jobId, choices)) _progress(jobSeed, choices);
    }

    function decideAudit(uint256 jobSeed, uint256 choice) external step {
        uint256 jobId = _pick(jobSeed, Need.Decide);
        if (jobId == 0 || !_decideJob(jobId, choice)) _progress(jobSeed, choice);
    }

    function reveal(uint256 jobSeed, uint256 choices) external step {
        uint256 jobId = _pick(jobSeed, Need.Reveal);
        if (jobId == 0 || !_revealJob(jobId, choices)) _progress(jobSeed, choices);
    }

    function claimAuditor(uint256 jobSeed) external step {
        uint256 jobId = _pick(jobSeed, Need.ClaimAuditor);
        if (jobId == 0 || !_claimAuditorJob(jobId, jobSeed)) _progress(jobSeed, jobSeed >> 8);
    }

    function commitAudit(uint256 jobSeed, uint256 choice) external step {
        uint256 jobId = _pick(jobSeed, Need.CommitAudit);
        if (jobId == 0 || !_commitAuditJob(jobId, choice)) _progress(jobSeed, choice);
    }

    function revealAudit(uint256 jobSeed, uint256 choice) external step {
        uint256 jobId = _pick(jobSeed, Need.RevealAudit);
        if (jobId == 0 || !_revealAuditJob(jobId, choice)) _progress(jobSeed, choice);
    }

    // ------------------------------------------------------------------ anyone

    /// @dev One call in eight checks instead that jobs the market no longer settles refuse to be settled.
    function settle(uint256 jobSeed) external step {
        if (jobSeed % 8 == 0 && _checkRefusals(jobSeed)) return;
        uint256 jobId = _pick(jobSeed, Need.Settle);
        if (jobId == 0 || !_settleJob(jobId)) _progress(jobSeed, jobSeed >> 8);
    }

    function challenge(uint256 jobSeed, uint256 who) external step {
        uint256 jobId = _pick(jobSeed, Need.Challenge);
        if (jobId == 0 || !_challengeJob(jobId, who)) _progress(jobSeed, who);
    }

    // ------------------------------------------------------------------ panels

    function claimPanel(uint256 jobSeed, uint256 count) external step {
        uint256 jobId = _pick(jobSeed, Need.ClaimPanel);
        if (jobId == 0 || !_claimPanelJob(jobId, jobSeed, count)) _progress(jobSeed, count);
    }

    function commitPanel(uint256 jobSeed, uint256 choices) external step {
        uint256 jobId = _pick(jobSeed, Need.CommitPanel);
        if (jobId == 0 || !_commitPanelJob(jobId, choices)) _progress(jobSeed, choices);
    }

    function revealPanel(uint256 jobSeed, uint256 choices) external step {
        uint256 jobId = _pick(jobSeed, Need.RevealPanel);
        if (jobId == 0 || !_revealPanelJob(jobId, choices)) _progress(jobSeed, choices);
    }

    /// @dev One call in eight checks instead that closed jobs refuse to be resolved or settled again.
    function resolve(uint256 jobSeed) external step {
        if (jobSeed % 8 == 0 && _checkRefusals(jobSeed)) return;
        uint256 jobId = _pick(jobSeed, Need.Resolve);
        if (jobId == 0 || !_resolveJob(jobId)) _progress(jobSeed, jobSeed >> 8);
    }

    // ------------------------------------------------------------------ withdrawals

    /// @dev The first account (from a random start) with a market balance withdraws it, exactly.
    function withdraw(uint256 seed) external step {
        _action = Action.Withdraw;
        address[] memory accounts = marketAccounts();
        uint256 n = accounts.length - 1; // not the court: it collects its income in court.withdraw
        for (uint256 i; i < n; ++i) {
            address account = accounts[((seed % n) + i) % n];
            uint256 owed = market.claimable(account);
            if (owed == 0) continue;
            uint256 balance = token.balanceOf(account);
            vm.prank(account);
            market.withdraw();
            assertEq(token.balanceOf(account) - balance, owed, "withdraw: paid != claimable");
            assertEq(market.claimable(account), 0, "withdraw: claimable left");
            ghostMarketPaidOut += owed;
            ++reached[WITHDRAWALS];
            return;
        }
        _progress(seed, seed >> 8);
    }

    /// @dev The first account (from a random start) with a court balance withdraws it, exactly; the court collects
    /// its income from the market when its own balance is short.
    function withdrawCourt(uint256 seed) external step {
        _action = Action.WithdrawCourt;
        address[] memory accounts = courtAccounts();
        uint256 n = accounts.length;
        for (uint256 i; i < n; ++i) {
            address account = accounts[((seed % n) + i) % n];
            uint256 owed = court.claimable(account);
            if (owed == 0) continue;
            uint256 balance = token.balanceOf(account);
            uint256 marketBefore = token.balanceOf(address(market));
            vm.prank(account);
            court.withdraw();
            assertEq(token.balanceOf(account) - balance, owed, "court withdraw: paid != claimable");
            assertEq(court.claimable(account), 0, "court withdraw: claimable left");
            uint256 pulled = marketBefore - token.balanceOf(address(market)); // the court's income, collected
            ghostMarketPaidOut += pulled;
            ghostCourtIn += pulled;
            ghostCourtPaidOut += owed;
            ++reached[COURT_WITHDRAWALS];
            return;
        }
        _progress(seed, seed >> 8);
    }

    // ------------------------------------------------------------------ stake

    function stake(uint256 seed, uint256 amount) external step {
        _action = Action.Stake;
        address p = _providers[seed % PROVIDERS];
        amount = bound(amount, 1, 500e18);
        _topUp(p, amount);
        vm.prank(p);
        registry.stake(amount);
        ghostStaked += amount;
        ++reached[STAKES];
    }

    /// @dev Unbonds up to the free stake (stake - locked). One call in four first asks for more than the free stake,
    /// which must be refused: unbonding never takes stake below the locked collateral.
    function requestUnstake(uint256 seed, uint256 amount) external step {
        _action = Action.Unstake;
        address p = _providers[seed % PROVIDERS];
        IProviderRegistry.Provider memory r = registry.provider(p);
        uint256 free = r.stake - r.locked;
        if (amount % 4 == 0) {
            vm.prank(p);
            try registry.requestUnstake(free + 1 + (amount % 100e18)) {
                revert("requestUnstake: unbonded more than the free stake");
            } catch (bytes memory err) {
                assertEq(
                    bytes4(err),
                    IProviderRegistry.ProviderRegistryInsufficientFreeStake.selector,
                    "unstake refusal"
                );
            }
            ++reached[REFUSALS];
        }
        if (free == 0) return;
        vm.prank(p);
        registry.requestUnstake(bound(amount, 1, free));
        ++reached[UNSTAKES];
    }

    /// @dev Withdraws unbonded stake once ready; before that, the withdrawal must be refused.
    function withdrawStake(uint256 seed) external step {
        _action = Action.WithdrawStake;
        address p = _providers[seed % PROVIDERS];
        IProviderRegistry.Provider memory r = registry.provider(p);
        if (r.unbonding == 0) {
            _progress(seed, seed >> 8);
            return;
        }
        if (_now() < r.unbondingReadyAt) {
            vm.prank(p);
            try registry.withdraw() {
                revert("withdraw: stake left before the unbonding delay");
            } catch (bytes memory err) {
                assertEq(bytes4(err), IProviderRegistry.ProviderRegistryStillUnbonding.selector, "withdraw refusal");
            }
            ++reached[REFUSALS];
            return;
        }
        uint256 balance = token.balanceOf(p);
        vm.prank(p);
        registry.withdraw();
        assertEq(token.balanceOf(p) - balance, r.unbonding, "withdraw: paid != unbonding");
        ghostUnbondedOut += r.unbonding;
        ++reached[STAKE_WITHDRAWALS];
    }

    // ------------------------------------------------------------------ time

    /// @dev Mostly up to two minutes, or to just past the next deadline of a live job (so windows close while jobs are
    /// in them); rarely an hour, 260 blocks (seeds nobody fixed expire), a day (jails end) or a week (unbonding ends,
    /// every open job times out).
    function warp(uint256 seed) external step {
        _action = Action.Warp;
        uint256 mode = seed % 64;
        uint256 t = _now();
        uint256 blocks;
        if (mode < 36 || mode == 63) t += bound(seed >> 8, 1, 120);
        else if (mode < 58) t = _nextDeadline(t) + 1;
        else if (mode < 60) t += 1 hours;
        else if (mode == 60) (t, blocks) = (t + 260 * BLOCK_TIME, 260);
        else if (mode == 61) t += 1 days + 1;
        else t += 7 days + 1;
        vm.warp(t);
        if (blocks != 0) vm.roll(_blockNumber() + blocks);
    }

    // ------------------------------------------------------------------ the end of a run

    /// @dev Not a fuzzed action: after a run, every live job is driven to its end by its next protocol steps, a block
    /// each, nothing new posted, time run to the next deadline when every job waits on it; at most `maxSteps` steps.
    /// The actors are honest here and hold nothing back (every choice byte is 0x33: the true answer, no challenge,
    /// no forced audit), so a run whose random sequence left its jobs mid-way still ends in completions. Returns how
    /// many jobs are still live: none, unless some job can never end.
    function finishLiveJobs(uint256 maxSteps) public returns (uint256 stillLive) {
        uint256 honest = (type(uint256).max / 0xff) * 0x33;
        for (uint256 s; s < maxSteps && _live.length != 0; ++s) _finishStep(s, honest);
        return _live.length;
    }

    /// @dev Not a fuzzed action: once the run's jobs are finished, the market reopens for an honest job. Time runs
    /// past every jail, each provider stakes `STAKE` more (whatever the run unbonded or slashed), and in the next
    /// block a requester posts one plain k = 1 job (100 Mfuel at up to 0.03 HWK/Mfuel, above every provider's price;
    /// 15 minutes to claim and to commit; not a cartel's) that the honest actors drive to its end. Returns its id (0
    /// if the court's pool could not verify it, the one refusal such a post can meet) and how many jobs are still live
    /// after `maxSteps`. Whatever the run did to stakes, jails, reputations, pools and time, that job must complete.
    function postAndFinishHonestJob(uint256 maxSteps) external returns (uint256 jobId, uint256 stillLive) {
        _reopen();
        if (_postHonestJob()) jobId = market.jobCount();
        stillLive = finishLiveJobs(maxSteps);
    }

    /// @dev Not a fuzzed action: after the honest job, for a run in which no k = 1 answer happened to stay sealed
    /// through its window unaudited, one more honest k = 1 job whose answer stays sealed and is not audited (its seed
    /// block's hash chosen so), driven to its end: the reveal that settles must work after whatever the run did.
    /// Returns its id (0 if it could not be posted) and how many jobs are still live after `maxSteps`.
    function postAndFinishSealedJob(uint256 maxSteps) external returns (uint256 jobId, uint256 stillLive) {
        if (_postHonestJob()) {
            jobId = market.jobCount();
            _sealedByChoice[jobId] = true;
        }
        stillLive = finishLiveJobs(maxSteps);
    }

    /// @dev Not a fuzzed action: after the honest job, for a run in which no challenge happened to be settled, one more
    /// honest k = 1 job whose revealed answer the challenger challenges in its window, driven to its end: the panel of
    /// honest verifiers upholds the answer, the challenger loses its bond and the job completes, after whatever the
    /// run did. Returns its id (0 if it could not be posted) and how many jobs are still live after `maxSteps`.
    function postAndFinishChallengedJob(uint256 maxSteps) external returns (uint256 jobId, uint256 stillLive) {
        if (_postHonestJob()) {
            jobId = market.jobCount();
            _challengedByChoice[jobId] = true;
        }
        stillLive = finishLiveJobs(maxSteps);
    }

    function _reopen() internal step {
        _action = Action.Stake;
        uint256 jailsEnd = _now();
        for (uint256 i; i < PROVIDERS; ++i) {
            uint256 until = registry.provider(_providers[i]).jailedUntil;
            if (until > jailsEnd) jailsEnd = until;
            _topUp(_providers[i], STAKE);
            vm.prank(_providers[i]);
            registry.stake(STAKE);
            ghostStaked += STAKE;
        }
        _warpTo(jailsEnd + 1);
    }

    function _postHonestJob() internal step returns (bool) {
        uint256 knobs = 900 | (900 << 16) | (1 << 32) | (1 << 40); // windows of 900 s; no reputation floor; no cartel
        return _postJob(0, 1, 100e6, 3e16, knobs);
    }

    function _finishStep(uint256 s, uint256 choices) internal step {
        if (!_advanceAny(s, choices)) _warpPastNextDeadline();
    }

    // ------------------------------------------------------------------ progress

    /// @dev Advances some live job (from a random start) by its next protocol step; when every job waits on the clock,
    /// posts a job if there is room, or lets time run to just past the next deadline.
    function _progress(uint256 seed, uint256 choices) internal {
        if (_advanceAny(seed, choices)) return;
        if (_postJob(seed, choices, seed >> 64, choices >> 64, seed >> 128)) return;
        _warpPastNextDeadline();
    }

    /// @dev Advances the first live job (from a random start) that has a next step now; false if every job waits.
    function _advanceAny(uint256 seed, uint256 choices) internal returns (bool) {
        uint256 n = _live.length;
        for (uint256 i; i < n; ++i) {
            if (_advance(_live[((seed % n) + i) % n], seed, choices)) return true;
        }
        return false;
    }

    function _warpPastNextDeadline() internal {
        _action = Action.Warp;
        _warpTo(_nextDeadline(_now()) + 1);
    }

    /// @dev The job's next step in protocol order; false if it waits on the clock or on an actor held back.
    // solhint-disable-next-line code-complexity
    function _advance(uint256 jobId, uint256 seed, uint256 choices) internal returns (bool) {
        if (_fits(jobId, Need.Claim) && _claimJob(jobId, seed, choices)) return true;
        if (_fits(jobId, Need.Commit) && _commitJob(jobId, choices)) return true;
        if (_fits(jobId, Need.Decide)) return _decideJob(jobId, choices);
        if (_fits(jobId, Need.ClaimAuditor) && _claimAuditorJob(jobId, seed)) return true;
        if (_fits(jobId, Need.CommitAudit) && _commitAuditJob(jobId, choices)) return true;
        if (_fits(jobId, Need.Reveal) && _revealJob(jobId, choices)) return true;
        if (_fits(jobId, Need.RevealAudit) && _revealAuditJob(jobId, choices)) return true;
        bool challenges = choices % 4 == 0 || _challengedByChoice[jobId];
        if (challenges && _fits(jobId, Need.Challenge)) return _challengeJob(jobId, seed);
        if (_fits(jobId, Need.Settle)) return _settleJob(jobId);
        if (_fits(jobId, Need.ClaimPanel) && _claimPanelJob(jobId, seed, choices)) return true;
        if (_fits(jobId, Need.CommitPanel) && _commitPanelJob(jobId, choices)) return true;
        if (_fits(jobId, Need.RevealPanel) && _revealPanelJob(jobId, choices)) return true;
        if (_fits(jobId, Need.Resolve)) return _resolveJob(jobId);
        return false;
    }
}
