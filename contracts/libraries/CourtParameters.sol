// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IDisputeCourt} from "../interfaces/IDisputeCourt.sol";

/// @title CourtParameters
/// @notice The hard bounds of every tunable dispute-court parameter, and their validation.
/// @dev Governance can move a parameter only inside these bounds; changing a bound needs a new contract.
library CourtParameters {
    uint256 internal constant BPS = 10_000;

    uint256 internal constant MIN_BOND_BPS = 5_000; // a dispute always risks >= half the job's price
    uint256 internal constant MAX_BOND_BPS = 50_000; // 500% of the job's price
    uint256 internal constant MIN_BOND = 1; // token units
    uint256 internal constant MAX_MIN_BOND = 1e27; // token units
    uint256 internal constant MIN_VERIFIERS = 3; // odd only, so a strict majority always exists when all agree
    uint256 internal constant MAX_VERIFIERS = 7; // slot masks are uint8
    uint256 internal constant MIN_PROVIDER_SLASH_BPS = 2_000; // an overturned result always costs >= 20%
    uint256 internal constant MIN_VERIFIER_SLASH_BPS = 500; // a faulty verifier always loses >= 5%
    uint256 internal constant MIN_PHASE = 1 minutes; // draw, commit and reveal periods
    uint256 internal constant MAX_PHASE = 7 days;
    uint256 internal constant MIN_WIDENING_PERIOD = 10 seconds;
    uint256 internal constant MAX_WIDENING_PERIOD = 1 days;

    /// @notice Reverts unless every field of `p` is within its bound, the verifier count is odd and the shares of
    /// a provider's slash add up to at most 100%.
    function validate(IDisputeCourt.Parameters memory p) internal pure {
        _check("bondBps", p.bondBps, MIN_BOND_BPS, MAX_BOND_BPS);
        _check("minBond", p.minBond, MIN_BOND, MAX_MIN_BOND);
        _check("verifiers", p.verifiers, MIN_VERIFIERS, MAX_VERIFIERS);
        require(
            p.verifiers % 2 == 1,
            IDisputeCourt.DisputeCourtParameterOutOfBounds("verifiers", p.verifiers, MIN_VERIFIERS, MAX_VERIFIERS)
        );
        _check("providerSlashBps", p.providerSlashBps, MIN_PROVIDER_SLASH_BPS, BPS);
        _check("verifierSlashBps", p.verifierSlashBps, MIN_VERIFIER_SLASH_BPS, BPS);
        _check("requesterShareBps", p.requesterShareBps, 0, BPS);
        _check("challengerShareBps", p.challengerShareBps, 0, BPS - p.requesterShareBps);
        _check("verifierShareBps", p.verifierShareBps, 0, BPS - p.requesterShareBps - p.challengerShareBps);
        _check("drawPeriod", p.drawPeriod, MIN_PHASE, MAX_PHASE);
        _check("commitPeriod", p.commitPeriod, MIN_PHASE, MAX_PHASE);
        _check("revealPeriod", p.revealPeriod, MIN_PHASE, MAX_PHASE);
        _check("wideningPeriod", p.wideningPeriod, MIN_WIDENING_PERIOD, MAX_WIDENING_PERIOD);
    }

    /// @notice Emits a ParameterUpdated event for every field that differs; reverts if none does.
    function emitChanges(IDisputeCourt.Parameters memory oldP, IDisputeCourt.Parameters memory newP) internal {
        uint256 changes;
        changes += _diff("bondBps", oldP.bondBps, newP.bondBps);
        changes += _diff("minBond", oldP.minBond, newP.minBond);
        changes += _diff("verifiers", oldP.verifiers, newP.verifiers);
        changes += _diff("providerSlashBps", oldP.providerSlashBps, newP.providerSlashBps);
        changes += _diff("verifierSlashBps", oldP.verifierSlashBps, newP.verifierSlashBps);
        changes += _diff("requesterShareBps", oldP.requesterShareBps, newP.requesterShareBps);
        changes += _diff("challengerShareBps", oldP.challengerShareBps, newP.challengerShareBps);
        changes += _diff("verifierShareBps", oldP.verifierShareBps, newP.verifierShareBps);
        changes += _diff("drawPeriod", oldP.drawPeriod, newP.drawPeriod);
        changes += _diff("commitPeriod", oldP.commitPeriod, newP.commitPeriod);
        changes += _diff("revealPeriod", oldP.revealPeriod, newP.revealPeriod);
        changes += _diff("wideningPeriod", oldP.wideningPeriod, newP.wideningPeriod);
        require(changes != 0, IDisputeCourt.DisputeCourtParametersUnchanged());
    }

    function _diff(bytes32 name, uint256 oldValue, uint256 newValue) private returns (uint256) {
        if (oldValue == newValue) return 0;
        emit IDisputeCourt.ParameterUpdated(name, oldValue, newValue);
        return 1;
    }

    function _check(bytes32 name, uint256 value, uint256 min, uint256 max) private pure {
        require(value >= min && value <= max, IDisputeCourt.DisputeCourtParameterOutOfBounds(name, value, min, max));
    }
}
