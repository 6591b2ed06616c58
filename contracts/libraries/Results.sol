// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Results
/// @notice Result hashes, commitments and the strict-majority vote over revealed hashes.
library Results {
    /// @notice The reserved result hash a provider posts when the job's input cannot be fetched.
    /// If it wins, the requester is refunded and nobody is paid.
    bytes32 internal constant INPUT_UNAVAILABLE = keccak256("hashwork.result.input-unavailable");

    /// @notice The commitment a provider posts before revealing: it binds the job, the provider, the
    /// result hash and a secret salt, so nobody can copy another provider's answer.
    function commitment(
        uint256 jobId,
        address provider,
        bytes32 resultHash,
        bytes32 salt
    ) internal pure returns (bytes32) {
        return keccak256(abi.encode(jobId, provider, resultHash, salt));
    }

    /// @notice The hash revealed by more than half of `replicas` slots, if any.
    /// @param hashes revealed hashes; zero entries are slots that revealed nothing
    /// @return winner the majority hash, or zero when there is none
    function majority(bytes32[] memory hashes, uint256 replicas) internal pure returns (bytes32 winner) {
        // Boyer–Moore majority vote, then a count: O(k) with k <= 7.
        uint256 votes;
        uint256 length = hashes.length;
        for (uint256 i; i < length; ++i) {
            if (hashes[i] == bytes32(0)) continue;
            if (votes == 0) winner = hashes[i];
            votes = hashes[i] == winner ? votes + 1 : votes - 1;
        }
        if (winner == bytes32(0)) return bytes32(0);
        uint256 count;
        for (uint256 i; i < length; ++i) {
            if (hashes[i] == winner) ++count;
        }
        return count * 2 > replicas ? winner : bytes32(0);
    }
}
