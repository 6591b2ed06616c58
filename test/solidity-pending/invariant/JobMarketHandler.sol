// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {HashworkToken} from "../../../contracts/HashworkToken.sol";
import {ProviderRegistry} from "../../../contracts/ProviderRegistry.sol";
import {JobMarket} from "../../../contracts/JobMarket.sol";
import {DisputeCourt} from "../../../contracts/DisputeCourt.sol";
import {IDisputeCourt} from "../../../contracts/interfaces/IDisputeCourt.sol";
import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {IProviderRegistry} from "../../../contracts/interfaces/IProviderRegistry.sol";
import {Results} from "../../../contracts/libraries/Results.sol";
import {Test} from "../lib/Test.sol";
import {SystemDeployer} from "../lib/SystemDeployer.sol";

/// @notice Owns a deployed market and dispute court and drives them through bounded actions of a fixed set of
/// actors (each both a registered provider and a requester; disputes come from the requester or an outsider). Actions never revert: a refused call is caught, and any
/// outcome that breaks a rule is counted in a ghost variable that the invariants require to stay zero.
/// @dev Actions pick a job they can make progress on (most of the time), so that lifecycles complete within
/// a run's depth; one pick in eight is any id, to exercise the refusals as well.
// solhint-disable-next-line max-states-count
contract JobMarketHandler is Test {
    uint256 public constant SUPPLY = 1e27; // token units
    uint256 public constant ACTORS = 5;
    uint256 public constant MAX_OPEN_JOBS = 3;
    address public constant TREASURY = address(0x7EA5);
    address public constant CHALLENGER = address(0xC0); // an outsider who disputes results

    /// @dev What an action needs from the job it picks.
    enum Want {
        Claimable,
        Submittable,
        Committable,
        Revealable,
        Settleable,
        Disputable
    }

    /// @dev What a dispute action needs from the dispute it picks.
    enum WantDispute {
        Drawable,
        Committable,
        Revealable,
        Resolvable
    }

    HashworkToken public immutable token;
    ProviderRegistry public immutable registry;
    JobMarket public immutable market;
    DisputeCourt public immutable court;
    address[ACTORS] internal _actors;

    // ------------------------------------------------------------------ ghost state

    uint256 public ghostEscrowed; // tokens escrowed by successful posts
    uint256 public ghostSlashed; // stake moved to the market by settlements
    uint256 public ghostWithdrawn; // tokens paid out by market.withdraw
    mapping(uint256 jobId => IJobMarket.JobStatus) public lastStatus; // as seen after the previous action
    mapping(uint256 jobId => uint256) public creditedBySettlement; // claimable credited when it settled
    mapping(uint256 jobId => bool) public settled;
    mapping(uint256 jobId => mapping(address provider => bytes32)) internal _answers; // committed hashes

    uint256 public statusRegressions; // a job's status moved backwards or sideways
    uint256 public doublePays; // settle succeeded on a job that was not Open, or twice
    uint256 public prematureSettlements; // settle succeeded while isSettleable said no
    uint256 public unbalancedSettlements; // a settlement credited != escrow + slashed stake
    uint256 public unbalancedWithdrawals; // market.withdraw paid != the claimable balance, or left some
    uint256 public overdrawnUnstakes; // requestUnstake succeeded above the free stake
    uint256 public earlyWithdrawals; // stake left the registry before its unbonding delay ended
    uint256 public forgedReveals; // a reveal of a hash other than the committed one succeeded
    uint256 public foreignCancels; // someone other than the requester cancelled, or after a claim

    uint256 public ghostBonds; // bonds pulled by successful disputes
    uint256 public ghostCourtSlashed; // stake moved to the court by resolutions
    uint256 public ghostCourtWithdrawn; // tokens paid out by court.withdraw
    uint256 public unbalancedResolutions; // a resolution credited != escrow (market) or != bond + slashed (court)
    uint256 public prematureResolutions; // resolve succeeded while isResolvable said no
    uint256 public unbalancedCourtWithdrawals; // court.withdraw paid != the claimable balance
    uint256 public conflictedVerifiers; // the provider, the requester or the challenger verified their own dispute
    mapping(uint256 jobId => mapping(address verifier => bytes32)) internal _verdicts; // committed hashes

    /// @dev Stakes after every change, in order; several entries may share a block (the last one counts).
    struct StakePoint {
        uint256 blockNumber;
        uint256[ACTORS] stakes;
        uint256 total;
    }
    StakePoint[] internal _stakeLog;

    mapping(bytes32 action => uint256) public successes; // what the run achieved, for tuning the handler

    constructor() {
        SystemDeployer.System memory s = SystemDeployer.deploy(
            SUPPLY,
            1 hours,
            3,
            TREASURY,
            IJobMarket.Parameters({
                feeBps: 250,
                collateralBps: 20_000,
                minCollateral: 1e18,
                minPrice: 1e15,
                dissentSlashBps: 5_000,
                noShowSlashBps: 2_000,
                requesterShareBps: 5_000,
                honestShareBps: 3_000,
                challengeWindow: 1 minutes,
                wideningPeriod: 10 seconds
            }),
            IDisputeCourt.Parameters({
                bondBps: 10_000,
                minBond: 1e18,
                verifiers: 3,
                providerSlashBps: 10_000,
                verifierSlashBps: 2_500,
                requesterShareBps: 4_000,
                challengerShareBps: 2_000,
                verifierShareBps: 3_000,
                drawPeriod: 1 minutes,
                commitPeriod: 1 minutes,
                revealPeriod: 1 minutes,
                wideningPeriod: 10 seconds
            })
        );
        (token, registry, market, court) = (s.token, s.registry, s.market, s.court);
        token.transfer(CHALLENGER, 1_000e18);
        vm.prank(CHALLENGER);
        token.approve(address(court), type(uint256).max);
        for (uint256 i; i < ACTORS; ++i) {
            address actor = address(uint160(0xA0 + i));
            _actors[i] = actor;
            token.transfer(actor, 1_000e18);
            vm.startPrank(actor);
            token.approve(address(market), type(uint256).max);
            token.approve(address(registry), type(uint256).max);
            token.approve(address(court), type(uint256).max);
            // Prices 0.5 to 0.8 tokens fit every job; the last actor asks 2 and is refused the cheaper ones.
            registry.register("ipfs://provider", 1, uint96(i == ACTORS - 1 ? 2e18 : 5e17 + i * 1e17), 3);
            registry.stake(100e18);
            vm.stopPrank();
        }
        _logStakes();
    }

    /// @dev After each action: records every job's status, counting any move that is not forward, and
    /// logs the stakes if they changed.
    modifier observe() {
        _;
        uint256 count = market.jobCount();
        for (uint256 id = 1; id <= count; ++id) {
            IJobMarket.JobStatus current = market.getJob(id).status;
            IJobMarket.JobStatus last = lastStatus[id];
            if (current == last) continue;
            bool forward =
                (last == IJobMarket.JobStatus.None && current == IJobMarket.JobStatus.Open) ||
                    (last == IJobMarket.JobStatus.Open && current != IJobMarket.JobStatus.None) ||
                    (last == IJobMarket.JobStatus.Disputed &&
                        (current == IJobMarket.JobStatus.Completed || current == IJobMarket.JobStatus.Refunded));
            if (!forward) ++statusRegressions;
            lastStatus[id] = current;
        }
        _logStakes();
    }

    /// @dev Appends the actors' stakes and their total, as of this block, when they differ from the last entry.
    /// Stakes change only inside handler actions (stake, requestUnstake, settle) and none of those moves
    /// the block, so `block.number` here is the block the change happened in.
    function _logStakes() internal {
        StakePoint memory point;
        point.blockNumber = block.number;
        for (uint256 i; i < ACTORS; ++i) {
            point.stakes[i] = registry.provider(_actors[i]).stake;
            point.total += point.stakes[i];
        }
        uint256 n = _stakeLog.length;
        if (n != 0 && keccak256(abi.encode(_stakeLog[n - 1].stakes)) == keccak256(abi.encode(point.stakes))) return;
        _stakeLog.push(point);
    }

    // ------------------------------------------------------------------ views for the invariants

    function actors() external view returns (address[ACTORS] memory) {
        return _actors;
    }

    /// @dev Every account the market may owe: the actors and the treasury.
    function claimableSum() public view returns (uint256 sum) {
        for (uint256 i; i < ACTORS; ++i) sum += market.claimable(_actors[i]);
        sum += market.claimable(TREASURY);
    }

    /// @dev Each actor's stake and the total at the end of `blockNumber`, from the ghost log (zero before
    /// the first entry).
    function loggedStakesAt(uint256 blockNumber) external view returns (uint256[ACTORS] memory stakes, uint256 total) {
        for (uint256 i = _stakeLog.length; i > 0; --i) {
            StakePoint storage point = _stakeLog[i - 1];
            if (point.blockNumber <= blockNumber) return (point.stakes, point.total);
        }
    }

    /// @dev Every account the court may owe: the actors, the challenger and the treasury.
    function courtClaimableSum() public view returns (uint256 sum) {
        for (uint256 i; i < ACTORS; ++i) sum += court.claimable(_actors[i]);
        sum += court.claimable(CHALLENGER) + court.claimable(TREASURY);
    }

    function stakeSum() public view returns (uint256 sum) {
        for (uint256 i; i < ACTORS; ++i) sum += registry.provider(_actors[i]).stake;
    }

    // ------------------------------------------------------------------ requester actions

    /// @dev k = 1..3, 1 to 3 tokens per replica, phases of 30 (the minimum) to 90 seconds. At most
    /// MAX_OPEN_JOBS open at a time, so a run spends its depth on finishing jobs rather than posting them.
    function postJob(uint256 actorSeed, uint256 replicas, uint256 maxPrice, uint256 phases) external observe {
        if (_openJobs() >= MAX_OPEN_JOBS) return;
        address requester = _actors[actorSeed % ACTORS];
        IJobMarket.JobRequest memory r;
        r.replicas = uint8(bound(replicas, 1, 3));
        r.maxPrice = uint96(bound(maxPrice, 1e18, 3e18));
        r.claimDeadline = uint40(block.timestamp + 30 + (phases % 61));
        r.commitDeadline = uint40(r.claimDeadline + 30 + ((phases >> 8) % 61));
        r.revealDeadline = r.replicas == 1 ? 0 : uint40(r.commitDeadline + 30 + ((phases >> 16) % 61));
        r.bundleHash = keccak256(abi.encode("bundle", market.jobCount()));
        r.bundleURI = "ipfs://bundle";
        uint256 escrow = uint256(r.replicas) * r.maxPrice;
        if (token.balanceOf(requester) < escrow) token.transfer(requester, escrow);
        vm.prank(requester);
        try market.postJob(r) {
            // solhint-disable-next-line reentrancy
            ghostEscrowed += escrow;
            ++successes["postJob"];
        } catch {}
    }

    /// @dev One call in four is the requester's (which succeeds while nobody has claimed); the others come
    /// from a random actor, which must be refused unless it happens to be the requester.
    function cancel(uint256 jobSeed, uint256 actorSeed) external observe {
        uint256 jobId = _job(jobSeed, Want.Claimable);
        IJobMarket.Job memory job = market.getJob(jobId);
        address caller = actorSeed % 4 == 0 ? job.requester : _actors[(actorSeed >> 2) % ACTORS];
        vm.prank(caller);
        try market.cancelJob(jobId) {
            if (caller != job.requester || job.claimed != 0) ++foreignCancels;
            ++successes["cancel"];
        } catch {}
    }

    // ------------------------------------------------------------------ provider actions

    /// @dev Every actor, from a random start, tries to take a slot; the lottery or eligibility may refuse.
    /// Providers wait for the seed block first (the seed is the hash of the block after posting).
    function claim(uint256 jobSeed, uint256 actorSeed) external observe {
        uint256 jobId = _job(jobSeed, Want.Claimable);
        uint256 seedBlock = market.getJob(jobId).postedBlock + 1;
        if (block.number <= seedBlock) vm.roll(seedBlock + 1);
        for (uint256 i; i < ACTORS; ++i) {
            vm.prank(_actors[(actorSeed + i) % ACTORS]);
            try market.claim(jobId) {
                ++successes["claim"];
            } catch {}
        }
    }

    /// @dev k = 1: the assigned provider submits the job's output, a wrong hash, or "input unavailable".
    function submit(uint256 jobSeed, uint256 choice) external observe {
        uint256 jobId = _job(jobSeed, Want.Submittable);
        IJobMarket.Assignment[] memory slots = market.getAssignments(jobId);
        if (slots.length == 0) return;
        bytes32 answer = _answer(jobId, slots[0].provider, choice);
        vm.prank(slots[0].provider);
        try market.submitResult(jobId, answer, "ipfs://out") {
            ++successes["submit"];
        } catch {}
    }

    /// @dev k >= 2: each claimer that has not committed yet commits (three in four do; the rest no-show so
    /// far) to the job's output, a wrong hash, or "input unavailable".
    function commit(uint256 jobSeed, uint256 choices) external observe {
        uint256 jobId = _job(jobSeed, Want.Committable);
        IJobMarket.Assignment[] memory slots = market.getAssignments(jobId);
        uint8 committed = market.getJob(jobId).committedMask;
        for (uint256 i; i < slots.length; ++i) {
            uint256 choice = choices >> (8 * i);
            if (committed & (1 << i) != 0 || choice % 4 == 0) continue;
            address provider = slots[i].provider;
            bytes32 answer = _answer(jobId, provider, choice >> 2);
            bytes32 commitment = Results.commitment(jobId, provider, answer, _salt(jobId, provider));
            vm.prank(provider);
            try market.commitResult(jobId, commitment) {
                _answers[jobId][provider] = answer;
                ++successes["commit"];
            } catch {}
        }
    }

    /// @dev k >= 2: each claimer that has not revealed yet reveals its committed hash; one in eight stays
    /// silent and one in eight tries a hash other than the committed one, which must be refused.
    function reveal(uint256 jobSeed, uint256 choices) external observe {
        uint256 jobId = _job(jobSeed, Want.Revealable);
        IJobMarket.Assignment[] memory slots = market.getAssignments(jobId);
        uint8 revealed = market.getJob(jobId).revealedMask;
        for (uint256 i; i < slots.length; ++i) {
            uint256 choice = (choices >> (8 * i)) % 8;
            if (revealed & (1 << i) != 0 || choice == 0) continue;
            address provider = slots[i].provider;
            bytes32 committed = _answers[jobId][provider];
            bytes32 opened = choice == 1 ? keccak256(abi.encode("forged", committed)) : committed;
            bytes32 salt = _salt(jobId, provider);
            vm.prank(provider);
            try market.revealResult(jobId, opened, salt, "ipfs://out") {
                if (opened != committed) ++forgedReveals;
                ++successes["reveal"];
            } catch {}
        }
    }

    function stake(uint256 actorSeed, uint256 amount) external observe {
        address actor = _actors[actorSeed % ACTORS];
        amount = bound(amount, 1, 50e18);
        if (token.balanceOf(actor) < amount) token.transfer(actor, amount);
        vm.prank(actor);
        try registry.stake(amount) {
            ++successes["stake"];
        } catch {}
    }

    /// @dev Usually up to half the free stake (so providers keep enough to claim); one call in eight asks for
    /// more than the free stake, which must be refused.
    function requestUnstake(uint256 actorSeed, uint256 amount) external observe {
        address actor = _actors[actorSeed % ACTORS];
        IProviderRegistry.Provider memory p = registry.provider(actor);
        uint256 free = p.stake - p.locked;
        amount = amount % 8 == 0 || free < 2 ? free + 1 + (amount % 10e18) : bound(amount, 1, free / 2);
        vm.prank(actor);
        try registry.requestUnstake(amount) {
            if (amount > free) ++overdrawnUnstakes;
            ++successes["requestUnstake"];
        } catch {}
    }

    function withdrawStake(uint256 actorSeed) external observe {
        address actor = _actors[actorSeed % ACTORS];
        IProviderRegistry.Provider memory p = registry.provider(actor);
        uint256 balance = token.balanceOf(actor);
        vm.prank(actor);
        try registry.withdraw() {
            if (block.timestamp < p.unbondingReadyAt || token.balanceOf(actor) - balance != p.unbonding) {
                ++earlyWithdrawals;
            }
            ++successes["withdrawStake"];
        } catch {}
    }

    // ------------------------------------------------------------------ anyone

    /// @dev Usually a settleable job; one call in eight any id (settled, cancelled, not yet settleable or
    /// never posted), which must revert.
    function settle(uint256 jobSeed) external observe {
        uint256 jobId = _job(jobSeed, Want.Settleable);
        IJobMarket.Job memory job = market.getJob(jobId);
        bool settleable = market.isSettleable(jobId);
        uint256 claimableBefore = claimableSum();
        uint256 stakeBefore = stakeSum();
        try market.settle(jobId) {
            if (job.status != IJobMarket.JobStatus.Open || settled[jobId]) ++doublePays;
            if (!settleable) ++prematureSettlements;
            uint256 slashed = stakeBefore - stakeSum();
            uint256 credited = claimableSum() - claimableBefore;
            if (credited != uint256(job.replicas) * job.maxPrice + slashed) ++unbalancedSettlements;
            settled[jobId] = true;
            creditedBySettlement[jobId] = credited;
            ghostSlashed += slashed;
            ++successes["settle"];
        } catch {}
    }

    /// @dev Withdraws the claimable balance of an actor, or of the treasury.
    function withdraw(uint256 actorSeed) external observe {
        uint256 index = actorSeed % (ACTORS + 1);
        address account = index == ACTORS ? TREASURY : _actors[index];
        uint256 owed = market.claimable(account);
        uint256 balance = token.balanceOf(account);
        vm.prank(account);
        try market.withdraw() {
            if (token.balanceOf(account) - balance != owed || market.claimable(account) != 0) {
                ++unbalancedWithdrawals;
            }
            ghostWithdrawn += owed;
            ++successes["withdraw"];
        } catch {}
    }

    /// @dev 1 to 60 seconds; one warp in sixteen jumps an unbonding period (an hour), so unbonded stake
    /// becomes withdrawable and every open job times out. Time and blocks move together.
    function warp(uint256 seconds_) external observe {
        vm.warp(block.timestamp + (seconds_ % 16 == 0 ? 1 hours : bound(seconds_, 1, 60)));
        vm.roll(block.number + 1);
    }

    /// @dev A few blocks, a second each; one roll in eight jumps past the 256-block BLOCKHASH window (as if
    /// slots were skipped), so the seed fallback for aged-out blocks is exercised too.
    function roll(uint256 blocks) external observe {
        blocks = blocks % 8 == 0 ? 257 + (blocks % 64) : bound(blocks, 1, 4);
        vm.roll(block.number + blocks);
        vm.warp(block.timestamp + (blocks > 4 ? 12 : blocks));
    }

    // ------------------------------------------------------------------ disputes

    /// @dev A submitted k = 1 result inside its challenge window is disputed by the outsider, or (one in four)
    /// by the job's requester.
    function dispute(uint256 jobSeed, uint256 who) external observe {
        uint256 jobId = _job(jobSeed, Want.Disputable);
        address challenger = who % 4 == 0 ? market.getJob(jobId).requester : CHALLENGER;
        uint256 bond = court.bondFor(market.getJob(jobId).maxPrice);
        if (token.balanceOf(challenger) < bond) token.transfer(challenger, bond);
        vm.prank(challenger);
        try court.dispute(jobId) {
            ghostBonds += bond;
            ++successes["dispute"];
        } catch {}
    }

    /// @dev Every actor, from a random start, tries to take a verifier slot (after the seed block).
    function claimVerifier(uint256 disputeSeed, uint256 actorSeed) external observe {
        uint256 jobId = _dispute(disputeSeed, WantDispute.Drawable);
        IDisputeCourt.Dispute memory d = court.getDispute(jobId);
        uint256 seedBlock = d.openedBlock + 1;
        if (block.number <= seedBlock) vm.roll(seedBlock + 1);
        for (uint256 i; i < ACTORS; ++i) {
            address actor = _actors[(actorSeed + i) % ACTORS];
            vm.prank(actor);
            try court.claimVerifier(jobId) {
                if (actor == d.provider || actor == d.requester || actor == d.challenger) ++conflictedVerifiers;
                ++successes["claimVerifier"];
            } catch {}
        }
    }

    /// @dev Each verifier that has not committed commits (three in four) the true output, a wrong hash or
    /// "input unavailable".
    function commitVerdict(uint256 disputeSeed, uint256 choices) external observe {
        uint256 jobId = _dispute(disputeSeed, WantDispute.Committable);
        IDisputeCourt.Verifier[] memory slots = court.getVerifiers(jobId);
        uint8 committed = court.getDispute(jobId).committedMask;
        for (uint256 i; i < slots.length; ++i) {
            uint256 choice = choices >> (8 * i);
            if (committed & (1 << i) != 0 || choice % 4 == 0) continue;
            address verifier = slots[i].account;
            bytes32 answer = _answer(jobId, verifier, choice >> 2);
            bytes32 commitment = Results.commitment(jobId, verifier, answer, _salt(jobId, verifier));
            vm.prank(verifier);
            try court.commitVerdict(jobId, commitment) {
                _verdicts[jobId][verifier] = answer;
                ++successes["commitVerdict"];
            } catch {}
        }
    }

    /// @dev Each verifier that has not revealed reveals its committed hash; one in eight stays silent.
    function revealVerdict(uint256 disputeSeed, uint256 choices) external observe {
        uint256 jobId = _dispute(disputeSeed, WantDispute.Revealable);
        IDisputeCourt.Verifier[] memory slots = court.getVerifiers(jobId);
        uint8 revealed = court.getDispute(jobId).revealedMask;
        for (uint256 i; i < slots.length; ++i) {
            if (revealed & (1 << i) != 0 || (choices >> (8 * i)) % 8 == 0) continue;
            address verifier = slots[i].account;
            vm.prank(verifier);
            try court.revealVerdict(jobId, _verdicts[jobId][verifier], _salt(jobId, verifier), "") {
                ++successes["revealVerdict"];
            } catch {}
        }
    }

    /// @dev Usually a resolvable dispute; one call in eight any id, which must revert unless resolvable. The
    /// market must credit exactly the job's escrow and the court exactly the bond plus the stake it slashed.
    function resolve(uint256 disputeSeed) external observe {
        uint256 jobId = _dispute(disputeSeed, WantDispute.Resolvable);
        bool resolvable = court.isResolvable(jobId);
        IJobMarket.Job memory job = market.getJob(jobId);
        uint256 bond = court.getDispute(jobId).bond;
        uint256 marketBefore = claimableSum();
        uint256 courtBefore = courtClaimableSum();
        uint256 stakeBefore = stakeSum();
        try court.resolve(jobId) {
            if (!resolvable) ++prematureResolutions;
            if (settled[jobId]) ++doublePays;
            uint256 slashed = stakeBefore - stakeSum();
            uint256 marketCredited = claimableSum() - marketBefore;
            uint256 courtCredited = courtClaimableSum() - courtBefore;
            if (marketCredited != job.maxPrice || courtCredited != bond + slashed) ++unbalancedResolutions;
            settled[jobId] = true;
            creditedBySettlement[jobId] = marketCredited;
            ghostCourtSlashed += slashed;
            ++successes["resolve"];
        } catch {}
    }

    /// @dev Withdraws the court's claimable balance of an actor, the challenger or the treasury.
    function withdrawCourt(uint256 actorSeed) external observe {
        uint256 index = actorSeed % (ACTORS + 2);
        address account =
            index == ACTORS
                ? TREASURY
                : index == ACTORS + 1
                    ? CHALLENGER
                    : _actors[index];
        uint256 owed = court.claimable(account);
        uint256 balance = token.balanceOf(account);
        vm.prank(account);
        try court.withdraw() {
            if (token.balanceOf(account) - balance != owed || court.claimable(account) != 0) {
                ++unbalancedCourtWithdrawals;
            }
            ghostCourtWithdrawn += owed;
            ++successes["withdrawCourt"];
        } catch {}
    }

    // ------------------------------------------------------------------ helpers

    /// @dev A dispute the action can make progress on (its id is the job's), searching from a random start; one
    /// pick in eight (or when none fits) is any job id.
    function _dispute(uint256 seed, WantDispute want) internal view returns (uint256) {
        uint256 count = market.jobCount();
        for (uint256 i; i < count && seed % 8 != 0; ++i) {
            uint256 id = 1 + ((seed + i) % count);
            if (_disputeFits(id, want)) return id;
        }
        return seed % (count + 1);
    }

    function _disputeFits(uint256 jobId, WantDispute want) internal view returns (bool) {
        IDisputeCourt.Dispute memory d = court.getDispute(jobId);
        if (d.status != IDisputeCourt.DisputeStatus.Open) return false;
        if (want == WantDispute.Drawable) return d.claimed < d.verifiers && block.timestamp <= d.drawDeadline;
        if (want == WantDispute.Committable) return d.committedMask != (1 << d.claimed) - 1;
        if (want == WantDispute.Revealable) return d.revealedMask != d.committedMask;
        return court.isResolvable(jobId);
    }

    /// @dev A job the action can make progress on, searching from a random start; one pick in eight (or when
    /// none fits) is any id from 0 to jobCount, so refusals are exercised too.
    function _job(uint256 seed, Want want) internal view returns (uint256) {
        uint256 count = market.jobCount();
        for (uint256 i; i < count && seed % 8 != 0; ++i) {
            uint256 id = 1 + ((seed + i) % count);
            if (_fits(id, want)) return id;
        }
        return seed % (count + 1);
    }

    function _fits(uint256 jobId, Want want) internal view returns (bool) {
        IJobMarket.Job memory job = market.getJob(jobId);
        if (job.status != IJobMarket.JobStatus.Open) return false;
        if (want == Want.Claimable) return job.claimed < job.replicas && block.timestamp <= job.claimDeadline;
        if (want == Want.Submittable) return job.replicas == 1 && job.claimed == 1 && job.committedMask == 0;
        if (want == Want.Committable) return job.replicas > 1 && job.committedMask != (1 << job.claimed) - 1;
        if (want == Want.Revealable) return job.replicas > 1 && job.revealedMask != job.committedMask;
        if (want == Want.Disputable) {
            return job.replicas == 1 && job.committedMask != 0 && block.timestamp < job.challengeEndsAt;
        }
        return market.isSettleable(jobId);
    }

    function _openJobs() internal view returns (uint256 open) {
        uint256 count = market.jobCount();
        for (uint256 id = 1; id <= count; ++id) {
            IJobMarket.JobStatus status = market.getJob(id).status;
            if (status == IJobMarket.JobStatus.Open || status == IJobMarket.JobStatus.Disputed) ++open;
        }
    }

    /// @dev Mostly the job's one true output; sometimes a provider-specific wrong hash or "input unavailable".
    function _answer(uint256 jobId, address provider, uint256 choice) internal pure returns (bytes32) {
        choice %= 8;
        if (choice == 6) return keccak256(abi.encode("wrong", jobId, provider));
        if (choice == 7) return Results.INPUT_UNAVAILABLE;
        return keccak256(abi.encode("output", jobId));
    }

    function _salt(uint256 jobId, address provider) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", jobId, provider));
    }
}
