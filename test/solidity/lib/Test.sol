// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Vm} from "./Vm.sol";

/// @notice A minimal test base: assertions that revert with a message, and forge-style `bound`.
/// @dev Written here because the npm `forge-std` package is an old, incompatible copy.
abstract contract Test {
    // solhint-disable-next-line const-name-snakecase
    Vm internal constant vm = Vm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D); // keccak256("hevm cheat code")

    error AssertionFailed(string message, uint256 left, uint256 right);
    error AssertionFailedBytes32(string message, bytes32 left, bytes32 right);

    function assertTrue(bool condition, string memory message) internal pure {
        if (!condition) revert AssertionFailed(message, 0, 1);
    }

    function assertEq(uint256 left, uint256 right, string memory message) internal pure {
        if (left != right) revert AssertionFailed(message, left, right);
    }

    function assertEq(bytes32 left, bytes32 right, string memory message) internal pure {
        if (left != right) revert AssertionFailedBytes32(message, left, right);
    }

    function assertEq(address left, address right, string memory message) internal pure {
        if (left != right) revert AssertionFailed(message, uint160(left), uint160(right));
    }

    function assertLe(uint256 left, uint256 right, string memory message) internal pure {
        if (left > right) revert AssertionFailed(message, left, right);
    }

    function assertGe(uint256 left, uint256 right, string memory message) internal pure {
        if (left < right) revert AssertionFailed(message, left, right);
    }

    /// @dev |left - right| <= tolerance.
    function assertApproxEqAbs(uint256 left, uint256 right, uint256 tolerance, string memory message) internal pure {
        uint256 diff = left > right ? left - right : right - left;
        if (diff > tolerance) revert AssertionFailed(message, left, right);
    }

    /// @dev Maps `x` into [min, max]. In-range values are kept; the fuzzer's favourite extremes (0..3 and
    /// max-3..max) land on the bounds, so edge cases are hit often; everything else wraps around.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, AssertionFailed("bound: min > max", min, max));
        if (x >= min && x <= max) return x;
        uint256 size = max - min + 1; // max - min < type(uint256).max here, since x is outside the range
        if (x <= 3 && x < size) return min + x;
        if (x >= type(uint256).max - 3 && type(uint256).max - x < size) return max - (type(uint256).max - x);
        // Above the range: count up from min; below it: count down from max.
        return x > max ? min + ((x - max - 1) % size) : max - ((min - x - 1) % size);
    }
}
