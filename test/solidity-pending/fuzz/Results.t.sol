// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Results} from "../../../contracts/libraries/Results.sol";
import {Test} from "../lib/Test.sol";

/// @notice Exposes the internal library to the fuzzer.
contract ResultsHarness {
    function majority(bytes32[] calldata hashes, uint256 replicas) external pure returns (bytes32) {
        return Results.majority(hashes, replicas);
    }
}

/// @notice Results.majority returns a hash only when more than half of the replicas revealed it.
contract ResultsMajorityFuzzTest is Test {
    ResultsHarness internal harness;

    function setUp() public {
        harness = new ResultsHarness();
    }

    /// @dev Builds `length` revealed hashes from a 4-letter alphabet {none, A, B, C}, two bits per slot, so
    /// ties, pluralities, exact halves and strict majorities all occur often.
    function _votes(uint256 length, uint256 choices) internal pure returns (bytes32[] memory hashes) {
        hashes = new bytes32[](length);
        for (uint256 i; i < length; ++i) {
            uint256 letter = (choices >> (2 * i)) & 3;
            hashes[i] = letter == 0 ? bytes32(0) : keccak256(abi.encode("result", letter));
        }
    }

    function testFuzz_majority_ReturnsOnlyStrictMajority(
        uint256 replicas,
        uint256 length,
        uint256 choices
    ) public view {
        replicas = bound(replicas, 1, 7);
        length = bound(length, 0, replicas); // slots claimed <= replicas
        bytes32[] memory hashes = _votes(length, choices);

        bytes32 expected;
        for (uint256 i; i < length; ++i) {
            if (hashes[i] == bytes32(0)) continue;
            uint256 count;
            for (uint256 j; j < length; ++j) {
                if (hashes[j] == hashes[i]) ++count;
            }
            if (count * 2 > replicas) expected = hashes[i];
        }

        bytes32 winner = harness.majority(hashes, replicas);
        assertEq(winner, expected, "majority differs from a naive count");
        if (winner != bytes32(0)) {
            uint256 votes;
            for (uint256 i; i < length; ++i) {
                if (hashes[i] == winner) ++votes;
            }
            assertTrue(votes * 2 > replicas, "winner without a strict majority");
        }
    }

    function testFuzz_majority_NoWinnerOnExactHalf(uint256 half, bytes32 a, bytes32 b) public view {
        half = bound(half, 1, 3);
        vm.assume(a != b && a != bytes32(0) && b != bytes32(0));
        bytes32[] memory hashes = new bytes32[](2 * half);
        for (uint256 i; i < half; ++i) {
            hashes[2 * i] = a;
            hashes[2 * i + 1] = b;
        }
        assertEq(harness.majority(hashes, 2 * half), bytes32(0), "a tie must have no winner");
    }
}
