// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {HashworkToken} from "../../../contracts/HashworkToken.sol";
import {ProviderRegistry} from "../../../contracts/ProviderRegistry.sol";
import {BlockhashRandomness} from "../../../contracts/BlockhashRandomness.sol";
import {JobMarket} from "../../../contracts/JobMarket.sol";
import {VerificationCourt} from "../../../contracts/VerificationCourt.sol";
import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {IProviderRegistry} from "../../../contracts/interfaces/IProviderRegistry.sol";
import {IRandomnessSource} from "../../../contracts/interfaces/IRandomnessSource.sol";
import {IVerificationCourt} from "../../../contracts/interfaces/IVerificationCourt.sol";
import {Results} from "../../../contracts/libraries/Results.sol";
import {Defaults} from "../lib/Defaults.sol";
import {Draws} from "../lib/Draws.sol";
import {SystemDeployer} from "../lib/SystemDeployer.sol";
import {Test} from "../lib/Test.sol";

/// @notice The handler's world: the deployed system (Ignition defaults), its actors, the ghost state the invariants
/// compare against, and the predicates that let every action pick a job it can make progress on.
/// @dev Ten providers (offers of 0.005 to 0.014 token per Mfuel, minimums of 0 to 16 Mfuel), two requesters who are not
/// providers, and an outsider who challenges. Enough providers that a k = 3 job, its auditor and two three-seat
/// panels can all be drawn from distinct accounts.
abstract contract HandlerBase is Test {
    uint256 public constant SUPPLY = 1e27; // token units
    uint256 public constant PROVIDERS = 10;
    uint256 public constant REQUESTERS = 2;
    uint256 public constant MAX_OPEN = 4; // Open jobs at a time: the run's depth goes into finishing jobs, not posting
    uint256 public constant STAKE = 2_000e18; // token units per provider at the start
    uint256 public constant POOL_SEED = 1_000e18; // token units in the court's pool at the start
    address public constant TREASURY = address(0x7EA5);
    address public constant CHALLENGER = address(0xC0);

    /// @dev The action running now; status transitions are checked against it.
    enum Action {
        None,
        Post,
        Cancel,
        Claim,
        Commit,
        Decide,
        ClaimAuditor,
        CommitAudit,
        RevealAudit,
        Reveal,
        Settle,
        Challenge,
        ClaimPanel,
        CommitPanel,
        RevealPanel,
        Resolve,
        Withdraw,
        WithdrawCourt,
        Stake,
        Unstake,
        WithdrawStake,
        Warp,
        Deposit
    }

    /// @dev What an action needs of the job it picks.
    enum Need {
        Cancel,
        Claim,
        Commit,
        Decide,
        ClaimAuditor,
        CommitAudit,
        RevealAudit,
        Reveal,
        Settle,
        Challenge,
        ClaimPanel,
        CommitPanel,
        RevealPanel,
        Resolve
    }

    /// @notice A result: the output hash and the fuel used.
    struct Answer {
        bytes32 output;
        uint64 fuel;
    }

    /// @dev What the handler knows of a job.
    struct JobGhost {
        IJobMarket.JobStatus status; // as of the end of the last action
        uint8 settlements; // times it was paid out (at most one)
        bool cartel; // its replicas all commit the same wrong fuel
        uint64 fuel; // the true answer's fuel
        uint64 maxFuel;
    }

    /// @dev Token positions an action's postconditions compare.
    struct Books {
        uint256 market; // balance
        uint256 court; // balance
        uint256 registry; // balance
        uint256 marketClaimable; // sum over every account the market may owe, the court included
        uint256 courtClaimable; // sum over every account the court may owe
        uint256[PROVIDERS] stakes;
        uint256[PROVIDERS] courtPay; // court claimable
    }

    HashworkToken public immutable token;
    ProviderRegistry public immutable registry;
    BlockhashRandomness public immutable randomness;
    JobMarket public immutable market;
    VerificationCourt public immutable court;
    address[PROVIDERS] internal _providers;
    address[REQUESTERS] internal _requesters;

    mapping(uint256 jobId => JobGhost ghost) internal _ghost;
    uint256[] internal _live; // jobs Open or Verifying
    mapping(uint256 jobId => mapping(address replica => Answer committed)) internal _answers;
    mapping(uint256 jobId => mapping(uint8 round => mapping(address verifier => Answer committed))) internal _verdicts;
    mapping(uint256 jobId => mapping(uint8 round => mapping(address verifier => bytes32 proof))) internal _proofs;
    Action internal _action;

    /// @notice Deep states reached in this run, by name (see the `bytes32` constants in Steps).
    mapping(bytes32 state => uint256 count) public reached;

    /// @dev k = 1 jobs kept sealed although their id is odd (see `_keptSealed`): the finish's sealed job.
    mapping(uint256 jobId => bool) internal _sealedByChoice;
    /// @dev Jobs challenged by choice once challengeable, whatever the actors' choices: the finish's challenged job.
    mapping(uint256 jobId => bool) internal _challengedByChoice;

    // Ghost ledgers: every token that entered or left each contract, summed at the call that moved it (token units).
    uint256 public ghostEscrowed; // into the market by posts paid from the requester's wallet
    uint256 public ghostDeposited; // into the market by deposits
    uint256 public ghostSlashedToMarket; // into the market from the registry: replicas' slashes
    uint256 public ghostMarketPaidOut; // out of the market by withdrawals (the court's included)
    uint256 public ghostStaked; // into the registry
    uint256 public ghostUnbondedOut; // out of the registry by stake withdrawals
    uint256 public ghostSlashedOut; // out of the registry by slashes (to the market and the court)
    uint256 public ghostCourtIn; // into the court: pool seed, bonds, verifiers' slashes, income pulled from the market
    uint256 public ghostCourtPaidOut; // out of the court by withdrawals

    constructor() {
        SystemDeployer.System memory s = SystemDeployer.deploy(
            SUPPLY,
            Defaults.registry(),
            TREASURY,
            Defaults.market(),
            Defaults.court()
        );
        (token, registry, randomness, market, court) = (s.token, s.registry, s.randomness, s.market, s.court);
        token.approve(address(court), POOL_SEED);
        court.fundPool(POOL_SEED);
        ghostCourtIn = POOL_SEED;
        ghostStaked = PROVIDERS * STAKE;
        for (uint256 i; i < PROVIDERS; ++i) {
            address p = address(uint160(0xA0 + i));
            _providers[i] = p;
            _topUp(p, STAKE);
            vm.startPrank(p);
            registry.register("ipfs://provider", 1, uint64(5e15 + i * 1e15), uint32(i % 3 == 0 ? 0 : 2 * i), 4);
            registry.stake(STAKE);
            vm.stopPrank();
        }
        for (uint256 i; i < REQUESTERS; ++i) _requesters[i] = address(uint160(0xB0 + i));
    }

    // ------------------------------------------------------------------ views for the invariants

    function providers() external view returns (address[PROVIDERS] memory) {
        return _providers;
    }

    function liveJobs() external view returns (uint256[] memory) {
        return _live;
    }

    function ghostStatus(uint256 jobId) external view returns (IJobMarket.JobStatus) {
        return _ghost[jobId].status;
    }

    function settlements(uint256 jobId) external view returns (uint256) {
        return _ghost[jobId].settlements;
    }

    /// @notice Every account the market may owe: providers, requesters, the challenger, the treasury and the court.
    function marketAccounts() public view returns (address[] memory accounts) {
        accounts = new address[](PROVIDERS + REQUESTERS + 3);
        uint256 n = _people(accounts);
        accounts[n++] = TREASURY;
        accounts[n] = address(court);
    }

    /// @notice Every account the court may owe: providers (as verifiers), requesters and the challenger (as
    /// challengers).
    function courtAccounts() public view returns (address[] memory accounts) {
        accounts = new address[](PROVIDERS + REQUESTERS + 1);
        _people(accounts);
    }

    /// @notice Every account that may hold tokens: the above, the handler (the deployer) and the three contracts.
    function holders() external view returns (address[] memory accounts) {
        accounts = new address[](PROVIDERS + REQUESTERS + 6);
        uint256 n = _people(accounts);
        accounts[n++] = TREASURY;
        accounts[n++] = address(this);
        accounts[n++] = address(market);
        accounts[n++] = address(court);
        accounts[n] = address(registry);
    }

    function _people(address[] memory accounts) private view returns (uint256 n) {
        for (uint256 i; i < PROVIDERS; ++i) accounts[n++] = _providers[i];
        for (uint256 i; i < REQUESTERS; ++i) accounts[n++] = _requesters[i];
        accounts[n++] = CHALLENGER;
    }

    /// @notice The escrow a job holds while Open or Verifying.
    function escrowOf(uint256 jobId) public view returns (uint256) {
        IJobMarket.Job memory job = market.getJob(jobId);
        return uint256(job.replicas) * job.budget + job.fee + job.auditFee;
    }

    // ------------------------------------------------------------------ clock and money

    function _now() internal view returns (uint256) {
        return vm.getBlockTimestamp();
    }

    function _blockNumber() internal view returns (uint256) {
        return vm.getBlockNumber();
    }

    function _warpTo(uint256 timestamp) internal {
        if (timestamp > _now()) vm.warp(timestamp);
    }

    /// @dev Makes sure `account` holds `amount` and has approved the market, the registry and the court.
    function _topUp(address account, uint256 amount) internal {
        uint256 balance = token.balanceOf(account);
        if (balance < amount) token.transfer(account, amount - balance);
        if (token.allowance(account, address(market)) == 0) {
            vm.startPrank(account);
            token.approve(address(market), type(uint256).max);
            token.approve(address(registry), type(uint256).max);
            token.approve(address(court), type(uint256).max);
            vm.stopPrank();
        }
    }

    function _books() internal view returns (Books memory b) {
        b.market = token.balanceOf(address(market));
        b.court = token.balanceOf(address(court));
        b.registry = token.balanceOf(address(registry));
        address[] memory m = marketAccounts();
        for (uint256 i; i < m.length; ++i) b.marketClaimable += market.claimable(m[i]);
        address[] memory c = courtAccounts();
        for (uint256 i; i < c.length; ++i) b.courtClaimable += court.claimable(c[i]);
        for (uint256 i; i < PROVIDERS; ++i) {
            b.stakes[i] = registry.provider(_providers[i]).stake;
            b.courtPay[i] = court.claimable(_providers[i]);
        }
    }

    function _indexOf(address provider) internal pure returns (uint256) {
        return uint160(provider) - 0xA0; // providers are 0xA0..0xA9
    }

    // ------------------------------------------------------------------ answers

    function _salt(uint256 jobId, address account) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", jobId, account));
    }

    function _word(Answer memory a) internal pure returns (bytes32) {
        return
            a.output == Results.INPUT_UNAVAILABLE
                ? Results.INPUT_UNAVAILABLE_RESULT
                : Results.resultOf(a.output, a.fuel);
    }

    function _truth(uint256 jobId) internal view returns (Answer memory) {
        return Answer(keccak256(abi.encode("output", jobId)), _ghost[jobId].fuel);
    }

    /// @dev The true output with another fuel: the same for everyone who posts it, so replicas posting it agree.
    function _wrongFuel(uint256 jobId) internal view returns (Answer memory a) {
        a = _truth(jobId);
        a.fuel = a.fuel == _ghost[jobId].maxFuel ? a.fuel - 1 : a.fuel + 1;
    }

    /// @dev A replica's answer: a cartel job's replicas all post the same wrong fuel; otherwise mostly the truth, one
    /// in sixteen another output, another fuel, or "input unavailable".
    function _replicaAnswer(uint256 jobId, address replica, uint256 choice) internal view returns (Answer memory) {
        if (_ghost[jobId].cartel) return _wrongFuel(jobId);
        choice %= 16;
        if (choice == 0) return Answer(keccak256(abi.encode("wrong", jobId, replica)), _ghost[jobId].fuel);
        if (choice == 1) return _wrongFuel(jobId);
        if (choice == 2) return Answer(Results.INPUT_UNAVAILABLE, 0);
        return _truth(jobId);
    }

    /// @dev A verifier's answer: mostly the truth (verifiers re-execute), one in sixteen another output, one in sixteen
    /// "input unavailable", one in sixteen the truth copied without executing (see `_verifierProof`).
    function _verifierAnswer(uint256 jobId, address verifier, uint256 choice) internal view returns (Answer memory) {
        choice %= 16;
        if (choice == 0) return Answer(keccak256(abi.encode("wrong verdict", jobId, verifier)), _ghost[jobId].fuel);
        if (choice == 1) return Answer(Results.INPUT_UNAVAILABLE, 0);
        return _truth(jobId);
    }

    /// @dev A verifier's proof of execution of `a` in round `r`: the round's seed with the digest of the final state,
    /// which is the same for every execution that gives `a` (honest verifiers agree on it). A copier (choice 2) does
    /// not know the state: its made-up digest agrees with nobody's.
    function _verifierProof(
        uint256 jobId,
        uint8 r,
        address verifier,
        Answer memory a,
        uint256 choice
    ) internal view returns (bytes32) {
        bytes32 digest =
            choice % 16 == 2
                ? keccak256(abi.encode("made-up state", jobId, verifier))
                : keccak256(abi.encode("state", a.output, a.fuel));
        return keccak256(abi.encode(randomness.seedFor(court.getRound(jobId, r).openedBlock), digest));
    }

    // ------------------------------------------------------------------ picking jobs

    /// @dev A live job the action can make progress on, searching from a random start; 0 if none.
    function _pick(uint256 seed, Need need) internal view returns (uint256) {
        uint256 n = _live.length;
        for (uint256 i; i < n; ++i) {
            uint256 jobId = _live[((seed % n) + i) % n];
            if (_fits(jobId, need)) return jobId;
        }
        return 0;
    }

    function _openCount() internal view returns (uint256 open) {
        for (uint256 i; i < _live.length; ++i) {
            if (market.getJob(_live[i]).status == IJobMarket.JobStatus.Open) ++open;
        }
    }

    // solhint-disable-next-line code-complexity
    function _fits(uint256 jobId, Need need) internal view returns (bool) {
        IJobMarket.Job memory job = market.getJob(jobId);
        uint256 t = _now();
        if (need == Need.Settle) return market.isSettleable(jobId);
        if (need == Need.Resolve) return court.isResolvable(jobId);
        if (need == Need.ClaimPanel || need == Need.CommitPanel || need == Need.RevealPanel) {
            return job.status == IJobMarket.JobStatus.Verifying && _panelFits(jobId, job, need, t);
        }
        if (job.status != IJobMarket.JobStatus.Open) return false;
        if (need == Need.Cancel) return job.claimed == 0 && _blockNumber() <= job.postedBlock + 1;
        if (need == Need.Claim) {
            if (job.claimed == job.replicas || t > job.claimDeadline) return false;
            // The market keeps the seed once a slot is claimed; before, it expires with BLOCKHASH's window.
            if (job.claimed != 0) return true;
            IRandomnessSource.SeedStatus s = randomness.seedStatus(job.postedBlock);
            return s != IRandomnessSource.SeedStatus.Expired;
        }
        if (need == Need.Commit) {
            return job.claimed != 0 && t <= job.commitDeadline && job.committedMask != (1 << job.claimed) - 1;
        }
        if (need == Need.Decide) {
            // Nobody takes the decision of an even k = 1 job: its answer stays sealed through its window, then its
            // replica reveals and settles at once (Steps._revealJob), or it is settled as withheld; unless its seed
            // expired undecided (then only a decision moves it: an audit, fail closed).
            return
                job.audit == IJobMarket.AuditState.Undecided &&
                job.committedMask != 0 &&
                (job.commitsClosedAt != 0 || t > job.commitDeadline) &&
                (job.replicas != 1 || !_keptSealed(jobId) || _seedExpired(job));
        }
        if (need == Need.Reveal) return job.committedMask & ~job.revealedMask != 0 && _revealOpen(jobId, job, t);
        if (need == Need.Challenge) return _challengeable(jobId, job, t);
        return _auditFits(jobId, job, need, t);
    }

    function _auditFits(uint256 jobId, IJobMarket.Job memory job, Need need, uint256 t) internal view returns (bool) {
        if (job.audit != IJobMarket.AuditState.Audited) return false;
        IVerificationCourt.VerificationStatus status = court.getVerification(jobId).status;
        IJobMarket.Timeline memory times = market.timeline(jobId);
        if (need == Need.ClaimAuditor) {
            return
                status == IVerificationCourt.VerificationStatus.None &&
                t <= times.auditDrawEndsAt &&
                court.pool() >= job.budget;
        }
        if (status != IVerificationCourt.VerificationStatus.Audit) return false;
        IVerificationCourt.Round memory round = court.getRound(jobId, 0);
        if (need == Need.CommitAudit) return round.committedMask == 0 && t <= round.commitEndsAt;
        return round.committedMask == 1 && round.revealedMask == 0 && t <= round.revealEndsAt; // RevealAudit
    }

    function _panelFits(uint256 jobId, IJobMarket.Job memory job, Need need, uint256 t) internal view returns (bool) {
        IVerificationCourt.Verification memory v = court.getVerification(jobId);
        if (v.status != IVerificationCourt.VerificationStatus.Panel) return false;
        IVerificationCourt.Round memory round = court.getRound(jobId, v.round);
        if (need == Need.ClaimPanel) {
            return round.claimed < round.seats && t <= round.drawEndsAt && court.pool() >= job.budget;
        }
        if (need == Need.CommitPanel) {
            return round.claimed != 0 && round.committedMask != (1 << round.claimed) - 1 && t <= round.commitEndsAt;
        }
        return
            round.committedMask & ~round.revealedMask != 0 && _panelCommitsClosed(round, t) && t <= round.revealEndsAt;
    }

    /// @dev The court's rule: every seat taken (or the draw over) and every seated verifier committed, or the commit
    /// deadline passed.
    function _panelCommitsClosed(IVerificationCourt.Round memory round, uint256 t) internal pure returns (bool) {
        if (t > round.commitEndsAt) return true;
        bool drawClosed = round.claimed == round.seats || t > round.drawEndsAt;
        return drawClosed && round.committedMask == (1 << round.claimed) - 1;
    }

    /// @dev Whether replicas may reveal now: the audit decision taken (or predictable as "not audited", which the
    /// reveal then takes) and, for an audited job, the auditor committed or its commit window over.
    function _revealOpen(uint256 jobId, IJobMarket.Job memory job, uint256 t) internal view returns (bool) {
        if (job.audit == IJobMarket.AuditState.Undecided) {
            if (job.commitsClosedAt == 0 || _blockNumber() <= job.commitsClosedBlock + 1) return false;
            IRandomnessSource.SeedStatus s = randomness.seedStatus(job.commitsClosedBlock);
            if (s != IRandomnessSource.SeedStatus.Fixable && s != IRandomnessSource.SeedStatus.Fixed) return false;
            // An even k = 1 job's answer stays sealed through its window (nobody decides, its replica waits), then is
            // revealed and settled at once (Steps._revealJob).
            if (job.replicas == 1 && _keptSealed(jobId)) return t > market.timeline(jobId).challengeEndsAt;
            if (Draws.audits(randomness.seedFor(job.commitsClosedBlock), jobId, job.auditRateBps)) return false;
            return t <= job.commitsClosedAt + market.parameters().revealPeriod; // the handler never retunes
        }
        IJobMarket.Timeline memory times = market.timeline(jobId);
        if (t > times.revealEndsAt) return false;
        if (job.audit == IJobMarket.AuditState.NotAudited) return true;
        return court.auditCommitted(jobId) || t > times.auditCommitEndsAt;
    }

    /// @dev Whether nobody takes the audit decision of this job if it is a k = 1 job: even ids, and the finish's sealed
    /// job, keep their answer sealed through the window (the replica then reveals and settles at once); the finish's
    /// challenged job never does (its answer must be revealed to be challenged).
    function _keptSealed(uint256 jobId) internal view returns (bool) {
        return (jobId % 2 == 0 || _sealedByChoice[jobId]) && !_challengedByChoice[jobId];
    }

    function _seedExpired(IJobMarket.Job memory job) internal view returns (bool) {
        return randomness.seedStatus(job.commitsClosedBlock) == IRandomnessSource.SeedStatus.Expired;
    }

    /// @dev The market's beginChallenge rule: reveals closed on an agreed real result, inside the challenge window.
    function _challengeable(uint256 jobId, IJobMarket.Job memory job, uint256 t) internal view returns (bool) {
        if (job.committedMask == 0 || job.audit == IJobMarket.AuditState.Undecided) return false;
        IJobMarket.Timeline memory times = market.timeline(jobId);
        if (job.revealsClosedAt == 0 && t <= times.revealEndsAt) return false;
        if (t > times.challengeEndsAt) return false;
        (bytes32 winner, bool disagree) = _agreement(jobId, job);
        return !disagree && Results.isReal(winner);
    }

    /// @dev The replicas' strict majority (over all k slots) and whether two revealed real results differ.
    function _agreement(
        uint256 jobId,
        IJobMarket.Job memory job
    ) internal view returns (bytes32 winner, bool disagree) {
        IJobMarket.Assignment[] memory slots = market.getAssignments(jobId);
        bytes32[] memory delivered = new bytes32[](slots.length);
        bytes32 real;
        for (uint256 i; i < slots.length; ++i) {
            if (job.revealedMask & (1 << i) == 0) continue;
            delivered[i] = slots[i].result;
            if (!Results.isReal(delivered[i])) continue;
            if (real == bytes32(0)) real = delivered[i];
            else if (delivered[i] != real) disagree = true;
        }
        winner = _majority(delivered, job.replicas);
    }

    /// @dev The result revealed by more than half of `seats`, counted naively (not the contracts' Boyer–Moore).
    function _majority(bytes32[] memory revealed, uint256 seats) internal pure returns (bytes32 winner) {
        for (uint256 i; i < revealed.length; ++i) {
            if (revealed[i] == bytes32(0)) continue;
            uint256 votes;
            for (uint256 j; j < revealed.length; ++j) if (revealed[j] == revealed[i]) ++votes;
            if (votes * 2 > seats) winner = revealed[i];
        }
    }

    // ------------------------------------------------------------------ who can be drawn

    /// @dev The registry's lockCollateral checks; `verifier` drops the price and minimum-fuel terms (a verifier is
    /// paid its fuel at the job's price, not at its own).
    function _serves(address p, IJobMarket.Job memory job, bool verifier) internal view returns (bool) {
        IProviderRegistry.Provider memory r = registry.provider(p);
        if (!r.registered || _now() < r.jailedUntil) return false;
        if (r.classes & (uint32(1) << job.resourceClass) == 0) return false;
        if (!verifier && (r.pricePerMfuel > job.maxPricePerMfuel || uint256(r.minMfuel) * 1e6 > job.maxFuel)) {
            return false;
        }
        if (r.activeJobs >= r.capacity || job.collateral > r.stake - r.locked) return false;
        return job.minReputation == 0 || registry.reputation(p) >= job.minReputation;
    }

    /// @dev The eligible provider drawn earliest for a replica slot, and when (not before now); zero if none before
    /// the claim deadline.
    function _nextReplica(uint256 jobId, uint256 seed) internal view returns (address who, uint256 at) {
        IJobMarket.Job memory job = market.getJob(jobId);
        at = Draws.NEVER;
        for (uint256 i; i < PROVIDERS; ++i) {
            address p = _providers[((seed % PROVIDERS) + i) % PROVIDERS];
            if (p == job.requester || market.isParty(jobId, p) || !_serves(p, job, false)) continue;
            uint256 drawnAt = Draws.replicaDrawTime(market, jobId, p);
            if (drawnAt < at) (who, at) = (p, drawnAt);
        }
        if (who != address(0) && at < _now()) at = _now();
    }

    /// @dev The eligible provider drawn earliest for a seat of the current verification round, and when; zero if none
    /// before the draw closes.
    function _nextVerifier(uint256 jobId, uint256 seed) internal view returns (address who, uint256 at) {
        IJobMarket.Job memory job = market.getJob(jobId);
        address challenger = court.getVerification(jobId).challenger;
        at = Draws.NEVER;
        for (uint256 i; i < PROVIDERS; ++i) {
            address p = _providers[((seed % PROVIDERS) + i) % PROVIDERS];
            if (p == challenger || market.isParty(jobId, p) || _drawnBefore(jobId, p) || !_serves(p, job, true)) {
                continue;
            }
            uint256 drawnAt = Draws.verifierDrawTime(court, jobId, p);
            if (drawnAt < at) (who, at) = (p, drawnAt);
        }
        if (who != address(0) && at < _now()) at = _now();
    }

    /// @dev Whether `account` took a seat in any round of the job (nobody verifies a job twice).
    function _drawnBefore(uint256 jobId, address account) internal view returns (bool) {
        IVerificationCourt.Verification memory v = court.getVerification(jobId);
        if (v.status == IVerificationCourt.VerificationStatus.None) return false;
        for (uint8 r; r <= v.round; ++r) {
            IVerificationCourt.Seat[] memory seats = court.getSeats(jobId, r);
            for (uint256 i; i < seats.length; ++i) if (seats[i].account == account) return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ the lifecycle ghost

    /// @dev The earliest deadline after `t` of any live job or panel (a minute from now if none).
    // solhint-disable-next-line code-complexity
    function _nextDeadline(uint256 t) internal view returns (uint256) {
        uint256 best = type(uint256).max;
        for (uint256 i; i < _live.length; ++i) {
            uint256 jobId = _live[i];
            IJobMarket.Job memory job = market.getJob(jobId);
            uint256[7] memory ends;
            if (job.status == IJobMarket.JobStatus.Open) {
                if (job.claimed < job.replicas) ends[0] = job.claimDeadline;
                if (job.commitsClosedAt == 0) ends[1] = job.commitDeadline;
                IJobMarket.Timeline memory times = market.timeline(jobId);
                (ends[2], ends[3]) = (times.auditDrawEndsAt, times.auditCommitEndsAt);
                (ends[4], ends[5]) = (times.revealEndsAt, times.challengeEndsAt);
            } else {
                IVerificationCourt.Verification memory v = court.getVerification(jobId);
                IVerificationCourt.Round memory round = court.getRound(jobId, v.round);
                (ends[0], ends[1], ends[2]) = (round.drawEndsAt, round.commitEndsAt, round.revealEndsAt);
            }
            for (uint256 j; j < ends.length; ++j) if (ends[j] > t && ends[j] < best) best = ends[j];
        }
        return best == type(uint256).max ? t + 60 : best;
    }

    /// @dev After each action: every live job's status moved only forward (None → Open → Completed | Refunded |
    /// Cancelled | Verifying, Verifying → Completed | Refunded) and only by the action allowed to move it (a Verifying
    /// job only by the court's resolve); a job is paid out at most once; closed jobs leave the live set.
    function _observe() internal {
        for (uint256 i = _live.length; i > 0; --i) {
            uint256 jobId = _live[i - 1];
            IJobMarket.JobStatus status = market.getJob(jobId).status;
            JobGhost storage g = _ghost[jobId];
            if (status != g.status) {
                assertTrue(_allowed(g.status, status), "a job's status moved backwards, sideways or by the wrong hand");
                g.status = status;
                if (status == IJobMarket.JobStatus.Completed || status == IJobMarket.JobStatus.Refunded) {
                    ++g.settlements;
                    assertEq(g.settlements, 1, "a job was paid out twice");
                }
            }
            if (status != IJobMarket.JobStatus.Open && status != IJobMarket.JobStatus.Verifying) {
                _live[i - 1] = _live[_live.length - 1];
                _live.pop();
            }
        }
    }

    function _allowed(IJobMarket.JobStatus from, IJobMarket.JobStatus to) internal view returns (bool) {
        bool paidOut = to == IJobMarket.JobStatus.Completed || to == IJobMarket.JobStatus.Refunded;
        if (from == IJobMarket.JobStatus.Open) {
            if (to == IJobMarket.JobStatus.Cancelled) return _action == Action.Cancel;
            if (to == IJobMarket.JobStatus.Verifying) return _action == Action.Settle || _action == Action.Challenge;
            return paidOut && _action == Action.Settle;
        }
        return from == IJobMarket.JobStatus.Verifying && paidOut && _action == Action.Resolve;
    }
}
