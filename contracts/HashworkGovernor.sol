// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorTimelockControl} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
// solhint-disable-next-line max-line-length
import {GovernorVotesQuorumFraction} from "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {IHashworkGovernance} from "./interfaces/IHashworkGovernance.sol";

/// @title HashworkGovernor
/// @notice Token-voting Governor (OpenZeppelin: settings, simple counting, votes, quorum fraction, timelock control).
/// Proposals pass through the {HashworkTimelock}, which owns every parameter setter of the protocol.
/// @dev The clock is the token's (HashworkToken counts in blocks), so delays and periods are in blocks. Each
/// setting is bounded in code: voting delay [1, MAX_VOTING_DELAY], voting period [MIN_VOTING_PERIOD,
/// MAX_VOTING_PERIOD], proposal threshold <= MAX_PROPOSAL_THRESHOLD_BPS of the token supply, quorum
/// [MIN_QUORUM_PERCENT, MAX_QUORUM_PERCENT] % of the supply.
contract HashworkGovernor is
    IHashworkGovernance,
    Governor,
    GovernorVotes,
    GovernorSettings,
    GovernorCountingSimple,
    GovernorVotesQuorumFraction,
    GovernorTimelockControl
{
    uint256 public constant MIN_VOTING_DELAY = 1; // clock units (blocks): the vote snapshot follows the proposal
    uint256 public constant MAX_VOTING_DELAY = 100_800; // about 2 weeks of 12-second blocks
    uint256 public constant MIN_VOTING_PERIOD = 5; // clock units; devnets vote within a handful of blocks
    uint256 public constant MAX_VOTING_PERIOD = 201_600; // about 4 weeks of 12-second blocks
    uint256 public constant MAX_PROPOSAL_THRESHOLD_BPS = 100; // 1% of the token supply
    uint256 public constant MIN_QUORUM_PERCENT = 1; // of the token supply at the vote snapshot
    uint256 public constant MAX_QUORUM_PERCENT = 50;
    uint256 private constant _BPS = 10_000;

    /// @param token_ the voting token (ERC20Votes)
    /// @param timelock_ the timelock that executes passed proposals and owns the protocol
    /// @param votingDelay_ clock units between proposing and the vote snapshot
    /// @param votingPeriod_ clock units the vote stays open
    /// @param proposalThreshold_ votes (token units) needed to propose
    /// @param quorumPercent_ % of the supply that must vote For or Abstain
    constructor(
        IVotes token_,
        TimelockController timelock_,
        uint48 votingDelay_,
        uint32 votingPeriod_,
        uint256 proposalThreshold_,
        uint256 quorumPercent_
    )
        Governor("HashworkGovernor")
        GovernorVotes(token_)
        GovernorSettings(votingDelay_, votingPeriod_, proposalThreshold_)
        GovernorVotesQuorumFraction(quorumPercent_)
        GovernorTimelockControl(timelock_)
    {}

    // ------------------------------------------------------------------ bounded settings

    function _setVotingDelay(uint48 newVotingDelay) internal override {
        _checkBounds("votingDelay", newVotingDelay, MIN_VOTING_DELAY, MAX_VOTING_DELAY);
        super._setVotingDelay(newVotingDelay);
    }

    function _setVotingPeriod(uint32 newVotingPeriod) internal override {
        _checkBounds("votingPeriod", newVotingPeriod, MIN_VOTING_PERIOD, MAX_VOTING_PERIOD);
        super._setVotingPeriod(newVotingPeriod);
    }

    function _setProposalThreshold(uint256 newProposalThreshold) internal override {
        // GovernorVotes is initialised before GovernorSettings (see the inheritance order), so token() is set.
        uint256 max = (IERC20(address(token())).totalSupply() * MAX_PROPOSAL_THRESHOLD_BPS) / _BPS;
        _checkBounds("proposalThreshold", newProposalThreshold, 0, max);
        super._setProposalThreshold(newProposalThreshold);
    }

    function _updateQuorumNumerator(uint256 newQuorumNumerator) internal override {
        _checkBounds("quorumNumerator", newQuorumNumerator, MIN_QUORUM_PERCENT, MAX_QUORUM_PERCENT);
        super._updateQuorumNumerator(newQuorumNumerator);
    }

    function _checkBounds(bytes32 setting, uint256 value, uint256 min, uint256 max) private pure {
        require(value >= min && value <= max, HashworkGovernorSettingOutOfBounds(setting, value, min, max));
    }

    // ------------------------------------------------------------------ required overrides

    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    function state(uint256 proposalId) public view override(Governor, GovernorTimelockControl) returns (ProposalState) {
        return super.state(proposalId);
    }

    function proposalNeedsQueuing(
        uint256 proposalId
    ) public view override(Governor, GovernorTimelockControl) returns (bool) {
        return super.proposalNeedsQueuing(proposalId);
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }
}
