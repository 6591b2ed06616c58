// Custom errors several actions share, so each action's `…ErrorName` reads as the contract's checks in order.

/** The randomness source cannot give the draw's seed yet (`NotReady`) or ever again (`Expired`). */
export type SeedErrorName = "RandomnessSeedNotReady" | "RandomnessSeedExpired";

/** `ProviderRegistry.lockCollateral`: the claimer's registration, offer, capacity, stake and reputation. */
export type EligibilityErrorName =
  | "ProviderRegistryNotRegistered"
  | "ProviderRegistryJailed"
  | "ProviderRegistryClassNotServed"
  | "ProviderRegistryPriceTooHigh"
  | "ProviderRegistryMinimumTooHigh"
  | "ProviderRegistryAtCapacity"
  | "ProviderRegistryInsufficientFreeStake"
  | "ProviderRegistryReputationTooLow";

/** A pull of tokens (`TokenPull.pullExactly`): no allowance or balance, or less arrived than was sent (the token takes
 * a fee on transfer). */
export type TokenPullErrorName = "ERC20InsufficientAllowance" | "ERC20InsufficientBalance" | "TransferShortfall";
