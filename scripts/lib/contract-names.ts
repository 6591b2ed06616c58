/** The Ignition module's future ids → contract names, as deployment files (sdk/deployments/*.json) key them. */
export const CONTRACT_NAMES: Record<string, string> = {
  token: "HashworkToken", // the governance token; also the payment token unless `paymentToken` names another
  paymentToken: "PaymentToken", // an existing ERC-20 the market pays in (HashworkOnExistingToken)
  registry: "ProviderRegistry",
  randomness: "BlockhashRandomness",
  market: "JobMarket",
  court: "VerificationCourt",
  timelock: "HashworkTimelock",
  governor: "HashworkGovernor",
};

/** The deployment-file name of an Ignition future id (unknown ids keep their id). */
export const contractName = (key: string): string => CONTRACT_NAMES[key] ?? key;
