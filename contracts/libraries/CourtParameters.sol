// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IVerificationCourt} from "../interfaces/IVerificationCourt.sol";
import {GovernedParameter} from "./GovernedParameter.sol";

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
        GovernedParameter.check("panelSize", p.panelSize, MIN_PANEL_SIZE, MAX_PANEL_SIZE);
        require(
            p.panelSize % 2 == 1, // odd only, so a strict majority exists when all agree
            GovernedParameter.ParameterOutOfBounds("panelSize", p.panelSize, MIN_PANEL_SIZE, MAX_PANEL_SIZE)
        );
        GovernedParameter.check("maxRounds", p.maxRounds, MIN_ROUNDS, MAX_ROUNDS);
        GovernedParameter.check("bondBps", p.bondBps, uint256(p.panelSize) * BPS, MAX_BOND_BPS);
        GovernedParameter.check("minBond", p.minBond, MIN_BOND, MAX_MIN_BOND);
        GovernedParameter.check("verifierSlashBps", p.verifierSlashBps, MIN_VERIFIER_SLASH_BPS, BPS);
        GovernedParameter.check("drawPeriod", p.drawPeriod, MIN_PHASE, MAX_PHASE);
        GovernedParameter.check("revealPeriod", p.revealPeriod, MIN_PHASE, MAX_PHASE);
        GovernedParameter.check("wideningPeriod", p.wideningPeriod, MIN_WIDENING_PERIOD, MAX_WIDENING_PERIOD);
    }

    /// @notice Emits a ParameterUpdated event for every field that differs; reverts if none does.
    function emitChanges(
        IVerificationCourt.Parameters memory oldP,
        IVerificationCourt.Parameters memory newP
    ) internal {
        uint256 changes;
        changes += GovernedParameter.update("panelSize", oldP.panelSize, newP.panelSize);
        changes += GovernedParameter.update("maxRounds", oldP.maxRounds, newP.maxRounds);
        changes += GovernedParameter.update("bondBps", oldP.bondBps, newP.bondBps);
        changes += GovernedParameter.update("minBond", oldP.minBond, newP.minBond);
        changes += GovernedParameter.update("verifierSlashBps", oldP.verifierSlashBps, newP.verifierSlashBps);
        changes += GovernedParameter.update("drawPeriod", oldP.drawPeriod, newP.drawPeriod);
        changes += GovernedParameter.update("revealPeriod", oldP.revealPeriod, newP.revealPeriod);
        changes += GovernedParameter.update("wideningPeriod", oldP.wideningPeriod, newP.wideningPeriod);
        require(changes != 0, IVerificationCourt.VerificationCourtParametersUnchanged());
    }
}
