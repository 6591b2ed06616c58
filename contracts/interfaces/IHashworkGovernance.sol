// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IHashworkGovernance
/// @notice Errors of the governance pair: {HashworkGovernor} (token voting) and {HashworkTimelock} (the owner of the
/// market, the registry and the dispute court). Both keep their own settings inside bounds fixed in code, so a
/// captured vote cannot make governance unusable (an endless voting period, an unreachable quorum) or instant
/// (a zero timelock delay).
interface IHashworkGovernance {
    /// @notice A Governor setting outside its hard bound. `setting` is the setting's name as bytes32.
    error HashworkGovernorSettingOutOfBounds(bytes32 setting, uint256 value, uint256 min, uint256 max);
    /// @notice A Timelock delay outside its hard bound (seconds).
    error HashworkTimelockDelayOutOfBounds(uint256 delay, uint256 min, uint256 max);
}
