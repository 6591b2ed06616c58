// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IVerificationCourt} from "../interfaces/IVerificationCourt.sol";

/// @title CourtParameters
/// @notice The hard bounds of every tunable verification-court parameter, and their validation.
/// @dev Governance can move a parameter only inside these bounds; changing a bound needs a new contract.
library CourtParameters {
    uint256 internal constant BPS = 10_000;

    uint256 internal constant MIN_PANEL_SIZE = 3; // odd only, so a strict majority exists when all agree
    uint256 internal constant MAX_PANEL_SIZE = 7; // seat masks are uint8
    uint256 internal constant MIN_ROUNDS = 1; // panels before failing closed
    uint256 internal constant MAX_ROUNDS = 3;
    uint256 internal constant MAX_BOND_BPS = 200_000; // 20x one replica's budget
    uint256 internal constant MIN_BOND = 1; // token units
    uint256 internal constant MAX_MIN_BOND = 1e27; // token units
    uint256 internal constant MIN_VERIFIER_SLASH_BPS = 2_000; // a verifier outside the verdict always loses >= 20%
    uint256 internal constant MIN_PHASE = 1 minutes; // draw and reveal periods
    uint256 internal constant MAX_PHASE = 7 days;
    uint256 internal constant MIN_WIDENING_PERIOD = 10 seconds;
    uint256 internal constant MAX_WIDENING_PERIOD = 1 days;

    /// @notice Reverts unless every field of `p` is within its bound, the panel is odd and a bond pays at least one
    /// full panel (a challenge that loses never costs the pool).
    function validate(IVerificationCourt.Parameters memory p) internal pure {
        _check("panelSize", p.panelSize, MIN_PANEL_SIZE, MAX_PANEL_SIZE);
        require(
            p.panelSize % 2 == 1,
            IVerificationCourt.VerificationCourtParameterOutOfBounds(
                "panelSize",
                p.panelSize,
                MIN_PANEL_SIZE,
                MAX_PANEL_SIZE
            )
        );
        _check("maxRounds", p.maxRounds, MIN_ROUNDS, MAX_ROUNDS);
        _check("bondBps", p.bondBps, uint256(p.panelSize) * BPS, MAX_BOND_BPS);
        _check("minBond", p.minBond, MIN_BOND, MAX_MIN_BOND);
        _check("verifierSlashBps", p.verifierSlashBps, MIN_VERIFIER_SLASH_BPS, BPS);
        _check("drawPeriod", p.drawPeriod, MIN_PHASE, MAX_PHASE);
        _check("revealPeriod", p.revealPeriod, MIN_PHASE, MAX_PHASE);
        _check("wideningPeriod", p.wideningPeriod, MIN_WIDENING_PERIOD, MAX_WIDENING_PERIOD);
    }

    /// @notice Emits a ParameterUpdated event for every field that differs; reverts if none does.
    function emitChanges(
        IVerificationCourt.Parameters memory oldP,
        IVerificationCourt.Parameters memory newP
    ) internal {
        uint256 changes;
        changes += _diff("panelSize", oldP.panelSize, newP.panelSize);
        changes += _diff("maxRounds", oldP.maxRounds, newP.maxRounds);
        changes += _diff("bondBps", oldP.bondBps, newP.bondBps);
        changes += _diff("minBond", oldP.minBond, newP.minBond);
        changes += _diff("verifierSlashBps", oldP.verifierSlashBps, newP.verifierSlashBps);
        changes += _diff("drawPeriod", oldP.drawPeriod, newP.drawPeriod);
        changes += _diff("revealPeriod", oldP.revealPeriod, newP.revealPeriod);
        changes += _diff("wideningPeriod", oldP.wideningPeriod, newP.wideningPeriod);
        require(changes != 0, IVerificationCourt.VerificationCourtParametersUnchanged());
    }

    function _diff(bytes32 name, uint256 oldValue, uint256 newValue) private returns (uint256) {
        if (oldValue == newValue) return 0;
        emit IVerificationCourt.ParameterUpdated(name, oldValue, newValue);
        return 1;
    }

    function _check(bytes32 name, uint256 value, uint256 min, uint256 max) private pure {
        require(
            value >= min && value <= max,
            IVerificationCourt.VerificationCourtParameterOutOfBounds(name, value, min, max)
        );
    }
}
