// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title PullPayments
/// @notice The claimable balances the market and the court pay out by pull: credited by settlement, taken whole by
/// their owner's `withdraw`.
/// @dev An account's slot stores its balance plus one once it was ever credited, so a withdrawal leaves 1 behind
/// instead of 0: the next credit then updates a non-zero slot (2,900 gas) instead of creating one (20,000). Providers,
/// requesters, the treasury and the court are paid again and again, so nearly every credit after the first is cheap.
/// The 1 is bookkeeping, not money: `balanceOf` never reports it and no withdrawal pays it.
library PullPayments {
    struct Ledger {
        mapping(address account => uint256 balancePlusOne) slots; // 0: never credited
    }

    /// @notice Adds `amount` to `account`'s balance (nothing for a zero amount: no slot is created for nothing).
    function credit(Ledger storage ledger, address account, uint256 amount) internal {
        if (amount == 0) return;
        uint256 stored = ledger.slots[account];
        ledger.slots[account] = (stored == 0 ? 1 : stored) + amount;
    }

    /// @notice Takes `amount` from `account`'s balance if the balance covers all of it; returns whether it did. The
    /// slot stays non-zero, so the next credit updates it instead of re-creating it.
    function tryDebit(Ledger storage ledger, address account, uint256 amount) internal returns (bool) {
        uint256 stored = ledger.slots[account];
        if (stored <= amount) return false; // the balance, stored - 1, is short (or was never credited)
        unchecked {
            ledger.slots[account] = stored - amount;
        }
        return true;
    }

    /// @notice Zeroes `account`'s balance and returns what it was; the caller transfers it.
    function takeAll(Ledger storage ledger, address account) internal returns (uint256 amount) {
        amount = balanceOf(ledger, account);
        if (amount != 0) ledger.slots[account] = 1;
    }

    /// @notice `account`'s balance, token units.
    function balanceOf(Ledger storage ledger, address account) internal view returns (uint256) {
        uint256 stored = ledger.slots[account];
        return stored == 0 ? 0 : stored - 1;
    }
}
