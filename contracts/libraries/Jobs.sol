// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IJobMarket} from "../interfaces/IJobMarket.sol";
import {IRandomnessSource} from "../interfaces/IRandomnessSource.sol";
import {Results} from "./Results.sol";
import {Seeds} from "./Seeds.sol";

/// @title Jobs
/// @notice How the market stores a job, the phase predicates that read only that record, and the audit decision that
/// the market's reveals and its settlements (in the linked library Settlement) both take.
/// @dev The record holds the fields of {IJobMarket.Job} laid out by access path rather than in ABI order: every
/// transaction on a job reads slot 0; claims add slots 1, 2 and 4; settlement adds 3 and 4. Posting writes all five
/// slots whole, so a record recycled from a finished job carries nothing over. Every parameter that
/// decides a job's money or its windows is copied into the record at posting, so a parameter change never shortens a
/// running job's windows (an honest replica can never miss a deadline that moved) nor changes what its slashes cost.
library Jobs {
    uint256 internal constant FUEL_UNIT = 1e6; // prices are per million fuel
    uint256 internal constant MAX_URI_LENGTH = 512; // bytes, bundle and result URIs
    uint256 private constant _BPS = 10_000;
    // Domain of the audit draw, so its ticket never equals a provider's lottery ticket.
    bytes32 private constant _AUDIT_DOMAIN = keccak256("hashwork.audit");

    struct Record {
        // slot 0: status, progress, every deadline, and whose record this is
        IJobMarket.JobStatus status;
        IJobMarket.AuditState audit;
        uint8 replicas;
        uint8 claimed; // slots taken, in order
        uint8 committedMask; // bit i: slot i committed
        uint8 revealedMask; // bit i: slot i revealed
        // the audit's trigger block (block numbers < 2^40: 35,000 years of 1 s blocks); here because the commitment
        // that closes commits writes it beside the mask and the time (one slot update instead of two)
        uint40 commitsClosedBlock;
        // unix seconds, < 2^32 until 2106 (posting checks it)
        uint32 claimDeadline;
        uint32 commitDeadline;
        uint32 commitsClosedAt; // 0 until every slot committed, or until the audit decision after the deadline
        uint32 revealsClosedAt; // 0 until every committed replica (and the auditor, when audited) revealed
        // The job stored here: records are recycled (see JobMarket._keyOf), so every lookup checks it.
        uint40 jobId;
        // slot 1: read by claims and settlement
        address requester;
        uint64 maxPricePerMfuel; // token units per million fuel
        uint32 minReputation;
        // slot 2: read by claims and settlement
        uint96 collateral; // token units locked per claimed slot
        uint64 maxFuel;
        // the lottery's trigger block: its seed is the next block's, stake counts as of the previous
        uint40 postedBlock;
        uint32 postedAt; // unix seconds: the lottery's widening counts from it
        uint8 resourceClass;
        uint16 wideningPeriod; // the lottery's (<= MAX_WIDENING_PERIOD), fixed so that eligibility only grows with time
        // slot 3: fixed at posting (durations are seconds, each < 2^24 by the parameters' bounds)
        uint96 fee; // token units, to the treasury if the job completes
        uint16 auditRateBps;
        uint16 auditFeeBps; // of one replica's budget
        uint24 executionTime; // to re-execute maxFuel at the reference speed, <= MAX_JOB_DURATION
        uint24 revealPeriod;
        uint24 auditDrawPeriod;
        uint24 challengeWindow; // before adding the execution time
        // slot 4: the slash policy and the lottery's total stake fixed at posting (reveals write nothing here: a result
        // word carries its fuel)
        uint16 dissentSlashBps;
        uint16 noShowSlashBps;
        uint16 requesterShareBps;
        uint16 honestShareBps;
        uint16 challengerShareBps;
        // Total stake as of the block before posting, token units: recorded once so that no claim reads the total's
        // history (whose length grows with every stake change in the market).
        uint112 totalStake;
    }

    /// @notice One replica's budget: the most the job pays a replica, token units.
    function budget(Record storage job) internal view returns (uint256) {
        return (uint256(job.maxFuel) * job.maxPricePerMfuel) / FUEL_UNIT;
    }

    /// @notice The audit fee escrowed with the job (on the whole budget), token units; settlement keeps it on the fuel
    /// used and refunds the rest.
    function auditFee(Record storage job) internal view returns (uint256) {
        return (budget(job) * job.auditFeeBps) / _BPS;
    }

    /// @notice No more commitments can arrive: every slot is claimed and committed, or the commit deadline passed.
    function commitsClosed(Record storage job) internal view returns (bool) {
        return job.commitsClosedAt != 0 || block.timestamp > job.commitDeadline;
    }

    /// @notice Last second an auditor can be drawn (audited jobs; commits closed and audit decided).
    function auditDrawEndsAt(Record storage job) internal view returns (uint256) {
        return uint256(job.commitsClosedAt) + job.auditDrawPeriod;
    }

    /// @notice Last second the auditor can commit; the replicas' reveals open after it (or once it committed).
    function auditCommitEndsAt(Record storage job) internal view returns (uint256) {
        return auditDrawEndsAt(job) + job.executionTime;
    }

    /// @notice Last second to reveal (audit decided).
    function revealEndsAt(Record storage job) internal view returns (uint256) {
        uint256 start = job.audit == IJobMarket.AuditState.Audited ? auditCommitEndsAt(job) : job.commitsClosedAt;
        return start + job.revealPeriod;
    }

    /// @notice Last second to challenge an agreed result: a window plus the execution time after reveals closed.
    function challengeEndsAt(Record storage job) internal view returns (uint256) {
        uint256 closed = job.revealsClosedAt != 0 ? job.revealsClosedAt : revealEndsAt(job);
        return closed + job.challengeWindow + job.executionTime;
    }

    /// @notice Last second of a k = 1 job's challenge window counted from its commitment (see
    /// {IJobMarket.revealAndSettle}): after it, while the audit is undecided, the replica may reveal and settle.
    function blindWindowEndsAt(Record storage job) internal view returns (uint256) {
        return uint256(job.commitsClosedAt) + job.challengeWindow + job.executionTime;
    }

    /// @notice Whether every reveal that can arrive has arrived, or the reveal deadline passed (audit decided).
    function revealsClosed(Record storage job) internal view returns (bool) {
        return job.revealsClosedAt != 0 || block.timestamp > revealEndsAt(job);
    }

    /// @notice Reverts unless `slot` committed and has not revealed.
    function checkUnrevealed(Record storage job, uint256 jobId, uint8 slot) internal view {
        uint8 bit = uint8(1 << slot);
        require(job.committedMask & bit != 0, IJobMarket.JobMarketNotCommitted(jobId, msg.sender));
        require(job.revealedMask & bit == 0, IJobMarket.JobMarketAlreadyRevealed(jobId, msg.sender));
    }

    function checkURI(string calldata uri) internal pure {
        require(bytes(uri).length <= MAX_URI_LENGTH, IJobMarket.JobMarketURITooLong(bytes(uri).length, MAX_URI_LENGTH));
    }

    /// @notice Opens the caller's commitment in `slot` (held by the caller, checked by {checkUnrevealed}) into its
    /// result word; the caller checked the phase. Shared by the market's reveal and Settlement's reveal-and-settle.
    function reveal(
        Record storage job,
        uint256 jobId,
        uint8 slot,
        IJobMarket.Assignment storage a,
        bytes32 outputHash,
        uint64 fuelUsed,
        bytes32 salt,
        string calldata resultURI
    ) internal {
        require(outputHash != bytes32(0), IJobMarket.JobMarketZeroHash());
        require(fuelUsed <= job.maxFuel, IJobMarket.JobMarketFuelOverLimit(jobId, fuelUsed, job.maxFuel));
        require(
            Results.commitment(jobId, msg.sender, outputHash, fuelUsed, salt) == a.result,
            IJobMarket.JobMarketCommitmentMismatch(jobId, msg.sender)
        );
        checkURI(resultURI);
        a.result =
            outputHash == Results.INPUT_UNAVAILABLE
                ? Results.INPUT_UNAVAILABLE_RESULT
                : Results.resultOf(outputHash, fuelUsed);
        job.revealedMask |= uint8(1 << slot);
        emit IJobMarket.ResultRevealed(jobId, msg.sender, outputHash, fuelUsed, resultURI);
    }

    /// @notice The record in the ABI's field order, with `fuel` (kept in result words, not in the record).
    function toJob(Record storage j, uint64 fuel) internal view returns (IJobMarket.Job memory) {
        return
            IJobMarket.Job({
                requester: j.requester,
                status: j.status,
                audit: j.audit,
                replicas: j.replicas,
                claimed: j.claimed,
                committedMask: j.committedMask,
                revealedMask: j.revealedMask,
                resourceClass: j.resourceClass,
                minReputation: j.minReputation,
                maxFuel: j.maxFuel,
                maxPricePerMfuel: j.maxPricePerMfuel,
                budget: uint96(budget(j)), // <= MAX_BUDGET, checked at posting
                collateral: j.collateral,
                fee: j.fee,
                auditFee: uint96(auditFee(j)),
                auditRateBps: j.auditRateBps,
                fuel: fuel,
                postedBlock: j.postedBlock,
                commitsClosedBlock: j.commitsClosedBlock,
                postedAt: j.postedAt,
                claimDeadline: j.claimDeadline,
                commitDeadline: j.commitDeadline,
                commitsClosedAt: j.commitsClosedAt,
                revealsClosedAt: j.revealsClosedAt,
                wideningPeriod: j.wideningPeriod,
                totalStake: j.totalStake
            });
    }

    /// @notice The phases' ends, zero where not known yet.
    /// A k = 1 job whose commits closed with its audit undecided reports its challenge window counted from the
    /// commitment (`challengeEndsAt`), and as `revealEndsAt` when it can be settled without a reveal (see
    /// {IJobMarket.revealAndSettle}).
    function toTimeline(Record storage j) internal view returns (IJobMarket.Timeline memory t) {
        if (j.audit == IJobMarket.AuditState.Undecided) {
            if (j.replicas == 1 && j.commitsClosedAt != 0) {
                t.challengeEndsAt = uint40(blindWindowEndsAt(j));
                t.revealEndsAt = uint40(blindWindowEndsAt(j) + j.revealPeriod);
            }
            return t;
        }
        if (j.audit == IJobMarket.AuditState.Audited) {
            t.auditDrawEndsAt = uint40(auditDrawEndsAt(j));
            t.auditCommitEndsAt = uint40(auditCommitEndsAt(j));
        }
        t.revealEndsAt = uint40(revealEndsAt(j));
        t.challengeEndsAt = uint40(challengeEndsAt(j));
    }

    /// @notice Takes the audit decision once commits closed: a full job's last commitment seeds it; a job whose commits
    /// closed at the deadline with slots missing, or whose seed expired undecided, is audited (fail closed), the audit
    /// opening now. `inlineSeeds`: read the seed inline while the chain knows it (see Seeds). `opensPhases`: an
    /// unaudited k = 1 job's reveal period counts from this decision, not from its commitment, and so does an audited
    /// one's audit when its auditor could no longer be drawn: its replica may wait out the challenge window before
    /// revealing (see {IJobMarket.revealAndSettle}), so a decision anybody takes meanwhile must leave it (and an
    /// auditor) a whole period. The trigger block, hence the seed, never moves.
    function decideAudit(
        Record storage job,
        uint256 jobId,
        IRandomnessSource randomness,
        bool inlineSeeds,
        bool opensPhases
    ) internal returns (bool audited) {
        if (job.audit != IJobMarket.AuditState.Undecided) return job.audit == IJobMarket.AuditState.Audited;
        bool reopen;
        if (job.commitsClosedAt == 0) {
            require(block.timestamp > job.commitDeadline, IJobMarket.JobMarketCommitsNotClosed(jobId));
            audited = job.committedMask != 0; // nothing committed: nothing to audit
            reopen = true;
        } else {
            uint256 trigger = job.commitsClosedBlock;
            (IRandomnessSource.SeedStatus status, bytes32 seed) = Seeds.trySeed(randomness, inlineSeeds, trigger);
            if (status == IRandomnessSource.SeedStatus.Expired) {
                audited = true;
                reopen = true;
            } else {
                require(
                    status != IRandomnessSource.SeedStatus.NotReady,
                    IRandomnessSource.RandomnessSeedNotReady(trigger, block.number)
                );
                // The decision is taken once; only an audited job's auditor draw needs the seed again (possibly after
                // the chain forgot it), so only then is it fixed (stored).
                uint256 ticket = uint256(keccak256(abi.encode(seed, jobId, _AUDIT_DOMAIN)));
                audited = ticket % _BPS < job.auditRateBps;
                if (audited && status != IRandomnessSource.SeedStatus.Fixed) randomness.fixSeed(trigger);
            }
        }
        if (reopen) {
            job.commitsClosedAt = uint32(block.timestamp);
            job.commitsClosedBlock = uint40(block.number);
        } else if (opensPhases && job.replicas == 1 && (!audited || block.timestamp > auditDrawEndsAt(job))) {
            job.commitsClosedAt = uint32(block.timestamp);
        }
        job.audit = audited ? IJobMarket.AuditState.Audited : IJobMarket.AuditState.NotAudited;
        IJobMarket.Timeline memory t = toTimeline(job);
        emit IJobMarket.AuditDecided(
            jobId,
            audited,
            job.commitsClosedBlock,
            t.auditDrawEndsAt,
            t.auditCommitEndsAt,
            t.revealEndsAt
        );
    }

    /// @notice What the court needs to verify the job, with the replicas' agreed result (zero if none).
    function terms(Record storage job, bytes32 agreed) internal view returns (IJobMarket.VerificationTerms memory) {
        return
            IJobMarket.VerificationTerms({
                requester: job.requester,
                resourceClass: job.resourceClass,
                minReputation: job.minReputation,
                maxFuel: job.maxFuel,
                maxPricePerMfuel: job.maxPricePerMfuel,
                budget: uint96(budget(job)),
                collateral: job.collateral,
                executionTime: job.executionTime,
                agreed: agreed
            });
    }
}
