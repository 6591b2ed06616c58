// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {HashworkToken} from "../../../contracts/HashworkToken.sol";
import {ProviderRegistry} from "../../../contracts/ProviderRegistry.sol";
import {BlockhashRandomness} from "../../../contracts/BlockhashRandomness.sol";
import {JobMarket} from "../../../contracts/JobMarket.sol";
import {DisputeCourt} from "../../../contracts/DisputeCourt.sol";
import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {IDisputeCourt} from "../../../contracts/interfaces/IDisputeCourt.sol";

/// @notice Deploys the whole system (token, registry, randomness, market, dispute court) owned by, and with the
/// supply held by, the calling contract.
/// @dev A linked library on purpose: its public function runs by DELEGATECALL, so `address(this)` is the
/// caller, while the creation code of the four contracts is compiled once, here. A contract that said `new
/// JobMarket(...)` itself would embed that code, and via-IR re-optimises embedded code for every such
/// contract (about 20 s each with the WASM compiler). Hardhat links only libraries it has artifacts for:
/// when running single test files, pass this file too.
library SystemDeployer {
    struct System {
        HashworkToken token;
        ProviderRegistry registry;
        BlockhashRandomness randomness;
        JobMarket market;
        DisputeCourt court;
    }

    /// @param supply token units minted to the caller
    /// @param unbonding seconds, the registry's unbonding period
    /// @param jailThreshold consecutive faults before a provider is jailed (for an hour)
    function deploy(
        uint256 supply,
        uint256 unbonding,
        uint256 jailThreshold,
        address treasury,
        IJobMarket.Parameters memory params,
        IDisputeCourt.Parameters memory courtParams
    ) public returns (System memory s) {
        s.token = new HashworkToken(address(this), supply);
        s.registry = new ProviderRegistry(s.token, address(this), unbonding, jailThreshold, 1 hours);
        s.randomness = new BlockhashRandomness();
        s.market = new JobMarket(s.token, s.registry, s.randomness, treasury, address(this), params);
        s.court = new DisputeCourt(s.market, address(this), courtParams);
        s.registry.setMarket(address(s.market));
        s.registry.setDisputeCourt(address(s.court));
    }
}
