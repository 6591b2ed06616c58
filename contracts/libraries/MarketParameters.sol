// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IJobMarket} from "../interfaces/IJobMarket.sol";
import {GovernedParameter} from "./GovernedParameter.sol";

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
        GovernedParameter.check("feeBps", p.feeBps, 0, MAX_FEE_BPS);
        GovernedParameter.check("minFee", p.minFee, 0, MAX_MIN_FEE);
        // at most the audit fee: the fee covers the rate
        GovernedParameter.check("auditRateBps", p.auditRateBps, MIN_AUDIT_RATE_BPS, MAX_AUDIT_FEE_BPS);
        GovernedParameter.check("auditFeeBps", p.auditFeeBps, p.auditRateBps, MAX_AUDIT_FEE_BPS);
        GovernedParameter.check("collateralBps", p.collateralBps, MIN_COLLATERAL_BPS, MAX_COLLATERAL_BPS);
        GovernedParameter.check("minCollateral", p.minCollateral, 0, MAX_MIN_COLLATERAL);
        GovernedParameter.check("minBudget", p.minBudget, 1, MAX_MIN_BUDGET);
        GovernedParameter.check("dissentSlashBps", p.dissentSlashBps, MIN_DISSENT_SLASH_BPS, BPS);
        GovernedParameter.check("noShowSlashBps", p.noShowSlashBps, MIN_NO_SHOW_SLASH_BPS, p.dissentSlashBps);
        GovernedParameter.check("requesterShareBps", p.requesterShareBps, 0, BPS);
        GovernedParameter.check("honestShareBps", p.honestShareBps, 0, BPS - p.requesterShareBps);
        GovernedParameter.check(
            "challengerShareBps",
            p.challengerShareBps,
            0,
            BPS - p.requesterShareBps - p.honestShareBps
        );
        GovernedParameter.check("revealPeriod", p.revealPeriod, MIN_PHASE, MAX_PHASE);
        GovernedParameter.check("challengeWindow", p.challengeWindow, MIN_PHASE, MAX_PHASE);
        GovernedParameter.check("auditDrawPeriod", p.auditDrawPeriod, MIN_PHASE, MAX_PHASE);
        GovernedParameter.check("wideningPeriod", p.wideningPeriod, MIN_WIDENING_PERIOD, MAX_WIDENING_PERIOD);
        GovernedParameter.check(
            "guardianPauseDuration",
            p.guardianPauseDuration,
            MIN_GUARDIAN_PAUSE,
            MAX_GUARDIAN_PAUSE
        );
        GovernedParameter.check("fuelPerSecond", p.fuelPerSecond, MIN_FUEL_PER_SECOND, MAX_FUEL_PER_SECOND);
        // Break-even: rate · (1 + c·s) >= 1, in bps: rate · (BPS + c·s / BPS) >= BPS².
        uint256 atRisk = BPS + (uint256(p.collateralBps) * p.dissentSlashBps) / BPS; // 1 + c·s, bps
        uint256 breakEven = (BPS * BPS + atRisk - 1) / atRisk; // bps, rounded up
        GovernedParameter.check("auditRateBps", p.auditRateBps, breakEven, MAX_AUDIT_FEE_BPS);
    }

    /// @notice Emits a ParameterUpdated event for every field that differs; reverts if none does.
    function emitChanges(IJobMarket.Parameters calldata oldP, IJobMarket.Parameters calldata newP) external {
        uint256 changes;
        changes += GovernedParameter.update("feeBps", oldP.feeBps, newP.feeBps);
        changes += GovernedParameter.update("auditFeeBps", oldP.auditFeeBps, newP.auditFeeBps);
        changes += GovernedParameter.update("auditRateBps", oldP.auditRateBps, newP.auditRateBps);
        changes += GovernedParameter.update("collateralBps", oldP.collateralBps, newP.collateralBps);
        changes += GovernedParameter.update("minFee", oldP.minFee, newP.minFee);
        changes += GovernedParameter.update("minCollateral", oldP.minCollateral, newP.minCollateral);
        changes += GovernedParameter.update("minBudget", oldP.minBudget, newP.minBudget);
        changes += GovernedParameter.update("dissentSlashBps", oldP.dissentSlashBps, newP.dissentSlashBps);
        changes += GovernedParameter.update("noShowSlashBps", oldP.noShowSlashBps, newP.noShowSlashBps);
        changes += GovernedParameter.update("requesterShareBps", oldP.requesterShareBps, newP.requesterShareBps);
        changes += GovernedParameter.update("honestShareBps", oldP.honestShareBps, newP.honestShareBps);
        changes += GovernedParameter.update("challengerShareBps", oldP.challengerShareBps, newP.challengerShareBps);
        changes += GovernedParameter.update("revealPeriod", oldP.revealPeriod, newP.revealPeriod);
        changes += GovernedParameter.update("challengeWindow", oldP.challengeWindow, newP.challengeWindow);
        changes += GovernedParameter.update("auditDrawPeriod", oldP.auditDrawPeriod, newP.auditDrawPeriod);
        changes += GovernedParameter.update("wideningPeriod", oldP.wideningPeriod, newP.wideningPeriod);
        changes += GovernedParameter.update(
            "guardianPauseDuration",
            oldP.guardianPauseDuration,
            newP.guardianPauseDuration
        );
        changes += GovernedParameter.update("fuelPerSecond", oldP.fuelPerSecond, newP.fuelPerSecond);
        require(changes != 0, IJobMarket.JobMarketParametersUnchanged());
    }
}
