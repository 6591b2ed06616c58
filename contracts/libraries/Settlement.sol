// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IJobMarket} from "../interfaces/IJobMarket.sol";
import {IProviderRegistry} from "../interfaces/IProviderRegistry.sol";
import {IRandomnessSource} from "../interfaces/IRandomnessSource.sol";
import {IVerificationCourt} from "../interfaces/IVerificationCourt.sol";
import {Jobs} from "./Jobs.sol";
import {Lottery} from "./Lottery.sol";
import {MarketParameters} from "./MarketParameters.sol";
import {PullPayments} from "./PullPayments.sol";
import {Results} from "./Results.sol";

/// @title Settlement
/// @notice How a job's replicas are judged and paid: the market's agreement check and its final accounting.
/// @dev A linked library (external functions, run by DELEGATECALL in the market's storage and emitting the market's
/// events) so the market stays under the contract size limit. The market passes its own storage.
library Settlement {
    using Jobs for Jobs.Record;
    using PullPayments for PullPayments.Ledger;

    /// @notice What settlements owe the treasury and the court, in one slot: each settlement credits both with one
    /// slot update (instead of two ledger entries, about 5,000 gas). The market pays them out by `withdraw` to whoever
    /// is the treasury and the court when they withdraw.
    struct Dues {
        uint120 treasury; // token units; 2^120 is more than any settlement series of budgets <= MAX_BUDGET can reach
        uint120 court; // token units
        uint16 marker; // 1 from deployment on: the slot never returns to zero, so a credit never re-creates it
    }

    /// @dev Running totals of one settlement.
    struct Tally {
        bytes32 result; // the winning result, zero if none
        uint64 fuel; // its fuel
        IJobMarket.Outcome outcome;
        uint256 budget; // token units per replica
        uint256 winners; // slots that delivered the winning result
        uint256 slashed; // token units taken from losers, withholders and no-shows
        uint256 paid; // token units of escrow paid to winners
        uint256 compensation; // token units of slashes to the requester
        uint256 bonus; // token units of slashes to each winner
    }

    /// @notice The replicas' results: the majority of the job's slots (zero if none) and whether two revealed real
    /// results differ. "Input unavailable" never disagrees with anything: it abstains.
    function agreement(
        Jobs.Record storage job,
        IJobMarket.Assignment[7] storage slots
    ) external view returns (bytes32, bool) {
        return _agreement(job, slots);
    }

    function _agreement(
        Jobs.Record storage job,
        IJobMarket.Assignment[7] storage slots
    ) private view returns (bytes32 majority, bool disagree) {
        uint256 claimed = job.claimed;
        bytes32[] memory delivered = new bytes32[](claimed);
        bytes32 real;
        for (uint256 i; i < claimed; ++i) {
            if (job.revealedMask & (1 << i) == 0) continue;
            bytes32 r = slots[i].result;
            delivered[i] = r;
            if (!Results.isReal(r)) continue;
            if (real == bytes32(0)) real = r;
            else if (r != real) disagree = true;
        }
        majority = Results.majority(delivered, job.replicas);
    }

    /// @notice Whether an open job can be settled now (the market's `isSettleable`; here for the market's size).
    function isSettleable(
        Jobs.Record storage job,
        IJobMarket.Assignment[7] storage slots,
        IRandomnessSource randomness,
        IProviderRegistry registry
    ) external view returns (bool) {
        if (job.claimed == 0) {
            return
                block.timestamp > job.claimDeadline ||
                randomness.seedStatus(job.postedBlock) == IRandomnessSource.SeedStatus.Expired;
        }
        if (!job.commitsClosed()) return false;
        if (job.committedMask == 0) return true;
        if (job.audit == IJobMarket.AuditState.Undecided) {
            // Settling takes the decision once it can: a k = 1 job's once its replica can no longer reveal and settle
            // at once (see settle), unless its seed expired (the decision then opens an audit).
            return
                job.replicas == 1 &&
                block.timestamp > job.blindWindowEndsAt() + job.revealPeriod &&
                randomness.seedStatus(job.commitsClosedBlock) != IRandomnessSource.SeedStatus.Expired;
        }
        if (!job.revealsClosed()) return false;
        (bytes32 winner, bool disagree) = _agreement(job, slots);
        if (disagree || !Results.isReal(winner)) return true;
        if (job.audit == IJobMarket.AuditState.Audited) {
            (bytes32 audit, bool revealed) = IVerificationCourt(registry.court()).auditResult(job.jobId);
            if (!revealed || audit != winner) return true;
        }
        return block.timestamp > job.challengeEndsAt();
    }

    /// @notice Whether `provider` would win a slot of the open job now (the market's `isDrawn`; here for the market's
    /// size). `keptSeed` is the seed the job's first claim kept, read only once a claim exists and more slots can be.
    function isDrawn(
        Jobs.Record storage job,
        bytes32 keptSeed,
        IRandomnessSource randomness,
        IProviderRegistry registry,
        address provider
    ) external view returns (bool) {
        uint256 postedBlock = job.postedBlock;
        bytes32 seed = keptSeed;
        if (job.claimed == 0 || job.replicas == 1) {
            IRandomnessSource.SeedStatus status = randomness.seedStatus(postedBlock);
            if (status != IRandomnessSource.SeedStatus.Fixable && status != IRandomnessSource.SeedStatus.Fixed) {
                return false;
            }
            seed = randomness.seedFor(postedBlock);
        }
        return
            Lottery.wins(
                seed,
                job.jobId,
                provider,
                registry.lotteryStakeAt(provider, postedBlock - 1),
                job.totalStake,
                job.replicas,
                block.timestamp - job.postedAt,
                job.wideningPeriod
            );
    }

    /// @notice What a replica opens (see the market's `revealResult` and `revealAndSettle`).
    struct Opening {
        uint256 jobId;
        bytes32 outputHash;
        bytes32 salt;
        uint64 fuelUsed;
        uint8 slot; // the caller's replica slot
        bool andSettle; // revealAndSettle: a k = 1 job's reveal after its challenge window, settling it
    }

    /// @notice The market's `revealResult` and `revealAndSettle` (here for the market's size) on an open job.
    function reveal(
        Opening calldata o,
        string calldata resultURI,
        Jobs.Record storage job,
        IJobMarket.Assignment[7] storage slots,
        PullPayments.Ledger storage claimable,
        Dues storage dues,
        IProviderRegistry registry,
        IRandomnessSource randomness,
        bool inlineSeeds
    ) external {
        uint256 jobId = o.jobId;
        // A slot beyond `claimed` may hold a recycled record's old assignment, hence the bound.
        require(o.slot < job.claimed, IJobMarket.JobMarketNotAssigned(jobId, msg.sender));
        IJobMarket.Assignment storage a = slots[o.slot];
        require(a.provider == msg.sender, IJobMarket.JobMarketNotAssigned(jobId, msg.sender));
        job.checkUnrevealed(jobId, o.slot);
        if (o.andSettle) {
            uint32 closedAt = job.commitsClosedAt;
            require(
                job.replicas == 1 &&
                    job.audit == IJobMarket.AuditState.Undecided &&
                    block.timestamp > job.blindWindowEndsAt(),
                IJobMarket.JobMarketRevealNotOpen(jobId)
            );
            // An audited job (or one whose seed expired) opens its audit now and is revealed after its auditor
            // (revealResult): the decision stands, nothing is revealed.
            if (job.decideAudit(jobId, randomness, inlineSeeds, true)) return;
            // Unaudited: the challenge window ran against the commitment from commits closing (anyone could have
            // made the replica reveal within it by taking the audit decision), so the result is revealed as of then
            // and settles.
            job.commitsClosedAt = closedAt;
            job.reveal(jobId, 0, a, o.outputHash, o.fuelUsed, o.salt, resultURI);
            job.revealsClosedAt = closedAt;
            // What settle would find, known here: one replica, unaudited, revealed, its window past. Its answer is the
            // job's (a refund when it is "input unavailable").
            bytes32 result = a.result;
            finalize(jobId, job, slots, claimable, dues, registry, result, Results.fuelOf(result), false);
            return;
        }
        IVerificationCourt court = _revealPhase(jobId, job, registry, randomness, inlineSeeds); // zero: not audited
        require(block.timestamp <= job.revealEndsAt(), IJobMarket.JobMarketDeadlinePassed(jobId, job.revealEndsAt()));
        job.reveal(jobId, o.slot, a, o.outputHash, o.fuelUsed, o.salt, resultURI);
        if (job.revealedMask == job.committedMask) {
            (, bool auditorRevealed) = address(court) != address(0) ? court.auditResult(jobId) : (bytes32(0), true);
            if (auditorRevealed) job.revealsClosedAt = uint32(block.timestamp);
        }
    }

    /// @dev A reveal's phase: takes the audit decision (reverting until commits closed and the seed exists) and, for an
    /// audited job, returns its court once the auditor committed or could no longer: the auditor commits before
    /// anyone reveals, so it never sees the answer it checks.
    function _revealPhase(
        uint256 jobId,
        Jobs.Record storage job,
        IProviderRegistry registry,
        IRandomnessSource randomness,
        bool inlineSeeds
    ) private returns (IVerificationCourt court) {
        if (!job.decideAudit(jobId, randomness, inlineSeeds, true)) return court;
        court = IVerificationCourt(registry.court());
        require(
            block.timestamp > job.auditCommitEndsAt() || court.auditCommitted(jobId),
            IJobMarket.JobMarketRevealNotOpen(jobId)
        );
    }

    /// @notice Settles an open job (the market's `settle` and `settleMany`; here for the market's size): sends it to
    /// the court's panel on any disagreement or unanswered audit, otherwise (after the challenge window, when a result
    /// is payable) pays it out by {finalize}. Reverts JobMarketNotSettleable until the job's deadlines allow.
    function settle(
        uint256 jobId,
        Jobs.Record storage job,
        IJobMarket.Assignment[7] storage slots,
        PullPayments.Ledger storage claimable,
        Dues storage dues,
        IProviderRegistry registry,
        IRandomnessSource randomness
    ) public {
        if (job.claimed == 0) {
            require(
                block.timestamp > job.claimDeadline ||
                    randomness.seedStatus(job.postedBlock) == IRandomnessSource.SeedStatus.Expired,
                IJobMarket.JobMarketNotSettleable(jobId)
            );
            finalize(jobId, job, slots, claimable, dues, registry, bytes32(0), 0, false);
            return;
        }
        require(job.commitsClosed(), IJobMarket.JobMarketNotSettleable(jobId));
        if (job.committedMask == 0) {
            finalize(jobId, job, slots, claimable, dues, registry, bytes32(0), 0, false); // nobody committed
            return;
        }
        // A k = 1 job's replica may wait out the challenge window and then reveal and settle at once (the market's
        // revealAndSettle) while the audit is undecided: settling decides for it only a reveal period later.
        require(
            job.audit != IJobMarket.AuditState.Undecided ||
                job.replicas != 1 ||
                block.timestamp > job.blindWindowEndsAt() + job.revealPeriod,
            IJobMarket.JobMarketNotSettleable(jobId)
        );
        // From the source: rare here (nobody revealed). The phases keep counting from the commitment.
        bool audited = job.decideAudit(jobId, randomness, false, false);
        require(job.revealsClosed(), IJobMarket.JobMarketNotSettleable(jobId));
        (bytes32 winner, bool disagree) = _agreement(job, slots);
        IJobMarket.VerificationReason reason = IJobMarket.VerificationReason.Disagreement;
        if (!disagree && audited && Results.isReal(winner)) {
            // A payable result of an audited job stands only if the auditor revealed the same. An auditor revealing
            // "input unavailable" checked nothing: the audit is unanswered (the replicas got the input).
            (bytes32 audit, bool revealed) = IVerificationCourt(registry.court()).auditResult(jobId);
            if (!revealed || !Results.isReal(audit)) {
                disagree = true;
                reason = IJobMarket.VerificationReason.AuditUnanswered;
            } else if (audit != winner) {
                disagree = true;
            }
        }
        if (disagree) {
            job.status = IJobMarket.JobStatus.Verifying;
            emit IJobMarket.VerificationStarted(jobId, reason, address(0), winner);
            IVerificationCourt(registry.court()).openPanel(jobId, job.terms(winner));
            return;
        }
        // Agreement. A payable result waits out the challenge window; a refund does not.
        require(
            !Results.isReal(winner) || block.timestamp > job.challengeEndsAt(),
            IJobMarket.JobMarketNotSettleable(jobId)
        );
        finalize(jobId, job, slots, claimable, dues, registry, winner, Results.fuelOf(winner), false);
        if (audited) IVerificationCourt(registry.court()).closeAudit(jobId, winner);
    }

    /// @notice Pays out a job: judges every replica against `result` (zero: no winner), pays winners for the fuel at
    /// their own price, slashes losers, withholders and no-shows, refunds the requester, credits the treasury and the
    /// court. Returns the challenger's share of the slashed collateral (credited to the court) for a verified job.
    function finalize(
        uint256 jobId,
        Jobs.Record storage job,
        IJobMarket.Assignment[7] storage slots,
        PullPayments.Ledger storage claimable,
        Dues storage dues,
        IProviderRegistry registry,
        bytes32 result,
        uint64 fuelUsed,
        bool verified
    ) public returns (uint256 challengerReward) {
        Tally memory t;
        t.result = result;
        t.fuel = fuelUsed;
        t.budget = job.budget();
        t.outcome = _outcome(job, slots, result, verified);
        job.status =
            t.outcome == IJobMarket.Outcome.Completed ? IJobMarket.JobStatus.Completed : IJobMarket.JobStatus.Refunded;

        // Losers and no-shows first, so the winners' share of their collateral is known.
        _judge(jobId, job, slots, registry, t);
        if (t.slashed != 0) {
            // Compensation makes the requester whole, no more: capped at what it escrowed for replicas, so slashing an
            // honest provider through a bought panel majority can never be a requester's business.
            t.compensation = (t.slashed * job.requesterShareBps) / MarketParameters.BPS;
            uint256 replicasBudget = uint256(job.replicas) * t.budget;
            if (t.compensation > replicasBudget) t.compensation = replicasBudget;
            if (t.winners != 0) t.bonus = (t.slashed * job.honestShareBps) / MarketParameters.BPS / t.winners;
            if (verified) challengerReward = (t.slashed * job.challengerShareBps) / MarketParameters.BPS;
        }
        _payWinners(jobId, job, slots, claimable, registry, t);

        // The audit fee funds the court's pool once there was something to audit, charged on the fuel the job used at
        // its own price (the whole budget when no result says how much): the same base an audit pays a verifier on.
        uint256 auditFee;
        if (job.committedMask != 0) {
            uint256 fuel = Results.isReal(result) ? fuelUsed : job.maxFuel;
            auditFee = (((fuel * job.maxPricePerMfuel) / Jobs.FUEL_UNIT) * job.auditFeeBps) / MarketParameters.BPS;
        }
        uint256 fee = t.outcome == IJobMarket.Outcome.Completed ? job.fee : 0;
        uint256 escrow = uint256(job.replicas) * t.budget + job.fee + job.auditFee();
        uint256 refund = escrow - t.paid - fee - auditFee;
        address requester = job.requester;
        claimable.credit(requester, refund + t.compensation);
        // The court's pool takes the audit fee and every slashed token not paid to the requester or the winners
        // (including the bonus split's rounding dust and the challenger's share, which the court pays out).
        uint256 toCourt = auditFee + t.slashed - t.compensation - t.bonus * t.winners;
        // Each is below the job's escrow (< 2^99); their sums stay below the market's balance.
        dues.treasury += uint120(fee);
        dues.court += uint120(toCourt);
        emit IJobMarket.JobSettled(
            jobId,
            requester,
            t.outcome,
            result,
            Results.isReal(result) ? fuelUsed : 0,
            t.paid,
            fee,
            auditFee,
            refund,
            t.compensation,
            t.slashed,
            toCourt
        );
    }

    function _outcome(
        Jobs.Record storage job,
        IJobMarket.Assignment[7] storage slots,
        bytes32 result,
        bool verified
    ) private view returns (IJobMarket.Outcome) {
        if (job.claimed == 0) return IJobMarket.Outcome.NoClaims;
        if (result == bytes32(0)) {
            if (verified) return IJobMarket.Outcome.NoVerdict;
            return job.revealedMask == 0 ? IJobMarket.Outcome.NoResult : IJobMarket.Outcome.NoConsensus;
        }
        if (result == Results.INPUT_UNAVAILABLE_RESULT) return IJobMarket.Outcome.InputUnavailable;
        uint256 claimed = job.claimed;
        for (uint256 i; i < claimed; ++i) {
            if (job.revealedMask & (1 << i) != 0 && slots[i].result == result) return IJobMarket.Outcome.Completed;
        }
        return IJobMarket.Outcome.Overturned;
    }

    /// @dev Slashes no-shows, withholders, and dissenters when a real result won; releases everyone whose result or
    /// the winner is "input unavailable", or when nothing won; counts the winners. "Input unavailable" is never
    /// slashed: whether an input was served is not provable, so neither side of it may profit from the other's loss.
    function _judge(
        uint256 jobId,
        Jobs.Record storage job,
        IJobMarket.Assignment[7] storage slots,
        IProviderRegistry registry,
        Tally memory t
    ) private {
        uint256 claimed = job.claimed;
        uint96 collateral = job.collateral;
        bool realWinner = Results.isReal(t.result);
        for (uint256 i; i < claimed; ++i) {
            IJobMarket.Assignment storage a = slots[i];
            uint256 bit = 1 << i;
            bytes32 delivered = job.revealedMask & bit != 0 ? a.result : bytes32(0);
            IProviderRegistry.Fault fault;
            uint256 bps;
            if (delivered == bytes32(0) && job.committedMask & bit != 0) {
                // Committed, then withheld: only worth it to a replica that saw it would lose, so it costs as much.
                (fault, bps) = (IProviderRegistry.Fault.Withheld, job.dissentSlashBps);
            } else if (delivered == bytes32(0)) {
                (fault, bps) = (IProviderRegistry.Fault.NoShow, job.noShowSlashBps);
            } else if (realWinner && delivered == t.result) {
                ++t.winners;
                continue;
            } else if (realWinner && Results.isReal(delivered)) {
                (fault, bps) = (IProviderRegistry.Fault.Dissent, job.dissentSlashBps);
            } else {
                emit IJobMarket.AssignmentReleased(jobId, a.provider, collateral);
                registry.releaseCollateral(a.provider, collateral, false);
                continue;
            }
            uint256 amount = (uint256(collateral) * bps) / MarketParameters.BPS; // <= collateral
            t.slashed += amount;
            emit IJobMarket.AssignmentSlashed(jobId, a.provider, fault, amount);
            registry.slash(a.provider, jobId, collateral, uint96(amount), fault);
        }
    }

    /// @dev Pays each replica that delivered the winning result: its fuel (at least its minimum) at its own price,
    /// plus the bonus; releases its collateral as a completed assignment.
    function _payWinners(
        uint256 jobId,
        Jobs.Record storage job,
        IJobMarket.Assignment[7] storage slots,
        PullPayments.Ledger storage claimable,
        IProviderRegistry registry,
        Tally memory t
    ) private {
        if (t.winners == 0) return;
        uint256 claimed = job.claimed;
        bool paid = t.outcome == IJobMarket.Outcome.Completed;
        for (uint256 i; i < claimed; ++i) {
            IJobMarket.Assignment storage a = slots[i];
            if (job.revealedMask & (1 << i) == 0 || a.result != t.result) continue;
            uint256 payment;
            if (paid) {
                uint256 billed = uint256(a.minMfuel) * Jobs.FUEL_UNIT;
                if (billed < t.fuel) billed = t.fuel;
                // <= budget: the claim checked price <= max price and minimum <= maxFuel, reveals fuel <= maxFuel.
                payment = (billed * a.pricePerMfuel) / Jobs.FUEL_UNIT;
                t.paid += payment;
            }
            address provider = a.provider;
            claimable.credit(provider, payment + t.bonus);
            emit IJobMarket.ProviderPaid(jobId, provider, payment, t.bonus);
            registry.releaseCollateral(provider, job.collateral, paid);
        }
    }
}
