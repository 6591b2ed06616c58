// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @title TokenPull
/// @notice How the market (escrow), the registry (stake) and the court (bonds, pool funding) take tokens in: from the
/// caller, and only if exactly the amount arrived, so a fee-on-transfer token can never credit more than it paid.
library TokenPull {
    using SafeERC20 for IERC20;

    /// @notice The contract received `received` instead of `expected` (the token takes a fee on transfer).
    error TransferShortfall(uint256 expected, uint256 received);

    /// @notice Transfers `amount` from the caller to this contract; reverts unless exactly that much arrived.
    function pullExactly(IERC20 token, uint256 amount) internal {
        uint256 balanceBefore = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - balanceBefore;
        require(received == amount, TransferShortfall(amount, received));
    }
}
