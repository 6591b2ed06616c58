// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Results} from "../../../contracts/libraries/Results.sol";
import {Test} from "../lib/Test.sol";

/// @notice Exposes the internal library to the fuzzer.
contract ResultsHarness {
    function majority(bytes32[] calldata results, uint256 seats) external pure returns (bytes32) {
        return Results.majority(results, seats);
    }
}

/// @notice Results: a result binds the output hash and the fuel; a commitment binds every field; majority returns a
/// result only when more than half of the seats revealed it.
contract ResultsFuzzTest is Test {
    ResultsHarness internal harness;

    function setUp() public {
        harness = new ResultsHarness();
    }

    /// @dev Builds `length` revealed results from a 4-letter alphabet {none, A, B, C}, two bits per seat, so ties,
    /// pluralities, exact halves and strict majorities all occur often.
    function _votes(uint256 length, uint256 choices) internal pure returns (bytes32[] memory results) {
        results = new bytes32[](length);
        for (uint256 i; i < length; ++i) {
            uint256 letter = (choices >> (2 * i)) & 3;
            results[i] = letter == 0 ? bytes32(0) : keccak256(abi.encode("result", letter));
        }
    }

    function testFuzz_majority_ReturnsOnlyAStrictMajorityOfTheSeats(
        uint256 seats,
        uint256 length,
        uint256 choices
    ) public view {
        seats = bound(seats, 1, 7);
        length = bound(length, 0, seats); // seats taken <= seats
        bytes32[] memory results = _votes(length, choices);

        bytes32 expected;
        for (uint256 i; i < length; ++i) {
            if (results[i] == bytes32(0)) continue;
            uint256 count;
            for (uint256 j; j < length; ++j) {
                if (results[j] == results[i]) ++count;
            }
            if (count * 2 > seats) expected = results[i];
        }
        assertEq(harness.majority(results, seats), expected, "majority differs from a naive count");
    }

    function testFuzz_majority_NoWinnerOnATie(uint256 half, bytes32 a, bytes32 b) public view {
        half = bound(half, 1, 3);
        vm.assume(a != b && a != bytes32(0) && b != bytes32(0));
        bytes32[] memory results = new bytes32[](2 * half);
        for (uint256 i; i < half; ++i) {
            results[2 * i] = a;
            results[2 * i + 1] = b;
        }
        assertEq(harness.majority(results, 2 * half), bytes32(0), "a tie must have no winner");
    }

    /// @dev Overstating (or understating) fuel is a wrong answer like any other.
    function testFuzz_resultOf_DiffersWhenOnlyTheFuelDiffers(bytes32 output, uint64 fuel, uint64 other) public pure {
        vm.assume(fuel != other);
        assertTrue(Results.resultOf(output, fuel) != Results.resultOf(output, other), "fuel not bound");
        assertTrue(Results.isReal(Results.resultOf(output, fuel)), "an answer is real");
    }

    /// @dev The word carries its fuel in the low 64 bits (settlement pays from it) and the pair's hash above them, so
    /// the output still decides the word.
    function testFuzz_resultOf_CarriesItsFuel(bytes32 output, bytes32 otherOutput, uint64 fuel) public pure {
        bytes32 word = Results.resultOf(output, fuel);
        assertEq(Results.fuelOf(word), fuel, "fuel not carried");
        assertEq(uint256(word) >> 64, uint256(keccak256(abi.encode(output, fuel))) >> 64, "not the pair's hash");
        vm.assume(otherOutput != output);
        assertTrue(Results.resultOf(otherOutput, fuel) != word, "output not bound");
        assertEq(Results.fuelOf(Results.INPUT_UNAVAILABLE_RESULT), 0, "input unavailable carries fuel");
    }

    /// @dev "Input unavailable" is one result (with fuel 0) that is not real; nothing else but zero is unreal.
    function testFuzz_isReal_OnlyZeroAndInputUnavailableAreNotReal(bytes32 output, uint64 fuel) public pure {
        assertTrue(!Results.isReal(bytes32(0)), "zero is real");
        assertTrue(!Results.isReal(Results.INPUT_UNAVAILABLE_RESULT), "input unavailable is real");
        assertEq(Results.INPUT_UNAVAILABLE_RESULT, Results.resultOf(Results.INPUT_UNAVAILABLE, 0), "IU word");
        bytes32 word = Results.resultOf(output, fuel);
        vm.assume(word != Results.INPUT_UNAVAILABLE_RESULT);
        assertTrue(Results.isReal(word), "an answer is not real");
    }

    /// @dev Changing any one field of a commitment changes it: nobody can open another account's or job's commitment.
    function testFuzz_commitment_BindsEveryField(
        uint256 jobId,
        address account,
        bytes32 output,
        uint64 fuel,
        bytes32 salt,
        uint256 field,
        uint256 delta
    ) public pure {
        delta = bound(delta, 1, type(uint64).max);
        bytes32 original = Results.commitment(jobId, account, output, fuel, salt);
        field = bound(field, 0, 4);
        unchecked {
            // wrapping is fine: any different value will do
            if (field == 0) jobId += delta;
            else if (field == 1) account = address(uint160(account) + uint160(delta));
            else if (field == 2) output = bytes32(uint256(output) + delta);
            else if (field == 3) fuel += uint64(delta);
            else salt = bytes32(uint256(salt) + delta);
        }
        assertTrue(Results.commitment(jobId, account, output, fuel, salt) != original, "a field is not bound");
    }
}
