// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IJobMarket} from "./interfaces/IJobMarket.sol";
import {IProviderRegistry} from "./interfaces/IProviderRegistry.sol";
import {IRandomnessSource} from "./interfaces/IRandomnessSource.sol";
import {Jobs} from "./libraries/Jobs.sol";
import {Lottery} from "./libraries/Lottery.sol";
import {MarketParameters} from "./libraries/MarketParameters.sol";
import {Results} from "./libraries/Results.sol";

/// @title JobMarket
/// @notice Job escrow, lottery assignment, result collection and settlement. See {IJobMarket}.
/// @dev The owner (the Timelock in production) tunes bounded parameters, the treasury address and the pause
/// switch; no path lets it move escrow or claimable balances. Pausing stops new jobs only.
contract JobMarket is IJobMarket, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using Jobs for Jobs.Record;

    uint8 public constant MAX_REPLICAS = 7; // slot masks are uint8
    uint256 public constant MAX_PRICE = type(uint96).max / 8; // token units; keeps collateral in uint96
    uint256 public constant MIN_PHASE = 30 seconds; // shortest claim, commit or reveal phase
    uint256 public constant MAX_JOB_DURATION = 30 days; // posting to the last deadline
    uint256 public constant MAX_URI_LENGTH = 512; // bytes, bundle and result URIs

    IERC20 private immutable _token;
    IProviderRegistry private immutable _registry;
    IRandomnessSource private immutable _randomness;

    Parameters private _params;
    // One slot: postJob reads the pause flag and the job count together, settlement reads the treasury.
    address private _treasury;
    bool private _paused;
    uint64 private _jobCount;
    mapping(uint256 jobId => Jobs.Record record) private _jobs; // laid out by access path, see Jobs
    mapping(uint256 jobId => Assignment[MAX_REPLICAS] slots) private _assignments;
    mapping(address account => uint256 amount) private _claimable; // token units, pull payments

    /// @dev The court is read from the registry (set once there), so the market needs no wiring of its own; the
    /// lookup costs a call on dispute paths only.
    modifier onlyCourt() {
        require(msg.sender == _registry.disputeCourt(), JobMarketNotCourt(msg.sender));
        _;
    }

    constructor(
        IERC20 token_,
        IProviderRegistry registry_,
        IRandomnessSource randomness_,
        address treasury_,
        address owner_,
        Parameters memory params_
    ) Ownable(owner_) {
        require(
            address(token_) != address(0) && address(registry_) != address(0) && address(randomness_) != address(0),
            JobMarketZeroAddress()
        );
        _token = token_;
        _registry = registry_;
        _randomness = randomness_;
        require(treasury_ != address(0), JobMarketZeroAddress());
        _treasury = treasury_;
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
        uint256 escrow = uint256(request.replicas) * request.maxPrice;
        // A front-run permit is not an error: the allowance is there either way.
        try IERC20Permit(address(_token)).permit(msg.sender, address(this), escrow, deadline, v, r, s) {} catch {}
        return _postJob(request);
    }

    /// @inheritdoc IJobMarket
    function cancelJob(uint256 jobId) external nonReentrant {
        Jobs.Record storage job = _openJob(jobId);
        require(msg.sender == job.requester, JobMarketNotRequester(jobId, msg.sender));
        require(job.claimed == 0, JobMarketAlreadyClaimed(jobId));
        job.status = JobStatus.Cancelled;
        uint256 refund = uint256(job.replicas) * job.maxPrice;
        _claimable[msg.sender] += refund;
        emit JobCancelled(jobId, msg.sender, refund);
    }

    // ------------------------------------------------------------------ provider

    /// @inheritdoc IJobMarket
    function claim(uint256 jobId) external nonReentrant {
        Jobs.Record storage job = _openJob(jobId);
        uint8 slot = job.claimed;
        require(slot < job.replicas, JobMarketSlotsFull(jobId, job.replicas));
        require(block.timestamp <= job.claimDeadline, JobMarketClaimClosed(jobId, job.claimDeadline));
        require(msg.sender != job.requester, JobMarketRequesterCannotClaim(jobId));
        Assignment[MAX_REPLICAS] storage slots = _assignments[jobId];
        for (uint256 i; i < slot; ++i) {
            require(slots[i].provider != msg.sender, JobMarketAlreadyOnJob(jobId, msg.sender));
        }
        uint64 postedBlock = job.postedBlock;
        bytes32 seed = _randomness.seedFor(postedBlock); // reverts until the seed block is mined

        // Effects, then the registry locks collateral (reverting if the provider is ineligible) and
        // reports the stake that counts; a lost lottery reverts everything.
        job.claimed = slot + 1;
        uint96 collateral = job.collateral;
        (uint96 price, uint256 stake, uint256 total) = _registry.lockCollateral(
            msg.sender,
            IProviderRegistry.ClaimTerms({
                jobId: jobId,
                resourceClass: job.resourceClass,
                maxPrice: job.maxPrice,
                collateral: collateral,
                minReputation: job.minReputation,
                stakeBlock: postedBlock
            })
        );
        require(
            Lottery.wins(
                seed,
                jobId,
                msg.sender,
                stake,
                total,
                job.replicas,
                block.timestamp - job.postedAt,
                _params.wideningPeriod
            ),
            JobMarketNotDrawn(jobId, msg.sender)
        );
        // Written after the registry call because the price comes from it (the registry is fixed at deployment
        // and cannot re-enter). The hash slot is left untouched: it stays zero until a result arrives.
        Assignment storage a = slots[slot];
        a.provider = msg.sender;
        a.price = price;
        emit JobClaimed(jobId, msg.sender, slot, price, collateral);
    }

    /// @inheritdoc IJobMarket
    function submitResult(uint256 jobId, bytes32 resultHash, string calldata resultURI) external nonReentrant {
        Jobs.Record storage job = _openJob(jobId);
        require(job.replicas == 1, JobMarketWrongMode(jobId, job.replicas));
        Assignment storage a = _assignments[jobId][0];
        require(job.claimed == 1 && a.provider == msg.sender, JobMarketNotAssigned(jobId, msg.sender));
        require(job.committedMask == 0, JobMarketAlreadyCommitted(jobId, msg.sender));
        require(block.timestamp <= job.commitDeadline, JobMarketDeadlinePassed(jobId, job.commitDeadline));
        require(resultHash != bytes32(0), JobMarketZeroHash());
        _checkURI(resultURI);
        uint40 challengeEndsAt = uint40(block.timestamp + _params.challengeWindow); // < 2^40 for 34,000 years
        a.hash = resultHash;
        job.committedMask = 1;
        job.challengeEndsAt = challengeEndsAt;
        emit ResultSubmitted(jobId, msg.sender, resultHash, resultURI, challengeEndsAt);
    }

    /// @inheritdoc IJobMarket
    function commitResult(uint256 jobId, bytes32 commitment) external nonReentrant {
        Jobs.Record storage job = _openJob(jobId);
        require(job.replicas > 1, JobMarketWrongMode(jobId, job.replicas));
        require(commitment != bytes32(0), JobMarketZeroHash());
        (uint256 slot, Assignment storage a) = _slotOf(jobId, job.claimed);
        uint8 bit = uint8(1 << slot);
        require(job.committedMask & bit == 0, JobMarketAlreadyCommitted(jobId, msg.sender));
        require(block.timestamp <= job.commitDeadline, JobMarketDeadlinePassed(jobId, job.commitDeadline));
        a.hash = commitment;
        job.committedMask |= bit;
        emit ResultCommitted(jobId, msg.sender, commitment);
    }

    /// @inheritdoc IJobMarket
    function revealResult(
        uint256 jobId,
        bytes32 resultHash,
        bytes32 salt,
        string calldata resultURI
    ) external nonReentrant {
        Jobs.Record storage job = _openJob(jobId);
        require(job.replicas > 1, JobMarketWrongMode(jobId, job.replicas));
        (uint256 slot, Assignment storage a) = _slotOf(jobId, job.claimed);
        uint8 bit = uint8(1 << slot);
        require(job.committedMask & bit != 0, JobMarketNotCommitted(jobId, msg.sender));
        require(job.revealedMask & bit == 0, JobMarketAlreadyRevealed(jobId, msg.sender));
        require(job.commitsClosed(), JobMarketRevealNotOpen(jobId));
        require(block.timestamp <= job.revealDeadline, JobMarketDeadlinePassed(jobId, job.revealDeadline));
        require(resultHash != bytes32(0), JobMarketZeroHash());
        require(
            Results.commitment(jobId, msg.sender, resultHash, salt) == a.hash,
            JobMarketCommitmentMismatch(jobId, msg.sender)
        );
        _checkURI(resultURI);
        a.hash = resultHash;
        job.revealedMask |= bit;
        emit ResultRevealed(jobId, msg.sender, resultHash, resultURI);
    }

    // ------------------------------------------------------------------ anyone

    /// @inheritdoc IJobMarket
    function settle(uint256 jobId) external nonReentrant {
        Jobs.Record storage job = _openJob(jobId);
        require(job.isSettleable(), JobMarketNotSettleable(jobId));
        _settle(jobId, job);
    }

    /// @inheritdoc IJobMarket
    function withdraw() external nonReentrant {
        uint256 amount = _claimable[msg.sender];
        require(amount != 0, JobMarketNothingToWithdraw(msg.sender));
        _claimable[msg.sender] = 0;
        emit Withdrawn(msg.sender, amount);
        _token.safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------ dispute court

    /// @inheritdoc IJobMarket
    function disputeJob(
        uint256 jobId,
        address challenger
    ) external nonReentrant onlyCourt returns (DisputeSubject memory subject) {
        Jobs.Record storage job = _openJob(jobId);
        require(job.replicas == 1 && job.committedMask != 0, JobMarketNothingToDispute(jobId));
        require(block.timestamp < job.challengeEndsAt, JobMarketDeadlinePassed(jobId, job.challengeEndsAt));
        job.status = JobStatus.Disputed;
        Assignment storage a = _assignments[jobId][0];
        subject = DisputeSubject({
            requester: job.requester,
            provider: a.provider,
            resultHash: a.hash,
            maxPrice: job.maxPrice,
            price: a.price,
            collateral: job.collateral,
            resourceClass: job.resourceClass,
            minReputation: job.minReputation
        });
        emit JobDisputed(jobId, challenger, subject.provider);
    }

    /// @inheritdoc IJobMarket
    function resolveDispute(uint256 jobId, bool overturned) external nonReentrant onlyCourt {
        Jobs.Record storage job = _jobs[jobId];
        require(job.status == JobStatus.Disputed, JobMarketNotDisputed(jobId, job.status));
        if (!overturned) {
            job.status = JobStatus.Open; // settles as if never disputed, whatever the time
            _settle(jobId, job);
            return;
        }
        job.status = JobStatus.Refunded;
        address requester = job.requester;
        uint256 refund = job.maxPrice; // k = 1: the whole escrow
        _claimable[requester] += refund;
        emit JobSettled(jobId, requester, Outcome.Overturned, bytes32(0), 0, 0, refund, 0, 0);
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
        _treasury = treasury_;
        emit TreasuryUpdated(old, treasury_);
    }

    /// @inheritdoc IJobMarket
    function pause() external onlyOwner {
        require(!_paused, JobMarketPauseUnchanged(true));
        _paused = true;
        emit MarketPaused(msg.sender);
    }

    /// @inheritdoc IJobMarket
    function unpause() external onlyOwner {
        require(_paused, JobMarketPauseUnchanged(false));
        _paused = false;
        emit MarketUnpaused(msg.sender);
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
    function parameters() external view returns (Parameters memory) {
        return _params;
    }

    /// @inheritdoc IJobMarket
    function paused() external view returns (bool) {
        return _paused;
    }

    /// @inheritdoc IJobMarket
    function jobCount() external view returns (uint256) {
        return _jobCount;
    }

    /// @inheritdoc IJobMarket
    function getJob(uint256 jobId) external view returns (Job memory) {
        return _jobs[jobId].toJob();
    }

    /// @inheritdoc IJobMarket
    function getAssignments(uint256 jobId) external view returns (Assignment[] memory assignments) {
        uint256 claimed = _jobs[jobId].claimed;
        assignments = new Assignment[](claimed);
        for (uint256 i; i < claimed; ++i) {
            assignments[i] = _assignments[jobId][i];
        }
    }

    /// @inheritdoc IJobMarket
    function claimable(address account) external view returns (uint256) {
        return _claimable[account];
    }

    /// @inheritdoc IJobMarket
    function isDrawn(uint256 jobId, address provider) external view returns (bool) {
        Jobs.Record storage job = _jobs[jobId];
        if (job.status != JobStatus.Open || block.number <= job.postedBlock + 1) return false;
        bytes32 seed = _randomness.seedFor(job.postedBlock);
        return
            Lottery.wins(
                seed,
                jobId,
                provider,
                _registry.stakeAt(provider, job.postedBlock),
                _registry.totalStakeAt(job.postedBlock),
                job.replicas,
                block.timestamp - job.postedAt,
                _params.wideningPeriod
            );
    }

    /// @inheritdoc IJobMarket
    function isSettleable(uint256 jobId) external view returns (bool) {
        Jobs.Record storage job = _jobs[jobId];
        return job.status == JobStatus.Open && job.isSettleable();
    }

    // ------------------------------------------------------------------ internals

    function _postJob(JobRequest calldata r) private returns (uint256 jobId) {
        require(!_paused, JobMarketPaused());
        Parameters storage p = _params;
        _checkRequest(r, p.minPrice);
        // maxPrice <= MAX_PRICE = 2^96 / 8 and collateralBps <= 5 * BPS, so collateral < 2^96.
        uint256 collateral = (uint256(r.maxPrice) * p.collateralBps) / MarketParameters.BPS;
        if (collateral < p.minCollateral) collateral = p.minCollateral;
        uint16 feeBps = p.feeBps;

        jobId = ++_jobCount;
        _jobs[jobId] = Jobs.Record({
            status: JobStatus.Open,
            replicas: r.replicas,
            claimed: 0,
            committedMask: 0,
            revealedMask: 0,
            resourceClass: r.resourceClass,
            postedAt: uint40(block.timestamp),
            claimDeadline: r.claimDeadline,
            commitDeadline: r.commitDeadline,
            revealDeadline: r.revealDeadline,
            challengeEndsAt: 0,
            requester: msg.sender,
            maxPrice: r.maxPrice,
            collateral: uint96(collateral),
            postedBlock: uint64(block.number),
            minReputation: r.minReputation,
            feeBps: feeBps
        });
        emit JobPosted(
            jobId,
            msg.sender,
            r.resourceClass,
            r.replicas,
            r.maxPrice,
            uint96(collateral),
            r.minReputation,
            feeBps,
            r.claimDeadline,
            r.commitDeadline,
            r.revealDeadline,
            r.bundleHash,
            r.bundleURI
        );
        _pullExactly(uint256(r.replicas) * r.maxPrice);
    }

    /// @dev Transfers `amount` in and checks that exactly that much arrived (no fee-on-transfer surprises).
    function _pullExactly(uint256 amount) private {
        uint256 balanceBefore = _token.balanceOf(address(this));
        _token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = _token.balanceOf(address(this)) - balanceBefore;
        require(received == amount, JobMarketTransferShortfall(amount, received));
    }

    function _checkRequest(JobRequest calldata r, uint96 minPrice) private view {
        require(r.replicas != 0 && r.replicas <= MAX_REPLICAS, JobMarketInvalidReplicas(r.replicas, MAX_REPLICAS));
        require(r.resourceClass < 32, JobMarketInvalidResourceClass(r.resourceClass));
        require(r.maxPrice >= minPrice && r.maxPrice <= MAX_PRICE, JobMarketPriceOutOfBounds(r.maxPrice, minPrice));
        require(r.bundleHash != bytes32(0), JobMarketInvalidBundle());
        require(bytes(r.bundleURI).length != 0, JobMarketInvalidBundle());
        _checkURI(r.bundleURI);
        uint256 last = r.replicas == 1 ? r.commitDeadline : r.revealDeadline;
        bool ok =
            r.claimDeadline >= block.timestamp + MIN_PHASE &&
                r.commitDeadline >= r.claimDeadline + MIN_PHASE &&
                last <= block.timestamp + MAX_JOB_DURATION &&
                (r.replicas == 1 ? r.revealDeadline == 0 : r.revealDeadline >= uint256(r.commitDeadline) + MIN_PHASE);
        require(ok, JobMarketInvalidDeadlines(r.claimDeadline, r.commitDeadline, r.revealDeadline));
    }

    function _checkURI(string calldata uri) private pure {
        require(bytes(uri).length <= MAX_URI_LENGTH, JobMarketURITooLong(bytes(uri).length, MAX_URI_LENGTH));
    }

    function _openJob(uint256 jobId) private view returns (Jobs.Record storage job) {
        job = _jobs[jobId];
        require(job.status == JobStatus.Open, JobMarketJobNotOpen(jobId, job.status));
    }

    /// @dev The caller's slot on the job, by a scan of at most MAX_REPLICAS slots.
    function _slotOf(uint256 jobId, uint256 claimed) private view returns (uint256, Assignment storage) {
        Assignment[MAX_REPLICAS] storage slots = _assignments[jobId];
        for (uint256 i; i < claimed; ++i) {
            if (slots[i].provider == msg.sender) return (i, slots[i]);
        }
        revert JobMarketNotAssigned(jobId, msg.sender);
    }

    /// @dev Running totals of one settlement.
    struct Tally {
        bytes32 winner; // majority hash, zero if none
        uint256 winners; // slots that delivered the winning hash
        uint256 slashed; // token units taken from losers and no-shows
        uint256 paid; // token units of escrow paid to winners (fees included)
        uint256 fees; // token units to the treasury from winners' prices
    }

    function _settle(uint256 jobId, Jobs.Record storage job) private {
        uint256 claimed = job.claimed;
        Assignment[MAX_REPLICAS] storage slots = _assignments[jobId];
        // k = 1 delivers by submitting (committedMask), k >= 2 by revealing; the slot holds the delivered hash.
        uint8 deliveredMask = job.replicas == 1 ? job.committedMask : job.revealedMask;
        bytes32[] memory delivered = new bytes32[](claimed); // zero = nothing delivered
        for (uint256 i; i < claimed; ++i) {
            if (deliveredMask & (1 << i) != 0) delivered[i] = slots[i].hash;
        }
        Tally memory t;
        t.winner = Results.majority(delivered, job.replicas);
        Outcome outcome = _outcome(t.winner, claimed, deliveredMask);
        job.status = outcome == Outcome.Completed ? JobStatus.Completed : JobStatus.Refunded;

        // Losers and no-shows first, so the winners' share of their collateral is known.
        _judge(jobId, job.collateral, slots, delivered, t);
        // Parameters are read only when something was slashed: a clean settlement needs none.
        uint256 compensation;
        uint256 bonus;
        if (t.slashed != 0) {
            compensation = (t.slashed * _params.requesterShareBps) / MarketParameters.BPS;
            if (t.winners != 0) bonus = (t.slashed * _params.honestShareBps) / MarketParameters.BPS / t.winners;
        }
        for (uint256 i; i < claimed; ++i) {
            if (delivered[i] == bytes32(0) || delivered[i] != t.winner) continue;
            _payWinner(jobId, job, slots[i], outcome == Outcome.Completed, bonus, t);
        }

        address requester = job.requester;
        uint256 refund = uint256(job.replicas) * job.maxPrice - t.paid;
        _claimable[requester] += refund + compensation;
        // The treasury takes the fees, its share of slashes and the rounding dust of the bonus split.
        _claimable[_treasury] += t.fees + t.slashed - compensation - bonus * t.winners;
        emit JobSettled(jobId, requester, outcome, t.winner, t.paid, t.fees, refund, compensation, t.slashed);
    }

    /// @dev Slashes no-shows and, when a hash won, dissenters; releases everyone's collateral when none won.
    function _judge(
        uint256 jobId,
        uint96 collateral,
        Assignment[MAX_REPLICAS] storage slots,
        bytes32[] memory delivered,
        Tally memory t
    ) private {
        uint256 count = delivered.length;
        for (uint256 i; i < count; ++i) {
            if (delivered[i] == bytes32(0)) {
                uint16 bps = _params.noShowSlashBps;
                t.slashed += _slash(jobId, slots[i].provider, collateral, bps, IProviderRegistry.Fault.NoShow);
            } else if (delivered[i] == t.winner) {
                ++t.winners;
            } else if (t.winner != bytes32(0)) {
                uint16 bps = _params.dissentSlashBps;
                t.slashed += _slash(jobId, slots[i].provider, collateral, bps, IProviderRegistry.Fault.Dissent);
            } else {
                // No majority: nobody to blame, the collateral goes back unharmed.
                address provider = slots[i].provider;
                emit AssignmentReleased(jobId, provider, collateral);
                _registry.releaseCollateral(provider, collateral, false);
            }
        }
    }

    function _outcome(bytes32 winner, uint256 claimed, uint8 deliveredMask) private pure returns (Outcome) {
        if (claimed == 0) return Outcome.NoClaims;
        if (winner == Results.INPUT_UNAVAILABLE) return Outcome.InputUnavailable;
        if (winner != bytes32(0)) return Outcome.Completed;
        return deliveredMask == 0 ? Outcome.NoResult : Outcome.NoConsensus;
    }

    function _slash(
        uint256 jobId,
        address provider,
        uint96 collateral,
        uint16 bps,
        IProviderRegistry.Fault reason
    ) private returns (uint256 amount) {
        amount = (uint256(collateral) * bps) / MarketParameters.BPS; // <= collateral
        emit AssignmentSlashed(jobId, provider, reason, amount);
        _registry.slash(provider, jobId, collateral, uint96(amount), reason);
    }

    /// @dev A winner gets its price less the fee when a real result won, and its bonus either way.
    function _payWinner(
        uint256 jobId,
        Jobs.Record storage job,
        Assignment storage a,
        bool paid,
        uint256 bonus,
        Tally memory t
    ) private {
        address provider = a.provider;
        uint256 fee;
        uint256 payment;
        if (paid) {
            uint256 price = a.price;
            fee = (price * job.feeBps) / MarketParameters.BPS;
            payment = price - fee;
            t.paid += price;
            t.fees += fee;
        }
        if (payment + bonus != 0) _claimable[provider] += payment + bonus;
        emit ProviderPaid(jobId, provider, payment, fee, bonus);
        _registry.releaseCollateral(provider, job.collateral, paid);
    }
}
