// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {IProviderRegistry} from "../../../contracts/interfaces/IProviderRegistry.sol";
import {IRandomnessSource} from "../../../contracts/interfaces/IRandomnessSource.sol";
import {IVerificationCourt} from "../../../contracts/interfaces/IVerificationCourt.sol";
import {Lottery} from "../../../contracts/libraries/Lottery.sol";

/// @notice When an account first wins a draw, computed off the contracts' own inputs with the contracts' own
/// `Lottery.wins` (as a provider node does), so tests warp straight to a claim that succeeds instead of polling.
/// @dev `Lottery.wins` is monotone in the elapsed time (fuzzed in Lottery.t.sol), so a binary search finds the first
/// winning second.
library Draws {
    uint256 internal constant NEVER = type(uint256).max;
    // The market's audit draw domain (Jobs), so the audit ticket below is the market's.
    bytes32 internal constant AUDIT_DOMAIN = keccak256("hashwork.audit");

    /// @notice Whether `seed` audits `jobId` at `rateBps`: the market's rule (Jobs.decideAudit), worked out here from
    /// its inputs, as a provider node does.
    function audits(bytes32 seed, uint256 jobId, uint256 rateBps) internal pure returns (bool) {
        return uint256(keccak256(abi.encode(seed, jobId, AUDIT_DOMAIN))) % 10_000 < rateBps;
    }

    /// @notice The first seed (from the `start`-th) that makes `jobId` audited, or not, at `rateBps`: a test writes it
    /// as the hash of the audit's seed block to choose the decision.
    function auditSeed(
        uint256 jobId,
        uint256 rateBps,
        bool audited,
        uint256 start
    ) internal pure returns (bytes32 seed) {
        for (uint256 i = start; ; ++i) {
            seed = keccak256(abi.encode("audit seed", i));
            if (audits(seed, jobId, rateBps) == audited) return seed;
        }
    }

    /// @notice The first unix second at which `account` wins a replica slot of `jobId`, or NEVER before its claim
    /// deadline. The job's seed must exist (two blocks after posting), or be kept by the market (a slot claimed).
    function replicaDrawTime(IJobMarket market, uint256 jobId, address account) internal view returns (uint256) {
        IJobMarket.Job memory job = market.getJob(jobId);
        (bool known, bytes32 seed) = replicaSeed(market, jobId);
        if (!known) return NEVER;
        IProviderRegistry registry = market.registry();
        uint256 stakeBlock = job.postedBlock - 1;
        uint256 elapsed = firstWin(
            Ticket(
                seed,
                jobId,
                account,
                registry.lotteryStakeAt(account, stakeBlock),
                registry.totalStakeAt(stakeBlock),
                job.replicas,
                market.parameters().wideningPeriod
            ),
            job.claimDeadline - job.postedAt
        );
        return elapsed == NEVER ? NEVER : job.postedAt + elapsed;
    }

    /// @notice The seed claims of `jobId` draw by (`market.drawSeed`), and whether it is known: false before its block
    /// is mined, and once it expired unclaimed.
    function replicaSeed(IJobMarket market, uint256 jobId) internal view returns (bool known, bytes32 seed) {
        try market.drawSeed(jobId) returns (bytes32 s) {
            return (true, s);
        } catch {
            return (false, bytes32(0));
        }
    }

    /// @notice The first unix second at which `account` wins a seat of the current verification round of `jobId`
    /// (the audit, or a panel), or NEVER before the round's draw closes or once its seed expired.
    function verifierDrawTime(
        IVerificationCourt court,
        uint256 jobId,
        address account
    ) internal view returns (uint256) {
        IVerificationCourt.Round memory round = currentRound(court, jobId);
        if (round.seats == 0) return NEVER;
        IJobMarket market = court.market();
        IRandomnessSource randomness = market.randomness();
        IRandomnessSource.SeedStatus status = randomness.seedStatus(round.openedBlock);
        if (status != IRandomnessSource.SeedStatus.Fixable && status != IRandomnessSource.SeedStatus.Fixed) {
            return NEVER;
        }
        IProviderRegistry registry = market.registry();
        uint256 stakeBlock = uint256(round.openedBlock) - 1;
        uint256 elapsed = firstWin(
            Ticket(
                randomness.seedFor(round.openedBlock),
                jobId,
                account,
                registry.lotteryStakeAt(account, stakeBlock),
                registry.totalStakeAt(stakeBlock),
                round.seats,
                court.parameters().wideningPeriod
            ),
            round.drawEndsAt - round.openedAt
        );
        return elapsed == NEVER ? NEVER : round.openedAt + elapsed;
    }

    /// @notice The round that draws next: the audit (read from the market until its first draw opens it) or the
    /// current panel. Zero seats when nothing draws.
    function currentRound(
        IVerificationCourt court,
        uint256 jobId
    ) internal view returns (IVerificationCourt.Round memory round) {
        IVerificationCourt.Verification memory v = court.getVerification(jobId);
        if (v.status == IVerificationCourt.VerificationStatus.Final) return round;
        if (v.status != IVerificationCourt.VerificationStatus.None) return court.getRound(jobId, v.round);
        (, uint64 seedBlock, uint40 openedAt, IJobMarket.Timeline memory t) = court.market().auditTerms(jobId);
        if (openedAt == 0) return round;
        round.seats = 1;
        round.openedAt = openedAt;
        round.openedBlock = uint40(seedBlock);
        round.drawEndsAt = t.auditDrawEndsAt;
        round.commitEndsAt = t.auditCommitEndsAt;
        round.revealEndsAt = t.revealEndsAt;
    }

    /// @dev One lottery ticket's inputs.
    struct Ticket {
        bytes32 seed;
        uint256 jobId;
        address account;
        uint256 stake;
        uint256 totalStake;
        uint256 seats;
        uint256 wideningPeriod;
    }

    /// @notice The least elapsed time in [0, maxElapsed] at which the ticket wins, or NEVER.
    function firstWin(Ticket memory t, uint256 maxElapsed) internal pure returns (uint256) {
        if (!_wins(t, maxElapsed)) return NEVER;
        if (_wins(t, 0)) return 0;
        (uint256 lo, uint256 hi) = (0, maxElapsed); // loses at lo, wins at hi
        while (hi - lo > 1) {
            uint256 mid = (lo + hi) / 2;
            if (_wins(t, mid)) hi = mid;
            else lo = mid;
        }
        return hi;
    }

    function _wins(Ticket memory t, uint256 elapsed) private pure returns (bool) {
        return Lottery.wins(t.seed, t.jobId, t.account, t.stake, t.totalStake, t.seats, elapsed, t.wideningPeriod);
    }
}
