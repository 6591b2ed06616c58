// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {IVerificationCourt} from "../../../contracts/interfaces/IVerificationCourt.sol";
import {IProviderRegistry} from "../../../contracts/interfaces/IProviderRegistry.sol";

/// @notice The deployment parameters of `ignition/modules/Hashwork.ts` (its defaults, for a public network), so the
/// Solidity tests exercise the economics the project ships. Keep in step with the module.
library Defaults {
    function market() internal pure returns (IJobMarket.Parameters memory) {
        return
            IJobMarket.Parameters({
                feeBps: 250,
                auditFeeBps: 1_200,
                auditRateBps: 1_000,
                collateralBps: 150_000,
                minFee: 1e16,
                minCollateral: 1e18,
                minBudget: 1e15,
                dissentSlashBps: 10_000,
                noShowSlashBps: 2_500,
                requesterShareBps: 5_000,
                honestShareBps: 2_000,
                challengerShareBps: 2_000,
                revealPeriod: 600,
                challengeWindow: 600,
                auditDrawPeriod: 600,
                wideningPeriod: 60,
                guardianPauseDuration: 3 days,
                fuelPerSecond: 50_000_000
            });
    }

    function court() internal pure returns (IVerificationCourt.Parameters memory) {
        return
            IVerificationCourt.Parameters({
                panelSize: 3,
                maxRounds: 2,
                bondBps: 40_000,
                minBond: 1e18,
                verifierSlashBps: 5_000,
                drawPeriod: 600,
                revealPeriod: 600,
                wideningPeriod: 60
            });
    }

    function registry() internal pure returns (IProviderRegistry.Policy memory) {
        return
            IProviderRegistry.Policy({
                unbondingPeriod: 7 days,
                jailThreshold: 3,
                jailDuration: 1 days,
                faultWindow: 7 days
            });
    }
}
