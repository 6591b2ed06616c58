// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title GovernedParameter
/// @notice The bound check and the change event that every governed contract (the market, the court and the registry)
/// applies to its tunable parameters: one error for a value outside its hard bound, one event per value that changed.
/// @dev Each contract's interface declares the same error and event (same signatures, so the same selector and topic),
/// which puts them in its ABI; a client decodes them alike whichever contract reverted or emitted.
library GovernedParameter {
    /// @notice `value` is outside `parameter`'s hard bounds [min, max] (or breaks a rule that ties it to another
    /// parameter, which then sets the bound).
    error ParameterOutOfBounds(bytes32 parameter, uint256 value, uint256 min, uint256 max);
    event ParameterUpdated(bytes32 indexed parameter, uint256 oldValue, uint256 newValue);

    /// @notice Reverts unless min <= value <= max.
    function check(bytes32 parameter, uint256 value, uint256 min, uint256 max) internal pure {
        require(value >= min && value <= max, ParameterOutOfBounds(parameter, value, min, max));
    }

    /// @notice Emits ParameterUpdated if the value changed; returns how many changed (0 or 1), for callers that refuse
    /// an update that changes nothing.
    function update(bytes32 parameter, uint256 oldValue, uint256 newValue) internal returns (uint256 changed) {
        if (oldValue == newValue) return 0;
        emit ParameterUpdated(parameter, oldValue, newValue);
        return 1;
    }
}
