// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IHashworkGovernance} from "./interfaces/IHashworkGovernance.sol";

/// @title HashworkTimelock
/// @notice OpenZeppelin's TimelockController with its minimum delay bounded in code. It owns the job market, the
/// provider registry and the dispute court; the {HashworkGovernor} is its only proposer and canceller, and anyone
/// may execute a ready operation.
/// @dev Deployment (ignition/modules/Hashwork.ts) passes the deployer as a temporary admin only to grant the
/// Governor its roles, then the deployer renounces it: afterwards only the timelock administers itself.
contract HashworkTimelock is IHashworkGovernance, TimelockController {
    uint256 public constant MIN_DELAY = 1 minutes; // seconds; devnets use the floor
    uint256 public constant MAX_DELAY = 30 days; // seconds

    /// @param minDelay seconds a queued operation waits, within [MIN_DELAY, MAX_DELAY]
    /// @param proposers accounts granted the proposer and canceller roles
    /// @param executors accounts granted the executor role; address(0) lets anyone execute
    /// @param admin optional temporary admin (address(0) for none)
    constructor(
        uint256 minDelay,
        address[] memory proposers,
        address[] memory executors,
        address admin
    ) TimelockController(minDelay, proposers, executors, admin) {
        _checkDelay(minDelay);
    }

    /// @notice Changes the minimum delay; only the timelock itself (a passed proposal), within bounds.
    function updateDelay(uint256 newDelay) public override {
        require(msg.sender == address(this), TimelockUnauthorizedCaller(msg.sender));
        _checkDelay(newDelay);
        super.updateDelay(newDelay);
    }

    function _checkDelay(uint256 delay) private pure {
        require(
            delay >= MIN_DELAY && delay <= MAX_DELAY,
            HashworkTimelockDelayOutOfBounds(delay, MIN_DELAY, MAX_DELAY)
        );
    }
}
