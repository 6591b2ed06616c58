// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {HashworkToken} from "../../../contracts/HashworkToken.sol";
import {ProviderRegistry} from "../../../contracts/ProviderRegistry.sol";
import {BlockhashRandomness} from "../../../contracts/BlockhashRandomness.sol";
import {JobMarket} from "../../../contracts/JobMarket.sol";
import {DisputeCourt} from "../../../contracts/DisputeCourt.sol";
import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {IDisputeCourt} from "../../../contracts/interfaces/IDisputeCourt.sol";
import {Test} from "./Test.sol";
import {SystemDeployer} from "./SystemDeployer.sol";

/// @notice Deploys the whole system owned by the test contract, with short windows, and offers the steps
/// every scenario needs (fund, register and stake, post a job).
abstract contract Fixture is Test {
    uint256 internal constant SUPPLY = 1e30; // token units; covers the largest fuzzed escrows and stakes
    uint256 internal constant UNBONDING = 1 hours; // seconds, the registry's minimum
    address internal constant TREASURY = address(0x7EA5);

    HashworkToken internal token;
    ProviderRegistry internal registry;
    BlockhashRandomness internal randomness;
    JobMarket internal market;
    DisputeCourt internal court;

    function _deploy() internal {
        vm.warp(1_700_000_000);
        vm.roll(100);
        SystemDeployer.System memory s = SystemDeployer.deploy(
            SUPPLY,
            UNBONDING,
            20,
            TREASURY,
            _defaultParameters(),
            _defaultCourtParameters()
        );
        (token, registry, randomness, market, court) = (s.token, s.registry, s.randomness, s.market, s.court);
    }

    function _defaultParameters() internal pure returns (IJobMarket.Parameters memory) {
        return
            IJobMarket.Parameters({
                feeBps: 250,
                collateralBps: 20_000,
                minCollateral: 1e18,
                minPrice: 1e15,
                dissentSlashBps: 10_000,
                noShowSlashBps: 2_500,
                requesterShareBps: 5_000,
                honestShareBps: 3_000,
                challengeWindow: 1 minutes,
                wideningPeriod: 10 seconds
            });
    }

    /// @dev The court's Ignition defaults with the shortest phases the bounds allow.
    function _defaultCourtParameters() internal pure returns (IDisputeCourt.Parameters memory) {
        return
            IDisputeCourt.Parameters({
                bondBps: 10_000,
                minBond: 1e18,
                verifiers: 3,
                providerSlashBps: 10_000,
                verifierSlashBps: 2_500,
                requesterShareBps: 4_000,
                challengerShareBps: 2_000,
                verifierShareBps: 3_000,
                drawPeriod: 1 minutes,
                commitPeriod: 1 minutes,
                revealPeriod: 1 minutes,
                wideningPeriod: 10 seconds
            });
    }

    /// @dev Sets market parameters as the owner; a no-op when nothing differs (the market rejects no-ops).
    function _setParameters(IJobMarket.Parameters memory p) internal {
        if (keccak256(abi.encode(p)) != keccak256(abi.encode(market.parameters()))) market.setParameters(p);
    }

    /// @dev Gives `account` `amount` tokens and lets the market, the registry and the court pull all of them.
    function _fund(address account, uint256 amount) internal {
        token.transfer(account, amount);
        vm.startPrank(account);
        token.approve(address(market), type(uint256).max);
        token.approve(address(registry), type(uint256).max);
        token.approve(address(court), type(uint256).max);
        vm.stopPrank();
    }

    function _addProvider(address account, uint96 price, uint256 stake) internal {
        _fund(account, stake);
        vm.startPrank(account);
        registry.register("ipfs://provider", 1, price, 8);
        registry.stake(stake);
        vm.stopPrank();
    }

    /// @dev A valid request: class 0, 60-second phases from now.
    function _request(uint8 replicas, uint96 maxPrice) internal view returns (IJobMarket.JobRequest memory r) {
        r.replicas = replicas;
        r.maxPrice = maxPrice;
        r.claimDeadline = uint40(block.timestamp + 60);
        r.commitDeadline = r.claimDeadline + 60;
        r.revealDeadline = replicas == 1 ? 0 : r.commitDeadline + 60;
        r.bundleHash = keccak256("bundle");
        r.bundleURI = "ipfs://bundle";
    }

    function _post(address requester, IJobMarket.JobRequest memory r) internal returns (uint256 jobId) {
        vm.prank(requester);
        jobId = market.postJob(r);
    }
}
