// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Results
/// @notice Results, commitments and the strict-majority vote, shared by replicas (JobMarket) and verifiers
/// (VerificationCourt).
/// @dev A result is the pair (output hash, fuel used): `outputHash = keccak256(output bytes)` and the fuel the
/// metered execution consumed. Both must agree for two answers to agree, so overstating fuel is a wrong answer like
/// any other. On-chain a result is the single word `resultOf(outputHash, fuelUsed)`: the top 192 bits of
/// `keccak256(abi.encode(outputHash, fuelUsed))` above the fuel itself in the low 64 bits, so settlement reads the fuel
/// it pays from the winning word (no slot of its own to write at every reveal) and the word still binds the pair.
library Results {
    /// @notice The reserved output hash a provider reveals when the job's input cannot be fetched (with fuel 0).
    bytes32 internal constant INPUT_UNAVAILABLE = keccak256("hashwork.result.input-unavailable");
    /// @notice `resultOf(INPUT_UNAVAILABLE, 0)`: the result word of "input unavailable". Never slashed, never paid.
    bytes32 internal constant INPUT_UNAVAILABLE_RESULT = bytes32(
        uint256(keccak256(abi.encode(INPUT_UNAVAILABLE, uint64(0)))) & ~uint256(type(uint64).max)
    );

    /// @notice The result word of an output hash and the fuel it took: the pair's hash with its low 64 bits replaced
    /// by the fuel (192 bits of hash leave collisions at 2^96 work).
    function resultOf(bytes32 outputHash, uint64 fuelUsed) internal pure returns (bytes32) {
        uint256 hash = uint256(keccak256(abi.encode(outputHash, fuelUsed)));
        return bytes32((hash & ~uint256(type(uint64).max)) | fuelUsed);
    }

    /// @notice The fuel a result word carries (zero for "input unavailable" and for no result).
    function fuelOf(bytes32 result) internal pure returns (uint64) {
        return uint64(uint256(result));
    }

    /// @notice Whether `result` is an actual answer: revealed, and not "input unavailable".
    function isReal(bytes32 result) internal pure returns (bool) {
        return result != bytes32(0) && result != INPUT_UNAVAILABLE_RESULT;
    }

    /// @notice The commitment posted before revealing: it binds the job, the account, the output hash, the fuel and a
    /// secret salt, so nobody can copy another account's answer.
    function commitment(
        uint256 jobId,
        address account,
        bytes32 outputHash,
        uint64 fuelUsed,
        bytes32 salt
    ) internal pure returns (bytes32) {
        return keccak256(abi.encode(jobId, account, outputHash, fuelUsed, salt));
    }

    /// @notice A verifier's commitment: a replica's, plus its proof of execution, so a verifier can neither copy
    /// another verifier's answer nor, in a panel, answer with a result it only saw revealed.
    function verdictCommitment(
        uint256 jobId,
        address account,
        bytes32 outputHash,
        uint64 fuelUsed,
        bytes32 proof,
        bytes32 salt
    ) internal pure returns (bytes32) {
        return keccak256(abi.encode(jobId, account, outputHash, fuelUsed, proof, salt));
    }

    /// @notice What a panel votes on: the result and the proof of execution together.
    function ballot(bytes32 result, bytes32 proof) internal pure returns (bytes32) {
        return keccak256(abi.encode(result, proof));
    }

    /// @notice The result revealed by more than half of `seats`, if any.
    /// @param results revealed results; zero entries are seats that revealed nothing
    /// @return winner the majority result, or zero when there is none
    function majority(bytes32[] memory results, uint256 seats) internal pure returns (bytes32 winner) {
        // Boyer–Moore majority vote, then a count: O(n) with n <= 7.
        uint256 votes;
        uint256 length = results.length;
        for (uint256 i; i < length; ++i) {
            if (results[i] == bytes32(0)) continue;
            if (votes == 0) winner = results[i];
            votes = results[i] == winner ? votes + 1 : votes - 1;
        }
        if (winner == bytes32(0)) return bytes32(0);
        uint256 count;
        for (uint256 i; i < length; ++i) {
            if (results[i] == winner) ++count;
        }
        return count * 2 > seats ? winner : bytes32(0);
    }
}
