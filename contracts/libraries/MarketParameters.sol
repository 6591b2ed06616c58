// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IJobMarket} from "../interfaces/IJobMarket.sol";

/// @title MarketParameters
/// @notice The hard bounds of every tunable market parameter, and their validation.
/// @dev Governance can move a parameter only inside these bounds; changing a bound needs a new contract.
library MarketParameters {
    uint256 internal constant BPS = 10_000;

    uint256 internal constant MAX_FEE_BPS = 1_000; // 10% of a winner's price
    uint256 internal constant MIN_COLLATERAL_BPS = 1_000; // 10% of the max price per replica
    uint256 internal constant MAX_COLLATERAL_BPS = 50_000; // 500%
    uint256 internal constant MAX_MIN_COLLATERAL = 1e27; // token units
    uint256 internal constant MAX_MIN_PRICE = 1e24; // token units per replica
    uint256 internal constant MIN_DISSENT_SLASH_BPS = 2_000; // losing consensus always costs >= 20% of collateral
    uint256 internal constant MIN_NO_SHOW_SLASH_BPS = 500; // abandoning a slot always costs >= 5% of collateral
    uint256 internal constant MIN_CHALLENGE_WINDOW = 1 minutes;
    uint256 internal constant MAX_CHALLENGE_WINDOW = 7 days;
    uint256 internal constant MIN_WIDENING_PERIOD = 10 seconds;
    uint256 internal constant MAX_WIDENING_PERIOD = 1 days;

    /// @notice Reverts unless every field of `p` is within its bound and the slash policy is coherent
    /// (a no-show never costs more than a dissent; shares of slashed tokens add up to at most 100%).
    function validate(IJobMarket.Parameters memory p) internal pure {
        _check("feeBps", p.feeBps, 0, MAX_FEE_BPS);
        _check("collateralBps", p.collateralBps, MIN_COLLATERAL_BPS, MAX_COLLATERAL_BPS);
        _check("minCollateral", p.minCollateral, 0, MAX_MIN_COLLATERAL);
        _check("minPrice", p.minPrice, 1, MAX_MIN_PRICE);
        _check("dissentSlashBps", p.dissentSlashBps, MIN_DISSENT_SLASH_BPS, BPS);
        _check("noShowSlashBps", p.noShowSlashBps, MIN_NO_SHOW_SLASH_BPS, p.dissentSlashBps);
        _check("requesterShareBps", p.requesterShareBps, 0, BPS);
        _check("honestShareBps", p.honestShareBps, 0, BPS - p.requesterShareBps);
        _check("challengeWindow", p.challengeWindow, MIN_CHALLENGE_WINDOW, MAX_CHALLENGE_WINDOW);
        _check("wideningPeriod", p.wideningPeriod, MIN_WIDENING_PERIOD, MAX_WIDENING_PERIOD);
    }

    /// @notice Emits a ParameterUpdated event for every field that differs; reverts if none does.
    function emitChanges(IJobMarket.Parameters memory oldP, IJobMarket.Parameters memory newP) internal {
        uint256 changes;
        changes += _diff("feeBps", oldP.feeBps, newP.feeBps);
        changes += _diff("collateralBps", oldP.collateralBps, newP.collateralBps);
        changes += _diff("minCollateral", oldP.minCollateral, newP.minCollateral);
        changes += _diff("minPrice", oldP.minPrice, newP.minPrice);
        changes += _diff("dissentSlashBps", oldP.dissentSlashBps, newP.dissentSlashBps);
        changes += _diff("noShowSlashBps", oldP.noShowSlashBps, newP.noShowSlashBps);
        changes += _diff("requesterShareBps", oldP.requesterShareBps, newP.requesterShareBps);
        changes += _diff("honestShareBps", oldP.honestShareBps, newP.honestShareBps);
        changes += _diff("challengeWindow", oldP.challengeWindow, newP.challengeWindow);
        changes += _diff("wideningPeriod", oldP.wideningPeriod, newP.wideningPeriod);
        require(changes != 0, IJobMarket.JobMarketParametersUnchanged());
    }

    function _diff(bytes32 name, uint256 oldValue, uint256 newValue) private returns (uint256) {
        if (oldValue == newValue) return 0;
        emit IJobMarket.ParameterUpdated(name, oldValue, newValue);
        return 1;
    }

    function _check(bytes32 name, uint256 value, uint256 min, uint256 max) private pure {
        require(value >= min && value <= max, IJobMarket.JobMarketParameterOutOfBounds(name, value, min, max));
    }
}
