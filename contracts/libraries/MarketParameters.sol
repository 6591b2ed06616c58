// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IJobMarket} from "../interfaces/IJobMarket.sol";

/// @title MarketParameters
/// @notice The hard bounds of every tunable market parameter, and their validation.
/// @dev Governance can move a parameter only inside these bounds; changing a bound needs a new contract. A linked
/// library (external functions) so the market stays under the contract size limit.
library MarketParameters {
    uint256 internal constant BPS = 10_000;

    uint256 internal constant MAX_FEE_BPS = 1_000; // 10% of the job's total budget
    uint256 internal constant MAX_MIN_FEE = 1e24; // token units per job
    // The audit: a job is audited with probability auditRateBps. The floor is the break-even rate of a provider that
    // posts made-up results with the default collateral (5.9%, measured by `npm run sim:economics`) with margin;
    // validate() also ties it to the collateral in force (see there).
    uint256 internal constant MIN_AUDIT_RATE_BPS = 700; // 7%
    uint256 internal constant MAX_AUDIT_FEE_BPS = 2_500; // 25% of one replica's budget
    // 3x one replica's budget: below it the break-even audit rate, 1 / (1 + collateral), exceeds what the capped audit
    // fee can pay for (25%).
    uint256 internal constant MIN_COLLATERAL_BPS = 30_000;
    uint256 internal constant MAX_COLLATERAL_BPS = 300_000; // 30x
    uint256 internal constant MAX_MIN_COLLATERAL = 1e27; // token units
    uint256 internal constant MAX_MIN_BUDGET = 1e24; // token units per replica
    uint256 internal constant MIN_DISSENT_SLASH_BPS = 2_000; // losing consensus always costs >= 20% of collateral
    uint256 internal constant MIN_NO_SHOW_SLASH_BPS = 500; // abandoning a slot always costs >= 5% of collateral
    uint256 internal constant MIN_PHASE = 1 minutes; // reveal period, challenge window, audit draw period
    uint256 internal constant MAX_PHASE = 7 days;
    uint256 internal constant MIN_WIDENING_PERIOD = 10 seconds;
    // < 2^16 s: a job stores it beside the fields every claim reads (one cold read less per claim)
    uint256 internal constant MAX_WIDENING_PERIOD = 18 hours;
    uint256 internal constant MIN_GUARDIAN_PAUSE = 1 hours;
    uint256 internal constant MAX_GUARDIAN_PAUSE = 7 days;
    uint256 internal constant MIN_FUEL_PER_SECOND = 1e6; // a verifier slower than this is not a verifier
    uint256 internal constant MAX_FUEL_PER_SECOND = 1e12;

    /// @notice Reverts unless every field of `p` is within its bound and the policy is coherent: a no-show never costs
    /// more than a dissent; shares of slashed tokens add up to at most 100%; the audit fee covers the expected cost
    /// of the audit (one verifier paid one replica's budget); and the audit rate is at least the break-even rate of
    /// a provider that posts made-up results at this collateral: with collateral `c` budgets and a dissent slash `s`,
    /// such a provider earns at most one budget when unaudited and loses `c·s` budgets when audited, so it loses money
    /// once `rate · (1 + c·s) >= 1`.
    function validate(IJobMarket.Parameters calldata p) external pure {
        _check("feeBps", p.feeBps, 0, MAX_FEE_BPS);
        _check("minFee", p.minFee, 0, MAX_MIN_FEE);
        _check("auditRateBps", p.auditRateBps, MIN_AUDIT_RATE_BPS, MAX_AUDIT_FEE_BPS); // the fee covers the rate
        _check("auditFeeBps", p.auditFeeBps, p.auditRateBps, MAX_AUDIT_FEE_BPS);
        _check("collateralBps", p.collateralBps, MIN_COLLATERAL_BPS, MAX_COLLATERAL_BPS);
        _check("minCollateral", p.minCollateral, 0, MAX_MIN_COLLATERAL);
        _check("minBudget", p.minBudget, 1, MAX_MIN_BUDGET);
        _check("dissentSlashBps", p.dissentSlashBps, MIN_DISSENT_SLASH_BPS, BPS);
        _check("noShowSlashBps", p.noShowSlashBps, MIN_NO_SHOW_SLASH_BPS, p.dissentSlashBps);
        _check("requesterShareBps", p.requesterShareBps, 0, BPS);
        _check("honestShareBps", p.honestShareBps, 0, BPS - p.requesterShareBps);
        _check("challengerShareBps", p.challengerShareBps, 0, BPS - p.requesterShareBps - p.honestShareBps);
        _check("revealPeriod", p.revealPeriod, MIN_PHASE, MAX_PHASE);
        _check("challengeWindow", p.challengeWindow, MIN_PHASE, MAX_PHASE);
        _check("auditDrawPeriod", p.auditDrawPeriod, MIN_PHASE, MAX_PHASE);
        _check("wideningPeriod", p.wideningPeriod, MIN_WIDENING_PERIOD, MAX_WIDENING_PERIOD);
        _check("guardianPauseDuration", p.guardianPauseDuration, MIN_GUARDIAN_PAUSE, MAX_GUARDIAN_PAUSE);
        _check("fuelPerSecond", p.fuelPerSecond, MIN_FUEL_PER_SECOND, MAX_FUEL_PER_SECOND);
        // Break-even: rate · (1 + c·s) >= 1, in bps: rate · (BPS + c·s / BPS) >= BPS².
        uint256 atRisk = BPS + (uint256(p.collateralBps) * p.dissentSlashBps) / BPS; // 1 + c·s, bps
        uint256 breakEven = (BPS * BPS + atRisk - 1) / atRisk; // bps, rounded up
        _check("auditRateBps", p.auditRateBps, breakEven, MAX_AUDIT_FEE_BPS);
    }

    /// @notice Emits a ParameterUpdated event for every field that differs; reverts if none does.
    function emitChanges(IJobMarket.Parameters calldata oldP, IJobMarket.Parameters calldata newP) external {
        uint256 changes;
        changes += _diff("feeBps", oldP.feeBps, newP.feeBps);
        changes += _diff("auditFeeBps", oldP.auditFeeBps, newP.auditFeeBps);
        changes += _diff("auditRateBps", oldP.auditRateBps, newP.auditRateBps);
        changes += _diff("collateralBps", oldP.collateralBps, newP.collateralBps);
        changes += _diff("minFee", oldP.minFee, newP.minFee);
        changes += _diff("minCollateral", oldP.minCollateral, newP.minCollateral);
        changes += _diff("minBudget", oldP.minBudget, newP.minBudget);
        changes += _diff("dissentSlashBps", oldP.dissentSlashBps, newP.dissentSlashBps);
        changes += _diff("noShowSlashBps", oldP.noShowSlashBps, newP.noShowSlashBps);
        changes += _diff("requesterShareBps", oldP.requesterShareBps, newP.requesterShareBps);
        changes += _diff("honestShareBps", oldP.honestShareBps, newP.honestShareBps);
        changes += _diff("challengerShareBps", oldP.challengerShareBps, newP.challengerShareBps);
        changes += _diff("revealPeriod", oldP.revealPeriod, newP.revealPeriod);
        changes += _diff("challengeWindow", oldP.challengeWindow, newP.challengeWindow);
        changes += _diff("auditDrawPeriod", oldP.auditDrawPeriod, newP.auditDrawPeriod);
        changes += _diff("wideningPeriod", oldP.wideningPeriod, newP.wideningPeriod);
        changes += _diff("guardianPauseDuration", oldP.guardianPauseDuration, newP.guardianPauseDuration);
        changes += _diff("fuelPerSecond", oldP.fuelPerSecond, newP.fuelPerSecond);
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
