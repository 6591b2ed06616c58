// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IJobMarket} from "./interfaces/IJobMarket.sol";
import {IProviderRegistry} from "./interfaces/IProviderRegistry.sol";
import {IRandomnessSource} from "./interfaces/IRandomnessSource.sol";
import {IVerificationCourt} from "./interfaces/IVerificationCourt.sol";
import {CourtParameters} from "./libraries/CourtParameters.sol";
import {Lottery} from "./libraries/Lottery.sol";
import {PullPayments} from "./libraries/PullPayments.sol";
import {Results} from "./libraries/Results.sol";
import {TokenPull} from "./libraries/TokenPull.sol";

/// @title VerificationCourt
/// @notice Audits, challenges and verifier panels. See {IVerificationCourt}.
/// @dev The market defers to the court: an audited job's replicas reveal only after the auditor committed, and a
/// Verifying job is settled only by {resolve}, which calls the market back with the verdict. The registry lets the
/// court lock, release and slash collateral like the market. The owner (the Timelock) can only move bounded
/// parameters; no path lets it move bonds, the pool or claimable balances.
contract VerificationCourt is IVerificationCourt, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using TokenPull for IERC20;
    using PullPayments for PullPayments.Ledger;

    uint8 public constant MAX_SEATS = 7; // seat masks are uint8
    uint256 public constant MAX_URI_LENGTH = 512; // bytes, result URIs

    IJobMarket private immutable _market;
    IERC20 private immutable _token;
    IProviderRegistry private immutable _registry;
    IRandomnessSource private immutable _randomness;

    Parameters private _params;
    mapping(uint256 jobId => Verification verification) private _verifications;
    mapping(uint256 jobId => mapping(uint8 round => Round state)) private _rounds;
    mapping(uint256 jobId => mapping(uint8 round => Seat[MAX_SEATS] seats)) private _seats;
    mapping(uint256 jobId => IJobMarket.VerificationTerms terms) private _terms; // copied when verification starts
    mapping(uint256 jobId => mapping(address account => bool drawn)) private _drawn; // every verifier of the job
    PullPayments.Ledger private _claimable; // token units, pull payments
    uint256 private _reserved; // token units: pay of drawn verifiers not yet judged
    uint256 private _liabilities; // token units: open bonds plus claimable balances

    modifier onlyMarket() {
        require(msg.sender == address(_market), VerificationCourtNotMarket(msg.sender));
        _;
    }

    /// @param market_ the job market; the token, registry and randomness source are the market's
    /// @param owner_ the Timelock
    constructor(IJobMarket market_, address owner_, Parameters memory params_) Ownable(owner_) {
        require(address(market_) != address(0), VerificationCourtZeroAddress());
        _market = market_;
        _token = IERC20(market_.token());
        _registry = market_.registry();
        _randomness = market_.randomness();
        CourtParameters.validate(params_);
        _params = params_;
        Parameters memory unset; // indexers learn the initial values from events: each "changes" from zero
        CourtParameters.emitChanges(unset, params_);
    }

    // ------------------------------------------------------------------ verifiers

    /// @inheritdoc IVerificationCourt
    function claimVerifier(uint256 jobId) external nonReentrant {
        Verification storage v = _verifications[jobId];
        if (v.status == VerificationStatus.None) _openAudit(jobId, v);
        require(
            v.status == VerificationStatus.Audit || v.status == VerificationStatus.Panel,
            VerificationCourtNotOpen(jobId, v.status)
        );
        uint8 roundIndex = v.round;
        Round storage round = _rounds[jobId][roundIndex];
        uint8 seat = round.claimed;
        require(seat < round.seats, VerificationCourtSeatsFull(jobId, round.seats));
        require(block.timestamp <= round.drawEndsAt, VerificationCourtDrawClosed(jobId, round.drawEndsAt));
        // Nobody with a stake in the result verifies it, and nobody verifies a job twice.
        require(
            msg.sender != v.challenger && !_drawn[jobId][msg.sender] && !_market.isParty(jobId, msg.sender),
            VerificationCourtIneligible(jobId, msg.sender)
        );
        uint256 openedBlock = round.openedBlock;
        bytes32 seed = _randomness.fixSeed(openedBlock); // reverts until the block after the trigger is mined
        IJobMarket.VerificationTerms storage terms = _terms[jobId];
        uint256 pay = terms.budget;
        uint256 free = _pool();
        require(free >= pay, VerificationCourtPoolInsufficient(pay, free));

        // Effects, then the registry locks collateral (reverting if ineligible) and reports the stake as of the
        // block before the trigger; a lost lottery reverts everything.
        round.claimed = seat + 1;
        _drawn[jobId][msg.sender] = true;
        _reserved += pay;
        _seats[jobId][roundIndex][seat].account = msg.sender;
        IProviderRegistry.ClaimReceipt memory receipt = _registry.lockCollateral(
            msg.sender,
            IProviderRegistry.ClaimTerms({
                jobId: jobId,
                resourceClass: terms.resourceClass,
                maxPricePerMfuel: type(uint64).max, // verifiers are paid the job's budget, not their own price
                maxFuel: type(uint64).max,
                collateral: terms.collateral,
                minReputation: terms.minReputation,
                stakeBlock: uint64(openedBlock - 1)
            })
        );
        require(
            Lottery.wins(
                seed,
                jobId,
                msg.sender,
                receipt.stake,
                _registry.totalStakeAt(openedBlock - 1),
                round.seats,
                block.timestamp - round.openedAt,
                round.wideningPeriod
            ),
            VerificationCourtNotDrawn(jobId, msg.sender)
        );
        emit VerifierDrawn(jobId, msg.sender, roundIndex, seat, terms.collateral, pay);
        _syncVerifiableBudget(); // the reservation shrank the free pool
    }

    /// @inheritdoc IVerificationCourt
    function commitVerdict(uint256 jobId, bytes32 commitment) external nonReentrant {
        (Verification storage v, Round storage round) = _openRound(jobId);
        require(commitment != bytes32(0), VerificationCourtZeroHash());
        (uint256 seat, Seat storage s) = _seatOf(jobId, v.round, round.claimed);
        uint8 bit = uint8(1 << seat);
        require(round.committedMask & bit == 0, VerificationCourtAlreadyCommitted(jobId, msg.sender));
        require(block.timestamp <= round.commitEndsAt, VerificationCourtDeadlinePassed(jobId, round.commitEndsAt));
        s.result = commitment;
        round.committedMask |= bit;
        emit VerdictCommitted(jobId, msg.sender, v.round, commitment);
    }

    /// @inheritdoc IVerificationCourt
    function revealVerdict(
        uint256 jobId,
        bytes32 outputHash,
        uint64 fuelUsed,
        bytes32 proof,
        bytes32 salt,
        string calldata resultURI
    ) external nonReentrant {
        (Verification storage v, Round storage round) = _openRound(jobId);
        uint8 roundIndex = v.round;
        (uint256 seat, Seat storage s) = _seatOf(jobId, roundIndex, round.claimed);
        uint8 bit = uint8(1 << seat);
        require(round.committedMask & bit != 0, VerificationCourtNotCommitted(jobId, msg.sender));
        require(round.revealedMask & bit == 0, VerificationCourtAlreadyRevealed(jobId, msg.sender));
        // The auditor may reveal once committed (the replicas committed before it was drawn); a panel once every
        // seat committed or its commit deadline passed, so no verifier copies another.
        require(roundIndex == 0 || _commitsClosed(round), VerificationCourtRevealNotOpen(jobId));
        require(block.timestamp <= round.revealEndsAt, VerificationCourtDeadlinePassed(jobId, round.revealEndsAt));
        require(outputHash != bytes32(0), VerificationCourtZeroHash());
        uint64 maxFuel = _terms[jobId].maxFuel;
        require(fuelUsed <= maxFuel, VerificationCourtFuelOverLimit(jobId, fuelUsed, maxFuel));
        require(
            Results.verdictCommitment(jobId, msg.sender, outputHash, fuelUsed, proof, salt) == s.result,
            VerificationCourtCommitmentMismatch(jobId, msg.sender)
        );
        require(
            bytes(resultURI).length <= MAX_URI_LENGTH,
            VerificationCourtURITooLong(bytes(resultURI).length, MAX_URI_LENGTH)
        );
        s.result =
            outputHash == Results.INPUT_UNAVAILABLE
                ? Results.INPUT_UNAVAILABLE_RESULT
                : Results.resultOf(outputHash, fuelUsed);
        s.fuelUsed = fuelUsed;
        s.proof = proof;
        round.revealedMask |= bit;
        emit VerdictRevealed(jobId, msg.sender, roundIndex, outputHash, fuelUsed, proof, resultURI);
        if (roundIndex == 0) _market.noteAuditRevealed(jobId); // reveals of the job may close now
    }

    // ------------------------------------------------------------------ challengers and anyone

    /// @inheritdoc IVerificationCourt
    function challenge(uint256 jobId) external nonReentrant {
        // The market checks the job (agreed payable result, inside its challenge window, the caller holds no slot)
        // and marks it Verifying. It is a fixed, trusted contract that does not call back, so asking it first is safe.
        IJobMarket.VerificationTerms memory terms = _market.beginChallenge(jobId, msg.sender);
        Verification storage v = _verifications[jobId];
        require(!_drawn[jobId][msg.sender], VerificationCourtIneligible(jobId, msg.sender)); // not the auditor
        uint256 bond = _bond(terms.budget);
        v.challenger = msg.sender;
        v.bond = uint96(bond); // <= MAX_BOND_BPS * MAX_BUDGET / BPS < 2^96, or minBond <= 1e27
        _liabilities += bond;
        emit ChallengeOpened(jobId, msg.sender, terms.agreed, bond);
        _startPanels(jobId, v, terms);
        _token.pullExactly(bond);
    }

    /// @inheritdoc IVerificationCourt
    function resolve(uint256 jobId) external nonReentrant {
        Verification storage v = _verifications[jobId];
        require(v.status == VerificationStatus.Panel, VerificationCourtNotOpen(jobId, v.status));
        uint8 roundIndex = v.round;
        Round storage round = _rounds[jobId][roundIndex];
        require(_resolvable(round), VerificationCourtNotResolvable(jobId));
        (bytes32 majority, uint64 fuel, bytes32 ballot) = _majority(jobId, roundIndex, round);
        emit RoundClosed(jobId, roundIndex, majority, fuel);
        if (majority == bytes32(0) && roundIndex < _params.maxRounds) {
            // Too few verifiers or a split: nobody is to blame for the result, so the revealers are paid and released,
            // the no-shows slashed, and a fresh panel is drawn.
            _judgeRound(jobId, roundIndex, bytes32(0), bytes32(0));
            _openPanel(jobId, v, roundIndex + 1);
            return;
        }
        _judgeRound(jobId, roundIndex, majority, ballot);
        _judgeRound(jobId, 0, majority, bytes32(0)); // the auditor, if any
        v.status = VerificationStatus.Final;
        v.verdict = majority;
        uint256 reward = _market.finalizeVerification(jobId, majority, fuel);
        _settleChallenge(jobId, v, majority, reward);
        emit VerificationFinalized(jobId, majority, roundIndex);
    }

    /// @inheritdoc IVerificationCourt
    function fundPool(uint256 amount) external nonReentrant {
        require(amount != 0, VerificationCourtZeroAmount());
        emit PoolFunded(msg.sender, amount);
        _token.pullExactly(amount);
        _syncVerifiableBudget();
    }

    /// @inheritdoc IVerificationCourt
    function syncVerifiableBudget() external nonReentrant {
        _syncVerifiableBudget();
    }

    /// @inheritdoc IVerificationCourt
    function withdraw() external nonReentrant {
        uint256 amount = _claimable.takeAll(msg.sender);
        require(amount != 0, VerificationCourtNothingToWithdraw(msg.sender));
        _liabilities -= amount;
        emit Withdrawn(msg.sender, amount);
        // The court's income accrues in the market (audit fees, slash shares); collect it when the balance is short.
        if (_token.balanceOf(address(this)) < amount) _market.withdraw();
        _token.safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------ market

    /// @inheritdoc IVerificationCourt
    function openPanel(uint256 jobId, IJobMarket.VerificationTerms calldata terms) external nonReentrant onlyMarket {
        Verification storage v = _verifications[jobId];
        require(
            v.status == VerificationStatus.None || v.status == VerificationStatus.Audit,
            VerificationCourtAlreadyVerifying(jobId)
        );
        _startPanels(jobId, v, terms);
    }

    /// @inheritdoc IVerificationCourt
    function closeAudit(uint256 jobId, bytes32 agreed) external nonReentrant onlyMarket {
        Verification storage v = _verifications[jobId];
        if (v.status != VerificationStatus.Audit) return; // nobody was drawn: nothing to judge
        _judgeRound(jobId, 0, agreed, bytes32(0));
        v.status = VerificationStatus.Final;
        v.verdict = agreed;
        emit VerificationFinalized(jobId, agreed, 0);
    }

    // ------------------------------------------------------------------ governance

    /// @inheritdoc IVerificationCourt
    function setParameters(Parameters calldata next) external onlyOwner {
        CourtParameters.validate(next);
        Parameters memory old = _params;
        _params = next;
        CourtParameters.emitChanges(old, next);
        _syncVerifiableBudget(); // panel size and rounds divide the pool
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IVerificationCourt
    function market() external view returns (IJobMarket) {
        return _market;
    }

    /// @inheritdoc IVerificationCourt
    function parameters() external view returns (Parameters memory) {
        return _params;
    }

    /// @inheritdoc IVerificationCourt
    function getVerification(uint256 jobId) external view returns (Verification memory) {
        return _verifications[jobId];
    }

    /// @inheritdoc IVerificationCourt
    function getRound(uint256 jobId, uint8 round) external view returns (Round memory) {
        return _rounds[jobId][round];
    }

    /// @inheritdoc IVerificationCourt
    function getSeats(uint256 jobId, uint8 round) external view returns (Seat[] memory seats) {
        uint256 claimed = _rounds[jobId][round].claimed;
        seats = new Seat[](claimed);
        for (uint256 i; i < claimed; ++i) {
            seats[i] = _seats[jobId][round][i];
        }
    }

    /// @inheritdoc IVerificationCourt
    function claimable(address account) external view returns (uint256) {
        return _claimable.balanceOf(account);
    }

    /// @inheritdoc IVerificationCourt
    function pool() external view returns (uint256) {
        return _pool();
    }

    /// @inheritdoc IVerificationCourt
    function reserved() external view returns (uint256) {
        return _reserved;
    }

    /// @inheritdoc IVerificationCourt
    function maxVerifiableBudget() external view returns (uint256) {
        return _maxVerifiableBudget();
    }

    /// @inheritdoc IVerificationCourt
    function bondFor(uint256 budget) external view returns (uint256) {
        return _bond(budget);
    }

    /// @inheritdoc IVerificationCourt
    function auditCommitted(uint256 jobId) external view returns (bool) {
        return _rounds[jobId][0].committedMask != 0;
    }

    /// @inheritdoc IVerificationCourt
    function auditResult(uint256 jobId) external view returns (bytes32 result, bool revealed) {
        if (_rounds[jobId][0].revealedMask == 0) return (bytes32(0), false);
        return (_seats[jobId][0][0].result, true);
    }

    /// @inheritdoc IVerificationCourt
    function isDrawn(uint256 jobId, address account) external view returns (bool) {
        Verification storage v = _verifications[jobId];
        Round memory round = _rounds[jobId][v.round];
        if (v.status == VerificationStatus.None) {
            // The audit round opens with the first draw; read its window from the market.
            (, uint64 seedBlock, uint40 openedAt, IJobMarket.Timeline memory t) = _market.auditTerms(jobId);
            if (openedAt == 0) return false;
            round = Round(
                1,
                0,
                0,
                0,
                openedAt,
                t.auditDrawEndsAt,
                t.auditCommitEndsAt,
                t.revealEndsAt,
                uint40(seedBlock),
                _market.getJob(jobId).wideningPeriod // as _openAudit will take it
            );
        } else if (v.status == VerificationStatus.Final) {
            return false;
        }
        if (round.claimed >= round.seats || block.timestamp > round.drawEndsAt) return false;
        IRandomnessSource.SeedStatus status = _randomness.seedStatus(round.openedBlock);
        if (status != IRandomnessSource.SeedStatus.Fixable && status != IRandomnessSource.SeedStatus.Fixed) {
            return false;
        }
        return
            Lottery.wins(
                _randomness.seedFor(round.openedBlock),
                jobId,
                account,
                _registry.lotteryStakeAt(account, round.openedBlock - 1),
                _registry.totalStakeAt(round.openedBlock - 1),
                round.seats,
                block.timestamp - round.openedAt,
                round.wideningPeriod
            );
    }

    /// @inheritdoc IVerificationCourt
    function isResolvable(uint256 jobId) external view returns (bool) {
        Verification storage v = _verifications[jobId];
        return v.status == VerificationStatus.Panel && _resolvable(_rounds[jobId][v.round]);
    }

    // ------------------------------------------------------------------ internals

    /// @dev Opens round 0 for an audited job at its first auditor draw, with the window the market computed.
    function _openAudit(uint256 jobId, Verification storage v) private {
        IJobMarket.Job memory job = _market.getJob(jobId);
        if (job.status == IJobMarket.JobStatus.Open && job.audit == IJobMarket.AuditState.Undecided) {
            _market.decideAudit(jobId); // reverts until commits closed and the audit's seed exists
        }
        (
            IJobMarket.VerificationTerms memory terms,
            uint64 seedBlock,
            uint40 openedAt,
            IJobMarket.Timeline memory t
        ) = _market.auditTerms(jobId);
        require(openedAt != 0, VerificationCourtNotAudited(jobId));
        _terms[jobId] = terms;
        v.status = VerificationStatus.Audit;
        v.verifierSlashBps = _params.verifierSlashBps;
        Round storage round = _rounds[jobId][0];
        round.seats = 1;
        round.openedAt = openedAt;
        round.openedBlock = uint40(seedBlock);
        // The job's own widening, fixed when it was posted: the auditor's eligibility only grows from the decision on.
        round.wideningPeriod = job.wideningPeriod;
        round.drawEndsAt = t.auditDrawEndsAt;
        round.commitEndsAt = t.auditCommitEndsAt;
        round.revealEndsAt = t.revealEndsAt;
        emit RoundOpened(jobId, 0, 1, seedBlock, t.auditDrawEndsAt, t.auditCommitEndsAt, t.revealEndsAt);
    }

    /// @dev The job leaves the market's hands (disagreement, unanswered audit or challenge): panels decide.
    function _startPanels(uint256 jobId, Verification storage v, IJobMarket.VerificationTerms memory terms) private {
        _terms[jobId] = terms;
        v.agreed = terms.agreed;
        if (v.status == VerificationStatus.None) v.verifierSlashBps = _params.verifierSlashBps;
        v.status = VerificationStatus.Panel;
        _openPanel(jobId, v, 1);
    }

    function _openPanel(uint256 jobId, Verification storage v, uint8 roundIndex) private {
        Parameters storage p = _params;
        v.round = roundIndex;
        Round storage round = _rounds[jobId][roundIndex];
        uint256 drawEndsAt = block.timestamp + p.drawPeriod;
        uint256 commitEndsAt = drawEndsAt + _terms[jobId].executionTime;
        uint256 revealEndsAt = commitEndsAt + p.revealPeriod;
        round.seats = p.panelSize;
        round.openedAt = uint40(block.timestamp); // < 2^40 for 34,000 years, and so are the sums below
        round.openedBlock = uint40(block.number);
        round.wideningPeriod = uint24(p.wideningPeriod); // <= MAX_WIDENING_PERIOD < 2^24
        round.drawEndsAt = uint40(drawEndsAt);
        round.commitEndsAt = uint40(commitEndsAt);
        round.revealEndsAt = uint40(revealEndsAt);
        emit RoundOpened(
            jobId,
            roundIndex,
            p.panelSize,
            uint64(block.number),
            uint40(drawEndsAt),
            uint40(commitEndsAt),
            uint40(revealEndsAt)
        );
    }

    /// @dev Pays every verifier of the round who revealed; slashes those who never did and, when `verdict` is a real
    /// result, those who are not with it: in a panel, whose ballot (result and proof of execution) is not the winning
    /// `ballot` — a right result with a made-up proof was copied, not computed; for the auditor (round 0, whose proof
    /// nobody else shares), whose result differs. Releases everyone's collateral. "Input unavailable" on either side
    /// is never slashed (whether an input was served cannot be proven).
    function _judgeRound(uint256 jobId, uint8 roundIndex, bytes32 verdict, bytes32 ballot) private {
        Round storage round = _rounds[jobId][roundIndex];
        uint256 claimed = round.claimed;
        IJobMarket.VerificationTerms storage terms = _terms[jobId];
        uint96 collateral = terms.collateral;
        uint256 reservation = terms.budget;
        uint256 price = terms.maxPricePerMfuel;
        // <= collateral; the rate fixed when the verification started, whatever governance did since
        uint256 slash = (uint256(collateral) * _verifications[jobId].verifierSlashBps) / CourtParameters.BPS;
        for (uint256 i; i < claimed; ++i) {
            Seat storage s = _seats[jobId][roundIndex][i];
            address verifier = s.account;
            _reserved -= reservation; // what is not paid below returns to the pool
            // Its fuel (<= maxFuel, so pay <= budget) at the job's own price; "input unavailable" reveals no work.
            uint256 pay = (uint256(s.fuelUsed) * price) / 1e6;
            if (round.revealedMask & (1 << i) == 0) {
                IProviderRegistry.Fault fault =
                    round.committedMask & (1 << i) != 0
                        ? IProviderRegistry.Fault.Withheld
                        : IProviderRegistry.Fault.NoShow;
                emit VerifierSlashed(jobId, verifier, roundIndex, fault, slash);
                _registry.slash(verifier, jobId, collateral, uint96(slash), fault);
                continue;
            }
            // Upheld (a completion) only for a real result: "input unavailable" did no work, for verifiers as for
            // replicas.
            bool upheld =
                Results.isReal(s.result) &&
                    (roundIndex == 0 ? s.result == verdict : Results.ballot(s.result, s.proof) == ballot);
            // "Input unavailable" reveals no work. A panel seat of a round without a majority is paid only if another
            // seat cast the same ballot: two executions agree on the proof, a copied answer agrees with nobody's, so a
            // copier cannot live off rounds it helps split.
            if (
                s.result == Results.INPUT_UNAVAILABLE_RESULT ||
                (roundIndex != 0 && ballot == bytes32(0) && !_corroborated(jobId, roundIndex, round, i))
            ) {
                pay = 0;
            }
            _claimable.credit(verifier, pay);
            _liabilities += pay;
            emit VerifierPaid(jobId, verifier, roundIndex, pay, upheld);
            if (Results.isReal(verdict) && Results.isReal(s.result) && !upheld) {
                emit VerifierSlashed(jobId, verifier, roundIndex, IProviderRegistry.Fault.Dissent, slash);
                _registry.slash(verifier, jobId, collateral, uint96(slash), IProviderRegistry.Fault.Dissent);
            } else {
                _registry.releaseCollateral(verifier, collateral, upheld);
            }
        }
    }

    /// @dev Whether another revealed seat of the round cast the same ballot (result and proof) as seat `seat`.
    function _corroborated(
        uint256 jobId,
        uint8 roundIndex,
        Round storage round,
        uint256 seat
    ) private view returns (bool) {
        Seat storage s = _seats[jobId][roundIndex][seat];
        bytes32 own = Results.ballot(s.result, s.proof);
        uint256 claimed = round.claimed;
        for (uint256 i; i < claimed; ++i) {
            if (i == seat || round.revealedMask & (1 << i) == 0) continue;
            Seat storage other = _seats[jobId][roundIndex][i];
            if (Results.ballot(other.result, other.proof) == own) return true;
        }
        return false;
    }

    /// @dev A won challenge (a verdict other than the agreed result) returns the bond with the market's reward; a lost
    /// one forfeits the bond to the pool. Without a verdict the job failed closed (its replicas released unpaid): the
    /// bond pays the replicas that revealed the agreed result what it would have paid them, and the rest goes back — a
    /// challenge nobody could staff (an empty pool, too few verifiers) must not get a requester its output for free.
    function _settleChallenge(uint256 jobId, Verification storage v, bytes32 verdict, uint256 reward) private {
        address challenger = v.challenger;
        if (challenger == address(0)) return;
        uint256 bond = v.bond;
        bool won = verdict != bytes32(0) && verdict != v.agreed;
        uint256 returned = verdict == v.agreed ? 0 : bond;
        if (verdict == bytes32(0)) returned -= _payAgreedReplicas(jobId, v.agreed, bond);
        // A winning challenger at most doubles its bond (the rest of its share stays in the pool): what a challenge can
        // win never exceeds what it risks, so buying a panel majority pays only with a majority of the stake.
        if (reward > bond) reward = bond;
        uint256 paid = returned + (won ? reward : 0);
        _liabilities = _liabilities - bond + paid; // the bond stops being owed; the payout becomes owed
        _claimable.credit(challenger, paid);
        emit ChallengeSettled(jobId, challenger, won, returned, won ? reward : 0);
    }

    /// @dev Credits, out of `bond`, each replica that revealed `agreed` its payment for it (its fuel, at least its
    /// minimum, at its own price); returns the total.
    function _payAgreedReplicas(uint256 jobId, bytes32 agreed, uint256 bond) private returns (uint256 total) {
        IJobMarket.Assignment[] memory slots = _market.getAssignments(jobId);
        IJobMarket.Job memory job = _market.getJob(jobId);
        uint256 fuel = Results.fuelOf(agreed);
        uint256 length = slots.length;
        for (uint256 i; i < length; ++i) {
            if (job.revealedMask & (1 << i) == 0 || slots[i].result != agreed) continue;
            uint256 billed = uint256(slots[i].minMfuel) * 1e6;
            if (billed < fuel) billed = fuel;
            uint256 pay = (billed * slots[i].pricePerMfuel) / 1e6; // <= budget, as in Settlement
            if (pay > bond - total) pay = bond - total;
            total += pay;
            _claimable.credit(slots[i].provider, pay);
            _liabilities += pay;
            emit ReplicaCompensated(jobId, slots[i].provider, pay);
        }
    }
    /// @dev The result of the strict majority of the round's seats, voting on result and proof of execution together,
    /// and its fuel.
    function _majority(
        uint256 jobId,
        uint8 roundIndex,
        Round storage round
    ) private view returns (bytes32 result, uint64 fuelUsed, bytes32 ballot) {
        uint256 claimed = round.claimed;
        bytes32[] memory ballots = new bytes32[](claimed);
        for (uint256 i; i < claimed; ++i) {
            Seat storage s = _seats[jobId][roundIndex][i];
            if (round.revealedMask & (1 << i) != 0) ballots[i] = Results.ballot(s.result, s.proof);
        }
        ballot = Results.majority(ballots, round.seats);
        if (ballot == bytes32(0)) return (bytes32(0), 0, bytes32(0));
        for (uint256 i; i < claimed; ++i) {
            Seat storage s = _seats[jobId][roundIndex][i];
            if (ballots[i] == ballot) return (s.result, s.fuelUsed, ballot);
        }
        // unreachable: the winning ballot was cast by some seat
    }

    function _openRound(uint256 jobId) private view returns (Verification storage v, Round storage round) {
        v = _verifications[jobId];
        require(
            v.status == VerificationStatus.Audit || v.status == VerificationStatus.Panel,
            VerificationCourtNotOpen(jobId, v.status)
        );
        round = _rounds[jobId][v.round];
    }

    /// @dev The caller's seat in the round, by a scan of at most MAX_SEATS seats.
    function _seatOf(uint256 jobId, uint8 roundIndex, uint256 claimed) private view returns (uint256, Seat storage) {
        Seat[MAX_SEATS] storage seats = _seats[jobId][roundIndex];
        for (uint256 i; i < claimed; ++i) {
            if (seats[i].account == msg.sender) return (i, seats[i]);
        }
        revert VerificationCourtNotVerifier(jobId, msg.sender);
    }

    /// @dev No more commitments can arrive: every seat is claimed and committed, or the commit deadline passed.
    function _commitsClosed(Round storage round) private view returns (bool) {
        if (block.timestamp > round.commitEndsAt) return true;
        uint256 claimed = round.claimed;
        bool drawClosed = claimed == round.seats || block.timestamp > round.drawEndsAt;
        return drawClosed && round.committedMask == (1 << claimed) - 1;
    }

    function _resolvable(Round storage round) private view returns (bool) {
        if (block.timestamp > round.revealEndsAt) return true;
        return _commitsClosed(round) && round.revealedMask == round.committedMask;
    }

    /// @dev What the court could pay out beyond what it owes: its tokens here and in the market, less reserved pay,
    /// open bonds and claimable balances.
    function _maxVerifiableBudget() private view returns (uint256) {
        return _pool() / (1 + uint256(_params.panelSize) * _params.maxRounds);
    }

    /// @dev Tells the market, which checks it at every posting, the budget the pool can verify now. Called wherever the
    /// free pool can fall (a verifier's reservation) or the divisor change (parameters), so the market's copy is never
    /// above the truth; also on funding, so new money counts at once. Settlement credits (audit fees, slashes) only
    /// raise the pool: they arrive with the next report, or anyone's {syncVerifiableBudget}.
    function _syncVerifiableBudget() private {
        _market.setVerifiableBudget(_maxVerifiableBudget());
    }

    function _pool() private view returns (uint256) {
        uint256 holdings = _token.balanceOf(address(this)) + _market.claimable(address(this));
        uint256 owed = _reserved + _liabilities;
        return holdings > owed ? holdings - owed : 0;
    }

    function _bond(uint256 budget) private view returns (uint256 bond) {
        bond = (budget * _params.bondBps) / CourtParameters.BPS;
        if (bond < _params.minBond) bond = _params.minBond;
    }
}
