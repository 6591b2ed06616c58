// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Create2} from "@openzeppelin/contracts/utils/Create2.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IJobMarket} from "./interfaces/IJobMarket.sol";
import {IProviderRegistry} from "./interfaces/IProviderRegistry.sol";
import {IRandomnessSource} from "./interfaces/IRandomnessSource.sol";
import {IVerificationCourt} from "./interfaces/IVerificationCourt.sol";
import {Jobs} from "./libraries/Jobs.sol";
import {Lottery} from "./libraries/Lottery.sol";
import {MarketParameters} from "./libraries/MarketParameters.sol";
import {PullPayments} from "./libraries/PullPayments.sol";
import {Results} from "./libraries/Results.sol";
import {Seeds} from "./libraries/Seeds.sol";
import {Settlement} from "./libraries/Settlement.sol";
import {TokenPull} from "./libraries/TokenPull.sol";

/// @title JobMarket
/// @notice Job escrow, lottery assignment, commit–reveal of results, the audit decision and settlement. See
/// {IJobMarket}.
/// @dev The owner (the Timelock in production) tunes bounded parameters, the treasury, the guardian and the pause
/// switch; no path lets it move escrow or claimable balances. Pausing stops new jobs and claims only.
contract JobMarket is IJobMarket, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using TokenPull for IERC20;
    using Jobs for Jobs.Record;
    using PullPayments for PullPayments.Ledger;

    uint8 public constant MAX_REPLICAS = 7; // slot masks are uint8
    uint256 public constant MAX_BUDGET = type(uint96).max / 32; // token units per replica; 30x collateral fits uint96
    uint256 public constant MIN_PHASE = 30 seconds; // shortest claim or commit phase
    uint256 public constant MIN_EXECUTION_TIME = 30 seconds; // fetching and instantiating, before any fuel burns
    uint256 public constant MAX_JOB_DURATION = 30 days; // posting to the commit deadline
    uint256 public constant MAX_URI_LENGTH = Jobs.MAX_URI_LENGTH; // bytes, bundle and result URIs
    uint256 public constant MAX_RECORD_RING = 2 ** 32; // records a market recycles
    // Jobs per settleMany (IJobMarket documents it; no getter, for the market's size): the worst case, 32 jobs of 7
    // replicas all slashed, fits a block.
    uint256 private constant _MAX_SETTLE_BATCH = 32;

    IERC20 private immutable _token;
    IProviderRegistry private immutable _registry;
    IRandomnessSource private immutable _randomness;
    // The source lets live seeds be read inline (a block hash): claims and audit decisions then do (see Seeds).
    bool private immutable _inlineSeeds;

    Parameters private _params;
    // One slot: posting and claiming read both pauses, and posting the job count and the court's verifiable budget,
    // in one cold read.
    bool private _paused; // by the owner, until it unpauses
    uint40 private _jobCount; // 1.1e12 jobs (a record's tag is 40 bits)
    uint40 private _guardianPausedUntil; // unix seconds
    // The court's maxVerifiableBudget as it last reported it, capped at 2^96 - 1 (above any budget: MAX_BUDGET <
    // 2^91): posting reads it here instead of calling the court (which reads its pool, the token and this market's
    // ledger: about 16k gas). The court reports every change that lowers it, so this is never above what the court
    // can verify; a rise may arrive late (a job refused meanwhile can be posted after anyone calls
    // VerificationCourt.syncVerifiableBudget).
    uint96 private _maxVerifiableBudget;
    address private _treasury; // read only by its own withdrawals and views
    // One slot: who holds the bounded brake, and when it may pull it again.
    address private _guardian;
    uint40 private _guardianCooldownEndsAt; // unix seconds: the guardian may pause again from then on
    // Jobs by storage key (see _keyOf): a job recycles the record of the finished job `_recordRing` before it, so
    // posting, claiming and committing overwrite non-zero slots (5,000 gas each) instead of creating slots (22,100).
    uint256 private immutable _recordRing;
    mapping(uint256 key => Jobs.Record record) private _jobs; // laid out by access path, see Jobs
    mapping(uint256 key => Assignment[MAX_REPLICAS] slots) private _assignments;
    // The replica draw's seed of the job stored at a key, written by its first claim when more slots stay open (later
    // claims may come after the chain forgot it). Kept here rather than fixed in the randomness source, whose slot per
    // trigger block is always new (22,100 gas, and a call per later claim): a recycled key's slot is overwritten
    // (5,000). Read only once the job has a claim, so a recycled record's old seed is never read.
    mapping(uint256 key => bytes32 seed) private _drawSeeds;
    PullPayments.Ledger private _claimable; // token units, pull payments
    Settlement.Dues private _dues; // the treasury's fees and the court's income, credited by every settlement

    /// @dev The court is read from the registry (set once there), so the market needs no wiring of its own; the
    /// lookup costs a call on verification paths only.
    modifier onlyCourt() {
        require(msg.sender == _registry.court(), JobMarketNotCourt(msg.sender));
        _;
    }

    /// @param registryCode ProviderRegistry's creation code. The market creates its registry, owned by `owner_`, with
    /// this market fixed in it and the deployer (the sender) as its one-time wirer of the court: the registry checks
    /// the market's hooks against an immutable instead of a stored address (2,100 gas less per claim and settlement).
    constructor(
        IERC20 token_,
        bytes memory registryCode,
        IProviderRegistry.Policy memory registryPolicy,
        IRandomnessSource randomness_,
        address treasury_,
        address owner_,
        Parameters memory params_,
        uint256 recordRing_
    ) Ownable(owner_) {
        require(address(token_) != address(0) && address(randomness_) != address(0), JobMarketZeroAddress());
        _token = token_;
        // Constructor arguments are appended to creation code, ABI-encoded: ProviderRegistry(token, owner, policy,
        // market, wirer). Create2.deploy bubbles the registry's own revert (e.g. a policy out of bounds).
        IProviderRegistry registry_ = IProviderRegistry(
            Create2.deploy(
                0,
                bytes32(0),
                abi.encodePacked(registryCode, abi.encode(token_, owner_, registryPolicy, address(this), msg.sender))
            )
        );
        require(
            address(registry_).code.length != 0 &&
                registry_.market() == address(this) &&
                registry_.token() == address(token_),
            JobMarketRegistryMismatch(address(registry_))
        );
        _registry = registry_;
        _randomness = randomness_;
        _inlineSeeds = _isReadableInline(randomness_);
        require(
            recordRing_ != 0 && recordRing_ <= MAX_RECORD_RING,
            JobMarketInvalidRecordRing(recordRing_, MAX_RECORD_RING)
        );
        _recordRing = recordRing_;
        require(treasury_ != address(0), JobMarketZeroAddress());
        _treasury = treasury_;
        _dues.marker = 1;
        emit TreasuryUpdated(address(0), treasury_);
        MarketParameters.validate(params_);
        _params = params_;
        // Indexers learn the initial values from events alone: each parameter "changes" from zero.
        Parameters memory unset;
        MarketParameters.emitChanges(unset, params_);
    }

    // ------------------------------------------------------------------ requester

    /// @inheritdoc IJobMarket
    function postJob(JobRequest calldata request) external nonReentrant returns (uint256) {
        return _postJob(request);
    }

    /// @inheritdoc IJobMarket
    function postJobWithPermit(
        JobRequest calldata request,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256) {
        (uint256 escrow, ) = _escrowFor(request, _params);
        // A front-run permit is not an error: the allowance is there either way.
        try IERC20Permit(address(_token)).permit(msg.sender, address(this), escrow, deadline, v, r, s) {} catch {}
        return _postJob(request);
    }

    /// @inheritdoc IJobMarket
    function deposit(uint256 amount) external nonReentrant {
        require(amount != 0, JobMarketZeroDeposit());
        _token.pullExactly(amount);
        _claimable.credit(msg.sender, amount);
        emit Deposited(msg.sender, amount);
    }

    /// @inheritdoc IJobMarket
    function cancelJob(uint256 jobId) external nonReentrant {
        Jobs.Record storage job = _openJob(jobId);
        require(msg.sender == job.requester, JobMarketNotRequester(jobId, msg.sender));
        // Once the seed exists the requester knows who is drawn; cancelling then would let it re-post until a chosen
        // provider wins. (No claim can precede the seed, so nothing is locked yet.)
        require(block.number <= uint256(job.postedBlock) + 1, JobMarketSeedKnown(jobId));
        job.status = JobStatus.Cancelled;
        uint256 refund = uint256(job.replicas) * job.budget() + job.fee + job.auditFee();
        _claimable.credit(msg.sender, refund);
        emit JobCancelled(jobId, msg.sender, refund);
    }

    // ------------------------------------------------------------------ provider

    /// @inheritdoc IJobMarket
    function claim(uint256 jobId, bytes32 commitment) external nonReentrant {
        require(!_isPaused(), JobMarketPaused());
        Jobs.Record storage job = _openJob(jobId);
        uint8 slot = job.claimed;
        require(slot < job.replicas, JobMarketSlotsFull(jobId, job.replicas));
        require(block.timestamp <= job.claimDeadline, JobMarketClaimClosed(jobId, job.claimDeadline));
        require(msg.sender != job.requester, JobMarketRequesterCannotClaim(jobId));
        uint256 key = _keyOf(jobId);
        Assignment[MAX_REPLICAS] storage slots = _assignments[key];
        for (uint256 i; i < slot; ++i) {
            require(slots[i].provider != msg.sender, JobMarketAlreadyOnJob(jobId, msg.sender));
        }
        uint256 postedBlock = job.postedBlock;
        // The first claim reads the seed (a block hash, or from the randomness source: see Seeds), reverting until
        // its block is mined or once it expired, and, when slots stay open, keeps it with the job: later claims read
        // the same seed, however late.
        bytes32 seed;
        if (slot == 0) {
            seed = Seeds.seedFor(_randomness, _inlineSeeds, postedBlock);
            if (job.replicas > 1) _drawSeeds[key] = seed;
        } else {
            seed = _drawSeeds[key];
        }

        // Effects, then the registry locks collateral (reverting if the provider is ineligible) and reports the
        // stake that counts, as of the block before the posting, in O(1); the total was recorded at posting. A lost
        // lottery reverts everything.
        job.claimed = slot + 1;
        IProviderRegistry.ClaimReceipt memory receipt = _registry.lockCollateral(
            msg.sender,
            IProviderRegistry.ClaimTerms({
                jobId: jobId,
                resourceClass: job.resourceClass,
                maxPricePerMfuel: job.maxPricePerMfuel,
                maxFuel: job.maxFuel,
                collateral: job.collateral,
                minReputation: job.minReputation,
                stakeBlock: uint64(postedBlock - 1)
            })
        );
        require(
            Lottery.wins(
                seed,
                jobId,
                msg.sender,
                receipt.stake,
                job.totalStake,
                job.replicas,
                block.timestamp - job.postedAt,
                job.wideningPeriod
            ),
            JobMarketNotDrawn(jobId, msg.sender)
        );
        // Written after the registry call because the offer comes from it (the registry is fixed at deployment
        // and cannot re-enter). The result slot is read only once the slot's commit bit is set.
        Assignment storage a = slots[slot];
        a.provider = msg.sender;
        a.pricePerMfuel = receipt.pricePerMfuel;
        a.minMfuel = receipt.minMfuel;
        emit JobClaimed(jobId, msg.sender, slot, receipt.pricePerMfuel, receipt.minMfuel, job.collateral, commitment);
        if (commitment != bytes32(0)) _commit(jobId, job, slot, a, commitment);
    }

    /// @inheritdoc IJobMarket
    function commitResult(uint256 jobId, uint8 slot, bytes32 commitment) external nonReentrant {
        Jobs.Record storage job = _openJob(jobId);
        require(commitment != bytes32(0), JobMarketZeroHash());
        Assignment storage a = _slotOf(jobId, job.claimed, slot);
        emit ResultCommitted(jobId, msg.sender, commitment); // before _commit's CommitsClosed, in log order
        _commit(jobId, job, slot, a, commitment);
    }

    /// @dev Records the commitment of the caller's `slot` (see {commitResult}); the last one closes commits.
    function _commit(
        uint256 jobId,
        Jobs.Record storage job,
        uint8 slot,
        Assignment storage a,
        bytes32 commitment
    ) private {
        uint8 bit = uint8(1 << slot);
        require(job.committedMask & bit == 0, JobMarketAlreadyCommitted(jobId, msg.sender));
        require(block.timestamp <= job.commitDeadline, JobMarketDeadlinePassed(jobId, job.commitDeadline));
        a.result = commitment;
        uint8 mask = job.committedMask | bit;
        job.committedMask = mask;
        // The last commitment of a full job closes commits; the audit's seed is the next block's hash, unknown to
        // every committer. (A job that is not full when commits close at the deadline is always audited instead: a
        // seed known before the deadline could be re-rolled by whoever commits or claims last.)
        if (job.claimed == job.replicas && mask == (1 << job.replicas) - 1) {
            job.commitsClosedAt = uint32(block.timestamp);
            job.commitsClosedBlock = uint40(block.number);
            emit CommitsClosed(jobId, uint64(block.number));
        }
    }

    /// @inheritdoc IJobMarket
    function decideAudit(uint256 jobId) external nonReentrant {
        Jobs.Record storage job = _openJob(jobId);
        require(job.audit == AuditState.Undecided, JobMarketAuditAlreadyDecided(jobId));
        job.decideAudit(jobId, _randomness, _inlineSeeds, true);
    }

    /// @inheritdoc IJobMarket
    function revealResult(
        uint256 jobId,
        uint8 slot,
        bytes32 outputHash,
        uint64 fuelUsed,
        bytes32 salt,
        string calldata resultURI
    ) external nonReentrant {
        _reveal(jobId, slot, outputHash, fuelUsed, salt, resultURI, false);
    }

    /// @inheritdoc IJobMarket
    function revealAndSettle(
        uint256 jobId,
        bytes32 outputHash,
        uint64 fuelUsed,
        bytes32 salt,
        string calldata resultURI
    ) external nonReentrant {
        _reveal(jobId, 0, outputHash, fuelUsed, salt, resultURI, true);
    }

    /// @dev Both reveals run in the linked library Settlement (for the market's size), which settles too when asked.
    function _reveal(
        uint256 jobId,
        uint8 slot,
        bytes32 outputHash,
        uint64 fuelUsed,
        bytes32 salt,
        string calldata resultURI,
        bool andSettle
    ) private {
        uint256 key = _keyOf(jobId);
        Jobs.Record storage job = _jobs[key];
        if (job.status != JobStatus.Open) revert JobMarketJobNotOpen(jobId, _statusOf(jobId, job));
        Settlement.reveal(
            Settlement.Opening(jobId, outputHash, salt, fuelUsed, slot, andSettle),
            resultURI,
            job,
            _assignments[key],
            _claimable,
            _dues,
            _registry,
            _randomness,
            _inlineSeeds
        );
    }

    // ------------------------------------------------------------------ anyone

    /// @inheritdoc IJobMarket
    function settle(uint256 jobId) external nonReentrant {
        _settle(jobId);
    }

    /// @inheritdoc IJobMarket
    function settleMany(uint256[] calldata jobIds) external nonReentrant {
        uint256 count = jobIds.length;
        require(count != 0 && count <= _MAX_SETTLE_BATCH, JobMarketBatchSize(count, _MAX_SETTLE_BATCH));
        for (uint256 i; i < count; ++i) {
            // Settled by someone else since the batch was put together: what the caller wanted happened. (A job
            // that was never posted is not skipped: _settle reverts for it.)
            JobStatus status = _recordOf(jobIds[i]).status;
            if (status == JobStatus.Open || status == JobStatus.None) _settle(jobIds[i]);
        }
    }

    /// @dev Settles an open job (see {settle}); the work is done in the linked library Settlement, for the market's
    /// size (the settlement called it anyway: one library call instead of two).
    function _settle(uint256 jobId) private {
        uint256 key = _keyOf(jobId);
        Jobs.Record storage job = _jobs[key];
        if (job.status != JobStatus.Open) revert JobMarketJobNotOpen(jobId, _statusOf(jobId, job));
        Settlement.settle(jobId, job, _assignments[key], _claimable, _dues, _registry, _randomness);
    }

    /// @inheritdoc IJobMarket
    function withdraw() external nonReentrant {
        // Providers and requesters have a balance of their own: they pay no reads of the roles' dues.
        uint256 amount = _claimable.takeAll(msg.sender);
        if (amount == 0) amount = _takeDues(msg.sender);
        require(amount != 0, JobMarketNothingToWithdraw(msg.sender));
        emit Withdrawn(msg.sender, amount);
        _token.safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------ court

    /// @inheritdoc IJobMarket
    function beginChallenge(
        uint256 jobId,
        address challenger
    ) external nonReentrant onlyCourt returns (VerificationTerms memory terms) {
        Jobs.Record storage job = _openJob(jobId);
        require(
            job.committedMask != 0 && job.audit != AuditState.Undecided && job.revealsClosed(),
            JobMarketNotChallengeable(jobId)
        );
        require(block.timestamp <= job.challengeEndsAt(), JobMarketDeadlinePassed(jobId, job.challengeEndsAt()));
        (bytes32 winner, bool disagree) = _agreement(jobId, job);
        // Only a payable agreed result can be challenged; a disagreement goes to the panel by settlement anyway.
        require(!disagree && Results.isReal(winner), JobMarketNotChallengeable(jobId));
        require(!_isReplica(jobId, job.claimed, challenger), JobMarketNotChallengeable(jobId));
        job.status = JobStatus.Verifying;
        emit VerificationStarted(jobId, VerificationReason.Challenge, challenger, winner);
        terms = job.terms(winner);
    }

    /// @inheritdoc IJobMarket
    function noteAuditRevealed(uint256 jobId) external nonReentrant onlyCourt {
        Jobs.Record storage job = _recordOf(jobId);
        if (job.status == JobStatus.Open && job.revealedMask == job.committedMask && job.revealsClosedAt == 0) {
            job.revealsClosedAt = uint32(block.timestamp);
        }
    }

    /// @inheritdoc IJobMarket
    function setVerifiableBudget(uint256 maxVerifiableBudget_) external onlyCourt {
        uint96 capped = maxVerifiableBudget_ > type(uint96).max ? type(uint96).max : uint96(maxVerifiableBudget_);
        if (capped == _maxVerifiableBudget) return;
        _maxVerifiableBudget = capped;
        emit VerifiableBudgetUpdated(capped);
    }

    /// @inheritdoc IJobMarket
    function finalizeVerification(
        uint256 jobId,
        bytes32 result,
        uint64 fuelUsed
    ) external nonReentrant onlyCourt returns (uint256 challengerReward) {
        Jobs.Record storage job = _recordOf(jobId);
        require(job.status == JobStatus.Verifying, JobMarketJobNotOpen(jobId, job.status));
        return _finalize(jobId, job, result, fuelUsed, true);
    }

    // ------------------------------------------------------------------ governance

    /// @inheritdoc IJobMarket
    function setParameters(Parameters calldata next) external onlyOwner {
        MarketParameters.validate(next);
        Parameters memory old = _params;
        _params = next;
        MarketParameters.emitChanges(old, next);
    }

    /// @inheritdoc IJobMarket
    function setTreasury(address treasury_) external onlyOwner {
        require(treasury_ != address(0), JobMarketZeroAddress());
        address old = _treasury;
        require(treasury_ != old, JobMarketParametersUnchanged());
        // What the old treasury earned stays its own, to withdraw whenever it likes.
        _claimable.credit(old, _dues.treasury);
        _dues.treasury = 0;
        _treasury = treasury_;
        emit TreasuryUpdated(old, treasury_);
    }

    /// @inheritdoc IJobMarket
    function setGuardian(address guardian_) external onlyOwner {
        address old = _guardian;
        require(guardian_ != old, JobMarketParametersUnchanged());
        _guardian = guardian_;
        emit GuardianUpdated(old, guardian_);
    }

    /// @inheritdoc IJobMarket
    function pause() external onlyOwner {
        require(!_paused, JobMarketPauseUnchanged(true));
        _paused = true;
        emit MarketPaused(msg.sender, type(uint40).max);
    }

    /// @inheritdoc IJobMarket
    function unpause() external onlyOwner {
        require(_isPaused(), JobMarketPauseUnchanged(false));
        _paused = false;
        _guardianPausedUntil = 0; // governance ends a guardian's pause early; the guardian's cooldown stands
        emit MarketUnpaused(msg.sender);
    }

    /// @inheritdoc IJobMarket
    function guardianPause() external {
        require(msg.sender == _guardian && msg.sender != address(0), JobMarketNotGuardian(msg.sender));
        require(block.timestamp >= _guardianCooldownEndsAt, JobMarketGuardianCoolingDown(_guardianCooldownEndsAt));
        uint256 duration = _params.guardianPauseDuration;
        uint256 until = block.timestamp + duration;
        _guardianPausedUntil = uint40(until); // < 2^40 for 34,000 years
        _guardianCooldownEndsAt = uint40(until + duration);
        emit MarketPaused(msg.sender, until);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IJobMarket
    function token() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc IJobMarket
    function registry() external view returns (IProviderRegistry) {
        return _registry;
    }

    /// @inheritdoc IJobMarket
    function randomness() external view returns (IRandomnessSource) {
        return _randomness;
    }

    /// @inheritdoc IJobMarket
    function treasury() external view returns (address) {
        return _treasury;
    }

    /// @inheritdoc IJobMarket
    function guardian() external view returns (address) {
        return _guardian;
    }

    /// @inheritdoc IJobMarket
    function parameters() external view returns (Parameters memory) {
        return _params;
    }

    /// @inheritdoc IJobMarket
    function pausedUntil() external view returns (uint256) {
        if (_paused) return type(uint40).max;
        return _guardianPausedUntil > block.timestamp ? _guardianPausedUntil : 0;
    }

    /// @inheritdoc IJobMarket
    function jobCount() external view returns (uint256) {
        return _jobCount;
    }

    /// @inheritdoc IJobMarket
    function recordRing() external view returns (uint256) {
        return _recordRing;
    }

    /// @inheritdoc IJobMarket
    function getJob(uint256 jobId) external view returns (Job memory archived) {
        Jobs.Record storage job = _recordOf(jobId);
        if (job.jobId == jobId) return job.toJob(_revealedFuel(jobId, job));
        // Never posted (None), or finished and its record recycled by a later job (Archived): its events (and the
        // subgraph) keep its history.
        archived.status = _statusOf(jobId, job);
    }

    /// @inheritdoc IJobMarket
    function timeline(uint256 jobId) external view returns (Timeline memory) {
        return _recordOf(jobId).toTimeline();
    }

    /// @inheritdoc IJobMarket
    function getAssignments(uint256 jobId) external view returns (Assignment[] memory assignments) {
        Jobs.Record storage job = _recordOf(jobId);
        uint256 claimed = job.claimed;
        Assignment[MAX_REPLICAS] storage slots = _slotsOf(jobId);
        assignments = new Assignment[](claimed);
        for (uint256 i; i < claimed; ++i) {
            assignments[i] = slots[i];
            // An uncommitted slot's result word may be a recycled record's old one: it reads as zero, as it means.
            if (job.committedMask & (1 << i) == 0) assignments[i].result = bytes32(0);
        }
    }

    /// @inheritdoc IJobMarket
    function claimable(address account) external view returns (uint256) {
        uint256 amount = _claimable.balanceOf(account);
        if (account == _treasury) amount += _dues.treasury;
        if (account == _registry.court()) amount += _dues.court;
        return amount;
    }

    /// @inheritdoc IJobMarket
    function maxVerifiableBudget() external view returns (uint256) {
        return _maxVerifiableBudget;
    }

    /// @inheritdoc IJobMarket
    function escrowFor(JobRequest calldata request) external view returns (uint256 escrow, uint256 budget) {
        return _escrowFor(request, _params);
    }

    /// @inheritdoc IJobMarket
    function executionTime(uint64 maxFuel) external view returns (uint256) {
        return _executionTime(maxFuel, _params.fuelPerSecond);
    }

    /// @inheritdoc IJobMarket
    function isParty(uint256 jobId, address account) external view returns (bool) {
        Jobs.Record storage job = _recordOf(jobId);
        return account == job.requester || _isReplica(jobId, job.claimed, account);
    }

    /// @inheritdoc IJobMarket
    function isDrawn(uint256 jobId, address provider) external view returns (bool) {
        Jobs.Record storage job = _recordOf(jobId);
        return
            job.status == JobStatus.Open &&
            Settlement.isDrawn(job, _drawSeeds[_keyOf(jobId)], _randomness, _registry, provider);
    }

    /// @inheritdoc IJobMarket
    function drawSeed(uint256 jobId) external view returns (bytes32) {
        Jobs.Record storage job = _recordOf(jobId);
        require(job.status != JobStatus.None, JobMarketJobNotOpen(jobId, _statusOf(jobId, job)));
        return _seedOf(jobId, job);
    }

    /// @inheritdoc IJobMarket
    function isSettleable(uint256 jobId) external view returns (bool) {
        Jobs.Record storage job = _recordOf(jobId);
        return job.status == JobStatus.Open && Settlement.isSettleable(job, _slotsOf(jobId), _randomness, _registry);
    }

    /// @inheritdoc IJobMarket
    function auditTerms(
        uint256 jobId
    ) external view returns (VerificationTerms memory terms, uint64 seedBlock, uint40 openedAt, Timeline memory times) {
        Jobs.Record storage job = _recordOf(jobId);
        if (job.status != JobStatus.Open || job.audit != AuditState.Audited) return (terms, 0, 0, times);
        return (job.terms(bytes32(0)), job.commitsClosedBlock, job.commitsClosedAt, job.toTimeline());
    }

    // ------------------------------------------------------------------ internals

    function _postJob(JobRequest calldata r) private returns (uint256 jobId) {
        require(!_isPaused(), JobMarketPaused());
        Parameters storage p = _params;
        (uint256 escrow, uint256 budget) = _escrowFor(r, p);
        uint256 executionTime_ = _checkRequest(r, p.fuelPerSecond);
        // A job the court could not verify in full would let a made-up result go unslashed: refuse it.
        uint256 verifiable = _maxVerifiableBudget;
        require(budget <= verifiable, JobMarketUnverifiable(budget, verifiable));
        // budget <= MAX_BUDGET = 2^96 / 32 and collateralBps <= 30 * BPS, so collateral < 2^96.
        uint256 collateral = (budget * p.collateralBps) / MarketParameters.BPS;
        if (collateral < p.minCollateral) collateral = p.minCollateral;
        uint256 fee = _fee(r.replicas, budget, p);

        jobId = ++_jobCount;
        uint256 key = _freeKey(jobId);
        // Written whole (every field, zeros included), so nothing of a recycled record's job carries over.
        _jobs[key] = _newRecord(jobId, r, p, collateral, fee, executionTime_);
        Jobs.Record storage job = _jobs[key];
        // A requester that keeps a balance here (deposits, refunds) pays from it: no token transfer, no allowance.
        // JobPosted says which (an event of its own cost 1.8k per posting).
        bool fromBalance = _claimable.tryDebit(msg.sender, escrow);
        _emitPosted(jobId, job, r, budget, collateral, fee, fromBalance);
        if (!fromBalance) _token.pullExactly(escrow);
    }

    /// @dev Where a new job is stored: the record of the job `_recordRing` before it once that job is finished (its
    /// events and the subgraph keep its history); while that job still runs, a fresh record of the new job's own.
    function _freeKey(uint256 jobId) private view returns (uint256 key) {
        key = jobId % _recordRing;
        JobStatus previous = _jobs[key].status;
        if (previous == JobStatus.Open || previous == JobStatus.Verifying) key = _recordRing + jobId;
    }

    /// @dev A new job's whole record: the request, and every term of the current parameters it runs by.
    function _newRecord(
        uint256 jobId,
        JobRequest calldata r,
        Parameters storage p,
        uint256 collateral,
        uint256 fee,
        uint256 executionTime_
    ) private view returns (Jobs.Record memory) {
        return
            Jobs.Record({
                status: JobStatus.Open,
                audit: AuditState.Undecided,
                replicas: r.replicas,
                claimed: 0,
                committedMask: 0,
                revealedMask: 0,
                resourceClass: r.resourceClass,
                postedAt: SafeCast.toUint32(block.timestamp),
                claimDeadline: uint32(r.claimDeadline), // <= commitDeadline
                commitDeadline: SafeCast.toUint32(r.commitDeadline),
                commitsClosedAt: 0,
                revealsClosedAt: 0,
                jobId: uint40(jobId),
                requester: msg.sender,
                maxPricePerMfuel: r.maxPricePerMfuel,
                minReputation: r.minReputation,
                collateral: uint96(collateral),
                maxFuel: r.maxFuel,
                postedBlock: SafeCast.toUint40(block.number),
                commitsClosedBlock: 0,
                fee: uint96(fee), // <= 7 * MAX_BUDGET
                auditRateBps: p.auditRateBps,
                auditFeeBps: p.auditFeeBps,
                executionTime: uint24(executionTime_), // <= MAX_JOB_DURATION < 2^24
                revealPeriod: uint24(p.revealPeriod), // <= MAX_PHASE < 2^24, and so below
                auditDrawPeriod: uint24(p.auditDrawPeriod),
                challengeWindow: uint24(p.challengeWindow),
                wideningPeriod: uint16(p.wideningPeriod), // <= MAX_WIDENING_PERIOD < 2^16
                dissentSlashBps: p.dissentSlashBps,
                noShowSlashBps: p.noShowSlashBps,
                requesterShareBps: p.requesterShareBps,
                honestShareBps: p.honestShareBps,
                challengerShareBps: p.challengerShareBps,
                totalStake: SafeCast.toUint112(_registry.totalStakeBeforeThisBlock())
            });
    }

    function _emitPosted(
        uint256 jobId,
        Jobs.Record storage job,
        JobRequest calldata r,
        uint256 budget,
        uint256 collateral,
        uint256 fee,
        bool fromBalance
    ) private {
        emit JobPosted(
            jobId,
            msg.sender,
            r.resourceClass,
            r.replicas,
            r.maxFuel,
            r.maxPricePerMfuel,
            uint96(budget),
            uint96(collateral),
            r.minReputation,
            uint96(fee),
            uint96(job.auditFee()),
            job.auditRateBps,
            r.claimDeadline,
            r.commitDeadline,
            r.bundleHash,
            r.bundleURI,
            fromBalance
        );
    }

    /// @dev The escrow of a request: every replica's budget, the protocol fee and the audit fee. Checks the budget's
    /// bounds (the rest of the request is checked by _checkRequest).
    function _escrowFor(
        JobRequest calldata r,
        Parameters storage p
    ) private view returns (uint256 escrow, uint256 budget) {
        require(r.replicas != 0 && r.replicas <= MAX_REPLICAS, JobMarketInvalidReplicas(r.replicas, MAX_REPLICAS));
        budget = (uint256(r.maxFuel) * r.maxPricePerMfuel) / Jobs.FUEL_UNIT; // < 2^128
        require(
            budget >= p.minBudget && budget <= MAX_BUDGET,
            JobMarketBudgetOutOfBounds(budget, p.minBudget, MAX_BUDGET)
        );
        uint256 total = uint256(r.replicas) * budget;
        escrow = total + _fee(r.replicas, budget, p) + (budget * p.auditFeeBps) / MarketParameters.BPS;
    }

    /// @dev The protocol fee on the job's total budget, with its floor: reputation is never free to farm.
    function _fee(uint8 replicas, uint256 budget, Parameters storage p) private view returns (uint256 fee) {
        fee = (uint256(replicas) * budget * p.feeBps) / MarketParameters.BPS;
        if (fee < p.minFee) fee = p.minFee;
    }

    /// @dev The replicas' majority result and whether two revealed real results differ (see Settlement.agreement).
    function _agreement(uint256 jobId, Jobs.Record storage job) private view returns (bytes32, bool) {
        return Settlement.agreement(job, _slotsOf(jobId));
    }

    /// @dev Settles the job by `result` (see Settlement.finalize); returns the challenger's share for a verified job.
    function _finalize(
        uint256 jobId,
        Jobs.Record storage job,
        bytes32 result,
        uint64 fuelUsed,
        bool verified
    ) private returns (uint256) {
        return
            Settlement.finalize(jobId, job, _slotsOf(jobId), _claimable, _dues, _registry, result, fuelUsed, verified);
    }

    /// @dev Checks the request's fields other than the budget; returns the job's execution time (seconds).
    function _checkRequest(JobRequest calldata r, uint64 fuelPerSecond) private view returns (uint256 execution) {
        require(r.resourceClass < 32, JobMarketInvalidResourceClass(r.resourceClass));
        require(r.bundleHash != bytes32(0), JobMarketInvalidBundle());
        require(bytes(r.bundleURI).length != 0, JobMarketInvalidBundle());
        _checkURI(r.bundleURI);
        execution = _executionTime(r.maxFuel, fuelPerSecond);
        // Claim, then have the job's execution time at the reference speed before the commit deadline.
        bool ok =
            r.claimDeadline >= block.timestamp + MIN_PHASE &&
                r.commitDeadline >= r.claimDeadline + MIN_PHASE &&
                r.commitDeadline >= block.timestamp + MIN_PHASE + execution &&
                r.commitDeadline <= block.timestamp + MAX_JOB_DURATION;
        require(ok, JobMarketInvalidDeadlines(r.claimDeadline, r.commitDeadline));
    }

    function _executionTime(uint64 maxFuel, uint64 fuelPerSecond) private pure returns (uint256) {
        return MIN_EXECUTION_TIME + (uint256(maxFuel) + fuelPerSecond - 1) / fuelPerSecond;
    }

    function _checkURI(string calldata uri) private pure {
        Jobs.checkURI(uri);
    }

    /// @dev Where job `jobId` is stored: ring position `jobId % _recordRing` when the record there is this job's (it
    /// was free when the job was posted), else the job's own fresh record. Keys of the two kinds never meet: ring
    /// positions are below `_recordRing`, fresh records above it. A recycled job's fresh record is empty.
    function _keyOf(uint256 jobId) private view returns (uint256 key) {
        key = jobId % _recordRing;
        if (_jobs[key].jobId != jobId) key = _recordRing + jobId;
    }

    function _recordOf(uint256 jobId) private view returns (Jobs.Record storage) {
        return _jobs[_keyOf(jobId)];
    }

    /// @dev The job's replica slots. Slots beyond `claimed` may hold a recycled record's old assignments: every read
    /// is bounded by `claimed` or a commit/reveal mask, and claiming overwrites a slot whole.
    function _slotsOf(uint256 jobId) private view returns (Assignment[MAX_REPLICAS] storage) {
        return _assignments[_keyOf(jobId)];
    }

    function _openJob(uint256 jobId) private view returns (Jobs.Record storage job) {
        job = _recordOf(jobId);
        if (job.status != JobStatus.Open) revert JobMarketJobNotOpen(jobId, _statusOf(jobId, job));
    }

    /// @dev The status views report: a posted job whose record a later job recycled (its own key is empty) is Archived.
    function _statusOf(uint256 jobId, Jobs.Record storage job) private view returns (JobStatus) {
        if (job.status == JobStatus.None && jobId != 0 && jobId <= _jobCount) return JobStatus.Archived;
        return job.status;
    }

    /// @dev The replica draw's seed of `jobId`: the one its first claim kept, once a slot is claimed and more can be;
    /// before, the randomness source's (reverting until its block is mined, or once it expired).
    function _seedOf(uint256 jobId, Jobs.Record storage job) private view returns (bytes32) {
        if (job.claimed != 0 && job.replicas > 1) return _drawSeeds[_keyOf(jobId)];
        return Seeds.seedFor(_randomness, _inlineSeeds, job.postedBlock);
    }

    /// @dev Takes what settlements owe `account` as the treasury and as the court (zero for anyone else).
    function _takeDues(address account) private returns (uint256 amount) {
        Settlement.Dues memory dues = _dues;
        if (account == _treasury && dues.treasury != 0) {
            amount = dues.treasury;
            dues.treasury = 0;
        }
        if (account == _registry.court() && dues.court != 0) {
            amount += dues.court;
            dues.court = 0;
        }
        if (amount != 0) _dues = dues;
    }

    /// @dev Whether `source` lets the market read live seeds itself. A source without `readableInline` (one written
    /// before it existed) answers no, and is asked for every seed, as before: deployment never fails on it.
    function _isReadableInline(IRandomnessSource source) private view returns (bool) {
        (bool ok, bytes memory answer) = address(source).staticcall(
            abi.encodeCall(IRandomnessSource.readableInline, ())
        );
        return ok && answer.length == 32 && abi.decode(answer, (bool));
    }

    function _isPaused() private view returns (bool) {
        return _paused || block.timestamp < _guardianPausedUntil;
    }

    function _court() private view returns (IVerificationCourt) {
        return IVerificationCourt(_registry.court());
    }

    function _isReplica(uint256 jobId, uint256 claimed, address account) private view returns (bool) {
        Assignment[MAX_REPLICAS] storage slots = _slotsOf(jobId);
        for (uint256 i; i < claimed; ++i) {
            if (slots[i].provider == account) return true;
        }
        return false;
    }

    /// @dev The fuel of the first revealed real result by slot (the agreed fuel when results agree); zero if none.
    function _revealedFuel(uint256 jobId, Jobs.Record storage job) private view returns (uint64) {
        Assignment[MAX_REPLICAS] storage slots = _slotsOf(jobId);
        uint256 claimed = job.claimed;
        for (uint256 i; i < claimed; ++i) {
            if (job.revealedMask & (1 << i) == 0) continue;
            bytes32 result = slots[i].result;
            if (Results.isReal(result)) return Results.fuelOf(result);
        }
        return 0;
    }

    /// @dev The caller's slot on the job, by the index it names (its JobClaimed said which): one slot read, where a
    /// scan read every earlier replica's slot (2,100 gas each, cold). A slot beyond `claimed` may hold a recycled
    /// record's old assignment, hence the bound.
    function _slotOf(uint256 jobId, uint256 claimed, uint256 slot) private view returns (Assignment storage a) {
        require(slot < claimed, JobMarketNotAssigned(jobId, msg.sender));
        a = _slotsOf(jobId)[slot];
        require(a.provider == msg.sender, JobMarketNotAssigned(jobId, msg.sender));
    }
}
