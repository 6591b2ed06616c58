// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/// @title HashworkToken
/// @notice The bundled payment, stake and governance token: a fixed supply minted once, gasless approvals
/// (EIP-2612) and vote checkpoints for the Governor. The market and registry accept any ERC-20; this one is
/// the default.
contract HashworkToken is ERC20, ERC20Permit, ERC20Votes {
    error HashworkTokenZeroHolder();

    constructor(address initialHolder, uint256 initialSupply) ERC20("Hashwork", "HWK") ERC20Permit("Hashwork") {
        require(initialHolder != address(0), HashworkTokenZeroHolder());
        _mint(initialHolder, initialSupply);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }

    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }
}
