// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {HashworkToken} from "../../../contracts/HashworkToken.sol";
import {ProviderRegistry} from "../../../contracts/ProviderRegistry.sol";
import {BlockhashRandomness} from "../../../contracts/BlockhashRandomness.sol";
import {JobMarket} from "../../../contracts/JobMarket.sol";
import {VerificationCourt} from "../../../contracts/VerificationCourt.sol";
import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {IProviderRegistry} from "../../../contracts/interfaces/IProviderRegistry.sol";
import {IVerificationCourt} from "../../../contracts/interfaces/IVerificationCourt.sol";

/// @notice Deploys the whole system (token, registry, randomness, market, verification court), wired, owned by the
/// calling contract, which also holds the supply.
/// @dev A linked library on purpose: its public function runs by DELEGATECALL, so `address(this)` is the caller (the
/// owner, and the registry's deployer with its one-time wiring right), while the creation code of the contracts is
/// compiled once, here: a contract that said `new JobMarket(...)` itself would embed that code, and via-IR re-optimises
/// embedded code for every such contract (tens of seconds each with the WASM compiler).
///
/// Linking: the market calls two linked libraries (`Settlement`, `MarketParameters`), so its creation code embedded
/// here carries their link references. Hardhat's Solidity test runner deploys every library it has an artifact for
/// and links every contract before the tests run, nested references included: `new JobMarket(...)` just works, with
/// no manual library deployment. It links only libraries it has artifacts for, so when running single test files
/// pass this file too: `npx hardhat test solidity <file> test/solidity/lib/SystemDeployer.sol`.
///
/// The test build compiles the market with the default profile (optimizer runs 10,000), not the production override
/// (200): its runtime code is then about 26 KB, over the EIP-170 limit, which the test runner does not enforce. The
/// behaviour under test is the same; the production bytecode's size is checked by `hardhat build`.
library SystemDeployer {
    uint256 internal constant RECORD_RING = 4;

    struct System {
        HashworkToken token;
        ProviderRegistry registry;
        BlockhashRandomness randomness;
        JobMarket market;
        VerificationCourt court;
    }

    /// @param supply token units minted to the caller
    /// @param treasury where the market's protocol fees accrue
    function deploy(
        uint256 supply,
        IProviderRegistry.Policy memory registryPolicy,
        address treasury,
        IJobMarket.Parameters memory params,
        IVerificationCourt.Parameters memory courtParams
    ) public returns (System memory s) {
        s.token = new HashworkToken(address(this), supply);
        s.randomness = new BlockhashRandomness(true); // the production source: the market reads live seeds itself
        // A ring of 4 records: every suite that posts more than four jobs runs on recycled records.
        // The market creates its registry (owned, like the market, by this deployer, which also wires the court).
        s.market = new JobMarket(
            s.token,
            type(ProviderRegistry).creationCode,
            registryPolicy,
            s.randomness,
            treasury,
            address(this),
            params,
            RECORD_RING
        );
        s.registry = ProviderRegistry(address(s.market.registry()));
        s.court = new VerificationCourt(s.market, address(this), courtParams);
        s.registry.setCourt(address(s.court));
    }
}
