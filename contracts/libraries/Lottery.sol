// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title Lottery
/// @notice The O(1) stake-weighted hash lottery that decides who may claim a replica slot of a job.
/// @dev Provider `p` may claim a slot of job `j` when
///      `H(seed_j, j, p) / 2^256 < stake_p / totalStake * replicas * w(t)`,
/// with `w(t) = 1 + elapsed / wideningPeriod`: at posting, about `replicas` providers' worth of stake is
/// eligible; the window then widens linearly until every provider is eligible, so no job starves.
/// Stake and total are read as of the posting block, before the seed exists.
library Lottery {
    uint256 private constant _ONE = 1e18; // fixed-point unit of the widening factor

    /// @notice Whether `provider` wins a slot of `jobId` at `elapsed` seconds after posting.
    /// @param seed the job's seed from the randomness source
    /// @param stake the provider's stake as of the posting block (token units)
    /// @param totalStake the total stake as of the posting block (token units)
    /// @param replicas the job's replica count k
    /// @param elapsed seconds since the job was posted
    /// @param wideningPeriod seconds for the eligible share to grow by another `replicas / totalStake`
    function wins(
        bytes32 seed,
        uint256 jobId,
        address provider,
        uint256 stake,
        uint256 totalStake,
        uint256 replicas,
        uint256 elapsed,
        uint256 wideningPeriod
    ) internal pure returns (bool) {
        if (stake == 0 || totalStake == 0) return false;
        uint256 widening = _ONE + (elapsed * _ONE) / wideningPeriod; // w(t), 1e18 = 1
        // Eligible share of the hash space = stake * replicas * w / total, capped at 1. Stake < 2^96,
        // replicas < 2^8 and widening is capped at 2^128, so the numerator stays below 2^232.
        uint256 numerator = stake * replicas * Math.min(widening, type(uint128).max);
        uint256 denominator = totalStake * _ONE;
        if (numerator >= denominator) return true;
        uint256 ticket = uint256(keccak256(abi.encode(seed, jobId, provider)));
        return ticket < Math.mulDiv(type(uint256).max, numerator, denominator);
    }
}
