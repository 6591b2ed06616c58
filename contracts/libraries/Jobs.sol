// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IJobMarket} from "../interfaces/IJobMarket.sol";

/// @title Jobs
/// @notice How the market stores a job, and the deadline predicates that read only that record.
/// @dev The record holds the fields of {IJobMarket.Job} laid out by access path rather than in ABI order:
/// every transaction on a job reads slot 0, and results, commits and reveals touch no other job slot.
library Jobs {
    struct Record {
        // slot 0: status, progress and every deadline
        IJobMarket.JobStatus status;
        uint8 replicas;
        uint8 claimed; // slots taken, in order
        uint8 committedMask; // bit i: slot i committed (k >= 2) or submitted (k = 1)
        uint8 revealedMask; // bit i: slot i revealed (k >= 2)
        uint8 resourceClass;
        uint40 postedAt; // unix seconds
        uint40 claimDeadline;
        uint40 commitDeadline;
        uint40 revealDeadline;
        uint40 challengeEndsAt; // k = 1: end of the challenge window once a result is submitted
        // slot 1: read by claims, cancellation and settlement
        address requester;
        uint96 maxPrice; // token units per replica
        // slot 2: read by claims and settlement
        uint96 collateral; // token units locked per claimed slot
        uint64 postedBlock; // stake and total stake count as of this block
        uint32 minReputation;
        uint16 feeBps; // protocol fee at posting, bps of each winner's price
    }

    /// @notice No more commitments can arrive: the commit deadline passed, or every slot that can be claimed
    /// has been claimed and has committed. Reveals open exactly then, so nobody can copy a revealed hash.
    function commitsClosed(Record storage job) internal view returns (bool) {
        if (block.timestamp > job.commitDeadline) return true;
        uint256 claimed = job.claimed;
        bool claimsClosed = claimed == job.replicas || block.timestamp > job.claimDeadline;
        return claimsClosed && job.committedMask == (1 << claimed) - 1;
    }

    /// @notice Whether an open job's results are all in or its deadlines have passed.
    function isSettleable(Record storage job) internal view returns (bool) {
        if (job.claimed == 0) return block.timestamp > job.claimDeadline;
        if (job.replicas == 1) {
            return
                job.committedMask != 0 ? block.timestamp >= job.challengeEndsAt : block.timestamp > job.commitDeadline;
        }
        if (block.timestamp > job.revealDeadline) return true;
        return commitsClosed(job) && job.revealedMask == job.committedMask;
    }

    /// @notice The record in the ABI's field order.
    function toJob(Record storage j) internal view returns (IJobMarket.Job memory) {
        return
            IJobMarket.Job({
                requester: j.requester,
                status: j.status,
                replicas: j.replicas,
                claimed: j.claimed,
                committedMask: j.committedMask,
                revealedMask: j.revealedMask,
                resourceClass: j.resourceClass,
                feeBps: j.feeBps,
                minReputation: j.minReputation,
                maxPrice: j.maxPrice,
                collateral: j.collateral,
                postedBlock: j.postedBlock,
                postedAt: j.postedAt,
                claimDeadline: j.claimDeadline,
                commitDeadline: j.commitDeadline,
                revealDeadline: j.revealDeadline,
                challengeEndsAt: j.challengeEndsAt
            });
    }
}
