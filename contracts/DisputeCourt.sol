// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IDisputeCourt} from "./interfaces/IDisputeCourt.sol";
import {IJobMarket} from "./interfaces/IJobMarket.sol";
import {IProviderRegistry} from "./interfaces/IProviderRegistry.sol";
import {IRandomnessSource} from "./interfaces/IRandomnessSource.sol";
import {CourtParameters} from "./libraries/CourtParameters.sol";
import {Lottery} from "./libraries/Lottery.sol";
import {Results} from "./libraries/Results.sol";

/// @title DisputeCourt
/// @notice Disputes of k = 1 results: bonds, verifier draw, commit–reveal, verdict and its money. See {IDisputeCourt}.
/// @dev The market defers to the court: a disputed job can be settled only by {resolve}, which calls the market back
/// with the verdict. The registry lets the court lock, release and slash collateral like the market. The owner (the
/// Timelock) can only move bounded parameters; no path lets it move bonds or claimable balances.
contract DisputeCourt is IDisputeCourt, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @dev Running totals of one resolution, token units.
    struct Tally {
        bytes32 majority; // the hash a strict majority of the verifier slots revealed, zero if none
        uint256 winners; // verifiers that revealed the majority hash (counted only for a deciding verdict)
        uint256 verifiersSlashed;
        uint256 providerSlashed;
        uint256 compensation;
        uint256 challengerPaid;
        uint256 providerPaid;
        uint256 verifierPayment; // each winner's
        uint256 treasuryPaid;
    }

    uint8 public constant MAX_VERIFIERS = 7; // slot masks are uint8
    uint256 public constant MAX_URI_LENGTH = 512; // bytes, result URIs

    IJobMarket private immutable _market;
    IERC20 private immutable _token;
    IProviderRegistry private immutable _registry;
    IRandomnessSource private immutable _randomness;

    Parameters private _params;
    mapping(uint256 jobId => Dispute dispute) private _disputes;
    mapping(uint256 jobId => Verifier[MAX_VERIFIERS] slots) private _verifiers;
    mapping(address account => uint256 amount) private _claimable; // token units, pull payments

    /// @param market_ the job market; the token, registry and randomness source are the market's
    /// @param owner_ the Timelock
    constructor(IJobMarket market_, address owner_, Parameters memory params_) Ownable(owner_) {
        require(address(market_) != address(0), DisputeCourtZeroAddress());
        _market = market_;
        _token = IERC20(market_.token());
        _registry = market_.registry();
        _randomness = market_.randomness();
        CourtParameters.validate(params_);
        _params = params_;
        Parameters memory unset; // indexers learn the initial values from events: each "changes" from zero
        CourtParameters.emitChanges(unset, params_);
    }

    // ------------------------------------------------------------------ challenger

    /// @inheritdoc IDisputeCourt
    function dispute(uint256 jobId) external nonReentrant {
        // The market checks the job (open, k = 1, submitted, inside its challenge window) and marks it Disputed.
        // It is a fixed, trusted contract that does not call back, so asking it first is safe.
        IJobMarket.DisputeSubject memory s = _market.disputeJob(jobId, msg.sender);
        require(s.provider != msg.sender, DisputeCourtProviderCannotChallenge(jobId));
        Parameters storage p = _params;
        uint256 bond = _bond(s.maxPrice, p.bondBps, p.minBond);
        uint40 drawDeadline = uint40(block.timestamp + p.drawPeriod); // < 2^40 for 34,000 years
        uint40 commitDeadline = drawDeadline + uint40(p.commitPeriod);
        uint40 revealDeadline = commitDeadline + uint40(p.revealPeriod);
        uint8 verifiers = p.verifiers;

        Dispute storage d = _disputes[jobId];
        d.status = DisputeStatus.Open;
        d.verifiers = verifiers;
        d.resourceClass = s.resourceClass;
        d.minReputation = s.minReputation;
        d.openedAt = uint40(block.timestamp);
        d.drawDeadline = drawDeadline;
        d.commitDeadline = commitDeadline;
        d.revealDeadline = revealDeadline;
        d.openedBlock = uint64(block.number);
        d.challenger = msg.sender;
        d.provider = s.provider;
        d.requester = s.requester;
        d.bond = uint96(bond); // maxPrice <= 2^96 / 8 and bondBps <= 5 * BPS, or minBond <= 1e27
        d.collateral = s.collateral;
        d.maxPrice = s.maxPrice;
        d.resultHash = s.resultHash;
        emit DisputeOpened(
            jobId,
            msg.sender,
            s.provider,
            s.requester,
            s.resultHash,
            bond,
            s.collateral,
            verifiers,
            uint64(block.number),
            drawDeadline,
            commitDeadline,
            revealDeadline
        );
        _pullExactly(bond);
    }

    // ------------------------------------------------------------------ verifier

    /// @inheritdoc IDisputeCourt
    function claimVerifier(uint256 jobId) external nonReentrant {
        Dispute storage d = _openDispute(jobId);
        uint8 slot = d.claimed;
        require(slot < d.verifiers, DisputeCourtSlotsFull(jobId, d.verifiers));
        require(block.timestamp <= d.drawDeadline, DisputeCourtDrawClosed(jobId, d.drawDeadline));
        // Nobody with a stake in the verdict verifies it.
        require(
            msg.sender != d.provider && msg.sender != d.challenger && msg.sender != d.requester,
            DisputeCourtIneligibleVerifier(jobId, msg.sender)
        );
        Verifier[MAX_VERIFIERS] storage slots = _verifiers[jobId];
        for (uint256 i; i < slot; ++i) {
            require(slots[i].account != msg.sender, DisputeCourtAlreadyVerifier(jobId, msg.sender));
        }
        uint64 openedBlock = d.openedBlock;
        bytes32 seed = _randomness.seedFor(openedBlock); // reverts until the block after the dispute is mined

        // Effects, then the registry locks collateral (reverting if ineligible) and reports the stake as of the
        // dispute block; a lost lottery reverts everything.
        d.claimed = slot + 1;
        slots[slot].account = msg.sender;
        uint96 collateral = d.collateral;
        (, uint256 stake, uint256 total) = _registry.lockCollateral(
            msg.sender,
            IProviderRegistry.ClaimTerms({
                jobId: jobId,
                resourceClass: d.resourceClass,
                maxPrice: d.maxPrice,
                collateral: collateral,
                minReputation: d.minReputation,
                stakeBlock: openedBlock
            })
        );
        require(
            Lottery.wins(
                seed,
                jobId,
                msg.sender,
                stake,
                total,
                d.verifiers,
                block.timestamp - d.openedAt,
                _params.wideningPeriod
            ),
            DisputeCourtNotDrawn(jobId, msg.sender)
        );
        emit VerifierDrawn(jobId, msg.sender, slot, collateral);
    }

    /// @inheritdoc IDisputeCourt
    function commitVerdict(uint256 jobId, bytes32 commitment) external nonReentrant {
        Dispute storage d = _openDispute(jobId);
        require(commitment != bytes32(0), DisputeCourtZeroHash());
        (uint256 slot, Verifier storage v) = _slotOf(jobId, d.claimed);
        uint8 bit = uint8(1 << slot);
        require(d.committedMask & bit == 0, DisputeCourtAlreadyCommitted(jobId, msg.sender));
        require(block.timestamp <= d.commitDeadline, DisputeCourtDeadlinePassed(jobId, d.commitDeadline));
        v.hash = commitment;
        d.committedMask |= bit;
        emit VerdictCommitted(jobId, msg.sender, commitment);
    }

    /// @inheritdoc IDisputeCourt
    function revealVerdict(
        uint256 jobId,
        bytes32 resultHash,
        bytes32 salt,
        string calldata resultURI
    ) external nonReentrant {
        Dispute storage d = _openDispute(jobId);
        (uint256 slot, Verifier storage v) = _slotOf(jobId, d.claimed);
        uint8 bit = uint8(1 << slot);
        require(d.committedMask & bit != 0, DisputeCourtNotCommitted(jobId, msg.sender));
        require(d.revealedMask & bit == 0, DisputeCourtAlreadyRevealed(jobId, msg.sender));
        require(_commitsClosed(d), DisputeCourtRevealNotOpen(jobId));
        require(block.timestamp <= d.revealDeadline, DisputeCourtDeadlinePassed(jobId, d.revealDeadline));
        require(resultHash != bytes32(0), DisputeCourtZeroHash());
        require(
            Results.commitment(jobId, msg.sender, resultHash, salt) == v.hash,
            DisputeCourtCommitmentMismatch(jobId, msg.sender)
        );
        require(
            bytes(resultURI).length <= MAX_URI_LENGTH,
            DisputeCourtURITooLong(bytes(resultURI).length, MAX_URI_LENGTH)
        );
        v.hash = resultHash;
        d.revealedMask |= bit;
        emit VerdictRevealed(jobId, msg.sender, resultHash, resultURI);
    }

    // ------------------------------------------------------------------ anyone

    /// @inheritdoc IDisputeCourt
    function resolve(uint256 jobId) external nonReentrant {
        Dispute storage d = _openDispute(jobId);
        require(_resolvable(d), DisputeCourtNotResolvable(jobId));
        uint256 claimed = d.claimed;
        Verifier[MAX_VERIFIERS] storage slots = _verifiers[jobId];
        bytes32[] memory revealed = new bytes32[](claimed); // zero = never revealed
        for (uint256 i; i < claimed; ++i) {
            if (d.revealedMask & (1 << i) != 0) revealed[i] = slots[i].hash;
        }
        Tally memory t;
        t.majority = Results.majority(revealed, d.verifiers);
        Verdict verdict = _verdict(t.majority, d.resultHash);
        d.status = DisputeStatus.Resolved;
        d.verdict = verdict;
        bool deciding = verdict != Verdict.Inconclusive;

        // Faulty verifiers first, so the majority's share of their collateral is known.
        _judgeVerifiers(jobId, d.collateral, slots, revealed, deciding, t);
        _apportion(jobId, d, verdict, t);
        // The majority verifiers: released as completed assignments and paid.
        for (uint256 i; deciding && i < claimed; ++i) {
            if (revealed[i] != t.majority) continue;
            address verifier = slots[i].account;
            if (t.verifierPayment != 0) _claimable[verifier] += t.verifierPayment;
            emit VerifierReleased(jobId, verifier, true, t.verifierPayment);
            _registry.releaseCollateral(verifier, d.collateral, true);
        }
        emit DisputeResolved(
            jobId,
            d.challenger,
            d.provider,
            verdict,
            t.majority,
            t.providerSlashed,
            t.verifiersSlashed,
            t.compensation,
            t.challengerPaid,
            t.providerPaid,
            t.verifierPayment,
            t.treasuryPaid
        );
        // The market settles the job: the usual settlement when the result stands, a refund when overturned.
        _market.resolveDispute(jobId, verdict == Verdict.Overturned);
    }

    /// @inheritdoc IDisputeCourt
    function withdraw() external nonReentrant {
        uint256 amount = _claimable[msg.sender];
        require(amount != 0, DisputeCourtNothingToWithdraw(msg.sender));
        _claimable[msg.sender] = 0;
        emit Withdrawn(msg.sender, amount);
        _token.safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------ governance

    /// @inheritdoc IDisputeCourt
    function setParameters(Parameters calldata next) external onlyOwner {
        CourtParameters.validate(next);
        Parameters memory old = _params;
        _params = next;
        CourtParameters.emitChanges(old, next);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IDisputeCourt
    function market() external view returns (IJobMarket) {
        return _market;
    }

    /// @inheritdoc IDisputeCourt
    function parameters() external view returns (Parameters memory) {
        return _params;
    }

    /// @inheritdoc IDisputeCourt
    function getDispute(uint256 jobId) external view returns (Dispute memory) {
        return _disputes[jobId];
    }

    /// @inheritdoc IDisputeCourt
    function getVerifiers(uint256 jobId) external view returns (Verifier[] memory verifiers) {
        uint256 claimed = _disputes[jobId].claimed;
        verifiers = new Verifier[](claimed);
        for (uint256 i; i < claimed; ++i) {
            verifiers[i] = _verifiers[jobId][i];
        }
    }

    /// @inheritdoc IDisputeCourt
    function claimable(address account) external view returns (uint256) {
        return _claimable[account];
    }

    /// @inheritdoc IDisputeCourt
    function bondFor(uint96 maxPrice) external view returns (uint256) {
        return _bond(maxPrice, _params.bondBps, _params.minBond);
    }

    /// @inheritdoc IDisputeCourt
    function isDrawn(uint256 jobId, address account) external view returns (bool) {
        Dispute storage d = _disputes[jobId];
        if (d.status != DisputeStatus.Open || block.number <= d.openedBlock + 1) return false;
        uint64 openedBlock = d.openedBlock;
        return
            Lottery.wins(
                _randomness.seedFor(openedBlock),
                jobId,
                account,
                _registry.stakeAt(account, openedBlock),
                _registry.totalStakeAt(openedBlock),
                d.verifiers,
                block.timestamp - d.openedAt,
                _params.wideningPeriod
            );
    }

    /// @inheritdoc IDisputeCourt
    function isResolvable(uint256 jobId) external view returns (bool) {
        Dispute storage d = _disputes[jobId];
        return d.status == DisputeStatus.Open && _resolvable(d);
    }

    // ------------------------------------------------------------------ internals

    function _bond(uint96 maxPrice, uint16 bondBps, uint96 minBond) private pure returns (uint256 bond) {
        bond = (uint256(maxPrice) * bondBps) / CourtParameters.BPS;
        if (bond < minBond) bond = minBond;
    }

    /// @dev Transfers `amount` in and checks that exactly that much arrived (no fee-on-transfer surprises).
    function _pullExactly(uint256 amount) private {
        uint256 balanceBefore = _token.balanceOf(address(this));
        _token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = _token.balanceOf(address(this)) - balanceBefore;
        require(received == amount, DisputeCourtTransferShortfall(amount, received));
    }

    function _openDispute(uint256 jobId) private view returns (Dispute storage d) {
        d = _disputes[jobId];
        require(d.status == DisputeStatus.Open, DisputeCourtNotOpen(jobId, d.status));
    }

    /// @dev The caller's verifier slot, by a scan of at most MAX_VERIFIERS slots.
    function _slotOf(uint256 jobId, uint256 claimed) private view returns (uint256, Verifier storage) {
        Verifier[MAX_VERIFIERS] storage slots = _verifiers[jobId];
        for (uint256 i; i < claimed; ++i) {
            if (slots[i].account == msg.sender) return (i, slots[i]);
        }
        revert DisputeCourtNotVerifier(jobId, msg.sender);
    }

    /// @dev No more commitments can arrive: the commit deadline passed, or the draw is over (all slots taken or
    /// its deadline passed) and every drawn verifier committed. Reveals open exactly then.
    function _commitsClosed(Dispute storage d) private view returns (bool) {
        if (block.timestamp > d.commitDeadline) return true;
        uint256 claimed = d.claimed;
        bool drawClosed = claimed == d.verifiers || block.timestamp > d.drawDeadline;
        return drawClosed && d.committedMask == (1 << claimed) - 1;
    }

    function _resolvable(Dispute storage d) private view returns (bool) {
        if (block.timestamp > d.revealDeadline) return true;
        if (d.claimed == 0) return block.timestamp > d.drawDeadline;
        return _commitsClosed(d) && d.revealedMask == d.committedMask;
    }

    /// @dev A real result can only be overturned by a different real result: a majority for "input unavailable"
    /// against it proves nothing about the provider (the input may have vanished since), so it is inconclusive.
    function _verdict(bytes32 majority, bytes32 resultHash) private pure returns (Verdict) {
        if (majority == bytes32(0)) return Verdict.Inconclusive;
        if (majority == resultHash) return Verdict.Upheld;
        if (majority == Results.INPUT_UNAVAILABLE) return Verdict.Inconclusive;
        return Verdict.Overturned;
    }

    /// @dev Slashes verifiers that never revealed and, under a deciding verdict, those outside the majority; counts
    /// the majority; releases the rest (the revealers of an inconclusive dispute) unpaid.
    function _judgeVerifiers(
        uint256 jobId,
        uint96 collateral,
        Verifier[MAX_VERIFIERS] storage slots,
        bytes32[] memory revealed,
        bool deciding,
        Tally memory t
    ) private {
        uint256 slash = (uint256(collateral) * _params.verifierSlashBps) / CourtParameters.BPS; // <= collateral
        uint256 count = revealed.length;
        for (uint256 i; i < count; ++i) {
            address verifier = slots[i].account;
            IProviderRegistry.Fault reason;
            if (revealed[i] == bytes32(0)) reason = IProviderRegistry.Fault.NoShow;
            else if (deciding && revealed[i] != t.majority) reason = IProviderRegistry.Fault.Dissent;
            else if (deciding) {
                ++t.winners;
                continue;
            } else {
                emit VerifierReleased(jobId, verifier, false, 0);
                _registry.releaseCollateral(verifier, collateral, false);
                continue;
            }
            t.verifiersSlashed += slash;
            emit VerifierSlashed(jobId, verifier, reason, slash);
            _registry.slash(verifier, jobId, collateral, uint96(slash), reason);
        }
    }

    /// @dev Splits the losing side's pool and the verifiers' slashes, and credits everyone but the majority
    /// verifiers (credited by the caller, `t.verifierPayment` each). Every token the court received for this
    /// dispute (the bond and the slashes) is credited exactly once; the rounding dust goes to the treasury.
    function _apportion(uint256 jobId, Dispute storage d, Verdict verdict, Tally memory t) private {
        Parameters memory p = _params;
        uint256 bond = d.bond;
        uint256 verifierPool = t.verifiersSlashed; // faulty verifiers pay the majority
        if (verdict == Verdict.Overturned) {
            uint96 collateral = d.collateral;
            t.providerSlashed = (uint256(collateral) * p.providerSlashBps) / CourtParameters.BPS;
            t.compensation = (t.providerSlashed * p.requesterShareBps) / CourtParameters.BPS;
            t.challengerPaid = bond + (t.providerSlashed * p.challengerShareBps) / CourtParameters.BPS;
            verifierPool += (t.providerSlashed * p.verifierShareBps) / CourtParameters.BPS;
            _registry.slash(d.provider, jobId, collateral, uint96(t.providerSlashed), IProviderRegistry.Fault.Dissent);
        } else if (verdict == Verdict.Upheld) {
            uint256 verifierShare = (bond * p.verifierShareBps) / CourtParameters.BPS;
            verifierPool += verifierShare;
            t.providerPaid = bond - verifierShare;
        } else {
            t.challengerPaid = bond; // inconclusive: nothing proven either way
        }
        if (t.winners != 0) t.verifierPayment = verifierPool / t.winners;
        t.treasuryPaid =
            bond +
            t.providerSlashed +
            t.verifiersSlashed -
            t.compensation -
            t.challengerPaid -
            t.providerPaid -
            t.verifierPayment * t.winners;
        _credit(d.requester, t.compensation);
        _credit(d.challenger, t.challengerPaid);
        _credit(d.provider, t.providerPaid);
        _credit(_market.treasury(), t.treasuryPaid);
    }

    function _credit(address account, uint256 amount) private {
        if (amount != 0) _claimable[account] += amount;
    }
}
